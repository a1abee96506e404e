"""The waitlist's job, on the "default" queue: fill a freed time from the waitlist."""

from datetime import datetime

from django.utils import timezone
from django_tasks import task


@task()
def waitlist_opening_fill(
    appointment_id: int, practitioner_id: int, room_id: int, starts_at: str
) -> None:
    from mesoclinic.waitlist.offers import opening_fill

    opening_fill(
        appointment_id=appointment_id,
        practitioner_id=practitioner_id,
        room_id=room_id,
        starts_at=datetime.fromisoformat(starts_at),
        now=timezone.now(),
    )
