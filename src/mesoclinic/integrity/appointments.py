"""Booked sessions. `course_book` writes a booking request's appointments and its audit row
("course N booked sessions A-B") in one transaction, after the checker approved them: so
every session the row names has its appointment and no appointment stands without its
booking; live appointments never overlap. (A live appointment may outlast its course's
plan: lowering the session count leaves the sessions booked beyond it, so that is not
checked.)"""

import re
from collections import defaultdict

from django.db.models import Exists, OuterRef

from mesoclinic.appointments.models import HOLDING, Appointment
from mesoclinic.audit.models import AuditEvent
from mesoclinic.integrity.problem import Problem

BOOKED = re.compile(r"course (\d+) booked sessions (\d+)-(\d+)$")


def _bookings() -> dict[int, set[int]]:
    """The session numbers each course's booking requests named, from the audit trail."""
    named: dict[int, set[int]] = defaultdict(set)
    targets = AuditEvent.objects.filter(
        target__startswith="course ", target__contains=" booked sessions "
    ).values_list("target", flat=True)
    for target in targets:
        if found := BOOKED.match(target):
            course, first, last = map(int, found.groups())
            named[course].update(range(first, last + 1))
    return named


def course_bookings_are_whole() -> list[Problem]:
    """All appointments of one booking request exist, or none and no audit row either."""
    named = _bookings()
    rows: dict[int, set[int]] = defaultdict(set)
    first_placed = Appointment.objects.filter(replaces__isnull=True).order_by()
    for course, number in first_placed.values_list("course_id", "number").distinct():
        rows[course].add(number)
    problems = []
    for course in sorted(set(named) | set(rows)):
        missing = sorted(named[course] - rows[course])
        unbooked = sorted(rows[course] - named[course])
        if missing:
            problems.append(
                Problem(
                    "course_booking",
                    f"course {course}'s booking names sessions {missing} that have no appointment",
                )
            )
        if unbooked:
            problems.append(
                Problem(
                    "course_booking",
                    f"course {course} has appointments for sessions {unbooked} "
                    "without their booking",
                )
            )
    return problems


# Practitioner and room are held until the buffer after a session; the patient only for
# the session itself (the same rules as PostgreSQL's exclusion constraints).
OVERLAP_RULES = (
    ("practitioner_id", "held_until"),
    ("room_id", "held_until"),
    ("patient_id", "ends_at"),
)


def no_live_appointments_overlap() -> list[Problem]:
    problems = []
    live = Appointment.objects.filter(status__in=HOLDING)
    for column, until in OVERLAP_RULES:
        earlier_overlapping = live.filter(
            **{column: OuterRef(column)},
            starts_at__lt=OuterRef(until),
            **{f"{until}__gt": OuterRef("starts_at")},
            id__lt=OuterRef("id"),
        )
        clashes = live.filter(Exists(earlier_overlapping)).values_list("id", column)
        who = column.removesuffix("_id")
        problems += [
            Problem("appointment_overlap", f"appointment {a} overlaps another of {who} {r}")
            for a, r in clashes
        ]
    return problems
