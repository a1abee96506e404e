"""Booking endpoints: the same search, checker and services as the pages. Times go in as
the clinic's wall-clock time (what the desk and the patient say) and come out both ways."""

from datetime import date, datetime
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import ConfigDict, Field

from mesoclinic.appointments.booking.forms import PreferencesForm
from mesoclinic.appointments.booking.plans import clinic_now, search
from mesoclinic.appointments.booking.views import practitioner_choices
from mesoclinic.appointments.booking.wishes import course_wishes
from mesoclinic.appointments.calendar import to_wall
from mesoclinic.appointments.changes import appointment_cancel
from mesoclinic.appointments.models import Appointment
from mesoclinic.appointments.selectors import (
    access_appointment,
    access_booking_course,
    clinic_schedule,
    course_appointments,
)
from mesoclinic.appointments.services import BookingRefused, Slot, course_book
from mesoclinic.audit.actor import actor_from
from mesoclinic.clinics.models import Clinic
from mesoclinic.courses.models import Course
from mesoclinic.domain.errors import DomainError
from mesoclinic.scheduling.availability import PlanSearch
from mesoclinic.validation import Day, Id, Line, Moment

router = Router(tags=["appointments"])

# The booking request's field for its sessions: refusals of them are named so.
SESSIONS = "sessions"


class WishesIn(Schema):
    model_config = ConfigDict(extra="forbid")
    weekdays: list[Annotated[int, Field(ge=0, le=6)]] = Field(
        default=[], max_length=7, description="0 = Monday; empty: any day."
    )
    part_of_day: Literal["", "morning", "afternoon"] = ""
    practitioner_id: Id | None = None


class SessionIn(Schema):
    model_config = ConfigDict(extra="forbid")
    number: int = Field(description="The session's number in the course.")
    practitioner_id: Id
    room_id: Id
    # No ideal date: the server derives each session's from the course.
    start: Moment = Field(
        description="Wall-clock time at the clinic (2026-03-02T10:00). A time with an offset "
        "is converted to the clinic's wall clock."
    )


class BookIn(Schema):
    model_config = ConfigDict(extra="forbid")
    sessions: list[SessionIn] = Field(min_length=1, max_length=100)
    wishes: WishesIn | None = Field(
        default=None,
        description="The patient's wishes, kept with the course and used for fresh plans if "
        "a time was taken; left out, the course's stored wishes stay.",
    )


class CancelIn(Schema):
    model_config = ConfigDict(extra="forbid")
    status: Literal["cancelled_patient", "cancelled_clinic", "no_show"]
    reason: Line = Field(default="", max_length=300)


class AppointmentOut(Schema):
    id: int
    course_id: int
    patient_id: int
    number: int
    practitioner_id: int
    room_id: int
    starts_at: datetime
    ends_at: datetime
    local_start: str
    ideal_date: date | None
    status: str


class PlannedSessionOut(Schema):
    number: int
    practitioner_id: int
    room_id: int
    start: str = Field(description="Wall-clock time at the clinic, to the minute.")


class PlanOut(Schema):
    summary: str
    sessions: list[PlannedSessionOut] = Field(
        description="Sent back as they are to book the plan (POST .../appointments)."
    )
    ideal_dates: dict[str, date | None] = Field(
        description="Each session's ideal date by its number, as the server derives it."
    )


class UnplaceableOut(Schema):
    number: int
    ideal_date: date
    message: str


class PlansOut(Schema):
    plans: list[PlanOut] = Field(description="Best first; empty when none is complete.")
    unplaceable: list[UnplaceableOut] = Field(description="Why a session has no time.")
    detail: str = ""


def appointment_out(row: Appointment, clinic: Clinic) -> dict[str, Any]:
    """The row for the API, its local time on `clinic`'s clock: the caller passes the clinic
    it already read, so a list of rows reads it once, not once per row."""
    return {
        "id": row.id,
        "course_id": row.course_id,
        "patient_id": row.patient_id,
        "number": row.number,
        "practitioner_id": row.practitioner_id,
        "room_id": row.room_id,
        "starts_at": row.starts_at,
        "ends_at": row.ends_at,
        "local_start": to_wall(row.starts_at, clinic).isoformat(timespec="minutes"),
        "ideal_date": row.ideal_date,
        "status": row.status,
    }


def _wishes_form(course: Course, wishes: WishesIn) -> PreferencesForm:
    form = PreferencesForm(
        {
            "weekdays": [str(day) for day in wishes.weekdays],
            "part_of_day": wishes.part_of_day,
            "practitioner": str(wishes.practitioner_id or ""),
        },
        practitioners=practitioner_choices(course),
    )
    if not form.is_valid():
        field, problems = next(iter(form.errors.items()))
        raise DomainError(field, str(problems[0]))
    return form


def _wall(start: datetime, course: Course) -> datetime:
    """The clinic's wall-clock time: as sent, or converted from the offset sent with it."""
    return start if start.tzinfo is None else to_wall(start, course.clinic)


def plans_out(found: PlanSearch | None) -> dict[str, Any]:
    if found is None:
        return {"plans": [], "unplaceable": [], "detail": "Every session is done or booked."}
    return {
        "plans": [
            {
                "summary": plan.score.summary,
                # What a booking request sends back as it is: the ideal dates are apart,
                # as the server derives them again when it books.
                "sessions": [
                    {
                        "number": a.number,
                        "practitioner_id": int(a.practitioner_id),
                        "room_id": int(a.room_id),
                        "start": a.start.isoformat(timespec="minutes"),
                    }
                    for a in plan.appointments
                ],
                "ideal_dates": {str(a.number): a.ideal for a in plan.appointments},
            }
            for plan in found.plans
        ],
        "unplaceable": [
            {"number": u.number, "ideal_date": u.ideal, "message": u.message}
            for u in found.unplaceable
        ],
        "detail": found.wish_unmet,
    }


@router.post("/courses/{course_id}/availability", response=PlansOut)
def availability(request: HttpRequest, course_id: Id, payload: WishesIn) -> dict[str, Any]:
    """The best complete plans for the sessions still to book, or why there are none."""
    course = access_booking_course(actor_from(request, via="api"), course_id)
    wishes = _wishes_form(course, payload).preferences()
    return plans_out(search(course, wishes, clinic_now(course)))


@router.get("/courses/{course_id}/appointments", response=list[AppointmentOut])
def list_appointments(request: HttpRequest, course_id: Id) -> list[dict[str, Any]]:
    course = access_booking_course(actor_from(request, via="api"), course_id)
    return [appointment_out(row, course.clinic) for row in course_appointments(course)]


@router.post(
    "/courses/{course_id}/appointments",
    response={201: list[AppointmentOut], 409: dict[str, Any]},
)
def book(request: HttpRequest, course_id: Id, payload: BookIn) -> Any:
    """Book the sessions given, all or none. 409 with fresh plans when a time was taken."""
    actor = actor_from(request, via="api")
    course = access_booking_course(actor, course_id)
    slots = [
        Slot(s.number, s.practitioner_id, s.room_id, _wall(s.start, course))
        for s in payload.sessions
    ]
    given = _wishes_form(course, payload.wishes).preferences() if payload.wishes else None
    try:
        rows = course_book(actor=actor, course_id=course.id, slots=slots, wishes=given)
    except DomainError as error:
        # The services name the slots they were given; this request calls them sessions.
        if isinstance(error, BookingRefused) and error.taken:
            course.refresh_from_db()
            fresh = plans_out(search(course, given or course_wishes(course), clinic_now(course)))
            return Status(409, {"errors": {SESSIONS: error.message}, **fresh})
        if error.field != "slots":
            raise
        raise DomainError(SESSIONS, error.message) from error
    return Status(201, [appointment_out(row, course.clinic) for row in rows])


@router.post("/appointments/{appointment_id}/cancel", response=AppointmentOut)
def cancel(request: HttpRequest, appointment_id: Id, payload: CancelIn) -> dict[str, Any]:
    actor = actor_from(request, via="api")
    access_appointment(actor, appointment_id)
    row = appointment_cancel(
        actor=actor, appointment_id=appointment_id, status=payload.status, reason=payload.reason
    )
    return appointment_out(row, row.clinic)


@router.get("/clinics/{clinic_id}/schedule", response=list[AppointmentOut])
def schedule(
    request: HttpRequest,
    clinic_id: Id,
    first: Day,
    last: Day,
    practitioner_id: Id | None = None,
) -> list[dict[str, Any]]:
    """A clinic's appointments from `first` to `last` (at most 31 days)."""
    if not 0 <= (last - first).days <= 31:
        raise DomainError("last", "Ask for 1 to 32 days, with last on or after first.")
    view = clinic_schedule(
        actor_from(request, via="api"),
        clinic_id,
        first,
        last,
        practitioner_id=practitioner_id,
        with_names=False,
    )
    return [appointment_out(row, view.clinic) for row in view.appointments]
