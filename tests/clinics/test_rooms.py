"""Rooms: add, rename and deactivate; never deleted, since bookings may name them."""

from mesoclinic.audit.models import Action, AuditEvent
from mesoclinic.clinics.models import Room
from tests.conftest import client_for


def test_an_admin_adds_a_room(clinic_admin, riverside):
    response = client_for(clinic_admin).post(f"/clinic/{riverside.id}/rooms/", {"name": "Room 2"})

    assert response.status_code == 302
    room = Room.objects.get(clinic=riverside, name="Room 2")
    assert room.active
    assert AuditEvent.objects.get(action=Action.CREATE).target == f"room {room.id}"


def test_a_second_room_with_the_same_name_is_refused(clinic_admin, riverside):
    response = client_for(clinic_admin).post(f"/clinic/{riverside.id}/rooms/", {"name": "room 1"})

    assert response.status_code == 200
    assert "name" in response.context["form"].errors
    assert Room.objects.filter(clinic=riverside).count() == 1


def test_another_clinic_may_have_a_room_of_the_same_name(hillcrest_admin, hillcrest, riverside):
    response = client_for(hillcrest_admin).post(
        f"/clinic/{hillcrest.id}/rooms/", {"name": "Room 1"}
    )

    assert response.status_code == 302


def test_an_admin_renames_a_room(clinic_admin, riverside, room):
    response = client_for(clinic_admin).post(
        f"/clinic/{riverside.id}/rooms/{room.id}/", {"name": "Garden room", "active": "on"}
    )

    assert response.status_code == 302
    room.refresh_from_db()
    assert (room.name, room.active) == ("Garden room", True)
    assert AuditEvent.objects.get(action=Action.UPDATE).target == f"room {room.id}: renamed"


def test_deactivating_a_room_keeps_it(clinic_admin, riverside, room):
    client = client_for(clinic_admin)
    client.post(f"/clinic/{riverside.id}/rooms/{room.id}/", {"name": "Room 1"})

    room.refresh_from_db()
    assert not room.active
    assert AuditEvent.objects.get(action=Action.UPDATE).target == f"room {room.id}: deactivated"
    assert b"Not in use" in client.get(f"/clinic/{riverside.id}/rooms/").content


def test_a_room_can_be_put_back_in_use(clinic_admin, riverside, room):
    room.active = False
    room.save()

    client_for(clinic_admin).post(
        f"/clinic/{riverside.id}/rooms/{room.id}/", {"name": "Room 1", "active": "on"}
    )

    room.refresh_from_db()
    assert room.active


def test_there_is_no_way_to_delete_a_room(clinic_admin, riverside, room):
    client = client_for(clinic_admin)

    assert client.post(f"/clinic/{riverside.id}/rooms/{room.id}/delete/").status_code == 404
    page = client.get(f"/clinic/{riverside.id}/rooms/{room.id}/").content.decode()
    assert "Delete" not in page
    assert Room.objects.filter(pk=room.pk).exists()


def test_a_room_of_another_clinic_is_404_under_ones_own_clinic(clinic_admin, riverside, hillcrest):
    theirs = Room.objects.create(clinic=hillcrest, name="Their room")

    client = client_for(clinic_admin)
    url = f"/clinic/{riverside.id}/rooms/{theirs.id}/"

    assert client.get(url).status_code == 404
    assert client.post(url, {"name": "Mine now", "active": "on"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.name == "Their room"


def test_reading_a_room_is_audited(clinic_admin, riverside, room):
    client_for(clinic_admin).get(f"/clinic/{riverside.id}/rooms/{room.id}/")

    assert AuditEvent.objects.get(action=Action.READ).target == f"room {room.id}"
