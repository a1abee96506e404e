"""Adding an existing account: directly within the admin's own chain; beyond it only by an
invitation its holder accepts. The admin's answer is the same whether or not an account
has the username, so the form tells nobody which usernames exist."""

import pytest
from django.contrib.auth.models import User
from django.contrib.messages import get_messages
from django.test import Client

from mesoclinic.audit.models import AuditEvent
from mesoclinic.clinics.invitations import INVITED
from mesoclinic.clinics.models import Chain, Clinic, Invitation, Membership, Role
from mesoclinic.clinics.services import membership_add
from tests.conftest import actor, client_for, make_staff
from tests.patients.test_api import NEW, bearer, post_json


@pytest.fixture
def lakeside(db) -> Clinic:
    """A clinic of another chain."""
    return Clinic.objects.create(
        chain=Chain.objects.create(name="Other chain"), name="Lakeside", time_zone="Europe/London"
    )


@pytest.fixture
def lakeside_admin(lakeside) -> User:
    return make_staff("lakeside.admin", lakeside, Role.ADMIN)


@pytest.fixture
def lakeside_nurse(lakeside) -> User:
    return make_staff("lakeside.nurse", lakeside, Role.PRACTITIONER)


def add_existing(client, clinic, username, role=Role.PRACTITIONER):
    return client.post(f"/clinic/{clinic.id}/staff/existing/", {"username": username, "role": role})


def said(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def invitation(clinic_admin, riverside, lakeside_nurse) -> Invitation:
    add_existing(client_for(clinic_admin), riverside, "lakeside.nurse")
    return Invitation.objects.get(user=lakeside_nurse)


def test_an_account_of_another_chain_is_invited_not_given_a_role(
    clinic_admin, riverside, lakeside_nurse
):
    response = add_existing(client_for(clinic_admin), riverside, "lakeside.nurse")

    assert response.status_code == 302
    assert said(response) == [INVITED]
    assert not Membership.objects.filter(user=lakeside_nurse, clinic=riverside).exists()
    invitation = Invitation.objects.get(user=lakeside_nurse, clinic=riverside)
    assert (invitation.status, invitation.role) == ("pending", Role.PRACTITIONER)


def test_the_service_gives_no_role_beyond_the_chain(clinic_admin, riverside, lakeside_nurse):
    given = membership_add(
        actor=actor(clinic_admin), clinic_id=riverside.id, username="lakeside.nurse", role="admin"
    )

    assert given is None
    assert list(Membership.objects.filter(user=lakeside_nurse)) == list(
        Membership.objects.filter(user=lakeside_nurse, clinic__name="Lakeside")
    )


def test_the_other_clinics_admin_can_still_deactivate_their_employee(
    invitation, lakeside, lakeside_admin, lakeside_nurse
):
    membership = Membership.objects.get(user=lakeside_nurse, clinic=lakeside)

    response = client_for(lakeside_admin).post(
        f"/clinic/{lakeside.id}/staff/{membership.id}/deactivate-account/"
    )

    assert response.status_code == 302
    lakeside_nurse.refresh_from_db()
    assert not lakeside_nurse.is_active


def test_an_invited_employees_api_client_still_works_at_their_own_clinic(
    invitation, lakeside, lakeside_nurse
):
    created = post_json(Client(), "/api/v1/patients", NEW, **bearer(lakeside_nurse))

    assert created.status_code == 201
    assert created.json()["clinic_id"] == lakeside.id


def test_answers_to_an_invitation_need_the_csrf_token(invitation, lakeside_nurse):
    client = Client(enforce_csrf_checks=True)
    client.force_login(lakeside_nurse)

    response = client.post(f"/clinic/invitations/{invitation.id}/accept/")

    assert response.status_code == 403
    invitation.refresh_from_db()
    assert invitation.status == "pending"


def test_an_unknown_username_gets_the_same_answer_and_audit_row_as_an_invited_one(
    clinic_admin, riverside, lakeside_nurse
):
    known = add_existing(client_for(clinic_admin), riverside, "lakeside.nurse")
    unknown = add_existing(client_for(clinic_admin), riverside, "nobody.at.all")

    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    assert said(unknown) == said(known) == [INVITED]
    targets = list(
        AuditEvent.objects.filter(target__startswith="invitation").values_list("target", flat=True)
    )
    assert targets == ["invitation to a username as practitioner"] * 2
    assert Invitation.objects.count() == 1


def test_the_invitee_sees_the_invitation_after_logging_in_and_accepting_gives_the_role(
    invitation, riverside, lakeside_nurse
):
    client = client_for(lakeside_nurse)
    assert "Invitations (1)" in client.get("/").content.decode()
    page = client.get("/clinic/invitations/").content.decode()
    assert "Practitioner at Riverside" in page

    response = client.post(f"/clinic/invitations/{invitation.id}/accept/")

    assert response.status_code == 302
    membership = Membership.objects.get(user=lakeside_nurse, clinic=riverside)
    assert (membership.role, membership.active) == (Role.PRACTITIONER, True)
    invitation.refresh_from_db()
    assert invitation.status == "accepted"
    assert AuditEvent.objects.filter(
        target=f"invitation {invitation.id} accepted: membership {membership.id} as practitioner",
        clinic_id=riverside.id,
    ).exists()
    assert "Invitations (" not in client.get("/").content.decode()


def test_a_declined_invitation_gives_no_role(invitation, riverside, lakeside_nurse):
    response = client_for(lakeside_nurse).post(f"/clinic/invitations/{invitation.id}/decline/")

    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == "declined"
    assert not Membership.objects.filter(user=lakeside_nurse, clinic=riverside).exists()
    assert AuditEvent.objects.filter(target=f"invitation {invitation.id} declined").exists()


@pytest.mark.parametrize("answer", ["accept", "decline"])
@pytest.mark.parametrize("who", ["clinic_admin", "lakeside_admin", "practitioner"])
def test_another_user_cannot_answer_someone_elses_invitation(
    invitation, riverside, request, who, answer
):
    other = request.getfixturevalue(who)

    response = client_for(other).post(f"/clinic/invitations/{invitation.id}/{answer}/")

    assert response.status_code == 404
    invitation.refresh_from_db()
    assert invitation.status == "pending"
    assert (
        not Membership.objects.filter(user=other, clinic=riverside, role="practitioner")
        .exclude(user__username="riverside.practitioner")
        .exists()
    )
    assert "Riverside" not in client_for(other).get("/clinic/invitations/").content.decode()


def test_an_answered_invitation_cannot_be_answered_again(invitation, lakeside_nurse):
    client = client_for(lakeside_nurse)
    client.post(f"/clinic/invitations/{invitation.id}/decline/")

    response = client.post(f"/clinic/invitations/{invitation.id}/accept/")

    assert response.status_code == 404


def test_an_account_that_had_a_role_in_the_chain_is_given_the_role_directly(
    clinic_admin, riverside, outsider, hillcrest
):
    Membership.objects.filter(user=outsider, clinic=hillcrest).update(active=False)

    response = add_existing(client_for(clinic_admin), riverside, "hillcrest.practitioner")

    assert said(response) == ["Role given."]
    assert Membership.objects.get(user=outsider, clinic=riverside).active
    assert not Invitation.objects.exists()


def test_the_invitations_page_is_for_the_logged_in_account_only(client, invitation):
    response = client.get("/clinic/invitations/")

    assert response.status_code == 302
    assert "/login/" in response["Location"]
