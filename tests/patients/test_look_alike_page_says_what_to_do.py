"""A new patient who looks like an existing one is not added yet, and the page says so in the
service's own words (as the API does): which likeness was found, and what to do next."""

import pytest

from mesoclinic.patients.models import Patient
from tests.patients.test_pages import new_patient_form

pytestmark = pytest.mark.django_db


def test_a_look_alike_refusal_says_the_patient_was_not_added_and_what_to_do(logged_in, patient):
    lookalike = new_patient_form(
        given_name="Ada",
        family_name="Lovelace",
        date_of_birth="1985-12-10",
        clinic=patient.clinic_id,
    )

    html = logged_in.post("/patients/new/", lookalike).content.decode()

    assert "Not saved yet." in html
    assert "a patient at this clinic with the same name, the same birth date and name" in html
    assert "Open the existing record, or confirm this is a different person." in html
    assert Patient.objects.count() == 1
