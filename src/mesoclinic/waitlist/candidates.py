"""Which waitlisted sessions fit a freed time: her wishes (pure rules) and her course's
rules, checked by the same `approve_slots` every booking and move of the desk goes through
(minimum interval, the session's window, the rota, the rooms, nobody double-booked)."""

from django.db.models import QuerySet

from mesoclinic.appointments.calendar import to_wall
from mesoclinic.appointments.models import Appointment, AppointmentStatus
from mesoclinic.appointments.services import Slot, approve_slots
from mesoclinic.courses.models import OPEN_STATES
from mesoclinic.domain.errors import DomainError
from mesoclinic.waitlist.models import EntryState, Opening, WaitlistEntry
from mesoclinic.waitlist.rules import fits_wishes


def slot_for(opening: Opening, row: Appointment) -> Slot:
    """Her session `row` at the opening's time, practitioner and room."""
    return Slot(
        number=row.number,
        practitioner_id=opening.practitioner_id,
        room_id=opening.room_id,
        start=to_wall(opening.starts_at, opening.clinic),
    )


def course_allows(opening: Opening, row: Appointment) -> bool:
    """Whether moving `row` into the opening keeps every rule of its course and calendar."""
    if row.course.state not in OPEN_STATES:
        return False
    try:
        approve_slots(row.course, [slot_for(opening, row)], leave_out=frozenset({row.id}))
    except DomainError:
        return False
    return True


def wishes_allow(opening: Opening, entry: WaitlistEntry) -> bool:
    return fits_wishes(
        to_wall(opening.starts_at, opening.clinic),
        opening.practitioner_id,
        weekdays=entry.weekdays,
        part_of_day=entry.part_of_day,
        practitioner_ids={p.id for p in entry.practitioners.all()},
    )


def waiting_earlier_than(opening: Opening) -> QuerySet[WaitlistEntry]:
    """Entries of the clinic still waiting whose session is booked after the freed time,
    first come first."""
    return (
        WaitlistEntry.objects.filter(
            clinic_id=opening.clinic_id,
            state=EntryState.WAITING,
            appointment__status=AppointmentStatus.BOOKED,
            appointment__starts_at__gt=opening.starts_at,
        )
        .exclude(appointment_id=opening.freed_by_id)
        .select_related("appointment__course__clinic")
        .prefetch_related("practitioners")
        .order_by("created_at", "id")
    )


def still_fits(opening: Opening, entry: WaitlistEntry) -> bool:
    row = entry.appointment
    return (
        entry.state == EntryState.WAITING
        and row.status == AppointmentStatus.BOOKED
        and row.starts_at > opening.starts_at
        and wishes_allow(opening, entry)
        and course_allows(opening, row)
    )


def fitting_entries(opening: Opening) -> list[WaitlistEntry]:
    return [e for e in waiting_earlier_than(opening) if still_fits(opening, e)]
