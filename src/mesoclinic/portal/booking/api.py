"""Her course in the portal's JSON API: the course, plans for the sessions still to book,
booking one, the times a booked session may move to, moving and cancelling it. The same
services as the pages; a plan or option is chosen by its id with the wishes it was found
with, never by dates. Times come out in UTC and on the clinic's wall clock."""

from datetime import datetime
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status
from pydantic import ConfigDict, Field

from mesoclinic.appointments.booking.forms import PreferencesForm
from mesoclinic.appointments.calendar import to_wall
from mesoclinic.appointments.models import Appointment, AppointmentStatus
from mesoclinic.appointments.services import BookingRefused
from mesoclinic.clinics.models import Clinic
from mesoclinic.courses.models import Course
from mesoclinic.domain.errors import DomainError
from mesoclinic.portal.access import owned_or_404, portal_actor, portal_patient, portal_read
from mesoclinic.portal.booking.changes import (
    appointment_cancel_by_patient,
    appointment_move_by_patient,
    course_book_by_patient,
    her_course,
)
from mesoclinic.portal.booking.her_course import Session, course_view, her_courses
from mesoclinic.portal.booking.offers import ShownOffer, shown
from mesoclinic.portal.booking.online import (
    OnlineSearch,
    limits_for,
    online_move_options,
    online_names,
    online_plans,
)
from mesoclinic.scheduling.model import Preferences
from mesoclinic.validation import Id

router = Router(tags=["portal"])


class PortalWishesIn(Schema):
    model_config = ConfigDict(extra="forbid")
    weekdays: list[Annotated[int, Field(ge=0, le=6)]] = Field(
        default=[], max_length=7, description="0 = Monday; empty: any day."
    )
    part_of_day: Literal["", "morning", "afternoon"] = ""
    practitioner_id: Id | None = Field(
        default=None, description="One of the practitioners the clinic books online."
    )


class PortalBookIn(Schema):
    model_config = ConfigDict(extra="forbid")
    plan_id: str = Field(max_length=64, description="A plan's id from .../plans.")
    wishes: PortalWishesIn = Field(description="The wishes the plan was found with.")


class PortalMoveIn(Schema):
    model_config = ConfigDict(extra="forbid")
    option_id: str = Field(max_length=64, description="An option's id from .../moves.")


class PortalSessionOut(Schema):
    number: int
    appointment_id: int
    starts_at: datetime
    ends_at: datetime
    local_start: str = Field(description="Wall-clock time at the clinic, to the minute.")
    practitioner: str = Field(description="First name.")
    may_change_online: bool
    change_closes_at: datetime
    confirmed_at: datetime | None = Field(
        default=None, description="When she confirmed she is coming; null until then."
    )


class PortalCourseSummaryOut(Schema):
    id: int
    state: str
    starts_on: str
    sessions_done: int
    next_start: datetime | None = Field(description="Her next booked session's start.")


class PortalCourseOut(Schema):
    id: int
    state: str
    sessions: int
    sessions_done: int
    held: list[PortalSessionOut]
    booked: list[PortalSessionOut]
    to_book: list[int]
    to_place_again: list[int] = Field(
        description="Cancelled sessions with a later one still booked: the clinic fits them"
        " between, by phone; any other cancelled session is in to_book."
    )
    online_booking: bool
    cancel_hours_before: int


class PortalOfferSessionOut(Schema):
    number: int
    start: str = Field(description="Wall-clock time at the clinic, to the minute.")
    end: str
    practitioner: str


class PortalOfferOut(Schema):
    id: str
    summary: str
    misses: str = Field(default="", description="Which of her wishes the plan does not keep.")
    sessions: list[PortalOfferSessionOut]


class PortalPlansOut(Schema):
    wishes: PortalWishesIn = Field(description="The wishes these plans were found with.")
    plans: list[PortalOfferOut] = Field(description="Best first; book one by its id.")
    refused: str = Field(description="Why she cannot book online now, if she cannot.")
    unplaceable: list[int]
    wish_unmet: bool
    sessions: list[int] = Field(description="The sessions the plans book.")
    later: list[int] = Field(description="Sessions beyond the days the clinic books online.")
    practitioners: dict[str, str] = Field(description="Those she may ask for, by id.")


class PortalMovesOut(Schema):
    options: list[PortalOfferOut]
    detail: str = ""


def _session(s: Session, clinic: Clinic) -> dict[str, Any]:
    return {
        "number": s.number,
        "appointment_id": s.appointment_id,
        "starts_at": s.starts_at,
        "ends_at": s.ends_at,
        "local_start": to_wall(s.starts_at, clinic).isoformat(timespec="minutes"),
        "practitioner": s.practitioner,
        "may_change_online": s.may_change,
        "change_closes_at": s.change_closes_at,
        "confirmed_at": s.confirmed_at,
    }


def _course_out(course: Course) -> dict[str, Any]:
    view = course_view(course, timezone.now())
    return {
        "id": course.id,
        "state": course.state,
        "sessions": view.total,
        "sessions_done": view.done,
        "held": [_session(s, course.clinic) for s in view.held],
        "booked": [_session(s, course.clinic) for s in view.booked],
        "to_book": view.to_book,
        "to_place_again": view.to_place_again,
        "online_booking": view.settings.online_booking,
        "cancel_hours_before": view.settings.cancel_hours_before,
    }


def _offer(offer: ShownOffer) -> dict[str, Any]:
    return {
        "id": offer.id,
        "summary": offer.summary,
        "misses": offer.misses,
        "sessions": [
            {
                "number": row.number,
                "start": row.start.isoformat(timespec="minutes"),
                "end": row.end.isoformat(timespec="minutes"),
                "practitioner": row.practitioner,
            }
            for row in offer.rows
        ],
    }


def _wishes(course: Course, wishes: PortalWishesIn) -> Preferences:
    """Her wishes, checked as the booking page checks them: a practitioner she asks for
    must be one the clinic books online."""
    form = PreferencesForm(
        {
            "weekdays": [str(day) for day in wishes.weekdays],
            "part_of_day": wishes.part_of_day,
            "practitioner": str(wishes.practitioner_id or ""),
        },
        practitioners=online_names(limits_for(course.clinic, timezone.now())),
    )
    if not form.is_valid():
        field, problems = next(iter(form.errors.items()))
        raise DomainError(field, str(problems[0]))
    return form.preferences()


def _plans_out(
    course: Course, wishes: PortalWishesIn, found: OnlineSearch, asked: Preferences
) -> dict[str, Any]:
    names = online_names(limits_for(course.clinic, timezone.now()))
    return {
        "wishes": wishes,
        "plans": [_offer(offer) for offer in shown(found.plans, wishes=asked)],
        "refused": found.refused,
        "unplaceable": list(found.unplaceable),
        "wish_unmet": bool(found.wish_unmet),
        "sessions": list(found.numbers),
        "later": list(found.later),
        "practitioners": {str(pk): name for pk, name in names},
    }


@router.get("/courses", response=list[PortalCourseSummaryOut])
def courses(request: HttpRequest) -> list[dict[str, Any]]:
    patient = portal_read(request, "portal courses")
    return [
        {
            "id": c.id,
            "state": c.state,
            "starts_on": c.starts_on.isoformat(),
            "sessions_done": c.sessions_done_total,
            "next_start": c.next_start,  # type: ignore[attr-defined]  # annotated
        }
        for c in her_courses(patient, timezone.now())
    ]


@router.get("/courses/{course_id}", response=PortalCourseOut)
def course(request: HttpRequest, course_id: Id) -> dict[str, Any]:
    found = her_course(portal_patient(request), course_id)
    portal_read(request, f"portal course {found.id}")
    return _course_out(found)


@router.post("/courses/{course_id}/plans", response=PortalPlansOut)
def plans(request: HttpRequest, course_id: Id, payload: PortalWishesIn) -> dict[str, Any]:
    """The best plans for her sessions still to book, within what the clinic allows online."""
    found = her_course(portal_patient(request), course_id)
    portal_read(request, f"portal course {found.id} booking")
    wishes = _wishes(found, payload)
    return _plans_out(found, payload, online_plans(found, wishes, timezone.now()), wishes)


@router.post(
    "/courses/{course_id}/bookings",
    response={201: PortalCourseOut, 409: dict[str, Any]},
)
def book(request: HttpRequest, course_id: Id, payload: PortalBookIn) -> Any:
    """Book a plan found for the wishes sent. 409 with fresh plans when one of its times was
    taken meanwhile."""
    patient = portal_patient(request)
    found = her_course(patient, course_id)
    wishes = _wishes(found, payload.wishes)
    try:
        course_book_by_patient(
            actor=portal_actor(request),
            patient=patient,
            course_id=found.id,
            wishes=wishes,
            plan_id=payload.plan_id,
        )
    except BookingRefused as refused:
        if not refused.taken:
            raise
        search = online_plans(found, wishes, timezone.now())
        fresh = _plans_out(found, payload.wishes, search, wishes)
        return Status(409, {"errors": {"plan_id": refused.message}, **fresh})
    return Status(201, _course_out(her_course(patient, found.id)))


def _her_booked(request: HttpRequest, appointment_id: int) -> Appointment:
    rows = Appointment.objects.select_related("clinic", "course", "patient")
    return owned_or_404(
        rows.filter(status=AppointmentStatus.BOOKED), portal_patient(request), id=appointment_id
    )


@router.get("/appointments/{appointment_id}/moves", response=PortalMovesOut)
def moves(request: HttpRequest, appointment_id: Id) -> dict[str, Any]:
    """The times one of her booked sessions may move to, while the window is open."""
    row = _her_booked(request, appointment_id)
    portal_read(request, f"portal appointment {row.id} move")
    offers, why_none = online_move_options(row, timezone.now())
    return {"options": [_offer(o) for o in shown(offers, moving=True)], "detail": why_none}


@router.post(
    "/appointments/{appointment_id}/move",
    response={200: PortalCourseOut, 409: dict[str, Any]},
)
def move(request: HttpRequest, appointment_id: Id, payload: PortalMoveIn) -> Any:
    row = _her_booked(request, appointment_id)
    try:
        appointment_move_by_patient(
            actor=portal_actor(request),
            patient=row.patient,
            appointment_id=row.id,
            option_id=payload.option_id,
        )
    except BookingRefused as refused:
        if not refused.taken:
            raise
        offers, why_none = online_move_options(row, timezone.now())
        options = [_offer(o) for o in shown(offers, moving=True)]
        return Status(
            409, {"errors": {"option_id": refused.message}, "options": options, "detail": why_none}
        )
    return Status(200, _course_out(her_course(row.patient, row.course_id)))


@router.post("/appointments/{appointment_id}/cancel", response=PortalCourseOut)
def cancel(request: HttpRequest, appointment_id: Id) -> dict[str, Any]:
    row = _her_booked(request, appointment_id)
    appointment_cancel_by_patient(
        actor=portal_actor(request), patient=row.patient, appointment_id=row.id
    )
    return _course_out(her_course(row.patient, row.course_id))
