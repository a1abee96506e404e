"""Reads for the clinic setup pages: only clinics where the actor holds SETUP, and each read
of a page's data is written to the audit trail in the same transaction."""

from dataclasses import dataclass

from django.db import models, transaction

from mesoclinic.access import Capability, access_clinic, access_clinics, get_in_clinics_or_404
from mesoclinic.audit.actor import Actor
from mesoclinic.audit.models import Action
from mesoclinic.audit.services import audit_record
from mesoclinic.clinics.models import Clinic, Closure, Membership, OpeningHours, Room


def setup_clinics(actor: Actor) -> models.QuerySet[Clinic]:
    """The clinics this actor may set up (by name, for a chooser)."""
    return access_clinics(actor, Capability.SETUP).order_by("name")


def access_setup_clinic(actor: Actor, clinic_id: int, target: str = "clinic settings") -> Clinic:
    """One clinic the actor administers, or 404; the read is audited."""
    with transaction.atomic():
        clinic = access_clinic(actor, clinic_id, Capability.SETUP)
        audit_record(actor=actor, action=Action.READ, target=target, clinic_id=clinic.id)
    return clinic


@dataclass(frozen=True)
class ClinicSetup:
    clinic: Clinic
    opening_hours: list[OpeningHours]
    closures: list[Closure]
    rooms: list[Room]


def access_clinic_setup(actor: Actor, clinic_id: int, target: str) -> ClinicSetup:
    """A clinic with its hours, closures and rooms (no personal data), read once and audited."""
    with transaction.atomic():
        clinic = access_clinic(actor, clinic_id, Capability.SETUP)
        setup = ClinicSetup(
            clinic=clinic,
            opening_hours=list(clinic.opening_hours.all()),
            closures=list(clinic.closures.all()),
            rooms=list(clinic.rooms.all()),
        )
        audit_record(actor=actor, action=Action.READ, target=target, clinic_id=clinic.id)
    return setup


def access_staff(actor: Actor, clinic_id: int) -> tuple[Clinic, list[Membership]]:
    """The clinic's members with their roles: names and emails, so the read is audited."""
    with transaction.atomic():
        clinic = access_clinic(actor, clinic_id, Capability.SETUP)
        members = list(
            Membership.objects.filter(clinic=clinic)
            .select_related("user")
            .order_by("-active", "user__last_name", "user__first_name", "user__username")
        )
        audit_record(actor=actor, action=Action.READ, target="staff list", clinic_id=clinic.id)
    return clinic, members


def access_room(actor: Actor, clinic_id: int, room_id: int) -> Room:
    with transaction.atomic():
        clinic = access_clinic(actor, clinic_id, Capability.SETUP)
        room = get_in_clinics_or_404(Room.objects.filter(clinic=clinic), id=room_id)
        audit_record(actor=actor, action=Action.READ, target=f"room {room.pk}", clinic_id=clinic.id)
    return room


def access_member(actor: Actor, clinic_id: int, membership_id: int) -> Membership:
    """One member of the clinic with their account (name, email): the read is audited."""
    with transaction.atomic():
        clinic = access_clinic(actor, clinic_id, Capability.SETUP)
        membership = get_in_clinics_or_404(
            Membership.objects.filter(clinic=clinic).select_related("user", "clinic"),
            id=membership_id,
        )
        audit_record(
            actor=actor,
            action=Action.READ,
            target=f"membership {membership.pk}",
            clinic_id=clinic.id,
        )
    return membership
