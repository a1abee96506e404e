"""The protocol a clinic assesses with: its own file when it has one, else the installation's."""

from functools import lru_cache

from mesoclinic.clinics.models import Clinic
from mesoclinic.domain.protocol import Protocol
from mesoclinic.planning.protocol import current_protocol
from mesoclinic.protocols import load_protocol


def protocol_for(clinic: Clinic) -> Protocol:
    if clinic.protocol_path:
        return _clinic_protocol(clinic.protocol_path)
    return current_protocol()


@lru_cache(maxsize=16)
def _clinic_protocol(path: str) -> Protocol:
    return load_protocol(path)
