"""A treatment course's life and its session plan.

A course is planned, then active, then completed; or it is stopped, with a reason, before
it completes. Completed and stopped are final, with one exception: a session whose chart
is marked entered in error never happened, so a course it completed is active again. An
open-ended course (a grade whose rule has `block_sessions`) runs in blocks: when a block's
last session is done the course waits for a reassessment, and the next block is planned
from that reassessment.

Invariants every reachable state keeps (see `invariant_problems`):
- at least one session is planned; sessions done never exceed sessions planned;
- a planned course has nothing done, is on block 1 and waits for nothing;
- an active course that is not awaiting a reassessment still has a session to come;
- only an active course run in blocks awaits a reassessment, with its block all done;
- a completed course has every planned session of its (last) block done.

Pure: the caller passes the state in and stores what comes back.
"""

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Literal

from mesoclinic.domain.errors import DomainError
from mesoclinic.domain.estimate import CourseEstimate
from mesoclinic.domain.plausible import text_problem
from mesoclinic.domain.protocol_model import Protocol
from mesoclinic.domain.wording import count

CourseState = Literal["planned", "active", "completed", "stopped"]
COURSE_STATES: tuple[CourseState, ...] = ("planned", "active", "completed", "stopped")
FINAL_STATES: frozenset[CourseState] = frozenset({"completed", "stopped"})
OPEN_STATES: frozenset[CourseState] = frozenset({"planned", "active"})

REASON_MAX_LENGTH = 300
# A typing guard, not a clinical limit: it catches a slipped digit (150 for 15) and keeps
# a plan's date list small. No protocol grade plans anywhere near this many in one go.
SESSIONS_MAX = 100


@dataclass(frozen=True)
class CourseProgress:
    """Where a course stands. `planned` and `done` count the sessions of the current
    block; a course not run in blocks has one block, the whole course."""

    state: CourseState
    in_blocks: bool
    block: int
    planned: int
    done: int = 0
    awaiting_reassessment: bool = False

    @property
    def is_final(self) -> bool:
        return self.state in FINAL_STATES

    @property
    def remaining(self) -> int:
        return self.planned - self.done


def new_course(*, sessions: int, in_blocks: bool) -> CourseProgress:
    return CourseProgress(
        state="planned", in_blocks=in_blocks, block=1, planned=check_session_count(sessions)
    )


def invariant_problems(progress: CourseProgress) -> list[str]:
    """Every invariant this state breaks; empty for a state a course can reach."""
    p = progress
    problems = []
    if p.state not in COURSE_STATES:
        problems.append(f"unknown state {p.state!r}")
    if p.planned < 1:
        problems.append("no session planned")
    if not 0 <= p.done <= p.planned:
        problems.append("sessions done outside 0..planned")
    if p.block < 1 or (not p.in_blocks and p.block != 1):
        problems.append("block number out of place")
    if p.state == "planned" and (p.done or p.block != 1 or p.awaiting_reassessment):
        problems.append("a planned course has already moved on")
    if p.awaiting_reassessment and not (
        p.in_blocks and p.state == "active" and p.done == p.planned
    ):
        problems.append("awaiting a reassessment outside the end of an active block")
    if p.state == "active" and not p.awaiting_reassessment and p.done >= p.planned:
        problems.append("an active course with nothing left to do")
    if p.state == "completed" and p.done != p.planned:
        problems.append("completed with sessions still planned")
    return problems


# -- checks on what people type ---------------------------------------------------------


def check_session_count(value: object, field: str = "sessions") -> int:
    """A session count: a positive whole number (up to the typing guard)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise DomainError(
            field, f"The session count must be a positive whole number; got {value!r}."
        )
    if value > SESSIONS_MAX:
        raise DomainError(
            field,
            f"{value} sessions is more than {SESSIONS_MAX} in one plan: check the number.",
        )
    return value


def check_reason(reason: str, what: str, field: str = "reason") -> str:
    reason = reason.strip()
    if not reason:
        raise DomainError(field, f"Say why {what}.")
    if len(reason) > REASON_MAX_LENGTH:
        raise DomainError(field, f"Keep the reason under {REASON_MAX_LENGTH} characters.")
    if (problem := text_problem(reason, multiline=True)) is not None:
        raise DomainError(field, problem)
    return reason


# -- transitions ------------------------------------------------------------------------


def _refuse_if_final(p: CourseProgress, doing: str) -> None:
    if p.is_final:
        raise DomainError("course", f"This course is {p.state}: it cannot {doing}.")


def _refuse_if_block_over(p: CourseProgress, instead: str) -> None:
    if p.awaiting_reassessment:
        raise DomainError(
            "course",
            f"Block {p.block} is over and awaits a reassessment: {instead}.",
        )


def _after_last_session(p: CourseProgress) -> CourseProgress:
    """The state once every session of the current block is done."""
    if p.in_blocks:
        return replace(p, done=p.planned, awaiting_reassessment=True)
    return replace(p, done=p.planned, state="completed")


def start(p: CourseProgress) -> CourseProgress:
    if p.state != "planned":
        raise DomainError(
            "course", f"This course is {p.state}: only a planned course can be started."
        )
    return replace(p, state="active")


def stop(p: CourseProgress, reason: str) -> CourseProgress:
    """Stopped, from planned or active, always with a reason."""
    _refuse_if_final(p, "be stopped")
    check_reason(reason, "the course is stopped")
    return replace(p, state="stopped", awaiting_reassessment=False)


def complete(p: CourseProgress) -> CourseProgress:
    """Completed by hand: a course run in blocks, once a block is over (the course
    completes by itself when the last session of a course not in blocks is done)."""
    _refuse_if_final(p, "be completed")
    if p.state == "planned":
        raise DomainError(
            "course", "This course has not started: start it, or stop it with a reason."
        )
    if p.done < p.planned:
        raise DomainError(
            "course",
            f"{count(p.remaining, 'planned session')} still to come ({p.done} of {p.planned} "
            "done): record them, lower the count with a reason, or stop the course with a "
            "reason.",
        )
    return replace(p, state="completed", awaiting_reassessment=False)


def record_session(p: CourseProgress) -> CourseProgress:
    """One session of the current block done. The last one completes a course not in
    blocks, and ends the block of a course in blocks (it then awaits a reassessment)."""
    _refuse_if_final(p, "have more sessions recorded")
    if p.state == "planned":
        raise DomainError("course", "Start the course before recording a session.")
    _refuse_if_block_over(p, "plan the next block from it, or complete the course")
    moved = replace(p, done=p.done + 1)
    return _after_last_session(moved) if moved.done == moved.planned else moved


def take_back_session(p: CourseProgress) -> CourseProgress:
    """One session of the current block taken off the count: its chart was entered in
    error. A course that session completed, or a block it ended, is open again with that
    session to come; a stopped course stays stopped, one session fewer."""
    if p.done < 1:
        what = f"block {p.block}" if p.in_blocks else "this course"
        raise DomainError("course", f"No session of {what} is recorded: none can be taken back.")
    fewer = replace(p, done=p.done - 1)
    if p.state == "stopped":
        return fewer
    return replace(fewer, state="active", awaiting_reassessment=False)


def change_sessions(p: CourseProgress, sessions: int) -> CourseProgress:
    """A new count for the current block (the whole course when not in blocks). It may
    not drop below the sessions already done; dropping to exactly that many ends the
    course (or the block)."""
    _refuse_if_final(p, "change its plan")
    _refuse_if_block_over(p, "plan the next block instead")
    sessions = check_session_count(sessions)
    if sessions == p.planned:
        raise DomainError("sessions", f"The count is already {sessions}: nothing to change.")
    if sessions < p.done:
        what = f"block {p.block}" if p.in_blocks else "this course"
        raise DomainError(
            "sessions",
            f"{count(p.done, 'session')} of {what} already done: the count cannot be lower.",
        )
    changed = replace(p, planned=sessions)
    if changed.state == "active" and changed.done == changed.planned:
        return _after_last_session(changed)
    return changed


def check_cadence_change(p: CourseProgress) -> None:
    _refuse_if_final(p, "change its plan")
    _refuse_if_block_over(p, "the next block is planned at its own cadence")


def check_next_block(p: CourseProgress) -> None:
    """Refuses unless the course is in blocks and its current block is over."""
    _refuse_if_final(p, "have another block")
    if not p.in_blocks:
        raise DomainError("course", "This course is not run in blocks.")
    if not p.awaiting_reassessment:
        if p.state == "planned":
            raise DomainError("course", "Block 1 has not started yet.")
        raise DomainError(
            "course",
            f"Block {p.block} still has {count(p.remaining, 'session')} to go: the next block "
            "is planned once it is over and the patient is reassessed.",
        )


def next_block(p: CourseProgress, sessions: int) -> CourseProgress:
    """The next block planned (after its reassessment, which the caller checks)."""
    check_next_block(p)
    return replace(
        p,
        block=p.block + 1,
        planned=check_session_count(sessions),
        done=0,
        awaiting_reassessment=False,
    )


# -- sessions from an estimate ----------------------------------------------------------


def _no_course(estimate: CourseEstimate) -> DomainError:
    return DomainError("assessment", " ".join(estimate.explanation))


def first_block_sessions(estimate: CourseEstimate, protocol: Protocol) -> tuple[int, bool]:
    """How many sessions a new course plans now, and whether it runs in blocks. A grade
    with no course is refused with the estimate's own reason."""
    if estimate.recommended == 0 or estimate.driving_area is None:
        raise _no_course(estimate)
    rule = protocol.grades[estimate.driving_area.nm_grade]
    if rule.block_sessions is None:
        return estimate.recommended, False
    return min(rule.block_sessions, estimate.recommended), True


def next_block_sessions(estimate: CourseEstimate, protocol: Protocol) -> int:
    """How many sessions the next block plans, from the reassessment's estimate: a block
    while the grade still runs in blocks, else the count the estimate recommends. A
    reassessment with no course, or only a preventive session, ends the blocks."""
    if estimate.recommended == 0 or estimate.driving_area is None:
        raise _no_course(estimate)
    grade = estimate.driving_area.nm_grade
    rule = protocol.grades[grade]
    if rule.kind != "treatment":
        raise DomainError(
            "assessment",
            f"The reassessment puts the worst area at NM grade {grade}, for which the protocol "
            f"plans {count(estimate.recommended, 'preventive session')}, not a treatment "
            "block: complete this course instead.",
        )
    if rule.block_sessions is None:
        return estimate.recommended
    return min(rule.block_sessions, estimate.recommended)


def check_reassessment(
    *, block: int, block_ends: date, assessed_on: date, follow_up: bool, signed: bool
) -> None:
    """The assessment the next block is planned from: a signed follow-up dated on or
    after the last planned session of the block that ended."""
    if not follow_up:
        raise DomainError(
            "assessment",
            f"The latest assessment ({assessed_on.isoformat()}) is an initial one: block "
            f"{block} ends with a follow-up assessment; record one, then plan the next block.",
        )
    if not signed:
        raise DomainError(
            "assessment",
            f"The follow-up assessment of {assessed_on.isoformat()} is not signed: its author "
            "signs it, then the next block can be planned.",
        )
    if assessed_on < block_ends:
        raise DomainError(
            "assessment",
            f"Block {block + 1} needs a signed follow-up assessment dated on or after "
            f"{block_ends.isoformat()}, the last planned session of block {block}; the latest "
            f"is dated {assessed_on.isoformat()}: reassess the patient first.",
        )


# -- dates ------------------------------------------------------------------------------


def session_dates(first: date, sessions: int, cadence_days: int) -> tuple[date, ...]:
    return tuple(first + timedelta(days=i * cadence_days) for i in range(sessions))


def replanned(
    dates: tuple[date, ...], *, done: int, planned: int, cadence_days: int
) -> tuple[date, ...]:
    """Sessions done keep their dates; the rest follow at the cadence from the last one
    done, or from the first planned date while none is done."""
    if not dates:
        raise ValueError("A plan has at least its first date.")
    kept = dates[:done]
    first = kept[-1] + timedelta(days=cadence_days) if kept else dates[0]
    return kept + session_dates(first, planned - done, cadence_days)


def check_session_day(on: date, *, last: date | None, today: date) -> None:
    if on > today:
        raise DomainError("on", "A session is recorded once it has happened, not ahead of time.")
    if last is not None and on <= last:
        raise DomainError(
            "on",
            f"A session on {on.isoformat()} would not come after the last one recorded "
            f"({last.isoformat()}).",
        )


def after_session(
    dates: tuple[date, ...], *, done_before: int, on: date, cadence_days: int
) -> tuple[date, ...]:
    """The plan once session `done_before + 1` happened on `on`: it keeps that date and
    the sessions still to come follow on from it at the cadence."""
    with_actual = (*dates[:done_before], on, *dates[done_before + 1 :])
    return replanned(
        with_actual, done=done_before + 1, planned=len(dates), cadence_days=cadence_days
    )
