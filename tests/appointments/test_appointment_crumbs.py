# ruff: noqa: F811 - the fixtures imported below are redefined as test arguments
"""The appointment page's way back names where it leads, the course's bookings page, in
words that start a line as a sentence does (the patient's name is in the banner above)."""

from datetime import time

import pytest

from tests.appointments.booking_helpers import book_today
from tests.conftest import client_for
from tests.courses.conftest import active, course, grade_two, ready, today  # noqa: F401

pytestmark = pytest.mark.django_db


def test_the_appointment_page_links_back_to_the_bookings_for_the_course(
    active, practitioner, front_desk
):
    row = book_today(active, practitioner, at=time(0, 1), booked_by=front_desk)

    html = client_for(front_desk).get(f"/appointments/{row.id}/").content.decode()

    back = f'<a href="/courses/{active.id}/booking/">Bookings for the course</a>'
    assert f'<p class="crumbs">{back}</p>' in html
