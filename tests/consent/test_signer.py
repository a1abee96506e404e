"""Who signs a consent: the patient, whose typed name must be her own, or a representative
recorded by name and relation, and the consent says which."""

import json

import pytest

from mesoclinic.consent.models import SignedConsent
from mesoclinic.domain.errors import DomainError
from tests.conftest import client_for
from tests.consent.test_pages import sign_data
from tests.consent.test_services import sign

MOTHER = {"representative_name": "Mary Lovelace", "representative_relation": "her mother"}


# -- the service ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed", ["Ada Lovelace", "ada lovelace", "  ADA   Lovelace ", "Ada\tLovelace"]
)
def test_the_patients_own_name_is_accepted_whatever_its_case_and_spacing(
    patient, practitioner, typed
):
    consent = sign(patient, practitioner, patient_typed_name=typed)

    assert consent.signer == "Signed by the patient"
    assert consent.representative_name == ""


@pytest.mark.parametrize("typed", ["Someone Else", "Ada", "Ada Lovelac", "Lovelace Ada"])
def test_someone_elses_name_is_refused_naming_the_patient(patient, practitioner, typed):
    with pytest.raises(DomainError) as refused:
        sign(patient, practitioner, patient_typed_name=typed)

    assert refused.value.field == "patient_typed_name"
    assert "must be the patient's, Ada Lovelace" in refused.value.message
    assert "representative" in refused.value.message
    assert not SignedConsent.objects.exists()


def test_a_representative_signs_for_the_patient_and_the_consent_says_so(patient, practitioner):
    consent = sign(patient, practitioner, patient_typed_name="mary  lovelace", **MOTHER)

    assert (consent.representative_name, consent.representative_relation) == (
        "Mary Lovelace",
        "her mother",
    )
    assert consent.signer == "Signed by Mary Lovelace, her mother, on behalf of the patient"


def test_the_typed_name_must_be_the_representatives_when_one_signs(patient, practitioner):
    with pytest.raises(DomainError) as refused:
        sign(patient, practitioner, patient_typed_name="Someone Else", **MOTHER)

    assert refused.value.field == "patient_typed_name"
    assert "representative's, Mary Lovelace" in refused.value.message


@pytest.mark.parametrize(
    ("given", "missing"),
    [
        ({"representative_name": "Mary Lovelace"}, "representative_relation"),
        ({"representative_relation": "her mother"}, "representative_name"),
    ],
)
def test_a_representative_needs_both_a_name_and_a_relation(patient, practitioner, given, missing):
    with pytest.raises(DomainError) as refused:
        sign(patient, practitioner, patient_typed_name="Mary Lovelace", **given)

    assert refused.value.field == missing


# -- the page -------------------------------------------------------------------------------


def test_the_page_refuses_someone_elses_name_beside_the_field(patient, logged_in):
    response = logged_in.post(
        f"/patients/{patient.id}/consent/sign/", sign_data(patient_typed_name="Someone Else")
    )

    assert response.status_code == 200
    errors = " ".join(response.context["sign_form"].errors["patient_typed_name"])
    assert "must be the patient's, Ada Lovelace" in errors
    assert not SignedConsent.objects.exists()


def test_the_page_records_a_representative_and_shows_who_signed(patient, logged_in):
    response = logged_in.post(
        f"/patients/{patient.id}/consent/sign/",
        sign_data(patient_typed_name="Mary Lovelace", **MOTHER),
    )

    assert response.status_code == 302
    consent = SignedConsent.objects.get()
    statement = "Signed by Mary Lovelace, her mother, on behalf of the patient"
    assert statement in logged_in.get(f"/consent/{consent.id}/").content.decode()
    assert statement in logged_in.get(f"/patients/{patient.id}/consent/").content.decode()


def test_the_signing_page_offers_the_representative_fields(patient, logged_in):
    page = logged_in.get(f"/patients/{patient.id}/consent/sign/").content.decode()

    assert 'name="representative_name"' in page
    assert 'name="representative_relation"' in page


# -- the API --------------------------------------------------------------------------------


def api_sign(client, patient, **extra):
    body = {
        "template_version": None,
        "patient_typed_name": "Ada Lovelace",
        "expected_sessions": "10–15",
        "cost": "£900",
        "signature_kind": "typed",
        **extra,
    }
    return client.post(
        f"/api/v1/patients/{patient.id}/consents", json.dumps(body), content_type="application/json"
    )


def test_the_api_refuses_someone_elses_name_naming_the_field(patient, practitioner):
    response = api_sign(client_for(practitioner), patient, patient_typed_name="Someone Else")

    assert response.status_code == 422
    assert "Ada Lovelace" in response.json()["errors"]["patient_typed_name"]
    assert not SignedConsent.objects.exists()


def test_the_api_records_a_representative_and_says_who_signed(patient, practitioner):
    response = api_sign(
        client_for(practitioner), patient, patient_typed_name="Mary Lovelace", **MOTHER
    )

    assert response.status_code == 201
    body = response.json()
    assert body["representative_relation"] == "her mother"
    assert body["signer"] == "Signed by Mary Lovelace, her mother, on behalf of the patient"


def test_another_clinics_practitioner_cannot_sign_for_the_patient(patient, outsider):
    response = api_sign(client_for(outsider), patient, patient_typed_name="Mary Lovelace", **MOTHER)

    assert response.status_code == 404


# -- one line each ----------------------------------------------------------------------------

ONE_LINE = "Write this on one line, without line breaks or tabs."


@pytest.mark.parametrize("field", ["representative_name", "representative_relation"])
def test_a_representative_field_of_two_lines_is_refused_by_the_service(
    patient, practitioner, field
):
    with pytest.raises(DomainError) as refused:
        sign(patient, practitioner, patient_typed_name="Mary Lovelace", **{**MOTHER, field: "a\nb"})

    assert (refused.value.field, refused.value.message) == (field, ONE_LINE)
    assert not SignedConsent.objects.exists()


def test_the_page_refuses_a_representative_name_of_two_lines_beside_it(patient, logged_in):
    response = logged_in.post(
        f"/patients/{patient.id}/consent/sign/",
        sign_data(
            patient_typed_name="Mary Lovelace",
            representative_name="Mary\nLovelace",
            representative_relation="her mother",
        ),
    )

    assert response.status_code == 200
    assert response.context["sign_form"].errors["representative_name"] == [ONE_LINE]
    assert not SignedConsent.objects.exists()


def test_the_api_refuses_a_relation_of_two_lines_with_the_pages_words(patient, practitioner):
    response = api_sign(
        client_for(practitioner),
        patient,
        patient_typed_name="Mary Lovelace",
        **{**MOTHER, "representative_relation": "her\nmother"},
    )

    assert response.status_code == 422
    assert ONE_LINE in response.json()["errors"]["representative_relation"]
    assert not SignedConsent.objects.exists()
