"""Staff invite a patient from her page, and a clinic's admins set what its patients may do
online. Another clinic's staff get 404 from both; patients never reach them."""

import pytest

from mesoclinic.clinics.models import Role
from mesoclinic.portal.models import PatientAccount, PortalSettings, WaitlistOrder, settings_for
from tests.conftest import client_for, make_staff


def invitation_path(patient):
    return f"/patients/{patient.id}/portal-invitation/"


def test_her_page_offers_the_invitation_with_her_address_prefilled(patient, front_desk):
    text = client_for(front_desk).get(f"/patients/{patient.id}/").content.decode()
    assert "Invite to the portal" in text
    assert 'value="ada@example.org"' in text
    assert f'action="{invitation_path(patient)}"' in text


def test_the_desk_invites_her_with_an_edited_address(patient, front_desk):
    client = client_for(front_desk)
    response = client.post(invitation_path(patient), {"email": "ada.l@example.org"}, follow=True)
    assert response.redirect_chain[-1][0] == f"/patients/{patient.id}/"
    text = response.content.decode()
    assert "Portal invitation sent to ada.l@example.org." in text
    assert "Send a new invitation" in text
    assert "no password set yet" in text
    assert PatientAccount.objects.get(patient=patient).email == "ada.l@example.org"


def test_an_address_taken_by_another_patient_comes_back_beside_the_field_as_typed(
    patient, bea, front_desk
):
    client = client_for(front_desk)
    client.post(invitation_path(bea), {"email": "shared@example.org"})
    response = client.post(invitation_path(patient), {"email": "shared@example.org"})
    text = response.content.decode()
    assert response.status_code == 200
    assert "Another patient&#x27;s portal account uses this address" in text
    assert 'value="shared@example.org"' in text


def test_another_clinics_staff_get_404_from_the_invitation(patient, outsider):
    client = client_for(outsider)
    assert client.get(invitation_path(patient)).status_code == 404
    assert client.post(invitation_path(patient), {"email": "x@example.org"}).status_code == 404
    assert not PatientAccount.objects.exists()


def test_a_patient_is_kept_out_of_the_staff_invitation(ada_client, patient):
    response = ada_client.post(invitation_path(patient), {"email": "me@example.org"})
    assert response["Location"] == "/portal/"
    assert PatientAccount.objects.get().email == "ada@example.org"


def settings_path(clinic):
    return f"/clinic/{clinic.id}/portal/"


SETTINGS = {
    "online_booking": "on",
    "book_days_ahead": "60",
    "cancel_hours_before": "48",
    "reminder_hours_before": "24",
    "waitlist_order": WaitlistOrder.DESK_CHOOSES,
}


def test_the_admin_finds_portal_settings_beside_the_clinic_settings(riverside, clinic_admin):
    text = client_for(clinic_admin).get(f"/clinic/{riverside.id}/").content.decode()
    assert f'href="{settings_path(riverside)}"' in text


def test_the_settings_page_shows_every_setting_with_what_it_does(riverside, clinic_admin):
    text = client_for(clinic_admin).get(settings_path(riverside)).content.decode()
    for words in (
        "Patients may book online",
        "none chosen means none",
        "Times further ahead are not offered online",
        "patients book only the sessions after the first",
        "Later than this, the portal asks her to call the clinic",
        "0 sends no reminders",
        "let the desk choose",
    ):
        assert words in text


def test_the_admin_turns_online_booking_on_with_her_practitioners(
    riverside, clinic_admin, practitioner, front_desk
):
    client = client_for(clinic_admin)
    page = client.get(settings_path(riverside)).content.decode()
    assert "riverside.practitioner" in page
    assert "riverside.frontdesk" not in page  # only practitioners can be booked

    response = client.post(
        settings_path(riverside), {**SETTINGS, "online_practitioners": [practitioner.pk]}
    )

    assert response.status_code == 302
    saved = settings_for(riverside.id)
    assert saved.online_booking
    assert not saved.first_session_by_staff
    assert (saved.book_days_ahead, saved.cancel_hours_before) == (60, 48)
    assert (saved.reminder_hours_before, saved.waitlist_order) == (24, "desk_chooses")
    assert list(saved.online_practitioners.all()) == [practitioner]


def test_another_clinics_practitioner_cannot_be_offered_online(riverside, clinic_admin, outsider):
    response = client_for(clinic_admin).post(
        settings_path(riverside), {**SETTINGS, "online_practitioners": [outsider.pk]}
    )
    assert response.status_code == 200
    assert "online_practitioners" in response.context["form"].errors
    assert not PortalSettings.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("book_days_ahead", "0", "Between 1 and 730 days"),
        ("book_days_ahead", "731", "Between 1 and 730 days"),
        ("cancel_hours_before", "400", "Between 0 and 336 hours"),
        ("reminder_hours_before", "337", "0 sends none"),
    ],
)
def test_a_setting_out_of_range_is_refused_beside_it(
    riverside, clinic_admin, field, value, message
):
    response = client_for(clinic_admin).post(settings_path(riverside), {**SETTINGS, field: value})
    assert message in " ".join(response.context["form"].errors[field])
    assert f'value="{value}"' in response.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("reminder_hours_before", "-1", "Between 0 and 336 hours (two weeks); 0 sends none."),
        ("cancel_hours_before", "-1", "Between 0 and 336 hours (two weeks)."),
        ("book_days_ahead", "-1", "Between 1 and 730 days (two years)."),
    ],
)
def test_a_negative_setting_gets_one_clear_message_not_two(
    riverside, clinic_admin, practitioner, field, value, message
):
    body = {**SETTINGS, "online_practitioners": [practitioner.pk], field: value}
    response = client_for(clinic_admin).post(settings_path(riverside), body)
    assert response.context["form"].errors[field] == [message]
    assert "Ensure this value" not in response.content.decode()


def test_online_booking_with_no_practitioner_chosen_is_refused_saying_what_to_do(
    riverside, clinic_admin, practitioner
):
    response = client_for(clinic_admin).post(settings_path(riverside), SETTINGS)
    assert response.status_code == 200
    assert response.context["form"].errors["online_practitioners"] == [
        "Choose at least one practitioner patients may book online, or turn online booking off."
    ]
    assert 'value="60"' in response.content.decode()  # what she typed is kept
    assert not PortalSettings.objects.exists()


def test_online_booking_off_needs_no_practitioner(riverside, clinic_admin, practitioner):
    body = {key: value for key, value in SETTINGS.items() if key != "online_booking"}
    assert client_for(clinic_admin).post(settings_path(riverside), body).status_code == 302
    assert not settings_for(riverside.id).online_booking


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.FRONT_DESK])
def test_only_admins_see_the_portal_settings(riverside, role):
    user = make_staff(f"riverside.{role}.2", riverside, role)
    assert client_for(user).get(settings_path(riverside)).status_code == 404


def test_another_clinics_admin_gets_404(riverside, hillcrest):
    other_admin = make_staff("hillcrest.admin", hillcrest, Role.ADMIN)
    client = client_for(other_admin)
    assert client.get(settings_path(riverside)).status_code == 404
    assert client.post(settings_path(riverside), SETTINGS).status_code == 404
    assert not PortalSettings.objects.exists()
