from datetime import date

import pytest
from django.test import Client

from mesoclinic.audit.models import Action, AuditEvent
from mesoclinic.patients.models import Patient, RecordStatus
from tests.conftest import client_for

XSS_NAME = "<img src=x onerror=alert(1)>"


def new_patient_form(**overrides):
    values = {
        "given_name": "Mary",
        "family_name": "Somerville",
        "date_of_birth": "1980-12-26",
        "sex": "female",
        "phone": "+44 20 7946 0000",
        "email": "mary@example.org",
        "preferred_language": "en",
        "may_contact": "on",
    }
    values.update(overrides)
    return values


def test_front_desk_adds_a_patient_and_the_addition_is_audited(front_desk, riverside):
    client = client_for(front_desk)

    response = client.post("/patients/new/", new_patient_form(clinic=riverside.id))

    patient = Patient.objects.get(family_name="Somerville")
    assert response.status_code == 302
    assert response["Location"] == f"/patients/{patient.id}/"
    assert patient.clinic == riverside
    assert patient.may_contact is True
    assert patient.phone_digits == "442079460000"
    assert AuditEvent.objects.filter(action=Action.CREATE, patient_id=patient.id).exists()


def test_a_new_patient_who_looks_like_an_existing_one_needs_a_confirmation(logged_in, patient):
    lookalike = new_patient_form(
        given_name="Ada",
        family_name="Lovelace",
        date_of_birth="1985-12-10",
        clinic=patient.clinic_id,
    )

    warned = logged_in.post("/patients/new/", lookalike)
    assert warned.status_code == 200
    assert b"may be a patient you already have" in warned.content
    assert Patient.objects.count() == 1

    confirmed = logged_in.post("/patients/new/", {**lookalike, "different_person": "on"})
    assert confirmed.status_code == 302
    assert Patient.objects.count() == 2


def test_the_page_shows_the_look_alikes_the_service_found_and_audits_them(logged_in, patient):
    warned = logged_in.post(
        "/patients/new/",
        new_patient_form(phone="", date_of_birth="1990-01-01", clinic=patient.clinic_id)
        | {"given_name": "ada", "family_name": "LOVELACE"},
    )

    assert [p.id for p in warned.context["duplicates"]] == [patient.id]
    assert b"I checked: this is a different person" in warned.content
    assert AuditEvent.objects.filter(
        via="web", action=Action.READ, target="patient duplicate check"
    ).exists()


def test_the_page_never_shows_another_clinics_patient_as_a_look_alike(outsider, hillcrest, patient):
    response = client_for(outsider).post(
        "/patients/new/",
        new_patient_form(given_name="Ada", family_name="Lovelace", date_of_birth="1985-12-10")
        | {"clinic": hillcrest.id},
    )

    assert response.status_code == 302
    assert Patient.objects.filter(clinic=hillcrest, family_name="Lovelace").exists()


def test_the_same_phone_number_written_differently_also_warns(logged_in, patient):
    response = logged_in.post(
        "/patients/new/", new_patient_form(phone="+44 7700 900 123", clinic=patient.clinic_id)
    )

    assert b"may be a patient you already have" in response.content
    assert Patient.objects.count() == 1


def test_a_birth_date_in_the_future_is_refused_beside_the_field(logged_in, riverside):
    response = logged_in.post(
        "/patients/new/", new_patient_form(date_of_birth="2999-01-01", clinic=riverside.id)
    )

    assert "date_of_birth" in response.context["form"].errors
    assert not Patient.objects.exists()


@pytest.mark.parametrize("query", ["lovelace", "ada love", "1985-12-10", "900123"])
def test_search_finds_a_patient_by_name_birth_date_or_phone(logged_in, patient, query):
    response = logged_in.post("/patients/", {"q": query})

    assert list(response.context["patients"]) == [patient]


def test_search_never_shows_another_clinics_patients(client, outsider, patient):
    response = client_for(outsider).post("/patients/", {"q": "Lovelace"})

    assert list(response.context["patients"]) == []


def test_search_runs_as_a_post_so_names_stay_out_of_urls_and_logs(logged_in, patient):
    response = logged_in.get("/patients/")

    assert b'method="post"' in response.content
    assert AuditEvent.objects.filter(action=Action.READ, target="patient search").exists()


@pytest.mark.parametrize("role", ["outsider", "chain_manager"])
@pytest.mark.parametrize("path", ["/patients/{id}/", "/patients/{id}/edit/"])
def test_another_clinics_user_gets_404_on_every_patient_page(request, patient, role, path):
    client = client_for(request.getfixturevalue(role))

    assert client.get(path.format(id=patient.id)).status_code == 404
    assert (
        client.post(
            path.format(id=patient.id)
            if "edit" in path
            else f"/patients/{patient.id}/entered-in-error/",
            {"reason": "x"},
        ).status_code
        == 404
    )


def test_front_desk_sees_details_but_no_clinical_links(front_desk, patient):
    response = client_for(front_desk).get(f"/patients/{patient.id}/")

    assert response.status_code == 200
    assert response.context["can_see_clinical"] is False
    assert b"Clinical record" not in response.content


def test_editing_details_is_audited_by_field_name_not_value(logged_in, patient):
    form = new_patient_form(
        given_name="Augusta Ada", family_name="Lovelace", date_of_birth="1985-12-10"
    )
    logged_in.post(f"/patients/{patient.id}/edit/", form)

    patient.refresh_from_db()
    assert patient.given_name == "Augusta Ada"
    row = AuditEvent.objects.get(action=Action.UPDATE)
    assert "given_name" in row.target
    assert "Augusta" not in row.target


def test_a_patient_is_never_deleted_only_marked_entered_in_error(logged_in, patient):
    refused = logged_in.post(f"/patients/{patient.id}/entered-in-error/", {"reason": ""})
    assert refused.status_code == 302
    patient.refresh_from_db()
    assert patient.status == RecordStatus.ACTIVE

    logged_in.post(f"/patients/{patient.id}/entered-in-error/", {"reason": "duplicate of 7"})

    patient.refresh_from_db()
    assert patient.status == RecordStatus.ENTERED_IN_ERROR
    assert logged_in.post("/patients/", {"q": "Lovelace"}).context["patients"] == []


def test_a_hostile_name_is_escaped_in_pages(logged_in, riverside, practitioner):
    hostile = Patient.objects.create(
        clinic=riverside,
        given_name=XSS_NAME,
        family_name="X",
        date_of_birth=date(1990, 1, 1),
        created_by=practitioner,
    )

    for response in (
        logged_in.get(f"/patients/{hostile.id}/"),
        logged_in.post("/patients/", {"q": "X"}),
    ):
        assert XSS_NAME.encode() not in response.content
        assert b"&lt;img src=x onerror=alert(1)&gt;" in response.content


@pytest.mark.parametrize("path", ["/patients/new/", "/patients/"])
def test_state_changes_need_the_csrf_token(practitioner, riverside, path):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(practitioner)

    assert strict.post(path, new_patient_form(clinic=riverside.id)).status_code == 403
