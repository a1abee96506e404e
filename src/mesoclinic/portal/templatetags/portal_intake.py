"""Before the first visit, on two pages that are not this feature's own: her home page's
cards, and the desk's day list of patients the clinic must call."""

from typing import Any

from django import template

from mesoclinic.clinics.models import Clinic
from mesoclinic.patients.models import Patient
from mesoclinic.portal.home_tasks import home_tasks
from mesoclinic.screening.selectors import intakes_to_call

register = template.Library()


@register.inclusion_tag("portal/intake/_home_cards.html")
def before_visit_cards(patient: Patient) -> dict[str, Any]:
    """For her home page, whose view has found her from her account."""
    return {"tasks": home_tasks(patient)}


@register.inclusion_tag("portal/intake/_today.html")
def intake_calls(clinic: Clinic) -> dict[str, Any]:
    """For pages that have read `clinic` through an access check (the day list)."""
    return {"calls": intakes_to_call(clinic), "clinic": clinic}
