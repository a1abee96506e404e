"""The hook every cancellation and move of an appointment calls: a freed time may be what a
waitlisted session is waiting for. It queues a job (and, for a cancelled session, ends its
own wait), so the calendar's own modules can import it without the waitlist's services."""

from datetime import datetime

from django.utils import timezone

from mesoclinic.appointments.models import Appointment
from mesoclinic.waitlist.models import EntryState, WaitlistEntry


def slot_freed(row: Appointment) -> None:
    """`row` was cancelled: its time may be what a waitlisted session is waiting for, and
    it no longer waits for an earlier time itself (placed again, it starts afresh)."""
    WaitlistEntry.objects.filter(appointment_id=row.id, state=EntryState.WAITING).update(
        state=EntryState.WITHDRAWN, closed_at=timezone.now()
    )
    time_freed(
        appointment_id=row.id,
        practitioner_id=row.practitioner_id,
        room_id=row.room_id,
        starts_at=row.starts_at,
    )


def time_freed(
    *, appointment_id: int, practitioner_id: int, room_id: int, starts_at: datetime
) -> None:
    """A time was freed (an appointment cancelled, or moved away from it): queue the search
    for waitlisted sessions that fit it. Called inside the freeing transaction, so the job
    exists exactly when the change commits. A time already past frees nothing."""
    if starts_at <= timezone.now():
        return
    from mesoclinic.waitlist.tasks import waitlist_opening_fill  # the job imports this module

    waitlist_opening_fill.enqueue(
        appointment_id=appointment_id,
        practitioner_id=practitioner_id,
        room_id=room_id,
        starts_at=starts_at.isoformat(),
    )
