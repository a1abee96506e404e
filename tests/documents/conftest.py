"""A clinic with its address and phone, a planned course booked every week at 10:00, and a
charted session: what the documents are made from, all written through the real services."""

import pytest

from mesoclinic.appointments.services import course_book
from mesoclinic.clinics.models import Room
from tests.appointments.booking_helpers import course_slots
from tests.appointments.conftest import bookable, next_week_course  # noqa: F401
from tests.charting.conftest import (  # noqa: F401
    _media_in_tmp,
    caffeine,
    caffeine_lot,
    chart_on_page,
    silicon,
    silicon_lot,
)
from tests.conftest import actor
from tests.courses.conftest import active, course, grade_two, ready, today  # noqa: F401

ADDRESS = "12 River Street\nLondon\nSE1 9AA"


@pytest.fixture(autouse=True)
def clinic_contacts(riverside):
    riverside.postal_address, riverside.phone = ADDRESS, "+442079460018"
    riverside.save()
    return riverside


@pytest.fixture
def booked_course(next_week_course, front_desk, practitioner):  # noqa: F811
    room = Room.objects.get(clinic=next_week_course.clinic, name="Room 1")
    course_book(
        actor=actor(front_desk),
        course_id=next_week_course.id,
        slots=course_slots(next_week_course, practitioner, room),
    )
    return next_week_course


@pytest.fixture
def charted(logged_in, active, caffeine_lot, silicon_lot, today):  # noqa: F811
    """Today's chart of the active course."""
    return chart_on_page(logged_in, active, [(caffeine_lot, "4"), (silicon_lot, "2.5")], today)
