"""The clinic invites a patient: her account is made, and an email lets her set a password.
The invitation email names the clinic and carries a link, nothing about her care."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.http import Http404
from django.test import Client

from mesoclinic.audit.models import AuditEvent
from mesoclinic.clinics.models import Membership
from mesoclinic.messaging.models import Message
from mesoclinic.portal.accounts.services import account_invite
from mesoclinic.portal.models import LinkPurpose, PatientAccount, PatientLink
from tests.clinical_words import assert_no_clinical_detail
from tests.conftest import actor
from tests.portal.accounts.conftest import link_in


def invite(patient, staff, email):
    return account_invite(actor=actor(staff), patient_id=patient.id, email=email)


def test_inviting_makes_an_account_without_a_usable_password_and_emails_a_link(
    patient, front_desk, smtp_server, run_queue
):
    account = account_invite(
        actor=actor(front_desk), patient_id=patient.id, email="Ada@Example.org"
    )

    assert account.email == "ada@example.org"
    assert not account.user.has_usable_password()
    assert not Membership.objects.filter(user=account.user).exists()
    run_queue()
    [email] = smtp_server.wait_for(1)
    assert email["To"] == "ada@example.org"
    assert "Riverside" in email["Subject"]
    assert link_in(email, "/portal/welcome/")
    assert "Lovelace" not in email.get_body(preferencelist=("plain",)).get_content()


def test_the_invitation_link_expires_after_seven_days(patient, front_desk):
    invite(patient, front_desk, "ada@example.org")
    link = PatientLink.objects.get(purpose=LinkPurpose.SET_PASSWORD)
    assert abs((link.expires_at - link.created_at) - timedelta(days=7)) < timedelta(minutes=1)


def test_inviting_again_sends_a_fresh_link_to_the_same_account(
    patient, front_desk, smtp_server, run_queue
):
    first = invite(patient, front_desk, "ada@example.org")
    second = invite(patient, front_desk, "ada@example.org")
    run_queue()
    emails = smtp_server.wait_for(2)
    assert first.pk == second.pk
    assert link_in(emails[0], "/portal/welcome/") != link_in(emails[1], "/portal/welcome/")


def test_inviting_again_ends_the_earlier_link_which_then_says_it_expired(
    patient, front_desk, smtp_server, run_queue
):
    """The first may have gone to a wrong address."""
    invite(patient, front_desk, "ada@wrong.example")
    invite(patient, front_desk, "ada@example.org")
    run_queue()
    first, second = smtp_server.wait_for(2)
    assert first["To"] == "ada@wrong.example"
    old = Client().get(link_in(first, "/portal/welcome/"))
    assert old.status_code == 410
    assert "This link has expired" in old.content.decode()
    assert Client().get(link_in(second, "/portal/welcome/")).status_code == 200


def test_inviting_again_with_another_address_changes_the_address_she_signs_in_with(
    patient, front_desk
):
    invite(patient, front_desk, "ada@example.org")
    account = account_invite(
        actor=actor(front_desk), patient_id=patient.id, email="ada@new.example"
    )
    assert PatientAccount.objects.get().email == account.email == "ada@new.example"


def test_an_address_used_by_another_patients_account_is_refused_with_a_clear_message(
    patient, bea, front_desk
):
    invite(bea, front_desk, "bea@example.org")
    with pytest.raises(ValidationError) as refused:
        invite(patient, front_desk, "BEA@example.org")
    assert "Another patient's portal account uses this address" in str(refused.value)
    assert PatientAccount.objects.count() == 1


def test_a_patient_who_wants_no_reminders_can_still_be_invited(patient, front_desk):
    """The invitation is a service email she asked for; may_contact is about reminders."""
    patient.may_contact = False
    patient.save()
    assert invite(patient, front_desk, "ada@example.org")


def test_an_address_that_is_not_one_is_refused_beside_the_email_field(patient, front_desk):
    with pytest.raises(ValidationError) as refused:
        invite(patient, front_desk, "ada at example")
    assert "email" in refused.value.message_dict


def test_a_record_entered_in_error_cannot_be_invited(patient, front_desk):
    patient.status = "entered_in_error"
    patient.save()
    with pytest.raises(ValidationError):
        invite(patient, front_desk, "ada@example.org")


def test_another_clinics_staff_cannot_invite_a_patient_here(patient, outsider):
    with pytest.raises(Http404):
        account_invite(actor=actor(outsider), patient_id=patient.id, email="ada@example.org")
    assert not PatientAccount.objects.exists()


def test_the_account_is_a_new_user_never_a_staff_account(patient, front_desk):
    staff_before = set(User.objects.values_list("pk", flat=True))
    account = account_invite(
        actor=actor(front_desk), patient_id=patient.id, email="ada@example.org"
    )
    assert account.user.pk not in staff_before


def test_the_invitation_is_audited_without_the_address(patient, front_desk):
    invite(patient, front_desk, "ada@example.org")
    row = AuditEvent.objects.filter(target__contains="invitation sent").get()
    assert row.patient_id == patient.id
    assert "ada@" not in row.target


def test_the_invitation_names_no_clinical_detail(patient, front_desk, smtp_server, run_queue):
    invite(patient, front_desk, "ada@example.org")
    run_queue()
    [email] = smtp_server.wait_for(1)
    assert_no_clinical_detail(Message.objects.get())
    assert_no_clinical_detail(email, clinic=patient.clinic)
