import zoneinfo
from datetime import date

from django.utils import timezone

from mesoclinic.clinics.models import Clinic


def clinic_today(clinic: Clinic) -> date:
    """Today's date where the clinic is: a record made at 23:30 belongs to that day."""
    return timezone.localdate(timezone=zoneinfo.ZoneInfo(clinic.time_zone))
