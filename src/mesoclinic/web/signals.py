"""Log-ins and log-outs go into the audit trail; each log-in session is remembered so that
deactivating a user can end all of that user's sessions."""

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from mesoclinic.audit.actor import Actor
from mesoclinic.audit.models import Action, AuditEvent
from mesoclinic.audit.services import audit_record
from mesoclinic.web.models import LoginSession


def _ip(request: HttpRequest | None) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None


@receiver(user_logged_in)
def on_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is not None and request.session.session_key:
        LoginSession.objects.get_or_create(user=user, session_key=request.session.session_key)
    audit_record(actor=Actor(user=user, ip=_ip(request)), action=Action.LOGIN, target="session")


@receiver(user_logged_out)
def on_logout(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_record(
            actor=Actor(user=user, ip=_ip(request)), action=Action.LOGOUT, target="session"
        )


@receiver(user_login_failed)
def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # The attempted name is kept (it may be mistyped), the password never.
    AuditEvent.objects.create(
        actor=None,
        actor_name=str(credentials.get("username", ""))[:150],
        action=Action.LOGIN_FAILED,
        target="session",
        ip=_ip(request),
    )
