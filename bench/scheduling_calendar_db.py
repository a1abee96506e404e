"""A generated clinic written into the database with bulk inserts, for the end-to-end
availability benchmark: its hours, closures, practitioners with their shifts and days off,
rooms with their closures, and its bookings, each with a patient and a course of its own.

The bookings are the generated horizon's (those booked before it opened plus greedy's
placement of the rest), earliest first, and then its history: the same weeks repeated
further and further back, with new patients and courses each time, until the clinic holds
as many appointments as asked. A small size fills only the first weeks of the horizon; a
large one adds years of history, which is what the calendar read must not pay for.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from mesoclinic.scheduling.generate import Instance
from mesoclinic.scheduling.model import Appointment as Placed

BATCH = 2000


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def _span_days(spans: Any) -> set[date]:
    """Whole days a tuple of closed spans covers (the generator closes rooms by the day)."""
    found: set[date] = set()
    for span in spans:
        found.update(_days(span.start.date(), (span.end - timedelta(microseconds=1)).date()))
    return found


@dataclass
class ClinicInDatabase:
    """The generated clinic's rows, and how far its bookings have been written."""

    instance: Instance
    future: list[Placed]
    row: Any = None
    staff: dict[str, Any] = field(default_factory=dict)  # generated id to User
    rooms: dict[str, Any] = field(default_factory=dict)  # generated id to Room
    courses: dict[tuple[str, int], Any] = field(default_factory=dict)  # (id, tile) to Course
    written: int = 0

    def sequence(self) -> Iterator[tuple[int, Placed]]:
        """(tile, booking) without end: tile 0 is the horizon, tile n is n horizons back."""
        horizon = self.instance.horizon
        weeks = timedelta(weeks=((horizon.last - horizon.first).days + 1) // 7 or 1)
        tile = 0
        while True:
            for a in self.future:
                shift = tile * weeks
                ideal = a.ideal - shift if a.ideal else None
                yield tile, replace(a, start=a.start - shift, end=a.end - shift, ideal=ideal)
            tile += 1


def write_clinic(instance: Instance, future: list[Placed]) -> ClinicInDatabase:
    """The first generated clinic's set-up (not its bookings: see `grow_to`)."""
    from django.contrib.auth.models import User

    from mesoclinic.clinics.models import Chain, Closure, Membership, OpeningHours, Room
    from mesoclinic.clinics.models import Clinic as ClinicRow
    from mesoclinic.rota.models import Absence, RoomClosure, Shift

    key = sorted(instance.calendar.clinics)[0]
    generated = instance.calendar.clinics[key]
    built = ClinicInDatabase(instance, sorted(future, key=lambda a: (a.start, a.room_id)))
    chain = Chain.objects.create(name="Scheduling bench chain")
    built.row = ClinicRow.objects.create(
        chain=chain,
        name="Bench clinic",
        time_zone="Europe/London",
        buffer_minutes=generated.buffer_minutes,
        slot_minutes=generated.slot_minutes,
    )
    OpeningHours.objects.bulk_create(
        OpeningHours(clinic=built.row, weekday=day, opens=opens, closes=closes)
        for day, spans in generated.hours.items()
        for opens, closes in spans
    )
    Closure.objects.bulk_create(
        Closure(clinic=built.row, first_day=day, last_day=day, reason="Holiday")
        for day in sorted(generated.closed_days)
    )
    people = [p for p in instance.calendar.practitioners.values() if p.clinic_id == key]
    for n, person in enumerate(people):
        user = User.objects.create(username=f"bench.practitioner{n}", last_name=f"P{n:02d}")
        Membership.objects.create(user=user, clinic=built.row, role="practitioner")
        built.staff[person.id] = user
    Shift.objects.bulk_create(
        Shift(
            clinic=built.row,
            practitioner=built.staff[person.id],
            weekday=day,
            starts=starts,
            ends=ends,
        )
        for person in people
        for day, spans in person.shifts.items()
        for starts, ends in spans
    )
    recorder = next(iter(built.staff.values()))
    Absence.objects.bulk_create(
        Absence(
            clinic=built.row,
            practitioner=built.staff[person.id],
            first_day=day,
            last_day=day,
            kind="leave",
            recorded_by=recorder,
        )
        for person in people
        for day in sorted(person.days_off)
    )
    for room in (r for r in instance.calendar.rooms.values() if r.clinic_id == key):
        built.rooms[room.id] = Room.objects.create(clinic=built.row, name=f"Room {room.id}")
        RoomClosure.objects.bulk_create(
            RoomClosure(room=built.rooms[room.id], first_day=day, last_day=day, reason="Works")
            for day in sorted(_span_days(room.closed))
        )
    built.future = [a for a in built.future if a.practitioner_id in built.staff]
    return built


def _courses_for(built: ClinicInDatabase, wanted: list[tuple[int, Placed]]) -> None:
    """A patient, a signed baseline and a course for every (course, tile) not written yet."""
    from mesoclinic.assessments.models import Assessment
    from mesoclinic.courses.models import Course
    from mesoclinic.patients.models import Patient

    new: dict[tuple[str, int], date] = {}
    for tile, a in wanted:
        if (a.course_id, tile) not in built.courses:
            start = a.start.date() - timedelta(days=7 * (a.number - 1))
            new[(a.course_id, tile)] = min(new.get((a.course_id, tile), start), start)
    if not new:
        return
    author = next(iter(built.staff.values()))
    keys = list(new)
    patients = Patient.objects.bulk_create(
        (
            Patient(
                clinic=built.row,
                given_name="Bench",
                family_name=f"Patient {course_id}/{tile}",
                date_of_birth=date(1980, 1, 1) + timedelta(days=n % 9000),
                created_by=author,
            )
            for n, (course_id, tile) in enumerate(keys, start=len(built.courses))
        ),
        batch_size=BATCH,
    )
    baselines = Assessment.objects.bulk_create(
        (
            Assessment(
                patient=patient,
                clinic=built.row,
                author=author,
                assessed_on=new[key] - timedelta(days=7),
                kind="initial",
                protocol_name="bench",
                protocol_version="1",
                signed_at=datetime.combine(new[key], time(12), tzinfo=UTC),
            )
            for key, patient in zip(keys, patients, strict=True)
        ),
        batch_size=BATCH,
    )
    courses = Course.objects.bulk_create(
        (
            Course(
                patient=patient,
                clinic=built.row,
                author=author,
                assessment=baseline,
                state="active" if key[1] == 0 else "completed",
                nm_grade=2,
                cadence_days=7,
                expectation="modest",
                lifestyle=False,
                starts_on=new[key],
                sessions_recommended=10,
                sessions_planned=10,
                planned_dates=[],
                estimate={},
                protocol_name="bench",
                protocol_version="1",
            )
            for key, patient, baseline in zip(keys, patients, baselines, strict=True)
        ),
        batch_size=BATCH,
    )
    built.courses.update(zip(keys, courses, strict=True))


def grow_to(built: ClinicInDatabase, total: int) -> None:
    """Write bookings until the clinic holds `total` appointments."""
    from mesoclinic.appointments.calendar import to_utc
    from mesoclinic.appointments.models import Appointment

    wanted = []
    for n, item in enumerate(built.sequence()):
        if n >= total:
            break
        if n >= built.written:
            wanted.append(item)
    _courses_for(built, wanted)
    buffer = timedelta(minutes=built.row.buffer_minutes)
    author = next(iter(built.staff.values()))
    rows = []
    for tile, a in wanted:
        course = built.courses[(a.course_id, tile)]
        starts_at, ends_at = to_utc(a.start, built.row), to_utc(a.end, built.row)
        rows.append(
            Appointment(
                clinic=built.row,
                patient_id=course.patient_id,
                course=course,
                number=a.number,
                practitioner=built.staff[a.practitioner_id],
                room=built.rooms[a.room_id],
                starts_at=starts_at,
                ends_at=ends_at,
                held_until=ends_at + buffer,
                ideal_date=a.ideal,
                status="booked" if tile == 0 else "completed",
                booked_by=author,
            )
        )
    Appointment.objects.bulk_create(rows, batch_size=BATCH)
    built.written = max(built.written, total)
