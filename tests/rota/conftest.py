"""A clinic open 09:00–18:00 on weekdays and 09:00–13:00 on Saturday, an admin at another
clinic (an outsider to Riverside's rota) and rota rows of Riverside to address by id."""

import json
from datetime import date, time

import pytest
from django.contrib.auth.models import User

from mesoclinic.clinics.models import OpeningHours, Role, Room
from mesoclinic.rota.models import Absence, AbsenceKind, RoomClosure, Shift
from tests.conftest import make_staff

MONDAY, TUESDAY, SATURDAY, SUNDAY = 0, 1, 5, 6
FAR_DAY = date(2031, 3, 3)  # a Monday far enough ahead to stay "to come"


def post_json(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


@pytest.fixture
def opening_hours(riverside) -> None:
    for weekday in range(5):
        OpeningHours.objects.create(
            clinic=riverside, weekday=weekday, opens=time(9), closes=time(18)
        )
    OpeningHours.objects.create(clinic=riverside, weekday=SATURDAY, opens=time(9), closes=time(13))


@pytest.fixture
def hillcrest_admin(hillcrest) -> User:
    return make_staff("hillcrest.admin", hillcrest, Role.ADMIN)


@pytest.fixture
def colleague(riverside) -> User:
    """A second practitioner at Riverside."""
    return make_staff("riverside.colleague", riverside, Role.PRACTITIONER)


@pytest.fixture
def room(riverside) -> Room:
    return Room.objects.get(clinic=riverside, name="Room 1")


@pytest.fixture
def shift(riverside, practitioner, opening_hours) -> Shift:
    return Shift.objects.create(
        clinic=riverside, practitioner=practitioner, weekday=MONDAY, starts=time(9), ends=time(17)
    )


@pytest.fixture
def absence(riverside, practitioner, clinic_admin) -> Absence:
    return Absence.objects.create(
        clinic=riverside,
        practitioner=practitioner,
        first_day=FAR_DAY,
        last_day=date(2031, 3, 7),
        kind=AbsenceKind.SICKNESS,
        recorded_by=clinic_admin,
    )


@pytest.fixture
def room_closure(room) -> RoomClosure:
    return RoomClosure.objects.create(
        room=room, first_day=FAR_DAY, last_day=FAR_DAY, reason="Floor repairs"
    )


def rota_urls(clinic, practitioner, absence, room, room_closure) -> dict:
    """Every rota page and endpoint of a clinic: GETs, and the POSTs each accepts."""
    base = f"/rota/{clinic.id}"
    api = f"/api/v1/rota/clinics/{clinic.id}"
    return {
        "get": [f"{base}/", f"{base}/absences/new/", f"{api}"],
        "setup_get": [f"{base}/shifts/{practitioner.id}/", f"{base}/room-closures/new/"],
        "post": [
            (
                f"{base}/absences/new/",
                {
                    "practitioner": str(practitioner.id),
                    "first_day": "2031-06-02",
                    "last_day": "2031-06-03",
                    "kind": "leave",
                },
            ),
            (f"{base}/absences/{absence.id}/cancel/", {}),
        ],
        "setup_post": [
            (
                f"{base}/shifts/{practitioner.id}/",
                {
                    "form-TOTAL_FORMS": "1",
                    "form-INITIAL_FORMS": "0",
                    "form-0-weekday": "1",
                    "form-0-starts": "09:00",
                    "form-0-ends": "12:00",
                },
            ),
            (
                f"{base}/room-closures/new/",
                {
                    "room": str(room.id),
                    "first_day": "2031-06-02",
                    "last_day": "2031-06-02",
                    "reason": "Painting",
                },
            ),
            (f"{base}/room-closures/{room_closure.id}/remove/", {}),
        ],
        "api_post": [
            (
                f"{api}/absences",
                {
                    "practitioner_id": practitioner.id,
                    "first_day": "2031-07-07",
                    "last_day": "2031-07-08",
                    "kind": "leave",
                },
            ),
        ],
        "api_setup_post": [
            (
                f"{api}/practitioners/{practitioner.id}/shifts",
                {"spans": [{"weekday": 1, "starts": "09:00", "ends": "12:00"}]},
            ),
        ],
    }
