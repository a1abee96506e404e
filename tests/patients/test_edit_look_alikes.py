"""The edit page meets the look-alike check of `patient_update` as the new-patient page
does: the look-alikes and a confirmation box, nothing saved until she is confirmed a
different person, and another clinic's patients never shown."""

from mesoclinic.audit.models import Action, AuditEvent
from tests.conftest import client_for
from tests.patients.test_pages import new_patient_form


def test_a_record_edited_to_look_like_another_is_saved_only_once_confirmed(
    logged_in, patient, mary
):
    edit = new_patient_form(given_name="Ada", family_name="Lovelace")

    warned = logged_in.post(f"/patients/{mary.id}/edit/", edit)
    assert warned.status_code == 200
    assert [p.id for p in warned.context["duplicates"]] == [patient.id]
    assert b"may be a patient you already have" in warned.content
    assert b"I checked: this is a different person" in warned.content
    # The heading still names the record as stored.
    assert b"Edit details: Mary Somerville" in warned.content
    mary.refresh_from_db()
    assert mary.given_name == "Mary"

    confirmed = logged_in.post(f"/patients/{mary.id}/edit/", {**edit, "different_person": "on"})
    assert confirmed.status_code == 302
    mary.refresh_from_db()
    assert (mary.given_name, mary.family_name) == ("Ada", "Lovelace")


def test_the_edit_page_audits_the_look_alikes_it_shows(logged_in, patient, mary):
    logged_in.post(f"/patients/{mary.id}/edit/", new_patient_form(phone="07700 900 123"))

    assert AuditEvent.objects.filter(
        via="web", action=Action.READ, target="patient duplicate check", patient_id=mary.id
    ).exists()
    assert not AuditEvent.objects.filter(action=Action.UPDATE).exists()


def test_the_edit_page_asks_nothing_when_she_resembles_only_herself(logged_in, patient):
    response = logged_in.post(
        f"/patients/{patient.id}/edit/",
        new_patient_form(given_name="Ada", family_name="Lovelace", date_of_birth="1985-12-10"),
    )

    assert response.status_code == 302
    assert b"different person" not in logged_in.get(f"/patients/{patient.id}/edit/").content


def test_the_edit_page_never_shows_another_clinics_patient_as_a_look_alike(
    outsider, patient, hillcrest_patient
):
    response = client_for(outsider).post(
        f"/patients/{hillcrest_patient.id}/edit/",
        new_patient_form(given_name="Ada", family_name="Lovelace", date_of_birth="1985-12-10"),
    )

    assert response.status_code == 302
    hillcrest_patient.refresh_from_db()
    assert hillcrest_patient.family_name == "Lovelace"


def test_another_clinics_user_confirming_a_different_person_gets_404_and_changes_nothing(
    outsider, patient
):
    response = client_for(outsider).post(
        f"/patients/{patient.id}/edit/",
        new_patient_form(given_name="Grace", different_person="on"),
    )

    assert response.status_code == 404
    patient.refresh_from_db()
    assert patient.given_name == "Ada"
