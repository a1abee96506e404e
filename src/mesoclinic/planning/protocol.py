"""The protocol in use: the installation's (packaged, or `MESOCLINIC_PROTOCOL`), or a
clinic's own validated file when the clinic names one."""

from functools import lru_cache
from typing import TYPE_CHECKING

from django.conf import settings

from mesoclinic.domain.protocol import Protocol
from mesoclinic.protocols import load_protocol

if TYPE_CHECKING:
    # Only named: `mesoclinic plan` reads the protocol before any app (model) is loaded.
    from mesoclinic.clinics.models import Clinic


def current_protocol() -> Protocol:
    return _load(settings.MESOCLINIC_PROTOCOL)


def clinic_protocol(clinic: "Clinic") -> Protocol:
    return clinic_protocol_at(clinic.protocol_path)


def clinic_protocol_at(protocol_path: str) -> Protocol:
    """The protocol of a clinic whose `protocol_path` this is ("" for the installation's)."""
    return _load(protocol_path or settings.MESOCLINIC_PROTOCOL)


@lru_cache(maxsize=16)
def _load(path: str | None) -> Protocol:
    return load_protocol(path)
