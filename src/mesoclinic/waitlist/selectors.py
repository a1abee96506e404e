"""Reading the waitlist. The desk reads its clinic's (every role: it is the schedule, so
demographics); another clinic's staff get 404. A patient reads her own entries only.
Every list is a fixed number of queries, whatever its length."""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.models import User
from django.db import models, transaction
from django.db.models import Prefetch
from django.utils import timezone

from mesoclinic.access import access_clinic, get_in_clinics_or_404, scoped
from mesoclinic.appointments.models import Appointment, AppointmentStatus
from mesoclinic.appointments.selectors import SCHEDULE
from mesoclinic.audit.actor import Actor
from mesoclinic.audit.models import Action
from mesoclinic.audit.services import audit_record
from mesoclinic.clinics.models import Clinic
from mesoclinic.patients.models import Patient
from mesoclinic.portal.access import owned_or_404
from mesoclinic.waitlist.models import (
    EntryState,
    OfferState,
    Opening,
    OpeningState,
    WaitlistEntry,
    WaitlistOffer,
)

# How far back the desk's page shows openings and offers that are over.
RECENT = timedelta(days=14)


def _entries() -> models.QuerySet[WaitlistEntry]:
    return WaitlistEntry.objects.select_related(
        "patient", "appointment__practitioner"
    ).prefetch_related(Prefetch("practitioners", queryset=User.objects.order_by("id")))


def access_entries(actor: Actor) -> models.QuerySet[WaitlistEntry]:
    return scoped(_entries(), actor, SCHEDULE)


def access_opening(actor: Actor, opening_id: int) -> Opening:
    return get_in_clinics_or_404(scoped(Opening.objects.all(), actor, SCHEDULE), id=opening_id)


def access_entry(actor: Actor, entry_id: int) -> WaitlistEntry:
    return get_in_clinics_or_404(access_entries(actor), id=entry_id)


def desk_appointment(actor: Actor, appointment_id: int) -> Appointment:
    """A booked appointment of the desk's clinics, to put on the waitlist; the read is
    audited."""
    with transaction.atomic():
        row = get_in_clinics_or_404(
            scoped(
                Appointment.objects.select_related("clinic", "patient", "practitioner"),
                actor,
                SCHEDULE,
            ),
            id=appointment_id,
            status=AppointmentStatus.BOOKED,
        )
        audit_record(
            actor=actor,
            action=Action.READ,
            target=f"appointment {row.id} for the waitlist",
            clinic_id=row.clinic_id,
            patient_id=row.patient_id,
        )
    return row


@dataclass(frozen=True)
class OpeningView:
    opening: Opening
    offers: list[WaitlistOffer]
    candidates: list[WaitlistEntry]  # in the order they are offered

    @property
    def live_offer(self) -> WaitlistOffer | None:
        return next((o for o in self.offers if o.state == OfferState.OFFERED), None)


@dataclass(frozen=True)
class Board:
    clinic: Clinic
    waiting: list[WaitlistEntry]
    openings: list[OpeningView]


def waitlist_board(actor: Actor, clinic_id: int) -> Board:
    """The clinic's sessions waiting for an earlier time, first come first, and the times
    freed lately with their candidates and offers (the ones still open first)."""
    with transaction.atomic():
        clinic = access_clinic(actor, clinic_id, SCHEDULE)
        audit_record(actor=actor, action=Action.READ, target="waitlist", clinic_id=clinic.id)
    # A session whose time has come no longer waits for an earlier one.
    waiting = list(
        _entries().filter(
            clinic=clinic, state=EntryState.WAITING, appointment__starts_at__gt=timezone.now()
        )
    )
    since = timezone.now() - RECENT
    openings = list(
        Opening.objects.filter(clinic=clinic)
        .filter(models.Q(state=OpeningState.OPEN) | models.Q(created_at__gte=since))
        .select_related("practitioner", "room")
        .prefetch_related(
            Prefetch(
                "offers",
                queryset=WaitlistOffer.objects.select_related("patient").order_by("offered_at"),
            )
        )
        .order_by("-starts_at", "-id")[:100]
    )
    ids = {entry_id for o in openings for entry_id in o.candidates}
    known = {e.id: e for e in waiting} | {
        e.id: e for e in _entries().filter(clinic=clinic, id__in=ids - {e.id for e in waiting})
    }
    views = [
        OpeningView(
            opening=o,
            offers=list(o.offers.all()),
            candidates=[known[i] for i in o.candidates if i in known],
        )
        for o in openings
    ]
    views.sort(key=lambda v: v.opening.state != OpeningState.OPEN)
    return Board(clinic=clinic, waiting=waiting, openings=views)


def her_appointment(patient: Patient, appointment_id: int) -> Appointment:
    """One of her booked sessions still to come, or 404."""
    return owned_or_404(
        Appointment.objects.select_related("clinic", "practitioner").filter(
            status=AppointmentStatus.BOOKED, starts_at__gt=timezone.now()
        ),
        patient,
        id=appointment_id,
    )


def her_waitlist(patient: Patient) -> list[WaitlistEntry]:
    """Her entries, those waiting first, with their offers."""
    rows = (
        WaitlistEntry.objects.filter(patient=patient)
        .select_related("appointment__practitioner")
        .prefetch_related(
            Prefetch("practitioners", queryset=User.objects.order_by("id")),
            Prefetch(
                "offers",
                queryset=WaitlistOffer.objects.select_related("opening").order_by("-offered_at"),
            ),
        )
        .order_by("-created_at", "-id")
    )
    return sorted(rows, key=lambda e: e.state != EntryState.WAITING)
