"""Stage two of the optimiser: concrete starts and rooms for the day each session got, then
a first-fit pass for the sessions that still have no place."""

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date

from mesoclinic.scheduling.assignment import PracticeDay
from mesoclinic.scheduling.greedy import candidate_days, first_fit, practitioner_order, why_unplaced
from mesoclinic.scheduling.model import Appointment, PartOfDay, Room
from mesoclinic.scheduling.schedule import Horizon, Key, Session, Unplaced
from mesoclinic.scheduling.timeline import Board, at, minute_of

_RANK = {PartOfDay.MORNING: 0, None: 1, PartOfDay.AFTERNOON: 2}


def _keep_minute(session: Session, practitioner_id: str, day: date) -> int | None:
    kept = session.keep
    if kept is None or kept.practitioner_id != practitioner_id or kept.start.date() != day:
        return None
    return minute_of(kept.start.time())


def share_slots(
    sessions: list[Session], slots: list[int], practitioner_id: str, day: date
) -> tuple[list[tuple[Session, int]], list[Session]]:
    """Give each session one of the practitioner's slots: a booked session left on its day
    and practitioner keeps its own time, on the slot grid or off it (in place of the grid
    slot nearest it), mornings go to the earliest slots, afternoons to the latest. Returns
    the sessions with their starts, and any left without a slot."""
    free = sorted(slots)
    shared: list[tuple[Session, int]] = []
    rest = []
    for session in sessions:
        minute = _keep_minute(session, practitioner_id, day)
        if minute is not None and free:
            free.remove(min(free, key=lambda m: (abs(m - minute), m)))
            shared.append((session, minute))
        else:
            rest.append(session)
    rest.sort(key=lambda s: (_RANK[s.preferences.part_of_day], s.course_id))
    left = rest[len(free) :]
    rest = rest[: len(free)]
    late = [s for s in rest if s.preferences.part_of_day is PartOfDay.AFTERNOON]
    shared += [(session, free.pop()) for session in late]
    shared += [(session, free.pop(0)) for session in rest if session not in late]
    return shared, left


def _book(
    board: Board, session: Session, practitioner_id: str, day: date, start: int, rooms: list[Room]
) -> Appointment | None:
    calendar = board.calendar
    clinic = calendar.clinics[session.clinic_id]
    end = start + session.minutes
    if not board.fits(
        "p:" + practitioner_id,
        day,
        board.segments(clinic, calendar.practitioners[practitioner_id], day),
        start,
        session.minutes,
        clinic.buffer_minutes,
    ) or not board.is_free("c:" + session.patient_id, day, start, end, 0):
        return None
    kept = [r for r in rooms if session.keep is not None and r.id == session.keep.room_id]
    room = board.room_for(clinic, [*kept, *rooms], day, start, session.minutes)
    if room is None:
        return None
    appointment = Appointment(
        session.course_id,
        session.patient_id,
        session.number,
        practitioner_id,
        room.id,
        at(day, start),
        at(day, end),
        session.ideal,
    )
    board.take(appointment)
    return appointment


def pack(
    board: Board,
    sessions: Mapping[Key, Session],
    where: Mapping[Key, PracticeDay],
    picks: Mapping[PracticeDay, list[int]],
    minutes: int,
) -> tuple[list[Appointment], list[Session]]:
    """Starts and rooms for the sessions, each on its practitioner-day, in the slots
    `picks` names where the rooms were modelled; returns those placed and those that did
    not fit (the rooms ran out at the planned time and at every other free time)."""
    calendar = board.calendar
    by_day: dict[date, dict[str, list[Session]]] = defaultdict(lambda: defaultdict(list))
    for key, (practitioner_id, day) in where.items():
        by_day[day][practitioner_id].append(sessions[key])
    placed: list[Appointment] = []
    failed: list[Session] = []
    for day in sorted(by_day):
        planned: list[tuple[int, str, Session]] = []
        retry: list[tuple[str, Session]] = []
        for practitioner_id, mine in sorted(by_day[day].items()):
            person = calendar.practitioners[practitioner_id]
            clinic = calendar.clinics[person.clinic_id]
            slots = picks.get((practitioner_id, day)) or board.pattern(clinic, person, day, minutes)
            shared, left = share_slots(mine, slots, practitioner_id, day)
            planned += [(start, practitioner_id, s) for s, start in shared]
            retry += [(practitioner_id, s) for s in left]
        # Sessions staying where they are book first: a grid slot overlapping one of
        # them is the one to look elsewhere.
        planned.sort(key=lambda i: (_keep_minute(i[2], i[1], day) != i[0], i[0], i[1]))
        for start, practitioner_id, session in planned:
            rooms = _rooms(board, session)
            appointment = _book(board, session, practitioner_id, day, start, rooms)
            if appointment is None:
                retry.append((practitioner_id, session))
            else:
                placed.append(appointment)
        for practitioner_id, session in retry:
            person = calendar.practitioners[practitioner_id]
            clinic = calendar.clinics[session.clinic_id]
            rooms = _rooms(board, session)
            appointment = next(
                (
                    a
                    for m in list(board.free_starts(clinic, person, day, session.minutes))
                    if (a := _book(board, session, practitioner_id, day, m, rooms)) is not None
                ),
                None,
            )
            if appointment is None:
                failed.append(session)
            else:
                placed.append(appointment)
    return placed, failed


def _rooms(board: Board, session: Session) -> list[Room]:
    rooms = board.calendar.rooms.values()
    return sorted((r for r in rooms if r.clinic_id == session.clinic_id), key=lambda r: r.id)


def fill(
    board: Board,
    horizon: Horizon,
    waiting: Sequence[Session],
    placed: Sequence[Appointment],
    fixed: Mapping[str, Sequence[Appointment]],
) -> tuple[list[Appointment], list[Unplaced]]:
    """First fit for the sessions still waiting, between the course's placed sessions."""
    course: dict[str, list[Appointment]] = defaultdict(list)
    for booked in placed:
        course[booked.course_id].append(booked)
    added: list[Appointment] = []
    unplaced: list[Unplaced] = []
    for session in sorted(waiting, key=lambda s: (s.course_id, s.number)):
        around = [*course[session.course_id], *fixed.get(session.course_id, ())]
        after = max((a.start.date() for a in around if a.number < session.number), default=None)
        before = min((a.start.date() for a in around if a.number > session.number), default=None)
        days = candidate_days(session, horizon, after, before)
        counts: dict[str, int] = defaultdict(int)
        for a in course[session.course_id]:
            counts[a.practitioner_id] += 1
        main = max(counts, key=lambda p: counts[p], default=None)
        order = practitioner_order(board.calendar, session, main)
        found = (first_fit(board, session, d, order) for d in days)
        appointment = next((f for f in found if f is not None), None)
        if appointment is None:
            unplaced.append(
                Unplaced(session.course_id, session.number, why_unplaced(session, horizon, days))
            )
        else:
            added.append(appointment)
            course[session.course_id].append(appointment)
    return added, unplaced
