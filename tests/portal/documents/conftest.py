"""Documents to share: a planned course of Ada's, a booked one, and a charted session
(`tests/documents/conftest.py`), with the helpers that share them as staff do."""

import pytest

from mesoclinic.documents.models import SharedDocument
from mesoclinic.documents.sharing import document_share
from tests.conftest import actor
from tests.documents.conftest import (  # noqa: F401
    _media_in_tmp,
    active,
    bookable,
    booked_course,
    caffeine,
    caffeine_lot,
    charted,
    course,
    grade_two,
    next_week_course,
    ready,
    silicon,
    silicon_lot,
    today,
)
from tests.tasks.queue_helpers import run_queue  # noqa: F401


def share(user, kind: str, record_id: int) -> SharedDocument:
    return document_share(actor=actor(user), kind=kind, record_id=record_id)


@pytest.fixture
def shared_plan(practitioner, course) -> SharedDocument:  # noqa: F811
    return share(practitioner, "plan", course.id)
