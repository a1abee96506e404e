"""One submit of the patient form reports every refusal, the form's and the service's,
each beside its field."""

import re

import pytest

from mesoclinic.patients.models import Patient
from tests.conftest import client_for
from tests.patients.test_pages import new_patient_form

pytestmark = pytest.mark.django_db


def beside(content: str, field: str) -> str:
    """The messages in the error slot of `field` (slots hold no nested div)."""
    start = content.index(f'id="id_{field}-errors"')
    return content[start : content.index("</div>", start)]


def test_a_new_patient_with_a_birth_date_to_come_and_a_bad_email_hears_of_both(
    front_desk, riverside
):
    values = new_patient_form(clinic=riverside.id, date_of_birth="2999-01-01", email="not-mail")

    response = client_for(front_desk).post("/patients/new/", values)

    content = response.content.decode()
    assert "cannot be in the future" in beside(content, "date_of_birth")
    assert "valid email" in beside(content, "email")
    assert not Patient.objects.exists()


def test_an_edit_with_an_old_birth_year_and_no_family_name_hears_of_both(logged_in, patient):
    values = new_patient_form(date_of_birth="1850-01-01", family_name="")

    response = logged_in.post(f"/patients/{patient.id}/edit/", values)

    content = response.content.decode()
    assert "Check the year of birth" in beside(content, "date_of_birth")
    assert response.context["form"].errors["family_name"] == ["This field is required."]
    patient.refresh_from_db()
    assert patient.date_of_birth.year != 1850


def test_each_patient_field_names_its_error_slot(logged_in, patient):
    content = logged_in.get(f"/patients/{patient.id}/edit/").content.decode()

    widget = re.search(r'<input[^>]*name="email"[^>]*>', content).group(0)
    assert "id_email-errors" in widget


def test_names_with_line_breaks_are_refused_beside_each_name_with_a_bad_email(
    front_desk, riverside
):
    values = new_patient_form(
        clinic=riverside.id, given_name="Bad\nName", family_name="Bad\nName", email="not-mail"
    )

    response = client_for(front_desk).post("/patients/new/", values)

    content = response.content.decode()
    assert "on one line" in beside(content, "given_name")
    assert "on one line" in beside(content, "family_name")
    assert "valid email" in beside(content, "email")
    assert not Patient.objects.exists()
