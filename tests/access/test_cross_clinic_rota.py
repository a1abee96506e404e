"""Riverside's rota takes only Riverside's people and rooms, even from an admin of both
clinics: a Hillcrest practitioner or room named at Riverside is "no such record"."""

import json
from datetime import timedelta

import pytest
from django.http import Http404

from mesoclinic.clinics.clock import clinic_today
from mesoclinic.rota.models import Absence, RoomClosure, Shift
from mesoclinic.rota.services import room_closure_add
from tests.conftest import actor, client_for


def post(user, path, payload):
    return client_for(user).post(path, json.dumps(payload), content_type="application/json")


def test_an_absence_at_one_clinic_for_a_practitioner_of_another_is_refused_on_the_api(
    both_admin, riverside, outsider
):
    day = clinic_today(riverside) + timedelta(days=7)

    answer = post(
        both_admin,
        f"/api/v1/rota/clinics/{riverside.id}/absences",
        {
            "practitioner_id": outsider.id,
            "first_day": day.isoformat(),
            "last_day": day.isoformat(),
            "kind": "leave",
        },
    )

    assert answer.status_code == 404
    assert not Absence.objects.exists()


def test_shifts_at_one_clinic_for_a_practitioner_of_another_are_refused_on_the_api(
    both_admin, riverside, outsider
):
    answer = post(
        both_admin,
        f"/api/v1/rota/clinics/{riverside.id}/practitioners/{outsider.id}/shifts",
        {"spans": [{"weekday": 0, "starts": "09:00", "ends": "12:00"}]},
    )

    assert answer.status_code == 404
    assert not Shift.objects.exists()


def test_a_room_of_another_clinic_cannot_be_closed_from_this_one(
    both_admin, riverside, hillcrest_room
):
    day = clinic_today(riverside) + timedelta(days=7)

    with pytest.raises(Http404):
        room_closure_add(
            actor=actor(both_admin),
            clinic_id=riverside.id,
            room_id=hillcrest_room.id,
            first_day=day,
            last_day=day,
            reason="Repairs",
        )

    assert not RoomClosure.objects.exists()
