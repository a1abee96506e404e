"""Room closures: days a room cannot be used. Clinic admins add and remove them."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from mesoclinic.audit.models import Action, AuditEvent
from mesoclinic.clinics.models import Room
from mesoclinic.rota.models import RoomClosure
from mesoclinic.rota.services import room_closure_add
from tests.conftest import actor, client_for


def closure_post(client, clinic, room, **changes):
    data = {
        "room": str(room.id),
        "first_day": "2031-06-02",
        "last_day": "2031-06-03",
        "reason": "Floor repairs",
        **changes,
    }
    return client.post(f"/rota/{clinic.id}/room-closures/new/", data)


def test_an_admin_closes_a_room_for_two_days(clinic_admin, riverside, room):
    response = closure_post(client_for(clinic_admin), riverside, room)

    assert response.status_code == 302
    closure = RoomClosure.objects.get()
    assert (closure.room, str(closure.first_day), str(closure.last_day)) == (
        room,
        "2031-06-02",
        "2031-06-03",
    )
    write = AuditEvent.objects.get(action=Action.CREATE)
    assert (write.target, write.clinic_id) == (
        f"room closure {closure.id} of room {room.id}",
        riverside.id,
    )


def test_a_closure_needs_a_reason(clinic_admin, riverside, room):
    response = closure_post(client_for(clinic_admin), riverside, room, reason="  ")

    assert "reason" in response.context["form"].errors
    assert not RoomClosure.objects.exists()


def test_a_closure_ending_before_it_starts_is_refused_beside_the_last_day(
    clinic_admin, riverside, room
):
    response = closure_post(client_for(clinic_admin), riverside, room, last_day="2031-06-01")

    assert response.context["form"].errors["last_day"] == [
        "The last day cannot be before the first day."
    ]
    assert not RoomClosure.objects.exists()


def test_a_room_of_another_clinic_is_not_offered_nor_accepted(clinic_admin, riverside, hillcrest):
    elsewhere = Room.objects.create(clinic=hillcrest, name="Room A")

    response = closure_post(client_for(clinic_admin), riverside, elsewhere)

    assert "room" in response.context["form"].errors
    assert not RoomClosure.objects.exists()


def test_removing_a_closure_is_audited(clinic_admin, riverside, room_closure):
    response = client_for(clinic_admin).post(
        f"/rota/{riverside.id}/room-closures/{room_closure.id}/remove/"
    )

    assert response.status_code == 302
    assert not RoomClosure.objects.exists()
    assert AuditEvent.objects.get(action=Action.UPDATE).target == (
        f"room closure {room_closure.id} removed"
    )


def test_the_overview_lists_closures_to_come_with_their_room(clinic_admin, riverside, room_closure):
    content = client_for(clinic_admin).get(f"/rota/{riverside.id}/").content.decode()

    assert "Floor repairs" in content
    assert "Room 1" in content


def test_a_closure_reason_with_a_line_break_is_refused(clinic_admin, riverside, room):
    response = closure_post(client_for(clinic_admin), riverside, room, reason="Floor\nrepairs")

    assert response.context["form"].errors["reason"] == [
        "Write this on one line, without line breaks or tabs."
    ]
    assert not RoomClosure.objects.exists()


@pytest.mark.parametrize(
    ("first", "last"), [("9999-12-30", "9999-12-31"), ("0001-01-01", "0001-01-02")]
)
def test_a_room_closure_outside_1900_to_2100_is_refused_beside_its_days(
    first, last, clinic_admin, riverside, room
):
    response = closure_post(
        client_for(clinic_admin), riverside, room, first_day=first, last_day=last
    )

    errors = response.context["form"].errors
    assert errors["first_day"] == errors["last_day"] == ["Use a date between 1900 and 2100."]
    assert not RoomClosure.objects.exists()


def test_the_service_refuses_a_room_closure_in_year_9999_whoever_calls_it(
    clinic_admin, riverside, room
):
    with pytest.raises(ValidationError) as refused:
        room_closure_add(
            actor=actor(clinic_admin),
            clinic_id=riverside.id,
            room_id=room.id,
            first_day=date(9999, 12, 30),
            last_day=date(9999, 12, 31),
            reason="Floor repairs",
        )

    assert refused.value.message_dict["first_day"] == ["Use a date between 1900 and 2100."]
    assert not RoomClosure.objects.exists()
