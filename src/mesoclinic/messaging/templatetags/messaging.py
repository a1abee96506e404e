from django import template

from mesoclinic.clinics.models import Clinic
from mesoclinic.messaging.selectors import failed_messages_count

register = template.Library()


@register.simple_tag
def failed_messages(clinic: Clinic) -> int:
    """For pages that have read `clinic` through an access check (the day list)."""
    return failed_messages_count(clinic)
