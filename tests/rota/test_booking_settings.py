"""The clinic's booking settings on its settings page: the buffer kept free after each
appointment and the grid appointments start on."""

from mesoclinic.audit.models import Action, AuditEvent
from tests.conftest import client_for


def settings_post(client, clinic, **changes):
    data = {
        "name": clinic.name,
        "time_zone": clinic.time_zone,
        "protocol_source": "packaged",
        "protocol_path": "",
        "buffer_minutes": str(clinic.buffer_minutes),
        "slot_minutes": str(clinic.slot_minutes),
        **changes,
    }
    return client.post(f"/clinic/{clinic.id}/", data)


def test_the_settings_page_shows_the_booking_settings_with_what_they_do(clinic_admin, riverside):
    content = client_for(clinic_admin).get(f"/clinic/{riverside.id}/").content.decode()

    assert 'name="buffer_minutes" value="10"' in content
    assert '<option value="15" selected>Every 15 minutes</option>' in content
    assert "kept free after each appointment for the practitioner and the room" in content
    assert "The grid appointments start on" in content


def test_an_admin_changes_the_buffer_and_the_grid(clinic_admin, riverside):
    response = settings_post(
        client_for(clinic_admin), riverside, buffer_minutes="15", slot_minutes="30"
    )

    assert response.status_code == 302
    riverside.refresh_from_db()
    assert (riverside.buffer_minutes, riverside.slot_minutes) == (15, 30)
    assert AuditEvent.objects.get(action=Action.UPDATE).target == (
        "clinic settings: buffer_minutes, slot_minutes"
    )


def test_a_buffer_over_two_hours_is_refused_beside_its_field(clinic_admin, riverside):
    response = settings_post(client_for(clinic_admin), riverside, buffer_minutes="121")

    assert response.status_code == 200
    assert "buffer_minutes" in response.context["form"].errors
    riverside.refresh_from_db()
    assert riverside.buffer_minutes == 10


def test_a_grid_that_does_not_divide_an_hour_is_refused(clinic_admin, riverside):
    response = settings_post(client_for(clinic_admin), riverside, slot_minutes="25")

    assert "slot_minutes" in response.context["form"].errors


def test_a_form_without_the_booking_fields_keeps_them(clinic_admin, riverside):
    data = {"name": "Riverside", "time_zone": "UTC", "protocol_source": "packaged"}

    client_for(clinic_admin).post(f"/clinic/{riverside.id}/", data)

    riverside.refresh_from_db()
    assert (riverside.time_zone, riverside.buffer_minutes, riverside.slot_minutes) == (
        "UTC",
        10,
        15,
    )
