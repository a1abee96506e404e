"""`{{ patient|age_today }}`: her age today where her clinic is, for the identity banner."""

from django import template

from mesoclinic.clinics.clock import clinic_today
from mesoclinic.patients.models import Patient

register = template.Library()


@register.filter
def age_today(patient: Patient) -> int:
    return patient.age_on(clinic_today(patient.clinic))
