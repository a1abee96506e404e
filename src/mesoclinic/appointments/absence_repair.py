"""A practitioner off sick or on leave: the repair proposal for her bookings on those days,
shown as a diff before anything changes, then applied in one transaction.

The proposal moves as few other bookings as it can (a colleague at the same time first,
else the nearest free time in the session's window, else a week added at the end of the
course, pushing later sessions of that course only when nothing else works). Applying
re-computes it and refuses if it no longer matches what the desk saw, so nobody confirms
one diff and gets another.
"""

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Max, QuerySet

from mesoclinic.access import get_in_clinics_or_404, scoped
from mesoclinic.appointments.booking.wishes import wishes_by_course
from mesoclinic.appointments.calendar import load_calendar, to_utc, to_wall
from mesoclinic.appointments.models import Appointment, AppointmentStatus
from mesoclinic.appointments.presenters import plan_names, plan_rows
from mesoclinic.appointments.selectors import SCHEDULE
from mesoclinic.appointments.services import (
    BookingRefused,
    Slot,
    approve,
    course_rules,
    held_dates,
    move_row,
    write_or_taken,
)
from mesoclinic.audit.actor import Actor
from mesoclinic.audit.models import Action
from mesoclinic.audit.services import audit_record
from mesoclinic.clinics.clock import clinic_today
from mesoclinic.clinics.models import Clinic
from mesoclinic.courses.models import Course
from mesoclinic.domain.plausible import LAST_YEAR
from mesoclinic.domain.wording import DASH, listing
from mesoclinic.patients.models import Patient
from mesoclinic.rota.models import Absence
from mesoclinic.scheduling import model as sched
from mesoclinic.scheduling.repair import Move, Stranded, repair_absence

# How far around the absence the calendar is read: later sessions may be pushed along.
# It reaches further when a course's last session is later: a session can go after it.
REACH = timedelta(days=42)
# A live session's number is unique within its course, and renumbering shifts a run of
# them: each takes a number above any course's first, then its own.
PARKED_NUMBERS = 10_000


@dataclass(frozen=True)
class MoveRow:
    appointment: Appointment
    before: sched.Appointment
    after: sched.Appointment
    practitioner: str  # after the move
    room: str
    direct: bool  # the absent practitioner's own booking; else pushed along by the gap
    # Before the move, so the page can show who and where change, not only when.
    practitioner_before: str = ""
    room_before: str = ""

    @property
    def time_changes(self) -> bool:
        return self.after.start != self.before.start

    @property
    def practitioner_changes(self) -> bool:
        return self.after.practitioner_id != self.before.practitioner_id

    @property
    def room_changes(self) -> bool:
        return self.after.room_id != self.before.room_id

    @property
    def to_the_end(self) -> bool:
        """Sent after the course's last session, taking its number."""
        return self.after.number != self.before.number


@dataclass(frozen=True)
class RenumberRow:
    """A session that keeps its time but takes the number before its own, because an
    earlier session of its course went to the end."""

    appointment: Appointment
    after: sched.Appointment  # at the same time, with its new number

    @property
    def number(self) -> int:
        return self.after.number


@dataclass(frozen=True)
class RepairPreview:
    absence: Absence
    moves: list[MoveRow]
    renumbered: list[RenumberRow]
    stranded: list[tuple[Appointment, str]]
    patients: list[Patient]
    directly_affected: int
    fingerprint: str

    @property
    def collateral(self) -> int:
        return sum(1 for move in self.moves if not move.direct)

    @property
    def renumbering(self) -> list[tuple[Patient, str]]:
        """Per course, one line for the sessions that only change number."""
        by_course: dict[int, list[RenumberRow]] = {}
        for row in sorted(self.renumbered, key=lambda r: r.appointment.number):
            by_course.setdefault(row.appointment.course_id, []).append(row)
        lines = []
        for rows in by_course.values():
            was, now = (
                _numbers([r.appointment.number for r in rows]),
                _numbers([r.number for r in rows]),
            )
            if len(rows) == 1:
                line = f"session {was} keeps its time and becomes session {now}"
            else:
                line = f"sessions {was} keep their times and become sessions {now}"
            lines.append((rows[0].appointment.patient, line))
        return lines


def _numbers(values: list[int]) -> str:
    """ "3–7" for a run, else "3, 5 and 6"."""
    if len(values) > 2 and values == list(range(values[0], values[-1] + 1)):
        return f"{values[0]}{DASH}{values[-1]}"
    return listing([str(v) for v in values])


def access_absence(actor: Actor, absence_id: int) -> Absence:
    return get_in_clinics_or_404(
        scoped(Absence.objects.select_related("clinic", "practitioner"), actor, SCHEDULE),
        id=absence_id,
        cancelled_at__isnull=True,
    )


def _days(absence: Absence, today: date) -> frozenset[date]:
    # Nothing is booked after 2100, and an absence saved before such days were refused may
    # run to 9999, where the reads around its days would overflow.
    first = max(absence.first_day, today)
    last = min(absence.last_day, date(LAST_YEAR, 12, 31))
    return frozenset(first + timedelta(days=n) for n in range((last - first).days + 1))


def _fingerprint(
    moves: list[MoveRow], renumbered: list[RenumberRow], stranded: list[tuple[Appointment, str]]
) -> str:
    parts = [
        f"{m.appointment.id}>{m.after.number}@{m.after.practitioner_id}@{m.after.room_id}"
        f"@{m.after.start}"
        for m in moves
    ]
    parts += [f"{r.appointment.id}#{r.number}" for r in renumbered]
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
    moves_found: tuple[Move, ...] = ()
    renumbered_found: tuple[Move, ...] = ()
    stranded_found: tuple[Stranded, ...] = ()
    if days:
        rules = {str(c.id): course_rules(c) for c in courses.values()}
        calendar = load_calendar(clinic, min(days) - REACH, _read_until(live, rules, days, clinic))
        proposal = repair_absence(
            calendar,
            str(absence.practitioner_id),
            days,
            rules,
            not_before=clinic_today(clinic),
            preferences_by_course=wishes_by_course(clinic, courses.values()),
            last_held=held_dates(courses.values()),
        )
        moves_found, stranded_found = proposal.moves, proposal.stranded
        renumbered_found = proposal.renumbered
    rows = {
        (str(row.course_id), row.number): row
        for row in live.filter(course_id__in=courses).select_related("patient")
    }
    after, before = [m.after for m in moves_found], [m.before for m in moves_found]
    names = plan_names(clinic, after, before)
    afters, befores = plan_rows(after, names), plan_rows(before, names)
    moves = [
        MoveRow(
            rows[m.before.key()],
            m.before,
            m.after,
            shown.practitioner,
            shown.room,
            m.direct,
            practitioner_before=was.practitioner,
            room_before=was.room,
        )
        for m, shown, was in zip(moves_found, afters, befores, strict=True)
    ]
    renumbered = [RenumberRow(rows[m.before.key()], m.after) for m in renumbered_found]
    stranded = [(rows[s.appointment.key()], s.reason) for s in stranded_found]
    patient_ids = {m.appointment.patient_id for m in moves} | {r.patient_id for r, _ in stranded}
    return RepairPreview(
        absence=absence,
        moves=moves,
        renumbered=renumbered,
        stranded=stranded,
        patients=list(
            Patient.objects.filter(id__in=patient_ids)
            .select_related("clinic")
            .order_by("family_name")
        ),
        directly_affected=len(hit),
        fingerprint=_fingerprint(moves, renumbered, stranded),
    )


def _read_until(
    live: QuerySet[Appointment],
    rules: dict[str, sched.GapRules],
    days: frozenset[date],
    clinic: Clinic,
) -> date:
    """The last day the repair may look at: past the absence by REACH, and one cadence and
    its tolerance past the last booked session of each course it hits."""
    until = max(days) + REACH
    ends = (
        live.filter(course_id__in=[int(c) for c in rules])
        .values("course_id")
        .annotate(last=Max("starts_at"))
    )
    for row in ends:
        rule = rules[str(row["course_id"])]
        reach = timedelta(days=rule.cadence_days + rule.tolerance_days + 1)
        until = max(until, to_wall(row["last"], clinic).date() + reach)
    return until


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
    stranded = {row.id for row, _reason in preview.stranded}
    numbers = {m.appointment.id: m.after.number for m in preview.moves}
    numbers.update({r.appointment.id: r.number for r in preview.renumbered})
    locked = {row.id: row for row in Appointment.objects.select_for_update().filter(id__in=numbers)}
    courses = {
        c.id: c
        for c in Course.objects.filter(
            id__in={m.appointment.course_id for m in preview.moves}
        ).select_related("clinic")
    }
    approve(
        preview.absence.clinic,
        # A stranded session keeps its day away, left out of the calendar checked: the
        # desk deals with it.
        [m.after for m in preview.moves]
        + [r.after for r in preview.renumbered if r.appointment.id not in stranded],
        {str(c.id): course_rules(c) for c in courses.values()},
        leave_out=frozenset(locked),
        last_held=held_dates(courses.values()),
    )

    def work() -> list[Appointment]:
        _renumber([locked[i] for i in numbers], numbers)
        for m in preview.moves:
            row = locked[m.appointment.id]
            if m.to_the_end:
                row.ideal_date = m.after.ideal
                row.save(update_fields=["ideal_date", *row.revised()])
            slot = Slot(
                m.after.number, int(m.after.practitioner_id), int(m.after.room_id), m.after.start
            )
            move_row(row, courses[m.appointment.course_id], slot)
        return list(locked.values())

    write_or_taken(work)
    changed = [(m.appointment, "moved") for m in preview.moves]
    changed += [(r.appointment, f"renumbered {r.number}") for r in preview.renumbered]
    for row, what in changed:
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            target=f"appointment {row.id} {what} for absence {preview.absence.id}",
            clinic_id=preview.absence.clinic_id,
            patient_id=row.patient_id,
        )
    return preview


def _renumber(rows: list[Appointment], numbers: dict[int, int]) -> None:
    """Gives each row its new number; every changed number is parked first, so that no two
    live sessions of a course share a number at any moment."""
    changing = [row for row in rows if row.number != numbers[row.id]]
    for parked, row in enumerate(changing, start=PARKED_NUMBERS):
        row.number = parked
        row.save(update_fields=["number", *row.revised()])
    for row in changing:
        row.number = numbers[row.id]
        row.save(update_fields=["number", *row.revised()])
