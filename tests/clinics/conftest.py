"""Extra staff for setup tests: an admin at Hillcrest (an outsider to Riverside's setup)
and Riverside's setup rows to address by id."""

from datetime import date

import pytest
from django.contrib.auth.models import User

from mesoclinic.clinics.models import Clinic, Closure, Membership, Role, Room
from tests.conftest import make_staff


@pytest.fixture
def hillcrest_admin(hillcrest) -> User:
    return make_staff("hillcrest.admin", hillcrest, Role.ADMIN)


@pytest.fixture
def room(riverside) -> Room:
    return Room.objects.get(clinic=riverside, name="Room 1")


@pytest.fixture
def closure(riverside) -> Closure:
    return Closure.objects.create(
        clinic=riverside,
        first_day=date(2030, 12, 25),
        last_day=date(2030, 12, 26),
        reason="Holiday",
    )


@pytest.fixture
def practitioner_membership(practitioner, riverside) -> Membership:
    return Membership.objects.get(user=practitioner, clinic=riverside)


@pytest.fixture
def admin_membership(clinic_admin, riverside) -> Membership:
    return Membership.objects.get(user=clinic_admin, clinic=riverside)


def setup_urls(clinic: Clinic, room: Room, closure: Closure, membership: Membership) -> dict:
    """Every setup page of a clinic: GET pages, and the POSTs each accepts."""
    base = f"/clinic/{clinic.id}"
    return {
        "get": [
            f"{base}/",
            f"{base}/hours/",
            f"{base}/closures/",
            f"{base}/rooms/",
            f"{base}/rooms/{room.id}/",
            f"{base}/staff/",
            f"{base}/staff/new/",
            f"{base}/staff/existing/",
            f"{base}/staff/{membership.id}/",
        ],
        "post": [
            (f"{base}/", {"name": "X", "time_zone": "UTC", "protocol_source": "packaged"}),
            (
                f"{base}/hours/",
                {
                    "form-TOTAL_FORMS": "1",
                    "form-INITIAL_FORMS": "0",
                    "form-0-weekday": "0",
                    "form-0-opens": "09:00",
                    "form-0-closes": "17:00",
                },
            ),
            (
                f"{base}/closures/",
                {"first_day": "2031-01-01", "last_day": "2031-01-01", "reason": "Holiday"},
            ),
            (f"{base}/closures/{closure.id}/remove/", {}),
            (f"{base}/rooms/", {"name": "Room 9"}),
            (f"{base}/rooms/{room.id}/", {"name": "Renamed", "active": "on"}),
            (
                f"{base}/staff/new/",
                {
                    "username": "new.person",
                    "first_name": "New",
                    "last_name": "Person",
                    "password": "a-long-fresh-password-77",
                    "role": "frontdesk",
                },
            ),
            (f"{base}/staff/existing/", {"username": "hillcrest.practitioner", "role": "admin"}),
            (f"{base}/staff/{membership.id}/", {"role": "frontdesk", "active": "on"}),
            (f"{base}/staff/{membership.id}/deactivate-account/", {}),
        ],
    }
