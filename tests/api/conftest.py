"""Helpers for the API's own tests: token callers and JSON requests."""

import json

from django.test import Client

from mesoclinic.web.tokens import token_create
from tests.conftest import actor


def bearer(user) -> dict[str, str]:
    _, token = token_create(actor=actor(user), user=user)
    return {"Authorization": f"Bearer {token}"}


def send(method: str, path: str, body, user=None, client=None):
    """A JSON request as a token holder (or anonymous, without a user)."""
    headers = bearer(user) if user is not None else {}
    call = getattr(client or Client(), method)
    if method == "get":
        return call(path, headers=headers)
    return call(path, json.dumps(body), content_type="application/json", headers=headers)
