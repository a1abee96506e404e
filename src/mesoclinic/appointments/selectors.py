"""Reading the schedule. The schedule is front-desk work (the DEMOGRAPHICS capability): it
shows who comes when, never what is done to them. Anything not the actor's to read is
not found, exactly like a missing row, and every read is audited."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import models, transaction
from django.http import Http404

from mesoclinic.access import Capability, access_clinic, get_in_clinics_or_404, scoped
from mesoclinic.appointments.calendar import practitioner_ids, to_utc
from mesoclinic.appointments.models import HOLDING, Appointment
from mesoclinic.audit.actor import Actor
from mesoclinic.audit.models import Action
from mesoclinic.audit.services import audit_record
from mesoclinic.clinics.models import Clinic
from mesoclinic.courses.models import OPEN_STATES, Course

SCHEDULE = Capability.DEMOGRAPHICS


def access_appointments(actor: Actor) -> models.QuerySet[Appointment]:
    rows = Appointment.objects.select_related("patient", "practitioner", "room", "clinic")
    return scoped(rows, actor, SCHEDULE)


def access_appointment(actor: Actor, appointment_id: int) -> Appointment:
    with transaction.atomic():
        row = get_in_clinics_or_404(access_appointments(actor), id=appointment_id)
        audit_record(
            actor=actor,
            action=Action.READ,
            target=f"appointment {row.id}",
            clinic_id=row.clinic_id,
            patient_id=row.patient_id,
        )
    return row


def access_booking_course(actor: Actor, course_id: int) -> Course:
    """A course as the booking desk sees it: its dates and counts, not its clinical content."""
    with transaction.atomic():
        course = get_in_clinics_or_404(
            scoped(Course.objects.select_related("patient", "clinic"), actor, SCHEDULE),
            id=course_id,
        )
        audit_record(
            actor=actor,
            action=Action.READ,
            target=f"course {course.id} bookings",
            clinic_id=course.clinic_id,
            patient_id=course.patient_id,
        )
    return course


def course_appointments(course: Course) -> list[Appointment]:
    """Every appointment of the course, live and ended, by session then time. The caller
    read the course through `access_booking_course`, which wrote the audit row."""
    return list(
        Appointment.objects.filter(course=course)
        .select_related("practitioner", "room")
        .order_by("number", "starts_at", "id")
    )


@dataclass(frozen=True)
class ScheduleView:
    clinic: Clinic
    first_day: date
    last_day: date
    appointments: list[Appointment]


def clinic_schedule(
    actor: Actor,
    clinic_id: int,
    first_day: date,
    last_day: date,
    *,
    practitioner_id: int | None = None,
    with_names: bool = True,
) -> ScheduleView:
    """The clinic's appointments on the days given (one practitioner's when named). The
    pages show each row's patient, practitioner and room by name; the API sends ids only
    (`with_names=False`), and joining the names in would have PostgreSQL hash every
    patient of the clinic for a month's schedule."""
    with transaction.atomic():
        clinic = access_clinic(actor, clinic_id, SCHEDULE)
        if practitioner_id is not None and practitioner_id not in practitioner_ids(clinic):
            raise Http404("No such record.")
        rows = Appointment.objects.filter(
            clinic=clinic,
            starts_at__gte=to_utc(datetime.combine(first_day, time()), clinic),
            starts_at__lt=to_utc(datetime.combine(last_day + timedelta(days=1), time()), clinic),
        )
        if with_names:
            rows = rows.select_related("patient", "practitioner", "room")
        if practitioner_id is not None:
            rows = rows.filter(practitioner_id=practitioner_id)
        who = f" practitioner {practitioner_id}" if practitioner_id is not None else ""
        audit_record(
            actor=actor,
            action=Action.READ,
            target=f"schedule {first_day.isoformat()}..{last_day.isoformat()}{who}",
            clinic_id=clinic.id,
        )
        return ScheduleView(clinic, first_day, last_day, list(rows))


@dataclass(frozen=True)
class PatientBookings:
    open_courses: list[Course]
    upcoming: list[Appointment]


def patient_bookings(actor: Actor, patient_id: int, now: datetime) -> PatientBookings:
    """The patient's open courses and live appointments to come, for the patient page. Not
    audited on its own: the caller read the patient through `access_patient`."""
    courses = scoped(Course.objects.all(), actor, SCHEDULE).filter(
        patient_id=patient_id, state__in=OPEN_STATES
    )
    upcoming = access_appointments(actor).filter(
        patient_id=patient_id, status__in=HOLDING, ends_at__gte=now
    )
    return PatientBookings(list(courses), list(upcoming.order_by("starts_at")[:20]))
