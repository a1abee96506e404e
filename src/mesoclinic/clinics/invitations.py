"""Roles offered to accounts beyond the clinic's chain, and their holders' answers.

An admin who names an account outside the chain (or a username no account has) gets one
and the same answer, so the staff form tells nobody which usernames exist. Only the account
holder, logged in, sees the invitation and accepts or declines it: another user asking for
it gets the 404 of an invitation that does not exist.
"""

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import Http404
from django.utils import timezone

from mesoclinic.access import Capability, access_clinic
from mesoclinic.audit.actor import Actor
from mesoclinic.audit.models import Action
from mesoclinic.audit.services import audit_record
from mesoclinic.clinics.models import Clinic, Invitation, InvitationStatus, Membership, Role

INVITED = (
    "If an account with this username exists, it has been invited: the role starts once "
    "its holder accepts."
)


def in_chain(user: User, clinic: Clinic) -> bool:
    """The account has or had a role at a clinic of this clinic's chain."""
    return Membership.objects.filter(user=user, clinic__chain_id=clinic.chain_id).exists()


def invitation_create(*, actor: Actor, clinic_id: int, username: str, role: str) -> None:
    """Invite the account with this username to a role here, if there is such an active
    account. Returns nothing, and the audit row reads the same either way, so neither the
    answer nor the trail says whether the username exists."""
    if role not in Role.values:
        raise ValidationError({"role": "Choose a role."})
    with transaction.atomic():
        clinic = access_clinic(actor, clinic_id, Capability.SETUP)
        user = User.objects.filter(username=username.strip(), is_active=True).first()
        if (
            user is not None
            and not Membership.objects.filter(user=user, clinic=clinic, active=True).exists()
        ):
            pending = (
                Invitation.objects.select_for_update()
                .filter(user=user, clinic=clinic, status=InvitationStatus.PENDING)
                .first()
            )
            if pending is None:
                Invitation.objects.create(
                    clinic=clinic, user=user, role=role, invited_by=actor.user
                )
            else:  # asked again: the latest role asked for is the one offered
                pending.role, pending.invited_by = role, actor.user
                pending.save(update_fields=["role", "invited_by"])
        audit_record(
            actor=actor,
            action=Action.CREATE,
            target=f"invitation to a username as {role}",
            clinic_id=clinic.id,
        )


def pending_invitations(actor: Actor) -> models.QuerySet[Invitation]:
    """The invitations waiting for this account's answer, oldest first."""
    return (
        Invitation.objects.filter(user_id=actor.user.pk, status=InvitationStatus.PENDING)
        .select_related("clinic", "clinic__chain", "invited_by")
        .order_by("created_at", "id")
    )


def _locked_own(actor: Actor, invitation_id: int) -> Invitation:
    found = (
        pending_invitations(actor).select_for_update(of=("self",)).filter(pk=invitation_id).first()
    )
    if found is None or not actor.user.is_active:
        raise Http404("No such record.")
    return found


def invitation_accept(*, actor: Actor, invitation_id: int) -> Membership:
    """The account holder takes the role offered (or has an ended role here back)."""
    with transaction.atomic():
        invitation = _locked_own(actor, invitation_id)
        membership, created = Membership.objects.update_or_create(
            user_id=actor.user.pk,
            clinic_id=invitation.clinic_id,
            defaults={"role": invitation.role, "active": True},
        )
        invitation.status, invitation.answered_at = InvitationStatus.ACCEPTED, timezone.now()
        invitation.save(update_fields=["status", "answered_at"])
        audit_record(
            actor=actor,
            action=Action.CREATE if created else Action.UPDATE,
            target=f"invitation {invitation.pk} accepted: membership {membership.pk} "
            f"as {invitation.role}",
            clinic_id=invitation.clinic_id,
        )
    return membership


def invitation_decline(*, actor: Actor, invitation_id: int) -> Invitation:
    with transaction.atomic():
        invitation = _locked_own(actor, invitation_id)
        invitation.status, invitation.answered_at = InvitationStatus.DECLINED, timezone.now()
        invitation.save(update_fields=["status", "answered_at"])
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            target=f"invitation {invitation.pk} declined",
            clinic_id=invitation.clinic_id,
        )
    return invitation
