"""One submit of the clinic settings reports every refusal, the form's and the service's,
each beside its field."""

import re

from tests.clinics.test_settings import settings_post
from tests.conftest import client_for


def beside(content: str, field: str) -> str:
    """The messages in the error slot of `field` (slots hold no nested div)."""
    start = content.index(f'id="id_{field}-errors"')
    return content[start : content.index("</div>", start)]


def test_form_and_service_refusals_come_back_together_beside_their_fields(clinic_admin, riverside):
    response = settings_post(
        client_for(clinic_admin),
        riverside,
        time_zone="Mars/Olympus_Mons",
        protocol_source="file",
        protocol_path="relative.toml",
        buffer_minutes="500",
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "120" in beside(content, "buffer_minutes")
    assert "is not a time zone name" in beside(content, "time_zone")
    assert "full path" in beside(content, "protocol_path")
    riverside.refresh_from_db()
    assert riverside.time_zone != "Mars/Olympus_Mons"


def test_a_name_of_another_clinic_is_refused_beside_the_name_with_a_form_mistake(
    clinic_admin, riverside, hillcrest
):
    response = settings_post(
        client_for(clinic_admin), riverside, name=hillcrest.name, buffer_minutes="-1"
    )

    content = response.content.decode()
    assert "Another clinic of the chain" in beside(content, "name")
    assert "field-error" in beside(content, "buffer_minutes")


def test_a_field_the_form_refused_keeps_only_its_own_message(clinic_admin, riverside):
    response = settings_post(client_for(clinic_admin), riverside, name="", buffer_minutes="500")

    assert response.context["form"].errors["name"] == ["This field is required."]


def test_each_settings_field_names_its_error_slot(clinic_admin, riverside):
    content = client_for(clinic_admin).get(f"/clinic/{riverside.id}/").content.decode()

    widget = re.search(r'<input[^>]*name="time_zone"[^>]*>', content).group(0)
    assert "id_time_zone-errors" in widget
