"""The plausibility rules the API's schemas apply are the services' too, so a page (which
writes through the same services) refuses the same values with the same words."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from mesoclinic.adverse_events.services import adverse_event_create
from mesoclinic.assessments.services import assessment_create
from mesoclinic.domain.errors import DomainError
from mesoclinic.domain.plausible import date_problem, text_problem
from mesoclinic.formulary.models import Lot
from mesoclinic.formulary.services import lot_receive
from mesoclinic.patients.models import Patient
from mesoclinic.patients.services import patient_create
from mesoclinic.rota.services import absence_record
from tests.assessments.conftest import thighs
from tests.conftest import actor, client_for
from tests.formulary.conftest import make_product

pytestmark = pytest.mark.django_db

YEAR_ONE = date(1, 1, 1)
YEAR_RANGE = "Use a date between 1900 and 2100."


def test_the_rules_name_what_to_fix():
    assert text_problem("Mary\u202e") == "Remove the text direction control characters."
    assert text_problem("Mary\x00") == "Remove the control characters (such as NUL)."
    assert text_problem("Mary\nAnn") == "Write this on one line, without line breaks or tabs."
    assert text_problem("Mary\nAnn", multiline=True) is None
    assert text_problem("Zoë Ó'Brien-Łukasz") is None
    assert date_problem(date(1899, 12, 31)) == YEAR_RANGE
    assert date_problem(date(2100, 12, 31)) is None


def test_a_lot_dated_year_one_is_refused_by_the_service(clinic_admin, practitioner, riverside):
    product = make_product(clinic_admin, riverside)

    with pytest.raises(DomainError) as refused:
        lot_receive(
            actor=actor(practitioner),
            product=product,
            lot_number="Z1",
            expiry_date=date(2027, 1, 1),
            supplier="Acme",
            quantity_units=1,
            received_on=YEAR_ONE,
        )

    assert (refused.value.field, refused.value.message) == ("received_on", YEAR_RANGE)


def test_an_onset_in_year_one_is_refused_by_the_service(practitioner, patient):
    with pytest.raises(DomainError) as refused:
        adverse_event_create(
            actor=actor(practitioner),
            patient=patient,
            event_type="bruising",
            severity="mild",
            onset_on=YEAR_ONE,
        )

    assert (refused.value.field, refused.value.message) == ("onset_on", YEAR_RANGE)


def test_an_assessment_in_year_one_is_refused_by_the_service(practitioner, patient):
    with pytest.raises(DomainError) as refused:
        assessment_create(
            actor=actor(practitioner),
            patient_id=patient.id,
            assessed_on=YEAR_ONE,
            kind="initial",
            areas=thighs(),
        )

    assert (refused.value.field, refused.value.message) == ("assessed_on", YEAR_RANGE)


def test_an_absence_in_year_one_is_refused_by_the_service(clinic_admin, practitioner, riverside):
    with pytest.raises(ValidationError) as refused:
        absence_record(
            actor=actor(clinic_admin),
            clinic_id=riverside.id,
            practitioner_id=practitioner.id,
            first_day=YEAR_ONE,
            last_day=date(1, 1, 2),
            kind="leave",
        )

    assert refused.value.message_dict["first_day"] == [YEAR_RANGE]


def test_a_name_with_a_direction_override_is_refused_by_the_service(practitioner, riverside):
    with pytest.raises(ValidationError) as refused:
        patient_create(
            actor=actor(practitioner),
            clinic_id=riverside.id,
            given_name="Mary\u202eyrraM",
            family_name="Somerville",
            date_of_birth=date(1980, 12, 26),
        )

    assert "direction" in refused.value.message_dict["given_name"][0]


def test_the_lot_page_refuses_year_one_beside_the_field_with_the_same_words(
    clinic_admin, practitioner, riverside
):
    product = make_product(clinic_admin, riverside)
    page = client_for(practitioner)
    form = {
        "lot_number": "NEW-1",
        "expiry_date": "2027-06-30",
        "supplier": "Pharma Supplies Ltd",
        "quantity_units": "4",
        "received_on": "0001-01-01",
        "reference": "",
    }

    response = page.post(f"/formulary/products/{product.id}/lots/new/", form)

    assert response.status_code == 200
    assert response.context["form"].errors["received_on"] == [YEAR_RANGE]
    assert not Lot.objects.exists()


def test_the_patient_page_refuses_a_name_with_a_direction_override(practitioner, riverside):
    page = client_for(practitioner)
    form = {
        "given_name": "Mary\u202eyrraM",
        "family_name": "Somerville",
        "date_of_birth": "1980-12-26",
        "sex": "female",
        "preferred_language": "en",
        "clinic": riverside.id,
    }

    response = page.post("/patients/new/", form)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "direction" in errors["given_name"][0], errors
    assert not Patient.objects.exists()
