from pathlib import Path

import pytest
from django.db import connections

from mesoclinic.cli import main
from mesoclinic.messaging.addresses import absolute_url
from mesoclinic.messaging.models import Message
from mesoclinic.messaging.services import message_queue
from tests.tasks.queue_helpers import run_queue  # noqa: F401

TEMPLATES = Path(__file__).parent / "templates"


@pytest.fixture(autouse=True)
def _test_templates(settings):
    # The messages these tests queue are written for them (tests/messaging/templates).
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], TEMPLATES]}
    ]


def queue_hello(patient, key: str = "hello:1", **changes) -> Message:
    arguments = {
        "kind": "hello",
        "key": key,
        "clinic": patient.clinic,
        "patient": patient,
        "to": patient.email,
        "template": "test_messages/hello",
        "context": {
            "name": "Ada O'Brien",
            "clinic_name": patient.clinic.name,
            "when": "Tuesday 3 March at 10:00",
            "link": absolute_url("/portal/"),
        },
    }
    return message_queue(**{**arguments, **changes})


@pytest.fixture
def console(monkeypatch):
    """`console(["send-due"])` runs the `mesoclinic` console command in this process.
    The command closes every database connection when it ends (Django's `run_from_argv`),
    as a process about to exit should; here that connection holds the test's transaction,
    so it is kept. (On SQLite the test database lives in memory and Django never closes
    it, which is why only PostgreSQL showed the command's own queries failing after it.)"""
    monkeypatch.setattr(connections, "close_all", lambda: None)
    return main
