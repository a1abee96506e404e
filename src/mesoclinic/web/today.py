"""The home page's day: today's appointments at one clinic, in the clinic's time zone.

The front desk and the clinic admin see the whole clinic's day with a check-in button on
each booked appointment; a practitioner sees her own appointments and, on those checked in,
the way to the chart for that session. What each row offers is decided here, from the
user's role at the clinic, so the template only shows it."""

from dataclasses import dataclass, replace
from datetime import date, datetime

from mesoclinic.access import Capability, access_clinic, capabilities_at
from mesoclinic.appointments.calendar import to_wall
from mesoclinic.appointments.models import Appointment, AppointmentStatus
from mesoclinic.appointments.selectors import clinic_schedule
from mesoclinic.assessments.reassessments import reassessments_due
from mesoclinic.audit.actor import Actor
from mesoclinic.clinics.clock import clinic_today
from mesoclinic.clinics.models import Clinic, Membership, Role
from mesoclinic.domain.non_responder import Review
from mesoclinic.progress.selectors import course_reviews
from mesoclinic.recalls.selectors import RecallCounts, recalls_to_call


@dataclass(frozen=True)
class DayRow:
    appointment: Appointment
    start: datetime  # the clinic's wall clock
    end: datetime
    may_check_in: bool
    may_chart: bool
    # When the patient was checked in (wall clock); None until then.
    checked_in: datetime | None
    # The patient said she is coming (a reminder's link, the portal), for a booked one.
    confirmed: bool = False
    # Why the course is due a reassessment ("5 sessions done"); "" when it is not.
    reassess: str = ""
    # The course's review of change when it needs the practitioner (clinical users only).
    review: Review | None = None


@dataclass(frozen=True)
class ClinicDay:
    clinic: Clinic
    day: date
    whole_clinic: bool  # False: only the user's own appointments
    rows: list[DayRow]
    recalls_to_call: RecallCounts  # overdue or due soon: the desk's calls


def _whole_clinic(actor: Actor, clinic: Clinic) -> bool:
    role = (
        Membership.objects.filter(user_id=actor.user.pk, clinic=clinic, active=True)
        .values_list("role", flat=True)
        .first()
    )
    return role in (Role.FRONT_DESK, Role.ADMIN)


def _row(row: Appointment, clinic: Clinic, actor: Actor, clinical: bool) -> DayRow:
    checked_in = row.status == AppointmentStatus.CHECKED_IN
    return DayRow(
        appointment=row,
        start=to_wall(row.starts_at, clinic),
        end=to_wall(row.ends_at, clinic),
        may_check_in=row.status == AppointmentStatus.BOOKED,
        confirmed=row.status == AppointmentStatus.BOOKED and row.confirmed_at is not None,
        # The chart is the treating practitioner's to write.
        may_chart=checked_in and clinical and row.practitioner_id == actor.user.pk,
        checked_in=(
            to_wall(row.status_changed_at, clinic)
            if checked_in and row.status_changed_at is not None
            else None
        ),
    )


def _attention(review: Review | None, row: DayRow) -> Review | None:
    """The review when it needs the practitioner. A course whose row already says it is
    due a reassessment needs no second marker saying "reassess to review"."""
    if review is None or not review.needs_attention:
        return None
    return review if review.needs_decision or not row.reassess else None


def clinic_day(actor: Actor, clinic_id: int) -> ClinicDay:
    """Today at the clinic as this user works it; 404 for a clinic not hers."""
    clinic = access_clinic(actor, clinic_id, Capability.DEMOGRAPHICS)
    day = clinic_today(clinic)
    # The schedule selector writes the read to the audit trail.
    view = clinic_schedule(actor, clinic.id, day, day)
    whole = _whole_clinic(actor, clinic)
    clinical = Capability.CLINICAL in capabilities_at(actor, clinic.id)
    rows = [
        _row(row, clinic, actor, clinical)
        for row in view.appointments
        if whole or row.practitioner_id == actor.user.pk
    ]
    if clinical and rows:
        day_courses = {r.appointment.course_id for r in rows}
        due = reassessments_due(actor, clinic.id, list(day_courses))
        rows = [replace(r, reassess=due.get(r.appointment.course_id, "")) for r in rows]
        # The day's courses only: the list costs what the day holds, not the clinic's history.
        reviews = course_reviews(actor, clinic, day_courses)
        rows = [
            replace(r, review=_attention(reviews.get(r.appointment.course_id), r)) for r in rows
        ]
    rows.sort(key=lambda r: (r.start, r.appointment.room.name, r.appointment.id))
    return ClinicDay(
        clinic=clinic,
        day=day,
        whole_clinic=whole,
        rows=rows,
        recalls_to_call=recalls_to_call(actor, clinic, day),
    )
