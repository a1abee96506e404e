"""The accounts' endpoints: staff invite (as they edit a patient), admins set the portal
settings, and a patient reads her account and changes her password. Across clinics, 404."""

import json

import pytest

from mesoclinic.clinics.models import Role
from mesoclinic.portal.models import PatientAccount, PortalSettings, settings_for
from tests.conftest import client_for, make_staff
from tests.portal.conftest import PASSWORD


def post(client, path, body, method="post"):
    return getattr(client, method)(path, json.dumps(body), content_type="application/json")


def invite(client, patient, email="ada@example.org"):
    return post(client, f"/api/v1/patients/{patient.id}/portal-invitation", {"email": email})


def test_the_desk_invites_a_patient_through_the_api(patient, front_desk):
    response = invite(client_for(front_desk), patient)
    assert response.status_code == 201
    assert response.json() == {
        "patient_id": patient.id,
        "email": "ada@example.org",
        "password_set": False,
    }


def test_an_address_taken_by_another_patient_is_a_422_naming_the_field(patient, bea, front_desk):
    client = client_for(front_desk)
    invite(client, bea, "bea@example.org")
    response = invite(client, patient, "bea@example.org")
    assert response.status_code == 422
    assert "Another patient's portal account" in response.json()["errors"]["email"]


def test_the_server_decides_everything_but_the_address(patient, front_desk):
    response = post(
        client_for(front_desk),
        f"/api/v1/patients/{patient.id}/portal-invitation",
        {"email": "ada@example.org", "password_set": True},
    )
    assert response.status_code == 422
    assert not PatientAccount.objects.exists()


def test_another_clinics_staff_get_404_from_the_invitation(patient, outsider):
    assert invite(client_for(outsider), patient).status_code == 404
    assert not PatientAccount.objects.exists()


def test_a_patient_gets_404_from_the_invitation_endpoint(ada_client, bea):
    assert invite(ada_client, bea, "bea@example.org").status_code == 404


SETTINGS = {
    "online_booking": True,
    "online_practitioners": [],
    "book_days_ahead": 30,
    "first_session_by_staff": False,
    "cancel_hours_before": 12,
    "reminder_hours_before": 0,
    "waitlist_order": "first_come",
}


def settings_path(clinic):
    return f"/api/v1/clinics/{clinic.id}/portal-settings"


def test_a_clinic_without_settings_reads_the_defaults(riverside, clinic_admin):
    body = client_for(clinic_admin).get(settings_path(riverside)).json()
    assert body == {
        "online_booking": False,
        "online_practitioners": [],
        "book_days_ahead": 90,
        "first_session_by_staff": True,
        "cancel_hours_before": 24,
        "reminder_hours_before": 48,
        "waitlist_order": "first_come",
    }


def test_the_admin_sets_every_setting(riverside, clinic_admin, practitioner):
    body = {**SETTINGS, "online_practitioners": [practitioner.pk]}
    response = post(client_for(clinic_admin), settings_path(riverside), body, method="put")
    assert response.status_code == 200
    assert response.json() == body
    assert settings_for(riverside.id).book_days_ahead == 30


def test_a_setting_out_of_range_is_a_422_naming_it(riverside, clinic_admin, practitioner):
    body = {
        **SETTINGS,
        "online_practitioners": [practitioner.pk],
        "book_days_ahead": 0,
        "cancel_hours_before": 999,
    }
    response = post(client_for(clinic_admin), settings_path(riverside), body, method="put")
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"book_days_ahead", "cancel_hours_before"}


def test_a_negative_reminder_is_refused_with_the_clinics_words_once(
    riverside, clinic_admin, practitioner
):
    body = {**SETTINGS, "online_practitioners": [practitioner.pk], "reminder_hours_before": -1}
    response = post(client_for(clinic_admin), settings_path(riverside), body, method="put")
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "reminder_hours_before": "Between 0 and 336 hours (two weeks); 0 sends none."
    }


def test_online_booking_with_no_practitioner_is_refused(riverside, clinic_admin, practitioner):
    response = post(client_for(clinic_admin), settings_path(riverside), SETTINGS, method="put")
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "online_practitioners": "Choose at least one practitioner patients may book online, "
        "or turn online booking off."
    }
    assert not PortalSettings.objects.exists()


def test_another_clinics_practitioner_is_refused(riverside, clinic_admin, outsider):
    body = {**SETTINGS, "online_practitioners": [outsider.pk]}
    response = post(client_for(clinic_admin), settings_path(riverside), body, method="put")
    assert response.status_code == 422
    assert "online_practitioners" in response.json()["errors"]


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.FRONT_DESK])
def test_only_admins_reach_the_settings(riverside, role):
    client = client_for(make_staff(f"riverside.{role}.2", riverside, role))
    assert client.get(settings_path(riverside)).status_code == 404
    assert post(client, settings_path(riverside), SETTINGS, method="put").status_code == 404


def test_another_clinics_admin_gets_404(riverside, hillcrest):
    client = client_for(make_staff("hillcrest.admin", hillcrest, Role.ADMIN))
    assert client.get(settings_path(riverside)).status_code == 404
    assert post(client, settings_path(riverside), SETTINGS, method="put").status_code == 404
    assert not PortalSettings.objects.exists()


def test_she_reads_her_own_account(ada_client, bea_client, grace_client):
    assert ada_client.get("/api/v1/portal/account").json() == {"email": "ada@example.org"}
    assert bea_client.get("/api/v1/portal/account").json() == {"email": "bea@example.org"}
    assert grace_client.get("/api/v1/portal/account").json() == {"email": "grace@example.org"}


def test_staff_get_404_from_her_account_endpoints(practitioner):
    client = client_for(practitioner)
    assert client.get("/api/v1/portal/account").status_code == 404
    body = {"current_password": "x", "new_password": "another-sound-password-9"}
    assert post(client, "/api/v1/portal/account/password", body).status_code == 404


def test_she_changes_her_password_through_the_api(ada_client, ada_account):
    body = {"current_password": PASSWORD, "new_password": "another-sound-password-9"}
    assert post(ada_client, "/api/v1/portal/account/password", body).status_code == 204
    ada_account.refresh_from_db()
    assert ada_account.check_password("another-sound-password-9")


def test_a_wrong_current_password_is_a_422(ada_client):
    body = {"current_password": "nope-nope-nope", "new_password": "another-sound-password-9"}
    response = post(ada_client, "/api/v1/portal/account/password", body)
    assert response.status_code == 422
    assert response.json()["errors"] == {"current_password": "That is not your current password."}
