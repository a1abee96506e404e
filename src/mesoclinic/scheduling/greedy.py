"""First-fit baseline: courses one after another, each session at the first free slot
nearest its ideal date. It is what a front desk does by hand, and what the optimiser
has to beat."""

from collections.abc import Sequence
from datetime import date, timedelta

from mesoclinic.scheduling.model import Appointment, Calendar, CourseRequest, PartOfDay
from mesoclinic.scheduling.schedule import (
    Horizon,
    Schedule,
    Session,
    Unplaced,
    by_course,
    neighbours,
    sessions_of,
)
from mesoclinic.scheduling.timeline import Board, at


def course_order(requests: Sequence[CourseRequest]) -> list[CourseRequest]:
    """Earliest first ideal date first; of two starting together, the longer course."""
    return sorted(requests, key=lambda r: (r.first_ideal, -r.sessions, r.id))


def candidate_days(
    session: Session, horizon: Horizon, after: date | None, before: date | None
) -> list[date]:
    """The days the session may take, nearest its ideal date first (earlier on a tie);
    `after` and `before` are the dates of the course's placed sessions around it."""
    low, high = horizon.clip(*session.window)
    if session.earliest is not None:
        low = max(low, session.earliest)
    gap = timedelta(days=session.rules.min_gap_days)
    if after is not None:
        low = max(low, after + gap)
    if before is not None:
        high = min(high, before - gap)
    ideal = session.ideal
    found = [low + timedelta(days=n) for n in range((high - low).days + 1)]
    return sorted(found, key=lambda d: (abs((d - ideal).days), d))


def first_fit(
    board: Board, session: Session, day: date, practitioner_ids: Sequence[str]
) -> Appointment | None:
    """The earliest free (practitioner, room, start) on `day`, practitioners in the order
    given; the patient's part of day comes first. Takes the slot on the board."""
    calendar = board.calendar
    clinic = calendar.clinics[session.clinic_id]
    rooms = sorted(
        (r for r in calendar.rooms.values() if r.clinic_id == clinic.id), key=lambda r: r.id
    )
    wished = session.preferences.part_of_day
    for practitioner_id in practitioner_ids:
        person = calendar.practitioners[practitioner_id]
        starts = list(board.free_starts(clinic, person, day, session.minutes))
        if wished is not None:
            starts.sort(key=lambda m: PartOfDay.of(at(day, m)) != wished)
        for start in starts:
            end = start + session.minutes
            if not board.is_free("c:" + session.patient_id, day, start, end, 0):
                continue
            room = board.room_for(clinic, rooms, day, start, session.minutes)
            if room is None:
                continue
            appointment = Appointment(
                course_id=session.course_id,
                patient_id=session.patient_id,
                number=session.number,
                practitioner_id=practitioner_id,
                room_id=room.id,
                start=at(day, start),
                end=at(day, end),
                ideal=session.ideal,
            )
            board.take(appointment)
            return appointment
    return None


def practitioner_order(calendar: Calendar, session: Session, last: str | None) -> list[str]:
    """The course's practitioner so far, then the patient's choice, then the others."""
    mine = sorted(p.id for p in calendar.practitioners.values() if p.clinic_id == session.clinic_id)
    first = [p for p in (last, session.preferences.practitioner_id) if p in mine]
    return list(dict.fromkeys([*first, *mine]))


def why_unplaced(session: Session, horizon: Horizon, days: list[date]) -> str:
    low, high = session.window
    span = f"{low:%d %b} to {high:%d %b}"
    if horizon.clip(low, high)[0] > horizon.clip(low, high)[1]:
        return f"its window ({span}) lies outside the dates being planned"
    if not days:
        return f"the gap to the course's neighbouring sessions leaves no day in its window ({span})"
    return f"no practitioner with a free room on any day of its window ({span})"


def place_course(
    board: Board, request: CourseRequest, horizon: Horizon, booked: Sequence[Appointment] = ()
) -> tuple[list[Appointment], list[Unplaced]]:
    """Place the request's sessions in turn; `booked` are its course's booked sessions."""
    context = neighbours(booked, request)
    after, last = context.before, context.practitioner_id
    placed, unplaced = [], []
    for session in sessions_of(request):
        days = candidate_days(session, horizon, after, context.after)
        order = practitioner_order(board.calendar, session, last)
        appointment = next(
            (a for d in days if (a := first_fit(board, session, d, order)) is not None), None
        )
        if appointment is None:
            unplaced.append(
                Unplaced(session.course_id, session.number, why_unplaced(session, horizon, days))
            )
            continue
        placed.append(appointment)
        after, last = appointment.start.date(), appointment.practitioner_id
    return placed, unplaced


def greedy(calendar: Calendar, requests: Sequence[CourseRequest], horizon: Horizon) -> Schedule:
    """Place `requests` around `calendar.booked`, one course at a time."""
    board = Board.of(calendar)
    booked = by_course(calendar)
    placed: list[Appointment] = []
    unplaced: list[Unplaced] = []
    for request in course_order(requests):
        done, missed = place_course(board, request, horizon, booked.get(request.id, []))
        placed += done
        unplaced += missed
    return Schedule(tuple(placed), tuple(unplaced))
