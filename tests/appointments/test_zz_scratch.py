import pytest

from mesoclinic.appointments.booking.plans import request_from_tomorrow, search
from mesoclinic.scheduling.model import Preferences

pytestmark = pytest.mark.django_db


def test_scratch(next_week_course, colleague):
    c = next_week_course
    print("sessions", len(c.dates), c.dates[:3])
    r = request_from_tomorrow(c, Preferences())
    print(r)
    found = search(c, Preferences())
    for p in found.plans:
        print(p.score.summary, p.score.cost)
    print(len(found.plans))
