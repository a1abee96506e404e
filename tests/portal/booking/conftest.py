"""Booking in the portal: Riverside ready to book (hours, rooms, two practitioners), online
booking on for the fixture practitioner (Nora) only, and Ada's weekly course planned from
next week. `booked` is that course booked whole by the desk."""

import pytest

from mesoclinic.portal.models import PortalSettings
from tests.appointments.booking_helpers import book_whole_course
from tests.appointments.conftest import (  # noqa: F401
    bookable,
    colleague,
    next_week_course,
    second_course,
)
from tests.courses.conftest import grade_two, ready, today  # noqa: F401
from tests.portal.conftest import ada_account, ada_client, bea, bea_client, grace_client  # noqa: F401

# Stored in E.164 as the clinic's form saves it; every page and email shows it as the
# clinic's country writes it, as its documents print it, and dials the stored form.
CLINIC_PHONE_E164 = "+442079460000"
CLINIC_PHONE = "020 7946 0000"


@pytest.fixture
def online(bookable, practitioner) -> PortalSettings:  # noqa: F811
    bookable.phone = CLINIC_PHONE_E164
    bookable.save(update_fields=["phone"])
    practitioner.first_name, practitioner.last_name = "Nora", "Quill"
    practitioner.save(update_fields=["first_name", "last_name"])
    settings = PortalSettings.objects.create(
        clinic=bookable, online_booking=True, first_session_by_staff=False, book_days_ahead=365
    )
    settings.online_practitioners.set([practitioner])
    return settings


@pytest.fixture
def booked(online, next_week_course, front_desk, practitioner) -> list:  # noqa: F811
    """Ada's course booked whole by the desk, every session with the online practitioner."""
    return book_whole_course(next_week_course, front_desk, practitioner)
