"""Changes to booked appointments: check-in, cancellation or no-show, placing a session
again, moving one, and completion when the session is charted. Rows are never deleted;
each change is one transaction with its audit row, approved by the scheduler's checker."""

from collections.abc import Sequence
from datetime import date

from django.db import transaction
from django.utils import timezone

from mesoclinic.access import get_in_clinics_or_404, scoped
from mesoclinic.appointments.calendar import to_wall
from mesoclinic.appointments.models import ENDED, HOLDING, Appointment, AppointmentStatus
from mesoclinic.appointments.selectors import SCHEDULE
from mesoclinic.appointments.services import (
    BookingRefused,
    Slot,
    approve_slots,
    audit_course,
    check_numbers,
    insert_appointment,
    lock_open_course,
    move_row,
    open_course,
    write_or_taken,
)
from mesoclinic.audit.actor import Actor
from mesoclinic.audit.models import Action
from mesoclinic.audit.services import audit_record
from mesoclinic.clinics.clock import clinic_today
from mesoclinic.courses.models import Course
from mesoclinic.domain.course import check_reason
from mesoclinic.domain.errors import DomainError
from mesoclinic.waitlist.freed import slot_freed, time_freed


def _set_status(actor: Actor, row: Appointment, status: str, reason: str = "") -> Appointment:
    row.status = status
    row.status_reason = reason
    row.status_changed_at = timezone.now()
    row.status_changed_by = actor.user
    fields = ["status", "status_reason", "status_changed_at", "status_changed_by"]
    row.save(update_fields=[*fields, *row.revised()])
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        target=f"appointment {row.id} {status}",
        clinic_id=row.clinic_id,
        patient_id=row.patient_id,
    )
    return row


def _locked_appointment(actor: Actor, appointment_id: int) -> Appointment:
    row = get_in_clinics_or_404(
        scoped(Appointment.objects.all(), actor, SCHEDULE), id=appointment_id
    )
    return Appointment.objects.select_for_update().get(pk=row.pk)


CANCELLING = (
    AppointmentStatus.CANCELLED_BY_PATIENT,
    AppointmentStatus.CANCELLED_BY_CLINIC,
    AppointmentStatus.NO_SHOW,
)


@transaction.atomic
def appointment_cancel(
    *, actor: Actor, appointment_id: int, status: str, reason: str = ""
) -> Appointment:
    """Cancel an appointment or record that the patient did not come. The row stays."""
    row = _locked_appointment(actor, appointment_id)
    return cancel_locked(actor=actor, row=row, status=status, reason=reason)


def cancel_locked(*, actor: Actor, row: Appointment, status: str, reason: str = "") -> Appointment:
    """Every rule of a cancellation, for a row the caller found through its own access
    check (the desk's clinic membership, the portal's ownership) and locked. Called inside
    the caller's transaction: the desk and the portal cancel through here alone."""
    if status not in CANCELLING:
        raise DomainError("status", "Choose cancelled by the patient, by the clinic, or no-show.")
    if row.status != AppointmentStatus.BOOKED:
        raise DomainError(
            "status", f"This appointment is {row.get_status_display().lower()}; it cannot change."
        )
    if status == AppointmentStatus.NO_SHOW and row.starts_at > timezone.now():
        raise DomainError("status", "A no-show is recorded once the appointment time has come.")
    if status == AppointmentStatus.CANCELLED_BY_CLINIC:
        reason = check_reason(reason, "the clinic cancels")
    row = _set_status(actor, row, status, reason.strip()[:300])
    # The freed time may be what a waitlisted session is waiting for: the search is queued
    # in this transaction and runs on the task queue, so the cancellation stays short.
    slot_freed(row)
    return row


def _later_rows(course: Course, slots: Sequence[Slot], first: int) -> dict[int, Appointment]:
    numbers = [s.number for s in slots if s.number != first]
    rows = course.appointments.select_for_update().filter(status=AppointmentStatus.BOOKED)
    return {row.number: row for row in rows.filter(number__in=numbers)}


@transaction.atomic
def appointment_replace(
    *, actor: Actor, appointment_id: int, slots: Sequence[Slot]
) -> list[Appointment]:
    """Place again a session that was cancelled or missed. `slots` holds that session
    first, then any later sessions the gap rules made move (they move in place)."""
    old = _locked_appointment(actor, appointment_id)
    if old.status not in ENDED:
        raise DomainError("slots", "Only a cancelled or missed session is placed again.")
    if (
        Appointment.objects.filter(replaces=old).exists()
        or old.course.appointments.filter(number=old.number, status__in=HOLDING).exists()
    ):
        raise BookingRefused([f"Session {old.number} is already booked again."], taken=True)
    course = open_course(actor, old.course_id)
    check_numbers(course, [s.number for s in slots])
    if not slots or slots[0].number != old.number:
        raise BookingRefused([f"The first slot must be session {old.number}."])
    later = _later_rows(course, slots, old.number)
    missing = sorted({s.number for s in slots[1:]} - set(later))
    if missing:
        raise BookingRefused([f"Session {missing[0]} is not booked, so it cannot move."])
    slots = approve_slots(course, slots, leave_out=frozenset(row.id for row in later.values()))

    def work() -> list[Appointment]:
        placed = insert_appointment(actor, course, slots[0], replaces=old)
        for slot in slots[1:]:
            move_row(later[slot.number], course, slot)
        return [placed, *(later[s.number] for s in slots[1:])]

    rows = write_or_taken(work)
    audit_course(actor, course, f"placed session {old.number} again, {len(slots) - 1} later moved")
    return rows


@transaction.atomic
def appointment_move(
    *, actor: Actor, appointment_id: int, slots: Sequence[Slot]
) -> list[Appointment]:
    """Move a booked session (and, when the gap rules need it, the later ones given)."""
    row = _locked_appointment(actor, appointment_id)
    return move_locked(actor=actor, row=row, slots=slots)


def move_locked(*, actor: Actor, row: Appointment, slots: Sequence[Slot]) -> list[Appointment]:
    """Every rule of a move, for a row the caller found through its own access check and
    locked. Called inside the caller's transaction: the desk and the portal move through
    here alone."""
    if row.status != AppointmentStatus.BOOKED:
        raise DomainError("slots", "Only a booked appointment can be moved.")
    course = lock_open_course(row.course_id)
    check_numbers(course, [s.number for s in slots])
    if not slots or slots[0].number != row.number:
        raise BookingRefused([f"The first slot must be session {row.number}."])
    moving = _later_rows(course, slots, row.number) | {row.number: row}
    missing = sorted({s.number for s in slots} - set(moving))
    if missing:
        raise BookingRefused([f"Session {missing[0]} is not booked, so it cannot move."])
    slots = approve_slots(course, slots, leave_out=frozenset(r.id for r in moving.values()))

    # The times being left, read before the rows change.
    left = [(r.id, r.practitioner_id, r.room_id, r.starts_at) for r in moving.values()]

    def work() -> list[Appointment]:
        for slot in slots:
            move_row(moving[slot.number], course, slot)
        return [moving[s.number] for s in slots]

    rows = write_or_taken(work)
    audit_course(actor, course, f"moved session {row.number}, {len(slots) - 1} later moved")
    # The times left behind are free now, as after a cancellation.
    for appointment_id, practitioner_id, room_id, starts_at in left:
        time_freed(
            appointment_id=appointment_id,
            practitioner_id=practitioner_id,
            room_id=room_id,
            starts_at=starts_at,
        )
    return rows


@transaction.atomic
def appointment_check_in(*, actor: Actor, appointment_id: int) -> Appointment:
    """The patient has arrived: on the appointment's own day only."""
    row = _locked_appointment(actor, appointment_id)
    if row.status != AppointmentStatus.BOOKED:
        raise DomainError(
            "status", f"This appointment is {row.get_status_display().lower()}; it cannot change."
        )
    if to_wall(row.starts_at, row.clinic).date() != clinic_today(row.clinic):
        raise DomainError("status", "A patient is checked in on the day of the appointment.")
    return _set_status(actor, row, AppointmentStatus.CHECKED_IN)


def appointment_complete_for_chart(*, actor: Actor, course: Course, number: int, on: date) -> None:
    """A chart signed for session `number` completes that session's appointment when it was
    booked for the day charted. Called inside the charting transaction."""
    for row in Appointment.objects.select_for_update().filter(
        course=course,
        number=number,
        status__in=(AppointmentStatus.BOOKED, AppointmentStatus.CHECKED_IN),
    ):
        if to_wall(row.starts_at, course.clinic).date() == on:
            _set_status(actor, row, AppointmentStatus.COMPLETED)


def appointment_reopen_for_chart(*, actor: Actor, course: Course, number: int, on: date) -> None:
    """A chart marked entered in error no longer completes its appointment: the patient was
    checked in, and the chart that replaces it completes the appointment again. Called
    inside the marking transaction."""
    for row in Appointment.objects.select_for_update().filter(
        course=course, number=number, status=AppointmentStatus.COMPLETED
    ):
        if to_wall(row.starts_at, course.clinic).date() == on:
            _set_status(actor, row, AppointmentStatus.CHECKED_IN)
