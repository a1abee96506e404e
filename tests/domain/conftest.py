"""The packaged protocol, loaded once: the domain tests read the clinic's default rules."""

import pytest

from mesoclinic.domain.protocol import Protocol
from mesoclinic.protocols import load_protocol


@pytest.fixture(scope="session")
def protocol() -> Protocol:
    return load_protocol()
