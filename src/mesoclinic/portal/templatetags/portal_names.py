"""People as the portal names them: practitioners by first name, as booking does."""

from django import template
from django.contrib.auth.models import User

from mesoclinic.portal.booking.online import first_name

register = template.Library()


@register.filter(name="first_name")
def first_name_filter(user: User) -> str:
    return first_name(user)
