"""Who is acting, and from where: passed to every selector and service."""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.http import HttpRequest


@dataclass(frozen=True)
class Actor:
    user: User
    ip: str | None = None
    via: str = "web"  # web, api or cli


def actor_from(request: HttpRequest, via: str = "web") -> Actor:
    user = request.user
    if isinstance(user, AnonymousUser) or not isinstance(user, User):
        raise PermissionError("An anonymous request has no actor.")
    # REMOTE_ADDR only: a client-supplied X-Forwarded-For would let anyone forge the trail.
    return Actor(user=user, ip=request.META.get("REMOTE_ADDR") or None, via=via)
