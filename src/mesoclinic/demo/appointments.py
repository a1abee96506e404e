"""Demo bookings: most open courses booked through the real search and booking service, so
the schedule, the week view and the calendar feeds have something to show, with a few
cancellations and one session placed again."""

import random

from django.contrib.auth.models import User

from mesoclinic.appointments.booking.plans import clinic_now, course_plans, request_from
from mesoclinic.appointments.changes import appointment_cancel
from mesoclinic.appointments.models import Appointment
from mesoclinic.appointments.services import BookingRefused, course_book, slot_of
from mesoclinic.audit.actor import Actor
from mesoclinic.clinics.models import Membership, Role
from mesoclinic.courses.models import OPEN_STATES, Course
from mesoclinic.scheduling.model import PartOfDay, Preferences


def _desk(course: Course) -> Actor:
    member = Membership.objects.filter(clinic=course.clinic, role=Role.FRONT_DESK).first()
    user = member.user if member else User.objects.get(pk=course.author_id)
    return Actor(user=user, ip=None, via="cli")


def _wishes(rng: random.Random) -> Preferences:
    if rng.random() < 0.5:
        return Preferences()
    return Preferences(
        weekdays=frozenset(rng.sample(range(5), 2)),
        part_of_day=rng.choice([PartOfDay.MORNING, PartOfDay.AFTERNOON, None]),
    )


def create_appointments(rng: random.Random, share: float = 0.8) -> int:
    booked = 0
    courses = Course.objects.filter(state__in=OPEN_STATES).select_related("clinic")
    for course in courses.order_by("id"):
        if rng.random() > share:
            continue
        now = clinic_now(course)
        request = request_from(course, _wishes(rng), now)
        if request is None:
            continue
        found = course_plans(course, request, now, limit=1)
        if not found.plans:
            continue
        slots = [slot_of(a) for a in found.plans[0].appointments]
        try:
            rows = course_book(actor=_desk(course), course_id=course.id, slots=slots)
        except BookingRefused:
            continue
        booked += len(rows)
        if len(rows) > 3 and rng.random() < 0.3:
            _cancel_one(course, rows, rng)
    return booked


def _cancel_one(course: Course, rows: list[Appointment], rng: random.Random) -> None:
    row = rng.choice(rows[1:])
    appointment_cancel(
        actor=_desk(course),
        appointment_id=row.id,
        status="cancelled_patient",
        reason="Away that week (example data)",
    )
