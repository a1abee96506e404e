"""A clinic's own view of time and rules: its date today and the protocol it follows."""

import zoneinfo
from datetime import date
from functools import lru_cache

from django.conf import settings
from django.utils import timezone

from mesoclinic.clinics.models import Clinic
from mesoclinic.domain.protocol import Protocol
from mesoclinic.protocols import load_protocol


def clinic_today(clinic: Clinic) -> date:
    """Today's date where the clinic is (a screening taken at 23:30 belongs to that day)."""
    return timezone.now().astimezone(zoneinfo.ZoneInfo(clinic.time_zone)).date()


def clinic_protocol(clinic: Clinic) -> Protocol:
    """The clinic's own protocol file if it names one, else the installation's."""
    return _load(clinic.protocol_path or settings.MESOCLINIC_PROTOCOL)


@lru_cache(maxsize=8)
def _load(path: str | None) -> Protocol:
    return load_protocol(path)
