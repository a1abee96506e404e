"""When a course is due a reassessment, and why.

A course is reassessed after every `outcomes.reassess_every_sessions` sessions (counted
over the whole course, across blocks), at the end of each block of a course in blocks, and
at the end of the course. A point is met by a signed reassessment of that course dated on
or after the session that reached it: one taken before it measured an earlier stage.

Only the points that the plan as it stands reaches are known: the sessions of a block not
planned yet are not counted. A stopped course is due nothing more.

Pure: no Django, no clock. The caller passes the course's counts and dates.
"""

from dataclasses import dataclass
from datetime import date

from mesoclinic.domain.wording import count, listing


@dataclass(frozen=True)
class CourseCounts:
    """What the points are read from.

    `blocks` holds the sessions of each block in order, the current block last with its
    planned count (a course not in blocks has one block, the whole course). `session_dates`
    are the dates of the sessions done, in order. `reassessed_on` are the dates of the
    course's signed reassessments."""

    every: int
    in_blocks: bool
    blocks: tuple[int, ...]
    completed: bool
    stopped: bool
    session_dates: tuple[date, ...]
    reassessed_on: tuple[date, ...]

    @property
    def done(self) -> int:
        return len(self.session_dates)


@dataclass(frozen=True)
class ReassessmentPoint:
    """A reassessment falls due once `at_session` sessions of the course are done."""

    at_session: int
    course_end: bool = False
    block_end: int | None = None  # the number of the block that ends there

    @property
    def ends(self) -> str:
        """ "end of the course", "end of block 2", or "" for a point inside a block."""
        ends = []
        if self.course_end:
            ends.append("end of the course")
        if self.block_end is not None:
            ends.append(f"end of block {self.block_end}")
        return listing(ends)

    @property
    def reason(self) -> str:
        """ "5 sessions done", "end of block 2 (20 sessions done)"."""
        done = f"{count(self.at_session, 'session')} done"
        return f"{self.ends} ({done})" if self.ends else done


@dataclass(frozen=True)
class ReassessmentStatus:
    due: ReassessmentPoint | None  # reached and not met yet
    next: ReassessmentPoint | None  # the first point still to reach
    points: tuple[ReassessmentPoint, ...]  # every point the plan reaches

    @property
    def next_at_session(self) -> int | None:
        return None if self.next is None else self.next.at_session


def reassessment_points(counts: CourseCounts) -> tuple[ReassessmentPoint, ...]:
    """Every point up to the end of the planned sessions, in order."""
    if counts.every < 1:
        raise ValueError("reassess_every_sessions must be at least 1")
    ends: dict[int, int] = {}
    total = 0
    for number, sessions in enumerate(counts.blocks, start=1):
        total += sessions
        ends[total] = number
    course_end = total if (counts.completed or not counts.in_blocks) else None
    at = sorted({*range(counts.every, total + 1, counts.every), *ends})
    return tuple(
        ReassessmentPoint(
            at_session=n,
            course_end=n == course_end,
            block_end=ends[n] if counts.in_blocks and n in ends else None,
        )
        for n in at
    )


def point_met(point: ReassessmentPoint, counts: CourseCounts) -> bool:
    """Met by a signed reassessment dated on or after the session that reached it."""
    if point.at_session > counts.done or point.at_session < 1:
        return False
    reached_on = counts.session_dates[point.at_session - 1]
    return any(day >= reached_on for day in counts.reassessed_on)


def reassessment_status(counts: CourseCounts) -> ReassessmentStatus:
    """The point due now (the latest reached, when no reassessment has met it) and the
    next one to come. A reassessment meets every point reached before it, so only the
    latest reached point can be due."""
    points = reassessment_points(counts)
    if counts.stopped:
        return ReassessmentStatus(due=None, next=None, points=points)
    reached = [p for p in points if p.at_session <= counts.done]
    latest = reached[-1] if reached else None
    due = latest if latest is not None and not point_met(latest, counts) else None
    upcoming = next((p for p in points if p.at_session > counts.done), None)
    return ReassessmentStatus(due=due, next=upcoming, points=points)
