from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.db import transaction

from mesoclinic.audit.actor import Actor
from mesoclinic.audit.models import Action
from mesoclinic.audit.services import audit_record
from mesoclinic.web.models import LoginSession


def user_deactivate(*, actor: Actor, user: User) -> None:
    """Deactivate an account and end every session it holds, at once."""
    with transaction.atomic():
        user.is_active = False
        user.save(update_fields=["is_active"])
        keys = list(LoginSession.objects.filter(user=user).values_list("session_key", flat=True))
        Session.objects.filter(session_key__in=keys).delete()
        LoginSession.objects.filter(user=user).delete()
        audit_record(actor=actor, action=Action.UPDATE, target=f"user {user.pk} deactivated")
