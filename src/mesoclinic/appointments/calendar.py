"""Rows to the scheduler's types and back.

The scheduler works on each clinic's wall clock (naive datetimes); rows keep UTC. These
functions are the only place the two meet, so a weekly 10:00 session stays at 10:00 local
across a daylight-saving change.
"""

import zoneinfo
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.db import connection
from django.db.models import BigIntegerField, F, Func, Value

from mesoclinic.appointments.models import HOLDING, Appointment
from mesoclinic.clinics.models import Clinic, Closure, OpeningHours
from mesoclinic.rota.members import by_weekday, rota_memberships
from mesoclinic.rota.models import Shift
from mesoclinic.rota.selectors import clinic_rota
from mesoclinic.scheduling import model as sched


def zone(clinic: Clinic) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(clinic.time_zone)


def to_wall(moment: datetime, clinic: Clinic) -> datetime:
    """A UTC instant as the clinic's wall-clock time."""
    return moment.astimezone(zone(clinic)).replace(tzinfo=None)


def to_utc(wall: datetime, clinic: Clinic) -> datetime:
    """The clinic's wall-clock time as a UTC instant (the earlier one in a repeated hour)."""
    return wall.replace(tzinfo=zone(clinic)).astimezone(UTC)


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def _whole_day(day: date) -> tuple[sched.Span, ...]:
    midnight = datetime.combine(day, time())
    return (sched.Span(midnight, midnight + timedelta(days=1)),)


def scheduler_appointment(row: Appointment, clinic: Clinic) -> sched.Appointment:
    return sched.Appointment(
        course_id=str(row.course_id),
        patient_id=str(row.patient_id),
        number=row.number,
        practitioner_id=str(row.practitioner_id),
        room_id=str(row.room_id),
        start=to_wall(row.starts_at, clinic),
        end=to_wall(row.ends_at, clinic),
        ideal=row.ideal_date,
    )


# The columns the scheduler needs of a booking, in the order `booked_between` reads them
# (its start and end come after them).
BOOKED_COLUMNS = ("course_id", "patient_id", "number", "practitioner_id", "room_id", "ideal_date")
NAIVE_EPOCH = datetime(1970, 1, 1, tzinfo=UTC).replace(tzinfo=None)


def _wall_seconds(column: str, clinic: Clinic) -> Func:
    """The instant in `column` on the clinic's wall clock, in whole seconds from 1970-01-01
    00:00 (naive), computed by PostgreSQL."""
    return Func(
        F(column),
        Value(clinic.time_zone),
        template="EXTRACT(EPOCH FROM (%(expressions)s))::bigint",
        arg_joiner=" AT TIME ZONE ",
        output_field=BigIntegerField(),
    )


def booked_between(
    clinic: Clinic, start: datetime, end: datetime, *, leave_out: frozenset[int] = frozenset()
) -> tuple[sched.Appointment, ...]:
    """The clinic's live bookings starting from `start` (UTC) until `end`, as the scheduler
    has them (on the clinic's wall clock). Read as plain tuples, not model instances: the
    weeks a course's search reads hold thousands of bookings at a busy clinic. On
    PostgreSQL the database converts the times to the clinic's wall clock and sends whole
    seconds, because parsing thousands of timestamps and converting each one is most of
    the read's time in Python; SQLite has no time zones, so Python converts them there."""
    rows = (
        Appointment.objects.filter(
            clinic=clinic, status__in=HOLDING, starts_at__gte=start, starts_at__lt=end
        )
        .exclude(id__in=leave_out)
        .order_by("starts_at", "id")  # as before: the search breaks ties in this order
    )
    if connection.vendor == "postgresql":
        found = rows.annotate(
            wall_start=_wall_seconds("starts_at", clinic), wall_end=_wall_seconds("ends_at", clinic)
        ).values_list(*BOOKED_COLUMNS, "wall_start", "wall_end")
        return tuple(
            _placed(
                row, NAIVE_EPOCH + timedelta(seconds=starts), NAIVE_EPOCH + timedelta(seconds=ends)
            )
            for *row, starts, ends in found
        )
    wall = zone(clinic)
    return tuple(
        _placed(
            row,
            starts_at.astimezone(wall).replace(tzinfo=None),
            ends_at.astimezone(wall).replace(tzinfo=None),
        )
        for *row, starts_at, ends_at in rows.values_list(*BOOKED_COLUMNS, "starts_at", "ends_at")
    )


def _placed(row: Any, start: datetime, end: datetime) -> sched.Appointment:
    course, patient, number, practitioner, room, ideal = row[:6]
    return sched.Appointment(
        course_id=str(course),
        patient_id=str(patient),
        number=number,
        practitioner_id=str(practitioner),
        room_id=str(room),
        start=start,
        end=end,
        ideal=ideal,
    )


def practitioner_ids(clinic: Clinic) -> list[int]:
    """Staff who can be booked: practitioners and admins with a shift at the clinic."""
    return sorted(
        set(
            Shift.objects.filter(
                clinic=clinic, practitioner_id__in=rota_memberships(clinic).values("user_id")
            ).values_list("practitioner_id", flat=True)
        )
    )


def load_calendar(
    clinic: Clinic, first_day: date, last_day: date, *, leave_out: frozenset[int] = frozenset()
) -> sched.Calendar:
    """The clinic's hours, rota, rooms and live bookings for the days given, leaving out
    the appointments whose ids are in `leave_out` (those being moved)."""
    hours = by_weekday(
        OpeningHours.objects.filter(clinic=clinic).values_list("weekday", "opens", "closes")
    )
    closed: set[date] = set()
    for closure in Closure.objects.filter(
        clinic=clinic, last_day__gte=first_day, first_day__lte=last_day
    ):
        closed.update(_days(closure.first_day, closure.last_day))
    rota = clinic_rota(clinic, first_day, last_day)
    # A day either side: a booking near midnight UTC may fall inside the window locally.
    window_start = to_utc(datetime.combine(first_day, time()), clinic) - timedelta(days=1)
    window_end = to_utc(datetime.combine(last_day, time()), clinic) + timedelta(days=2)
    booked = booked_between(clinic, window_start, window_end, leave_out=leave_out)
    key = str(clinic.id)
    return sched.Calendar(
        clinics={
            key: sched.Clinic(
                id=key,
                hours=hours,
                closed_days=frozenset(closed),
                buffer_minutes=clinic.buffer_minutes,
                slot_minutes=clinic.slot_minutes,
                name=clinic.name,
            )
        },
        practitioners={
            str(person.practitioner_id): sched.Practitioner(
                id=str(person.practitioner_id),
                clinic_id=key,
                shifts=person.shifts,
                days_off=person.days_off,
                name=person.name,
            )
            for person in rota.practitioners.values()
        },
        rooms={
            str(room.room_id): sched.Room(
                id=str(room.room_id),
                clinic_id=key,
                closed=tuple(span for day in sorted(room.closed_days) for span in _whole_day(day)),
                name=room.name,
            )
            for room in rota.rooms.values()
        },
        booked=booked,
    )
