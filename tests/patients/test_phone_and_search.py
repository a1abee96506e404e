"""Phone numbers checked and stored one way, found however they are typed; birth dates
found as the clinic writes them; look-alikes hinted; names kept as typed."""

import json
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from mesoclinic.clinics.models import DateOrder
from mesoclinic.patients.models import Patient
from mesoclinic.patients.selectors import written_date
from mesoclinic.patients.services import patient_create
from tests.conftest import actor, client_for
from tests.patients.test_api import bearer, post_json
from tests.patients.test_pages import new_patient_form

TYPED_WAYS = ["07700 911 889", "+44 7700 911889", "07700911889", "+447700911889"]


@pytest.fixture
def grace(riverside, front_desk) -> Patient:
    return patient_create(
        actor=actor(front_desk),
        clinic_id=riverside.id,
        given_name="Grace",
        family_name="McAllister-de la Cruz",
        date_of_birth=date(1996, 2, 20),
        phone="07700 911 889",
    )


# -- stored one way -------------------------------------------------------------------------


@pytest.mark.parametrize("typed", TYPED_WAYS)
def test_a_phone_is_stored_in_international_form_however_it_is_typed(logged_in, riverside, typed):
    logged_in.post("/patients/new/", new_patient_form(phone=typed, clinic=riverside.id))

    patient = Patient.objects.get()
    assert (patient.phone, patient.phone_digits) == ("+447700911889", "447700911889")


def test_letters_for_a_phone_are_refused_beside_the_field_on_the_page(logged_in, riverside):
    response = logged_in.post("/patients/new/", new_patient_form(phone="abc", clinic=riverside.id))

    errors = " ".join(response.context["form"].errors["phone"])
    assert "dialled in the clinic's country (GB)" in errors
    assert not Patient.objects.exists()


def test_letters_for_a_phone_are_refused_by_the_api_naming_the_field(practitioner):
    response = post_json(
        Client(),
        "/api/v1/patients",
        {"given_name": "Mary", "family_name": "Somerville", "date_of_birth": "1980-12-26"}
        | {"phone": "abc"},
        **bearer(practitioner),
    )

    assert response.status_code == 422
    assert "clinic's country" in response.json()["errors"]["phone"]


def test_the_service_refuses_a_number_too_short_to_dial(riverside, front_desk):
    with pytest.raises(ValidationError) as refused:
        patient_create(
            actor=actor(front_desk),
            clinic_id=riverside.id,
            given_name="Mary",
            family_name="Somerville",
            date_of_birth=date(1980, 12, 26),
            phone="123",
        )

    assert "phone" in refused.value.message_dict


def test_a_patch_of_the_phone_goes_through_the_same_normaliser(practitioner, grace):
    response = Client().patch(
        f"/api/v1/patients/{grace.id}",
        json.dumps({"phone": "020 7946 0018"}),
        content_type="application/json",
        headers=bearer(practitioner),
    )

    assert response.json()["phone"] == "+442079460018"


def test_the_phone_is_shown_and_edited_as_the_country_writes_it(logged_in, grace):
    assert "07700 911889" in logged_in.get(f"/patients/{grace.id}/").content.decode()
    edit = logged_in.get(f"/patients/{grace.id}/edit/").content.decode()
    assert 'value="07700 911889"' in edit


# -- found however typed ----------------------------------------------------------------------


@pytest.mark.parametrize("typed", TYPED_WAYS)
def test_search_finds_her_by_phone_however_it_is_typed(logged_in, grace, typed):
    assert list(logged_in.post("/patients/", {"q": typed}).context["patients"]) == [grace]


@pytest.mark.parametrize("typed", TYPED_WAYS)
def test_the_api_search_finds_her_by_phone_however_it_is_typed(practitioner, grace, typed):
    response = Client().post(
        "/api/v1/patients/search",
        {"q": typed},
        content_type="application/json",
        headers=bearer(practitioner),
    )

    assert [p["id"] for p in response.json()] == [grace.id]


@pytest.mark.parametrize("typed", ["20/02/1996", "20.02.1996", "1996-02-20", " 20/2/1996 "])
def test_search_finds_her_by_birth_date_as_a_day_first_clinic_writes_it(logged_in, grace, typed):
    assert list(logged_in.post("/patients/", {"q": typed}).context["patients"]) == [grace]


def test_a_month_first_clinic_reads_the_same_text_month_first(logged_in, riverside, grace):
    riverside.date_order = DateOrder.MONTH_FIRST
    riverside.save()

    assert list(logged_in.post("/patients/", {"q": "02/20/1996"}).context["patients"]) == [grace]
    assert list(logged_in.post("/patients/", {"q": "20/02/1996"}).context["patients"]) == []


def test_the_api_search_reads_the_clinics_date_order(practitioner, grace):
    response = Client().post(
        "/api/v1/patients/search",
        {"q": "20/02/1996"},
        content_type="application/json",
        headers=bearer(practitioner),
    )

    assert [p["id"] for p in response.json()] == [grace.id]


@pytest.mark.parametrize(
    ("text", "order", "read"),
    [
        ("20/02/1996", "dmy", date(1996, 2, 20)),
        ("02/20/1996", "mdy", date(1996, 2, 20)),
        ("1996/02/20", "dmy", date(1996, 2, 20)),
        ("31/02/1996", "dmy", None),
        ("20/02/96", "dmy", None),
        ("Lovelace", "dmy", None),
    ],
)
def test_a_written_date_is_read_in_the_clinics_order(text, order, read):
    assert written_date(text, order) == read


def test_search_by_another_clinics_phone_finds_nothing(outsider, grace):
    found = client_for(outsider).post("/patients/", {"q": "07700911889"}).context["patients"]

    assert list(found) == []


# -- look-alikes ------------------------------------------------------------------------------


def test_the_same_name_with_another_birth_date_still_gets_a_hint(logged_in, riverside, grace):
    response = logged_in.post(
        "/patients/new/",
        new_patient_form(
            given_name="grace",
            family_name="McAllister-de la Cruz",
            date_of_birth="1969-02-20",
            phone="",
            clinic=riverside.id,
        ),
    )

    assert b"may be a patient you already have" in response.content
    assert Patient.objects.count() == 1


def test_the_same_phone_typed_nationally_gets_a_hint(logged_in, riverside, grace):
    response = logged_in.post(
        "/patients/new/", new_patient_form(phone="07700911889", clinic=riverside.id)
    )

    assert b"may be a patient you already have" in response.content


# -- names as typed ---------------------------------------------------------------------------


def test_names_keep_their_case_on_the_page_and_in_the_api(logged_in, practitioner, grace):
    assert "Grace McAllister-de la Cruz" in logged_in.get(f"/patients/{grace.id}/").content.decode()
    body = Client().get(f"/api/v1/patients/{grace.id}", headers=bearer(practitioner)).json()
    assert (body["given_name"], body["family_name"]) == ("Grace", "McAllister-de la Cruz")


# -- names as the list writes them, and dates that are no dates ------------------------------


def test_search_finds_her_as_the_list_writes_her_family_name_first(logged_in, grace):
    response = logged_in.post("/patients/", {"q": "McAllister-de la Cruz, Grace"})

    assert list(response.context["patients"]) == [grace]


def test_family_comma_given_keeps_each_name_to_its_side(logged_in, grace):
    response = logged_in.post("/patients/", {"q": "Grace, McAllister"})

    assert list(response.context["patients"]) == []


def test_the_api_search_finds_her_family_name_first(practitioner, grace):
    response = Client().post(
        "/api/v1/patients/search",
        {"q": "mcallister, grace"},
        content_type="application/json",
        headers=bearer(practitioner),
    )

    assert [p["id"] for p in response.json()] == [grace.id]


def test_a_date_that_is_no_date_is_said_beside_the_box_not_as_no_match(logged_in, grace):
    response = logged_in.post("/patients/", {"q": "31/02/1996"})

    content = response.content.decode()
    assert response.context["form"].errors["q"] == [
        "31/02/1996 is not a date: dates are read day first (20/02/1996)."
    ]
    assert "No patient matches" not in content
    assert content.count("31/02/1996 is not a date") == 2  # beside the box and as the answer


def test_a_live_search_says_the_date_is_no_date_in_the_error_slot(logged_in, grace):
    content = logged_in.post(
        "/patients/", {"q": "31/02/1996"}, HTTP_HX_REQUEST="true"
    ).content.decode()

    slot = content[content.index('id="id_q-errors"') :]
    assert "31/02/1996 is not a date" in slot[: slot.index("</div>")]


def test_a_month_first_clinic_says_which_order_it_read(logged_in, riverside, grace):
    riverside.date_order = DateOrder.MONTH_FIRST
    riverside.save()

    response = logged_in.post("/patients/", {"q": "20/02/1996"})

    assert "20/02/1996 is not a date: dates are read month first" in response.content.decode()


def test_a_two_digit_year_is_asked_for_in_full(logged_in, grace):
    response = logged_in.post("/patients/", {"q": "20/02/96"})

    assert response.context["form"].errors["q"] == [
        "20/02/96 is not a date this search can read: write the year with four digits."
    ]


def test_the_api_search_refuses_a_date_that_is_no_date_naming_q(practitioner, grace):
    response = Client().post(
        "/api/v1/patients/search",
        {"q": "31/02/1996"},
        content_type="application/json",
        headers=bearer(practitioner),
    )

    assert response.status_code == 422
    assert response.json() == {
        "errors": {"q": "31/02/1996 is not a date: dates are read day first (20/02/1996)."}
    }
