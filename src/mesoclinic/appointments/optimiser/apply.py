"""Applying a reviewed proposal: exactly the placements and moves that were shown, never a
new search, and only after the independent checker has passed them again against the
calendar as it is by then.

It all happens in one transaction. Each course is all or nothing: a course the checker
refuses now (its time taken meanwhile, a booked session changed, a session held since)
is listed with the reason, and its booked sessions stay where they are, which may refuse
the courses that were to take their place in turn. The rest book through the same
services the booking desk uses, each course in its own savepoint.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction

from mesoclinic.access import Capability, access_clinic
from mesoclinic.appointments.calendar import load_calendar, to_wall
from mesoclinic.appointments.changes import appointment_move
from mesoclinic.appointments.models import Appointment, AppointmentStatus
from mesoclinic.appointments.optimiser.batch import CourseProposal, Move, Proposal
from mesoclinic.appointments.services import (
    course_book,
    course_rules,
    held_dates,
    session_minutes,
)
from mesoclinic.audit.actor import Actor
from mesoclinic.audit.models import Action
from mesoclinic.audit.services import audit_record
from mesoclinic.clinics.models import Clinic
from mesoclinic.courses.models import Course
from mesoclinic.domain.errors import DomainError
from mesoclinic.scheduling import model as sched
from mesoclinic.scheduling import text
from mesoclinic.scheduling.checker import check

CHANGED = "A booked session of the course changed meanwhile."
NOT_HERE = "The course is not in this clinic."


@dataclass(frozen=True)
class Outcome:
    course_id: int
    patient_id: int
    booked: int  # appointments created
    moved: int  # booked appointments whose time, practitioner or room changed
    refused: str = ""  # why nothing of this course was booked or moved


def _changed_meanwhile(clinic: Clinic, move: Move) -> bool:
    row = Appointment.objects.filter(id=move.appointment_id).first()
    return (
        row is None
        or row.status != AppointmentStatus.BOOKED
        or to_wall(row.starts_at, clinic) != move.was
    )


def _appointments(course: Course, proposal: CourseProposal) -> list[sched.Appointment]:
    minutes = timedelta(minutes=session_minutes(course))
    slots = [*proposal.slots, *(m.slot for m in proposal.moves)]
    return [
        sched.Appointment(
            course_id=str(course.id),
            patient_id=str(course.patient_id),
            number=s.number,
            practitioner_id=str(s.practitioner_id),
            room_id=str(s.room_id),
            start=s.start,
            end=s.start + minutes,
            ideal=s.ideal,
        )
        for s in slots
    ]


def recheck(
    clinic: Clinic, proposals: Iterable[CourseProposal], courses: dict[int, Course]
) -> dict[int, str]:
    """The courses the checker refuses now, by id, with its first reason for each. A
    refused course keeps its booked sessions where they are, so the rest are checked
    again without it until none is refused."""
    mine = [p for p in proposals if p.course_id in courses]
    refused = {
        p.course_id: CHANGED for p in mine if any(_changed_meanwhile(clinic, m) for m in p.moves)
    }
    rules = {str(c.id): course_rules(c) for c in courses.values()}
    held = held_dates(courses.values())
    while True:
        live = [p for p in mine if p.course_id not in refused]
        proposed = [a for p in live for a in _appointments(courses[p.course_id], p)]
        if not proposed:
            return refused
        days = [a.start.date() for a in proposed]
        calendar = load_calendar(
            clinic, min(days) - timedelta(days=28), max(days) + timedelta(days=28)
        )
        ours = set(proposed)
        blamed: dict[int, str] = {}
        for violation in check(calendar, proposed, rules, last_held=held):
            for a in violation.appointments:
                if a in ours:
                    blamed.setdefault(int(a.course_id), text.sentence(violation.message) + ".")
        if not blamed:
            return refused
        refused |= blamed


def _apply_course(actor: Actor, course: CourseProposal) -> tuple[int, int]:
    """Book and move one course in a savepoint; the appointments created and moved."""
    with transaction.atomic():
        moved = 0
        if course.moves:
            ids = [m.appointment_id for m in course.moves]
            before = {
                r.id: (r.starts_at, r.practitioner_id, r.room_id)
                for r in Appointment.objects.filter(id__in=ids)
            }
            first = min(course.moves, key=lambda m: m.slot.number)
            slots = sorted((m.slot for m in course.moves), key=lambda s: s.number)
            rows = appointment_move(actor=actor, appointment_id=first.appointment_id, slots=slots)
            moved = sum(
                before.get(r.id) != (r.starts_at, r.practitioner_id, r.room_id) for r in rows
            )
        created = (
            course_book(actor=actor, course_id=course.course_id, slots=course.slots)
            if course.slots
            else []
        )
    return len(created), moved


def batch_apply(*, actor: Actor, clinic_id: int, proposal: Proposal) -> list[Outcome]:
    """Book and move each course of the reviewed proposal, each course all or nothing, in
    one transaction. A course whose way is still blocked by another course's session
    that is yet to move is tried again once that one has moved, for as long as a round
    books something."""
    clinic = access_clinic(actor, clinic_id, Capability.SETUP)
    if proposal.clinic_id != clinic.id:
        raise DomainError("clinic", "This proposal is for another clinic.")
    with transaction.atomic():
        ids = [c.course_id for c in proposal.courses]
        courses = {
            c.id: c
            for c in Course.objects.filter(clinic=clinic, id__in=ids).select_related("clinic")
        }
        refused = recheck(clinic, proposal.courses, courses)
        written: dict[int, tuple[int, int]] = {}
        waiting = [
            c for c in proposal.courses if c.course_id in courses and c.course_id not in refused
        ]
        while waiting:
            left = []
            for course in waiting:
                try:
                    written[course.course_id] = _apply_course(actor, course)
                except DomainError as error:
                    refused[course.course_id] = error.message
                    left.append(course)
            if len(left) == len(waiting):
                break
            waiting = left
        outcomes = [
            Outcome(c.course_id, c.patient_id, *written[c.course_id])
            if c.course_id in written
            else Outcome(c.course_id, c.patient_id, 0, 0, refused.get(c.course_id, NOT_HERE))
            for c in proposal.courses
        ]
        booked = sum(o.booked for o in outcomes)
        moved = sum(o.moved for o in outcomes)
        refusals = sum(1 for o in outcomes if o.refused)
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            target=f"optimiser proposal from {proposal.first_day} applied: {booked} "
            f"appointments created, {moved} moved, {refusals} courses refused",
            clinic_id=clinic.id,
        )
    return outcomes
