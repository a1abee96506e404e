"""Synthetic courses: the estimate from the signed assessment decides the count, the
whole course is booked in one go on the clinic's calendar, and what has happened by the
reference day (sessions held, a few stopped) sets each course's state."""

import random
from dataclasses import dataclass, field
from datetime import date, time, timedelta

from mesoclinic.appointments.models import Appointment, AppointmentStatus
from mesoclinic.audit.models import Action
from mesoclinic.courses.models import Course, CourseBlock, CourseState
from mesoclinic.domain.course import first_block_sessions, session_dates
from mesoclinic.domain.estimate import (
    AreaAssessment,
    CourseEstimate,
    PlanRequest,
    estimate_as_json,
    estimate_course,
)
from mesoclinic.domain.grading import CSSScore
from mesoclinic.domain.protocol import Protocol
from mesoclinic.synth.calendar import Calendar, Slot, place_course
from mesoclinic.synth.organisation import SynthClinic
from mesoclinic.synth.people import SIDES, Arrival, at
from mesoclinic.synth.writer import Writer

STOP_SHARE = 0.03
GHOST_SHARE = {AppointmentStatus.CANCELLED_BY_PATIENT: 0.03, AppointmentStatus.NO_SHOW: 0.01}
STOP_REASON = "The patient asked to end the course (synthetic data)."
# Patients assessed this recently have a planned course the desk has not booked yet
# (this share of them): the booking search and booking have courses to work on.
UNBOOKED_WITHIN_DAYS, UNBOOKED_SHARE = 21, 0.6


@dataclass
class Booked:
    course: Course
    arrival: Arrival
    placed: list[tuple[date, Slot]]
    held: list[Appointment] = field(default_factory=list)  # the session appointments, in order


def _estimate(
    a: Arrival,
    css: tuple[CSSScore, CSSScore],
    protocol: Protocol,
    starts_on: date,
    cadence: int,
    rng: random.Random,
) -> tuple[PlanRequest, CourseEstimate]:
    areas = tuple(
        AreaAssessment("thighs", side, a.grade, css=css)
        for side, css in zip(SIDES, css, strict=True)
    )
    request = PlanRequest(
        areas=areas,
        start=starts_on,
        cadence_days=cadence,
        expectation=rng.choice(["modest", "modest", "marked"]),
        lifestyle=rng.random() < 0.4,
    )
    return request, estimate_course(request, protocol)


def book_courses(
    clinic: SynthClinic,
    arrivals: list[Arrival],
    calendar: Calendar,
    protocol: Protocol,
    today: date,
    rng: random.Random,
    w: Writer,
) -> list[Booked]:
    booked: list[Booked] = []
    for a in arrivals:
        w.advance()
        if a.assessment is None or a.css is None:
            continue
        cadence = (
            protocol.cadences["weekly"] if rng.random() < 0.7 else max(protocol.cadences.values())
        )
        starts_on = a.day + timedelta(days=rng.randint(1, 7))
        request, estimate = _estimate(a, a.css, protocol, starts_on, cadence, rng)
        sessions, _in_blocks = first_block_sessions(estimate, protocol)
        ideal = list(session_dates(starts_on, sessions, cadence))
        unbooked = a.day > today - timedelta(days=UNBOOKED_WITHIN_DAYS) and (
            rng.random() < UNBOOKED_SHARE
        )
        placed = (
            []
            if unbooked
            else place_course(
                calendar,
                ideal_days=ideal,
                practitioner=a.practitioner,
                min_interval_days=protocol.min_interval_days,
                tolerance_days=protocol.booking_tolerance_days,
                rng=rng,
            )
        )
        stopped = False
        if rng.random() < STOP_SHARE and len(placed) > 3:
            stop_after = rng.randint(2, 3)  # the patient stops after this many sessions
            if placed[stop_after - 1][1].day < today:
                for _, slot in placed[stop_after:]:
                    calendar.release(slot)
                placed = placed[:stop_after]
                stopped = True
        author = clinic.practitioners[a.practitioner]
        course = Course(
            patient=a.patient,
            clinic=clinic.clinic,
            author=author,
            assessment=a.assessment,
            nm_grade=a.grade,
            cadence_days=cadence,
            expectation=request.expectation,
            lifestyle=request.lifestyle,
            starts_on=starts_on,
            sessions_recommended=estimate.recommended,
            block_size=None,
            sessions_planned=sessions,
            estimate=estimate_as_json(estimate),
            protocol_name=protocol.name,
            protocol_version=protocol.version,
        )
        _set_state(clinic, course, placed, ideal, today, stopped=stopped)
        booked.append(Booked(course, a, placed))
    w.bulk(Course, [b.course for b in booked])
    w.bulk(
        CourseBlock,
        [
            CourseBlock(
                course=b.course,
                number=1,
                assessment=b.course.assessment,
                starts_on=b.course.starts_on,
                sessions_planned=b.course.sessions_planned,
                sessions_done=b.course.sessions_done,
                estimate=b.course.estimate,
                author=b.course.author,
            )
            for b in booked
        ],
    )
    for b in booked:
        c = b.course
        w.audit(c.author, Action.CREATE, f"course {c.pk}", clinic.clinic.pk, c.patient.pk)
        if c.started_at:
            w.audit(
                c.author, Action.UPDATE, f"course {c.pk} started", clinic.clinic.pk, c.patient.pk
            )
        if c.state in (CourseState.COMPLETED, CourseState.STOPPED):
            what = "completed" if c.state == CourseState.COMPLETED else "stopped"
            w.audit(
                c.author, Action.UPDATE, f"course {c.pk} {what}", clinic.clinic.pk, c.patient.pk
            )
    return booked


def _set_state(
    clinic: SynthClinic,
    course: Course,
    placed: list[tuple[date, Slot]],
    ideal: list[date],
    today: date,
    *,
    stopped: bool,
) -> None:
    days = [slot.day for _, slot in placed]
    held = [day for day in days if day < today]
    course.sessions_done = course.sessions_done_total = len(held)
    course.last_session_on = held[-1] if held else None
    course.dates = tuple(days + ideal[len(days) :]) if not stopped else tuple(days)
    if not stopped:
        course.dates = course.dates[: course.sessions_planned]
    author = course.author
    if held:
        course.started_at, course.started_by = at(clinic, held[0], 8, 55), author
    if stopped:
        course.state, course.stop_reason = CourseState.STOPPED, STOP_REASON
        course.ended_at, course.ended_by = at(clinic, held[-1], 17, 45), author
    elif len(held) == course.sessions_planned:
        course.state = CourseState.COMPLETED
        course.ended_at, course.ended_by = at(clinic, held[-1], 17, 45), author
    else:
        course.state = CourseState.ACTIVE if held else CourseState.PLANNED


def book_appointments(
    clinic: SynthClinic,
    booked: list[Booked],
    grid: list[time],
    session_minutes: int,
    today: date,
    rng: random.Random,
    w: Writer,
) -> None:
    """The appointments of every course, written course by course in batches; a few
    sessions were first booked at another time and cancelled or missed, and the held one
    points at that row."""
    buffer = timedelta(minutes=clinic.clinic.buffer_minutes)
    length = timedelta(minutes=session_minutes)
    for start in range(0, len(booked), 500):
        chunk = booked[start : start + 500]
        ghosts: list[Appointment] = []
        rows: list[Appointment] = []
        for b in chunk:
            desk = clinic.desks[b.course.pk % 2]
            for number, (ideal, slot) in enumerate(b.placed, start=1):
                starts = at(clinic, slot.day, grid[slot.start].hour, grid[slot.start].minute)
                held = slot.day < today
                row = Appointment(
                    clinic=clinic.clinic,
                    patient=b.course.patient,
                    course=b.course,
                    number=number,
                    practitioner=clinic.practitioners[slot.practitioner],
                    room=clinic.rooms[slot.room],
                    starts_at=starts,
                    ends_at=starts + length,
                    held_until=starts + length + buffer,
                    ideal_date=ideal,
                    status=AppointmentStatus.COMPLETED if held else AppointmentStatus.BOOKED,
                    status_changed_at=starts + length if held else None,
                    status_changed_by=clinic.practitioners[slot.practitioner] if held else None,
                    booked_by=desk,
                )
                for status, share in GHOST_SHARE.items():
                    if held and rng.random() < share:
                        ghost_start = starts - timedelta(days=7)
                        ghosts.append(
                            Appointment(
                                clinic=clinic.clinic,
                                patient=b.course.patient,
                                course=b.course,
                                number=number,
                                practitioner=row.practitioner,
                                room=row.room,
                                starts_at=ghost_start,
                                ends_at=ghost_start + length,
                                held_until=ghost_start + length + buffer,
                                ideal_date=ideal,
                                status=status,
                                status_reason="Synthetic data",
                                status_changed_at=ghost_start - timedelta(days=1),
                                status_changed_by=desk,
                                booked_by=desk,
                                revision=1,
                            )
                        )
                        row.replaces = ghosts[-1]
                        break
                rows.append(row)
                b.held.append(row)
        w.bulk(Appointment, ghosts)
        for row in rows:
            if row.replaces is not None:
                row.replaces_id = row.replaces.pk
        w.bulk(Appointment, rows)
        for b in chunk:
            if b.placed:
                desk = clinic.desks[b.course.pk % 2]
                what = f"booked {len(b.placed)} sessions"
                w.audit(
                    desk,
                    Action.CREATE,
                    f"course {b.course.pk} {what}",
                    clinic.clinic.pk,
                    b.course.patient.pk,
                )
        w.advance(len(chunk))
