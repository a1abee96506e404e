"""Names and reasons on the clinic setup pages are one line of plain text: a line break
(sent by swapping a text box for a multi-line one) or a control character is refused
beside its field, as the API refuses it, and nothing is saved."""

import pytest
from django.contrib.auth.models import User

from mesoclinic.clinics.models import Closure, Room
from tests.clinics.test_settings import settings_post
from tests.clinics.test_staff import new_person
from tests.conftest import client_for

ONE_LINE = "Write this on one line, without line breaks or tabs."


def test_a_clinic_name_with_a_line_break_is_refused_beside_the_name(clinic_admin, riverside):
    response = settings_post(client_for(clinic_admin), riverside, name="River\nside")

    assert response.status_code == 200
    assert response.context["form"].errors["name"] == [ONE_LINE]
    riverside.refresh_from_db()
    assert riverside.name == "Riverside"


def test_a_clinic_name_with_a_line_break_is_refused_with_the_forms_own_mistakes(
    clinic_admin, riverside
):
    response = settings_post(
        client_for(clinic_admin), riverside, name="River\nside", buffer_minutes="500"
    )

    errors = response.context["form"].errors
    assert errors["name"] == [ONE_LINE]
    assert "buffer_minutes" in errors


@pytest.mark.parametrize("name", ["Room\n2", "Room\t2", "Room\x0b2"])
def test_a_room_name_that_is_not_one_line_is_refused(clinic_admin, riverside, name):
    response = client_for(clinic_admin).post(f"/clinic/{riverside.id}/rooms/", {"name": name})

    assert response.status_code == 200
    assert response.context["form"].errors["name"][0].startswith(("Write", "Remove"))
    assert Room.objects.filter(clinic=riverside).count() == 1


def test_a_room_cannot_be_renamed_to_two_lines(clinic_admin, riverside, room):
    response = client_for(clinic_admin).post(
        f"/clinic/{riverside.id}/rooms/{room.id}/", {"name": "Garden\nroom", "active": "on"}
    )

    assert response.context["form"].errors["name"] == [ONE_LINE]
    room.refresh_from_db()
    assert room.name == "Room 1"


def test_a_closure_reason_with_a_line_break_is_refused(clinic_admin, riverside):
    response = client_for(clinic_admin).post(
        f"/clinic/{riverside.id}/closures/",
        {"first_day": "2031-04-18", "last_day": "2031-04-21", "reason": "Easter\nbreak"},
    )

    assert response.context["form"].errors["reason"] == [ONE_LINE]
    assert not Closure.objects.exists()


def test_staff_names_with_line_breaks_are_refused_beside_each_name(clinic_admin, riverside):
    response = new_person(
        client_for(clinic_admin), riverside, first_name="Bad\nName", last_name="Bad\nName"
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["first_name"] == errors["last_name"] == [ONE_LINE]
    assert not User.objects.filter(username="new.person").exists()


def test_a_staff_name_with_a_direction_override_is_refused(clinic_admin, riverside):
    response = new_person(client_for(clinic_admin), riverside, last_name="Okafor\u202e")

    assert response.context["form"].errors["last_name"] == [
        "Remove the text direction control characters."
    ]
    assert not User.objects.filter(username="new.person").exists()
