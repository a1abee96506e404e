"""A practitioner off sick or on leave: the repair proposal for her bookings on those days,
shown as a diff before anything changes, then applied in one transaction.

The proposal moves as few other bookings as it can (a colleague at the same time first,
else the nearest free time in the session's window, pushing later sessions of that course
only when the minimum gap demands). Applying re-computes it and refuses if it no longer
matches what the desk saw, so nobody confirms one diff and gets another.
"""

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction

from mesoclinic.access import get_in_clinics_or_404, scoped
from mesoclinic.appointments.calendar import load_calendar, to_utc, to_wall
from mesoclinic.appointments.models import Appointment, AppointmentStatus
from mesoclinic.appointments.presenters import plan_rows
from mesoclinic.appointments.selectors import SCHEDULE
from mesoclinic.appointments.services import (
    BookingRefused,
    Slot,
    approve,
    course_rules,
    move_row,
    write_or_taken,
)
from mesoclinic.audit.actor import Actor
from mesoclinic.audit.models import Action
from mesoclinic.audit.services import audit_record
from mesoclinic.clinics.clock import clinic_today
from mesoclinic.courses.models import Course
from mesoclinic.patients.models import Patient
from mesoclinic.rota.models import Absence
from mesoclinic.scheduling import model as sched
from mesoclinic.scheduling.repair import repair_absence

# How far around the absence the calendar is read: later sessions may be pushed along.
REACH = timedelta(days=42)


@dataclass(frozen=True)
class MoveRow:
    appointment: Appointment
    before: sched.Appointment
    after: sched.Appointment
    practitioner: str  # after the move
    room: str
    direct: bool  # the absent practitioner's own booking; else pushed along by the gap


@dataclass(frozen=True)
class RepairPreview:
    absence: Absence
    moves: list[MoveRow]
    stranded: list[tuple[Appointment, str]]
    patients: list[Patient]
    directly_affected: int
    fingerprint: str

    @property
    def collateral(self) -> int:
        return sum(1 for move in self.moves if not move.direct)


def access_absence(actor: Actor, absence_id: int) -> Absence:
    return get_in_clinics_or_404(
        scoped(Absence.objects.select_related("clinic", "practitioner"), actor, SCHEDULE),
        id=absence_id,
        cancelled_at__isnull=True,
    )


def _days(absence: Absence, today: date) -> frozenset[date]:
    first = max(absence.first_day, today)
    return frozenset(first + timedelta(days=n) for n in range((absence.last_day - first).days + 1))


def _fingerprint(moves: list[MoveRow], stranded: list[tuple[Appointment, str]]) -> str:
    parts = [
        f"{m.appointment.id}>{m.after.practitioner_id}@{m.after.room_id}@{m.after.start}"
        for m in moves
    ]
    parts += [f"{row.id}!" for row, _reason in stranded]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def absence_repair_preview(actor: Actor, absence_id: int) -> RepairPreview:
    """What would move, and who to call. Reads only."""
    absence = access_absence(actor, absence_id)
    clinic = absence.clinic
    days = _days(absence, clinic_today(clinic))
    live = Appointment.objects.filter(clinic=clinic, status=AppointmentStatus.BOOKED)
    hit: list[Appointment] = []
    if days:
        # Her bookings from a day before to a day after (any UTC offset), then those on
        # the days away by the clinic's clock.
        near = live.filter(
            practitioner=absence.practitioner,
            starts_at__gte=to_utc(datetime.combine(min(days), time()), clinic) - timedelta(days=1),
            starts_at__lt=to_utc(datetime.combine(max(days), time()), clinic) + timedelta(days=2),
        )
        hit = [row for row in near if to_wall(row.starts_at, clinic).date() in days]
    courses = {
        c.id: c
        for c in Course.objects.filter(id__in={row.course_id for row in hit}).select_related(
            "clinic"
        )
    }
    if days:
        calendar = load_calendar(clinic, min(days) - REACH, max(days) + REACH)
        proposal = repair_absence(
            calendar,
            str(absence.practitioner_id),
            days,
            {str(c.id): course_rules(c) for c in courses.values()},
            not_before=clinic_today(clinic),
        )
        moves_found, stranded_found = proposal.moves, proposal.stranded
    else:
        moves_found, stranded_found = (), ()
    rows = {
        (str(row.course_id), row.number): row
        for row in live.filter(course_id__in=courses).select_related("patient")
    }
    afters = plan_rows(tuple(m.after for m in moves_found), clinic)
    moves = [
        MoveRow(rows[m.before.key()], m.before, m.after, shown.practitioner, shown.room, m.direct)
        for m, shown in zip(moves_found, afters, strict=True)
    ]
    stranded = [(rows[s.appointment.key()], s.reason) for s in stranded_found]
    patient_ids = {m.appointment.patient_id for m in moves} | {r.patient_id for r, _ in stranded}
    return RepairPreview(
        absence=absence,
        moves=moves,
        stranded=stranded,
        patients=list(Patient.objects.filter(id__in=patient_ids).order_by("family_name")),
        directly_affected=len(hit),
        fingerprint=_fingerprint(moves, stranded),
    )


@transaction.atomic
def absence_repair_apply(*, actor: Actor, absence_id: int, fingerprint: str) -> RepairPreview:
    """Apply the proposal the desk confirmed, all moves or none."""
    preview = absence_repair_preview(actor, absence_id)
    if preview.fingerprint != fingerprint:
        raise BookingRefused(
            ["The calendar changed since the proposal was shown: review the new proposal."],
            taken=True,
        )
    if not preview.moves:
        raise BookingRefused(["Nothing to move."])
    locked = {
        row.id: row
        for row in Appointment.objects.select_for_update().filter(
            id__in=[m.appointment.id for m in preview.moves]
        )
    }
    courses = {
        c.id: c
        for c in Course.objects.filter(
            id__in={m.appointment.course_id for m in preview.moves}
        ).select_related("clinic")
    }
    approve(
        preview.absence.clinic,
        [m.after for m in preview.moves],
        {str(c.id): course_rules(c) for c in courses.values()},
        leave_out=frozenset(locked),
    )

    def work() -> list[Appointment]:
        for m in preview.moves:
            slot = Slot(
                m.after.number, int(m.after.practitioner_id), int(m.after.room_id), m.after.start
            )
            move_row(locked[m.appointment.id], courses[m.appointment.course_id], slot)
        return list(locked.values())

    write_or_taken(work)
    for m in preview.moves:
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            target=f"appointment {m.appointment.id} moved for absence {preview.absence.id}",
            clinic_id=preview.absence.clinic_id,
            patient_id=m.appointment.patient_id,
        )
    return preview
