"""A clinic's calendar filled straight into the table, at any size: several practitioners,
rooms, patients and courses, sessions side by side in lanes (one practitioner and one room
each) every half hour, so nothing overlaps for a practitioner, a room or a patient, and
PostgreSQL's exclusion constraints accept every row."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import User

from mesoclinic.appointments.calendar import to_utc
from mesoclinic.appointments.models import Appointment, AppointmentStatus
from mesoclinic.clinics.models import Clinic, Role, Room
from mesoclinic.courses.models import Course
from mesoclinic.patients.models import Patient
from tests.appointments.conftest import works_weekdays
from tests.conftest import make_staff

LANES = 4  # practitioners and rooms; sessions at the same time take one lane each
SLOTS_PER_DAY = 14  # every half hour from 09:00
STEP = timedelta(minutes=30)
LENGTH = timedelta(minutes=20)  # with the clinic's 10-minute buffer, one step


@dataclass(frozen=True)
class Staffing:
    practitioners: list[User]
    rooms: list[Room]
    courses: list[Course]  # one open course per patient, copies of a real one


def sched_staffing(clinic: Clinic, template: Course, *, patients: int = 6) -> Staffing:
    """Practitioners with weekday shifts, rooms, and patients each with a course copied from
    `template` (a course planned the real way), at `clinic`."""
    practitioners = [
        make_staff(f"sched.practitioner{i}", clinic, Role.PRACTITIONER) for i in range(LANES)
    ]
    for person in practitioners:
        works_weekdays(person, clinic, ends=time(17))
    rooms = [Room.objects.create(clinic=clinic, name=f"Lane room {i}") for i in range(LANES)]
    courses = []
    for i in range(patients):
        patient = Patient.objects.create(
            clinic=clinic,
            given_name=f"Patient{i}",
            family_name="Budget",
            date_of_birth=date(1980, 1, 1 + i),
            created_by=practitioners[0],
        )
        copy = Course.objects.get(pk=template.pk)
        copy.pk, copy.id, copy.patient = None, None, patient
        copy.save()
        courses.append(copy)
    return Staffing(practitioners, rooms, courses)


def sched_fill(
    staffing: Staffing,
    days: list[date],
    count: int,
    *,
    already: int = 0,
    cancel_every: int = 5,
) -> list[Appointment]:
    """`count` more appointments on `days` after the `already` placed there, lane by lane
    and half hour by half hour; every `cancel_every`-th is cancelled by the patient (the
    schedule shows those too)."""
    clinic = staffing.rooms[0].clinic
    lanes = min(len(staffing.rooms), len(staffing.practitioners), len(staffing.courses))
    per_day = lanes * SLOTS_PER_DAY
    assert already + count <= per_day * len(days), "more appointments than the days hold"
    rows = []
    for k in range(already, already + count):
        day, within = divmod(k, per_day)
        slot, lane = divmod(within, lanes)
        wall = datetime.combine(days[day], time(9)) + slot * STEP
        starts_at = to_utc(wall, clinic)
        course = staffing.courses[(slot * lanes + lane) % len(staffing.courses)]
        cancelled = cancel_every and k % cancel_every == cancel_every - 1
        rows.append(
            Appointment(
                clinic=clinic,
                patient_id=course.patient_id,
                course=course,
                number=k + 1,
                practitioner=staffing.practitioners[lane],
                room=staffing.rooms[lane],
                starts_at=starts_at,
                ends_at=starts_at + LENGTH,
                held_until=starts_at + STEP,
                ideal_date=days[day],
                status=(
                    AppointmentStatus.CANCELLED_BY_PATIENT
                    if cancelled
                    else AppointmentStatus.BOOKED
                ),
                booked_by=staffing.practitioners[0],
            )
        )
    return Appointment.objects.bulk_create(rows)


def weekdays_from(first: date, count: int) -> list[date]:
    """The first `count` weekdays from `first` on."""
    found: list[date] = []
    day = first
    while len(found) < count:
        if day.weekday() < 5:
            found.append(day)
        day += timedelta(days=1)
    return found
