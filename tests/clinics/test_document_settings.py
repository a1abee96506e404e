"""The clinic's postal address and paper size, printed on every patient document: checked
on the settings page and in the service, and kept when a form does not send them."""

import pytest
from django.core.exceptions import ValidationError

from mesoclinic.clinics.services import clinic_update
from tests.clinics.test_settings import settings_post
from tests.conftest import actor, client_for


def test_a_new_clinic_prints_on_a4_and_has_no_address_yet(riverside):
    assert (riverside.paper_size, riverside.postal_address) == ("a4", "")


def test_the_address_is_saved_one_trimmed_line_per_line_without_blank_lines(
    clinic_admin, riverside
):
    response = settings_post(
        client_for(clinic_admin),
        riverside,
        postal_address="  12 River Street \r\n\r\nLondon\r\nSE1 9AA  ",
        paper_size="letter",
    )

    assert response.status_code == 302
    riverside.refresh_from_db()
    assert riverside.postal_address == "12 River Street\nLondon\nSE1 9AA"
    assert riverside.paper_size == "letter"


def test_the_settings_page_shows_the_saved_address_and_paper(clinic_admin, riverside):
    riverside.postal_address, riverside.paper_size = "12 River Street\nLondon", "letter"
    riverside.save()

    page = client_for(clinic_admin).get(f"/clinic/{riverside.id}/")

    assert "12 River Street\nLondon</textarea>" in page.content.decode()
    assert b'<option value="letter" selected>' in page.content


def test_an_address_of_too_many_lines_is_refused_beside_the_field(clinic_admin, riverside):
    response = settings_post(
        client_for(clinic_admin), riverside, postal_address="\n".join("abcdefg")
    )

    assert response.status_code == 200
    assert "at most 6 lines; it has 7" in " ".join(
        response.context["form"].errors["postal_address"]
    )
    riverside.refresh_from_db()
    assert riverside.postal_address == ""


def test_an_address_line_too_long_is_refused_with_its_length(clinic_admin, riverside):
    response = settings_post(client_for(clinic_admin), riverside, postal_address="x" * 81)

    assert "the longest has 81" in " ".join(response.context["form"].errors["postal_address"])


def test_an_address_with_control_characters_is_refused(clinic_admin, riverside):
    response = settings_post(client_for(clinic_admin), riverside, postal_address="12\x07 Street")

    assert "control characters" in " ".join(response.context["form"].errors["postal_address"])


def test_an_unknown_paper_size_is_refused_by_the_page(clinic_admin, riverside):
    response = settings_post(client_for(clinic_admin), riverside, paper_size="a3")

    assert "paper_size" in response.context["form"].errors


def test_the_service_refuses_an_unknown_paper_size_by_name(clinic_admin, riverside):
    with pytest.raises(ValidationError) as refused:
        clinic_update(
            actor=actor(clinic_admin),
            clinic_id=riverside.id,
            name="Riverside",
            time_zone="Europe/London",
            protocol_path="",
            paper_size="a3",
        )

    assert "A4 or US Letter" in refused.value.message_dict["paper_size"][0]


def test_the_service_refuses_an_address_of_too_many_lines(clinic_admin, riverside):
    with pytest.raises(ValidationError) as refused:
        clinic_update(
            actor=actor(clinic_admin),
            clinic_id=riverside.id,
            name="Riverside",
            time_zone="Europe/London",
            protocol_path="",
            postal_address="\n".join("abcdefg"),
        )

    assert "postal_address" in refused.value.message_dict


def test_a_form_without_the_document_fields_keeps_them(clinic_admin, riverside):
    riverside.postal_address, riverside.paper_size = "12 River Street", "letter"
    riverside.save()

    settings_post(client_for(clinic_admin), riverside, name="Riverside North")

    riverside.refresh_from_db()
    assert (riverside.postal_address, riverside.paper_size) == ("12 River Street", "letter")


def test_a_bad_address_and_a_bad_name_are_refused_in_one_submit(clinic_admin, riverside):
    response = settings_post(client_for(clinic_admin), riverside, name="", postal_address="x" * 81)

    errors = response.context["form"].errors
    assert "name" in errors
    assert "postal_address" in errors
