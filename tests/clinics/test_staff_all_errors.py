"""One submit of the new staff form reports every refusal, the form's and the service's,
each beside its field; the existing-account form says what is wrong with a username's
writing, which tells nothing about which accounts exist."""

from django.contrib.auth.models import User

from mesoclinic.audit.models import AuditEvent
from mesoclinic.clinics.models import Invitation, Role
from tests.clinics.test_invitations import add_existing, said
from tests.clinics.test_settings_all_errors import beside
from tests.clinics.test_staff import new_person
from tests.conftest import client_for

BAD_USERNAME = (
    "Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ "
    "characters."
)


def test_a_bad_email_username_and_password_are_all_refused_in_one_submit(clinic_admin, riverside):
    response = new_person(
        client_for(clinic_admin),
        riverside,
        email="not-an-email",
        username="a b",
        password="short",
        first_name="Bad\nName",
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["email"] == ["Enter a valid email address."]
    assert errors["username"] == [BAD_USERNAME]
    assert any("too short" in message for message in errors["password"])
    assert errors["first_name"] == ["Write this on one line, without line breaks or tabs."]
    content = response.content.decode()
    assert "too short" in beside(content, "password")
    assert not User.objects.filter(first_name="Bad\nName").exists()


def test_a_taken_username_is_refused_beside_a_form_mistake(clinic_admin, practitioner, riverside):
    response = new_person(
        client_for(clinic_admin), riverside, username="riverside.practitioner", email="x@"
    )

    errors = response.context["form"].errors
    assert "taken" in errors["username"][0]
    assert errors["email"] == ["Enter a valid email address."]


def test_a_field_the_form_refused_keeps_only_its_own_message(clinic_admin, riverside):
    response = new_person(client_for(clinic_admin), riverside, username="", email="x@")

    assert response.context["form"].errors["username"] == ["This field is required."]


def test_a_username_no_account_could_have_is_refused_not_invited(clinic_admin, riverside):
    response = add_existing(client_for(clinic_admin), riverside, "a b")

    assert response.status_code == 200
    assert response.context["form"].errors["username"] == [BAD_USERNAME]
    assert said(response) == []
    assert not Invitation.objects.exists()
    assert not AuditEvent.objects.filter(target__startswith="invitation").exists()


def test_the_new_staff_page_is_not_found_for_another_clinics_admin(hillcrest_admin, riverside):
    response = new_person(client_for(hillcrest_admin), riverside, email="x@", role=Role.ADMIN)

    assert response.status_code == 404
