"""Personal API tokens: created, looked up by hash, revoked."""

import hashlib
import secrets

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from mesoclinic.audit.actor import Actor
from mesoclinic.audit.models import Action
from mesoclinic.audit.services import audit_record
from mesoclinic.web.models import ApiToken

TOKEN_PREFIX = "mc_"  # noqa: S105 - a label, not a secret


def _digest(token: str) -> str:
    # Tokens carry 256 bits of randomness, so a plain SHA-256 is enough (no slow hash needed).
    return hashlib.sha256(token.encode()).hexdigest()


def token_create(*, actor: Actor, user: User, name: str = "") -> tuple[ApiToken, str]:
    """Returns the row and the token itself, which is never stored and never shown again."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        row = ApiToken.objects.create(
            user=user, name=name, prefix=token[:10], token_hash=_digest(token)
        )
        audit_record(actor=actor, action=Action.CREATE, target=f"api token {row.pk}")
    return row, token


def token_revoke(*, actor: Actor, token: ApiToken) -> None:
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(actor=actor, action=Action.UPDATE, target=f"api token {token.pk} revoked")


def token_user(token: str) -> User | None:
    row = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=_digest(token), revoked_at__isnull=True)
        .first()
    )
    if row is None or not row.user.is_active:
        return None
    ApiToken.objects.filter(pk=row.pk).update(last_used_at=timezone.now())
    return row.user
