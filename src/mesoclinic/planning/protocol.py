"""The protocol this installation uses: the packaged one, or a clinic's own file."""

from functools import lru_cache

from django.conf import settings

from mesoclinic.domain.protocol import Protocol
from mesoclinic.protocols import load_protocol


def current_protocol() -> Protocol:
    return _load(settings.MESOCLINIC_PROTOCOL)


@lru_cache(maxsize=4)
def _load(path: str | None) -> Protocol:
    return load_protocol(path)
