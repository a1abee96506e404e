"""The clinic's phone, country and date order: checked, normalised, and kept when a form
does not send them."""

import pytest
from django.core.exceptions import ValidationError

from mesoclinic.clinics.services import clinic_update
from tests.clinics.test_settings import settings_post
from tests.conftest import actor, client_for


def test_a_new_clinic_dials_as_in_great_britain_and_writes_the_day_first(riverside):
    assert (riverside.country, riverside.date_order, riverside.phone) == ("GB", "dmy", "")


def test_the_clinic_phone_is_stored_in_international_form_and_shown_nationally(
    clinic_admin, riverside
):
    client = client_for(clinic_admin)

    response = settings_post(client, riverside, phone="020 7946 0018", country="GB")

    assert response.status_code == 302
    riverside.refresh_from_db()
    assert riverside.phone == "+442079460018"
    page = client.get(f"/clinic/{riverside.id}/")
    assert b'value="020 7946 0018"' in page.content


def test_letters_for_the_clinic_phone_are_refused_beside_the_field(clinic_admin, riverside):
    response = settings_post(client_for(clinic_admin), riverside, phone="abc")

    assert response.status_code == 200
    assert "dialled in the clinic's country (GB)" in " ".join(
        response.context["form"].errors["phone"]
    )
    riverside.refresh_from_db()
    assert riverside.phone == ""


def test_the_phone_is_read_in_the_country_saved_with_it(clinic_admin, riverside):
    settings_post(client_for(clinic_admin), riverside, country="ie", phone="01 234 5678")

    riverside.refresh_from_db()
    assert (riverside.country, riverside.phone) == ("IE", "+35312345678")


def test_a_country_that_does_not_exist_is_refused(clinic_admin, riverside):
    response = settings_post(client_for(clinic_admin), riverside, country="XX")

    assert "two-letter code" in " ".join(response.context["form"].errors["country"])


def test_a_form_without_the_contact_fields_keeps_them(clinic_admin, riverside):
    riverside.phone, riverside.country, riverside.date_order = "+442079460018", "GB", "mdy"
    riverside.save()

    settings_post(client_for(clinic_admin), riverside, name="Riverside North")

    riverside.refresh_from_db()
    assert (riverside.phone, riverside.date_order) == ("+442079460018", "mdy")


def test_the_service_refuses_an_unknown_date_order(clinic_admin, riverside):
    with pytest.raises(ValidationError) as refused:
        clinic_update(
            actor=actor(clinic_admin),
            clinic_id=riverside.id,
            name="Riverside",
            time_zone="Europe/London",
            protocol_path="",
            date_order="dym",
        )

    assert "date_order" in refused.value.message_dict


def test_the_settings_page_links_to_the_aftercare_editor(clinic_admin, riverside):
    page = client_for(clinic_admin).get(f"/clinic/{riverside.id}/")

    assert f'href="/clinics/{riverside.id}/aftercare/"'.encode() in page.content
