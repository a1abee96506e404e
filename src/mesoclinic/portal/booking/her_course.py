"""Her course as she sees it: sessions done, booked and still to book, with what she may
change online. Dates, times and her practitioner's first name; no rooms, and nothing
clinical (the grade, the areas, the products stay on the clinic's side).

The caller found the course through her ownership (`booking.her_course`) and audited the
read; this module only lays it out.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import OuterRef, Subquery

from mesoclinic.appointments.models import Appointment, AppointmentStatus
from mesoclinic.appointments.services import sessions_placed_between, sessions_to_book
from mesoclinic.courses.models import OPEN_STATES, Course
from mesoclinic.patients.models import Patient, RecordStatus
from mesoclinic.portal.booking.online import first_name
from mesoclinic.portal.booking.rules import (
    change_closes_at,
    first_session_waits_for_staff,
    may_change_online,
)
from mesoclinic.portal.models import PortalSettings, settings_for
from mesoclinic.waitlist.models import EntryState, WaitlistEntry

UPCOMING = (AppointmentStatus.BOOKED, AppointmentStatus.CHECKED_IN)


@dataclass(frozen=True)
class Session:
    number: int
    starts_at: datetime  # UTC; pages show it in the clinic's zone
    ends_at: datetime
    practitioner: str  # first name
    appointment_id: int
    # Whether she may still move or cancel it online, and until when.
    may_change: bool
    change_closes_at: datetime
    # Moving is booking: only where the clinic books online, and never a first session
    # the clinic's staff book. Cancelling needs the window alone.
    may_move: bool = False
    # She said she is coming (the portal's button, a reminder's link); None until then.
    confirmed_at: datetime | None = None
    # She waits for an earlier time for it: the page shows that instead of asking again.
    waiting: bool = False


@dataclass(frozen=True)
class CourseView:
    course: Course
    settings: PortalSettings
    total: int  # sessions in the course (its current block's last number)
    done: int
    # Sessions held that were booked (a session charted without a booking counts in `done`).
    held: list[Session]
    booked: list[Session]
    to_book: list[int]  # session numbers she may search times for (online or with the desk)
    # Cancelled sessions with a later one still booked: the desk fits each between them.
    to_place_again: list[int]

    @property
    def still_to_book(self) -> int:
        return len(self.to_book) + len(self.to_place_again)

    @property
    def first_by_staff(self) -> bool:
        """Whether the next run to book starts with a first session the clinic books."""
        return bool(self.to_book) and first_session_waits_for_staff(
            self.settings.first_session_by_staff, self.to_book[0]
        )

    @property
    def is_open(self) -> bool:
        return self.course.state in OPEN_STATES


def her_courses(patient: Patient, now: datetime) -> list[Course]:
    """Her courses, open ones first, newest first (not those entered in error), each with
    `next_start`: its next booked session's start after the instant `now`, or None."""
    upcoming = Appointment.objects.filter(
        course=OuterRef("pk"), status__in=UPCOMING, starts_at__gt=now
    ).order_by("starts_at")
    rows = Course.objects.filter(patient=patient, status=RecordStatus.ACTIVE).annotate(
        next_start=Subquery(upcoming.values("starts_at")[:1])
    )
    return sorted(rows, key=lambda c: (c.state not in OPEN_STATES, -c.created_at.timestamp()))


def course_view(course: Course, now: datetime) -> CourseView:
    """The course laid out as of the instant `now`."""
    settings = settings_for(course.clinic_id)
    hours = settings.cancel_hours_before
    rows = list(
        Appointment.objects.filter(course=course)
        .select_related("practitioner")
        .order_by("starts_at", "id")
    )
    waiting = set(
        WaitlistEntry.objects.filter(
            appointment__course=course, state=EntryState.WAITING
        ).values_list("appointment_id", flat=True)
    )

    def session(row: Appointment) -> Session:
        return Session(
            number=row.number,
            starts_at=row.starts_at,
            ends_at=row.ends_at,
            practitioner=first_name(row.practitioner),
            appointment_id=row.id,
            may_change=row.status == AppointmentStatus.BOOKED
            and may_change_online(row.starts_at, now, hours),
            change_closes_at=change_closes_at(row.starts_at, hours),
            may_move=settings.online_booking
            and not first_session_waits_for_staff(settings.first_session_by_staff, row.number),
            confirmed_at=row.confirmed_at,
            waiting=row.id in waiting,
        )

    is_open = course.state in OPEN_STATES
    return CourseView(
        course=course,
        settings=settings,
        total=course.sessions_done_total - course.sessions_done + course.sessions_planned,
        done=course.sessions_done_total,
        held=[session(r) for r in rows if r.status == AppointmentStatus.COMPLETED],
        booked=[session(r) for r in rows if r.status in UPCOMING],
        to_book=[n for n, _ideal in sessions_to_book(course)] if is_open else [],
        to_place_again=[r.number for r in sessions_placed_between(course)] if is_open else [],
    )
