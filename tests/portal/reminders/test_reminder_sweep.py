"""A week of the worker's runs, hour by hour, with a faked clock across a weekend and the
spring change to summer time: every appointment gets exactly one reminder, at the first run
48 hours before it (a Monday's on the Saturday), and each email gives the clinic's own wall
clock time, which a daylight-saving change does not shift."""

from datetime import UTC, datetime, timedelta

import pytest

from mesoclinic.appointments.calendar import to_utc
from mesoclinic.appointments.models import Appointment
from mesoclinic.messaging.models import Message
from mesoclinic.portal.models import LinkPurpose, PatientLink
from tests.portal.reminders.conftest import remind

pytestmark = pytest.mark.django_db

# Europe/London moves its clocks forward at 01:00 UTC on Sunday 29 March 2026. The
# appointments' times on the clinic's wall clock (naive, as the booking pages give them).
WALL_TIMES = (
    datetime(2026, 3, 27, 10, 0),  # noqa: DTZ001 - Friday, still GMT (UTC+0)
    datetime(2026, 3, 30, 10, 0),  # noqa: DTZ001 - Monday after the change, BST (UTC+1)
    datetime(2026, 3, 31, 8, 30),  # noqa: DTZ001 - Tuesday, BST
)
SWEEP_FROM = datetime(2026, 3, 23, 0, 0, tzinfo=UTC)
SWEEP_TO = datetime(2026, 4, 1, 0, 0, tzinfo=UTC)


@pytest.fixture
def around_the_change(booked) -> list[Appointment]:
    """Three of Ada's appointments moved to the week of the change (the reminder producer
    reads the calendar; how they came to be booked there does not matter to it)."""
    rows = booked[: len(WALL_TIMES)]
    for row, wall in zip(rows, WALL_TIMES, strict=True):
        starts = to_utc(wall, row.clinic)
        Appointment.objects.filter(pk=row.pk).update(
            starts_at=starts,
            ends_at=starts + timedelta(hours=1),
            held_until=starts + timedelta(hours=1),
        )
        row.refresh_from_db()
    Appointment.objects.exclude(pk__in=[r.pk for r in rows]).delete()
    return rows


def test_a_week_of_hourly_runs_reminds_each_appointment_once_48_hours_before(around_the_change):
    sent_at: dict[int, datetime] = {}
    now = SWEEP_FROM
    while now < SWEEP_TO:
        before = set(Message.objects.values_list("id", flat=True))
        remind(now)
        for message in Message.objects.exclude(id__in=before):
            appointment_id = int(message.key.split(":")[1])
            assert appointment_id not in sent_at, "reminded twice"
            sent_at[appointment_id] = now
        now += timedelta(hours=1)
    friday, monday, tuesday = around_the_change
    assert sent_at == {
        friday.id: datetime(2026, 3, 25, 10, 0, tzinfo=UTC),  # Wednesday 10:00 GMT
        monday.id: datetime(2026, 3, 28, 9, 0, tzinfo=UTC),  # Saturday 09:00 GMT
        # 48 hours before 07:30 UTC is 07:30 UTC on Sunday: the first hourly run after is 08:00.
        tuesday.id: datetime(2026, 3, 29, 8, 0, tzinfo=UTC),
    }


def test_each_email_gives_the_clinics_wall_clock_time_either_side_of_the_change(
    around_the_change,
):
    for row in around_the_change:
        remind(row.starts_at - timedelta(hours=48))
    subjects = sorted(Message.objects.values_list("subject", flat=True))
    assert subjects == [
        "Reminder: your appointment at Riverside on Friday 27 March 2026 at 10:00",
        "Reminder: your appointment at Riverside on Monday 30 March 2026 at 10:00",
        "Reminder: your appointment at Riverside on Tuesday 31 March 2026 at 08:30",
    ]


def test_the_links_expire_at_the_start_and_when_the_cancellation_window_closes(
    around_the_change,
):
    monday = around_the_change[1]
    remind(monday.starts_at - timedelta(hours=48))
    links = {
        link.purpose: link.expires_at for link in PatientLink.objects.filter(target_id=monday.id)
    }
    assert links == {
        LinkPurpose.CONFIRM_APPOINTMENT: monday.starts_at,
        # The 24-hour window closes at 09:00 UTC Sunday, 10:00 on London's summer clock.
        LinkPurpose.CANCEL_APPOINTMENT: datetime(2026, 3, 29, 9, 0, tzinfo=UTC),
    }
