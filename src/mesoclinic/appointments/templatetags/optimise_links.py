"""`{% may_optimise clinic as flag %}`: whether the user administers this clinic, for the
link to its optimiser (the top navigation's flags are about any clinic, not this one)."""

from django import template
from django.contrib.auth.models import User

from mesoclinic.access import Capability, capabilities_at
from mesoclinic.audit.actor import Actor
from mesoclinic.clinics.models import Clinic

register = template.Library()


@register.simple_tag(takes_context=True)
def may_optimise(context: template.Context, clinic: Clinic) -> bool:
    request = context.get("request")
    user = getattr(request, "user", None)
    if not isinstance(user, User):
        return False
    return Capability.SETUP in capabilities_at(Actor(user=user), clinic.id)
