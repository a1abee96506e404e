"""A patient's account: the clinic invites her, she sets a password from the emailed link,
and she changes it later. Signing in by an emailed link is in `sign_in.py`.

The invitation does not ask for `may_contact`. That flag is her answer about the clinic
reaching out on its own (reminders, recalls); an invitation is a service email sent because
she asked for portal access, by a member of staff acting on that request, and it names no
more than her clinic and a link. Refusing it would leave a patient who wants the portal but
no reminders with no way in.
"""

import secrets
from datetime import timedelta

from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from mesoclinic.access import Capability, access_patient
from mesoclinic.audit.actor import Actor
from mesoclinic.audit.models import Action
from mesoclinic.audit.services import audit_record
from mesoclinic.messaging.addresses import absolute_url
from mesoclinic.messaging.services import message_queue
from mesoclinic.patients.models import Patient, RecordStatus
from mesoclinic.portal.addresses import patient_address
from mesoclinic.portal.links import link_issue, link_spend
from mesoclinic.portal.models import LinkPurpose, PatientAccount, PatientLink

INVITATION_VALID = timedelta(days=7)


def _address(email: str) -> str:
    address = email.strip().lower()
    try:
        validate_email(address)
    except ValidationError:
        raise ValidationError({"email": "Enter the email address she will sign in with."}) from None
    return address


def account_invite(*, actor: Actor, patient_id: int, email: str) -> PatientAccount:
    """Staff invite a patient to the portal (as they would edit her record): her account is
    made if she has none, without a usable password, and a link to set one is emailed to
    `email`. Inviting again sends a fresh link and ends the earlier ones (one may have gone
    to a wrong address), and may change the address she signs in with."""
    address = _address(email)
    with transaction.atomic():
        patient = access_patient(actor, patient_id, Capability.DEMOGRAPHICS, "portal invitation")
        if patient.status != RecordStatus.ACTIVE:
            raise ValidationError({"email": "This record was entered in error: no invitation."})
        # Only her own clinic's accounts are compared: whether another clinic has a patient
        # with this address is not this clinic's business, and she may be that patient.
        taken = (
            PatientAccount.objects.filter(clinic_id=patient.clinic_id, email=address)
            .exclude(patient=patient)
            .exists()
        )
        if taken:
            raise ValidationError(
                {
                    "email": "Another patient's portal account uses this address. Each "
                    "account needs its own address: check it with her."
                }
            )
        account = PatientAccount.objects.select_for_update().filter(patient=patient).first()
        if account is None:
            account = _account_create(patient=patient, address=address, invited_by=actor.user)
            change = "created"
        elif account.email != address:
            account.email, account.invited_by = address, actor.user
            account.save(update_fields=["email", "invited_by"])
            change = "address changed"
        else:
            change = "invited again"
        _end_invitation_links(patient)
        _send_invitation(account, patient)
        audit_record(
            actor=actor,
            action=Action.CREATE if change == "created" else Action.UPDATE,
            target=f"portal account {account.pk}: {change}, invitation sent",
            clinic_id=patient.clinic_id,
            patient_id=patient.id,
        )
    return account


def _account_create(*, patient: Patient, address: str, invited_by: User) -> PatientAccount:
    # A new user every time, never an existing one: a staff account is never a patient's.
    user = User(username=f"patient.{secrets.token_hex(8)}", email=address)
    user.set_unusable_password()
    user.save()
    return PatientAccount.objects.create(
        user=user,
        patient=patient,
        clinic_id=patient.clinic_id,
        email=address,
        invited_by=invited_by,
    )


def _end_invitation_links(patient: Patient) -> None:
    """Her unused invitation links expire now: they then say so, and to ask for a new one."""
    now = timezone.now()
    PatientLink.objects.filter(
        patient=patient,
        purpose=LinkPurpose.SET_PASSWORD,
        used_at__isnull=True,
        expires_at__gt=now,
    ).update(expires_at=now)


def _send_invitation(account: PatientAccount, patient: Patient) -> None:
    expires_at = timezone.now() + INVITATION_VALID
    secret = link_issue(patient=patient, purpose=LinkPurpose.SET_PASSWORD, expires_at=expires_at)
    message_queue(
        kind="portal_invitation",
        # Each invitation is its own message: the desk may send a fresh one any time.
        key=f"portal_invitation:{account.pk}:{secrets.token_hex(8)}",
        clinic=patient.clinic,
        patient=patient,
        to=patient_address(patient, about_her_account=True),
        template="portal/account/email/invitation",
        context={
            "clinic": patient.clinic,
            "link": absolute_url(reverse("portal:welcome", kwargs={"secret": secret})),
            "days": INVITATION_VALID.days,
        },
    )


def account_set_password(*, secret: str, password: str, ip: str | None) -> PatientAccount:
    """She sets her password from an invitation link, which is spent by it. A password the
    validators refuse leaves the link unspent, so she can try again."""
    with transaction.atomic():
        link = link_spend(purpose=LinkPurpose.SET_PASSWORD, secret=secret)
        account = PatientAccount.objects.select_related("user", "patient").get(
            patient_id=link.patient_id
        )
        validate_with_field(password, account.user, "password")
        account.user.set_password(password)
        account.user.save(update_fields=["password"])
        _end_invitation_links(account.patient)
        audit_record(
            actor=Actor(user=account.user, ip=ip, via="portal"),
            action=Action.UPDATE,
            target=f"portal account {account.pk}: password set from invitation",
            clinic_id=account.patient.clinic_id,
            patient_id=account.patient_id,
        )
    return account


def validate_with_field(password: str, user: User, field: str) -> None:
    """Django's password validators, their messages put on `field`."""
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({field: list(error.messages)}) from None


def account_change_password(
    *, actor: Actor, account: PatientAccount, current: str | None, new: str
) -> None:
    """She changes her password: the current one first, then the new one meets the same
    validators as everyone's. `current=None` only when she signed in this session with an
    emailed link (the way in when she forgot it): the link proved the address, as an
    invitation does."""
    user = account.user
    if current is not None and not user.check_password(current):
        raise ValidationError({"current_password": "That is not your current password."})
    validate_with_field(new, user, "new_password")
    with transaction.atomic():
        user.set_password(new)
        user.save(update_fields=["password"])
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            target=f"portal account {account.pk}: password changed",
            clinic_id=account.patient.clinic_id,
            patient_id=account.patient_id,
        )
