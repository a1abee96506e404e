"""A practitioner off sick or on leave: a proposal that moves as few bookings as it can.

Each of her sessions on those days tries, in turn:
1. a colleague at the very same time (nothing else changes);
2. the nearest free slot in the session's window that keeps the course's gaps as they are
   (often the same day at another time);
3. a week added at the end of the course: the session goes one cadence after the course's
   last booked session, and the sessions after it take the numbers before theirs, their
   times unchanged. The patient misses a week; no other booking moves;
4. a slot freed by moving one other booking that can itself move without pushing anyone
   (one collateral move), when the alternative pushes more than one later session;
5. the nearest free slot that pushes later sessions of the course, each only as far as
   the minimum gap requires.
A session none of these can place is stranded, with the reason, for the front desk.

A key (course, number) names a session as the calendar had it; after step 3 a session can
carry another number, so the repair tracks each booking by the key it started with.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta

from mesoclinic.scheduling import text
from mesoclinic.scheduling.explain import why_no_slot
from mesoclinic.scheduling.model import Appointment, Calendar, GapRules, Preferences
from mesoclinic.scheduling.moves import (
    Move,
    after_gap,
    cascade,
    choices,
    first_free,
    gap,
    session_window,
    undo,
)
from mesoclinic.scheduling.slots import SlotIndex

# A course without rules may only move within its own day.
SAME_DAY = GapRules(cadence_days=0, tolerance_days=0, min_gap_days=0)
# Bookings tried for making room, per date, nearest in time first: enough to find room on
# a busy day, few enough to answer within a second.
BUMP_TRIES = 40
NO_WISHES = Preferences()


@dataclass(frozen=True, slots=True)
class Stranded:
    appointment: Appointment
    reason: str


Key = tuple[str, int]


@dataclass(frozen=True, slots=True)
class RepairProposal:
    moves: tuple[Move, ...]  # bookings whose time, practitioner or room changes
    stranded: tuple[Stranded, ...]  # sessions no rule-keeping slot could take
    patients: tuple[str, ...]  # everyone whose booking moves or is stranded: call them
    directly_affected: int
    # Sessions that keep their time but take the number before theirs, because an earlier
    # session of their course went to its end (step 3).
    renumbered: tuple[Move, ...] = ()

    @property
    def collateral(self) -> int:
        return sum(1 for move in self.moves if not move.direct)

    @property
    def changed(self) -> list[Appointment]:
        """Every booking the proposal moves or renumbers, as it leaves them; not a stranded
        one (renumbered when an earlier session of its course went to the end), which
        stays on the days away for the desk."""
        left = {s.appointment.key() for s in self.stranded}
        return [m.after for m in (*self.moves, *self.renumbered) if m.before.key() not in left]

    def untouched(self, booked: Iterable[Appointment]) -> tuple[Appointment, ...]:
        """The bookings the proposal neither moves, renumbers nor strands: with `changed`,
        the calendar once the proposal is applied and the stranded sessions dealt with."""
        touched = {m.before.key() for m in (*self.moves, *self.renumbered)}
        touched |= {s.appointment.key() for s in self.stranded}
        return tuple(a for a in booked if a.key() not in touched)


def repair_absence(
    calendar: Calendar,
    practitioner_id: str,
    days: frozenset[date],
    rules_by_course: Mapping[str, GapRules],
    *,
    not_before: date,
    preferences_by_course: Mapping[str, Preferences] | None = None,
    last_held: Mapping[str, date] | None = None,
) -> RepairProposal:
    """Moves for every booking of the practitioner on `days` (her days off in `calendar`,
    or added to them here). `last_held` gives each course's latest session held, which
    the minimum gap runs from even when it is not on the calendar."""
    practitioner = calendar.practitioners[practitioner_id]
    if not days <= practitioner.days_off:
        away = replace(practitioner, days_off=practitioner.days_off | days)
        calendar = replace(
            calendar, practitioners={**calendar.practitioners, practitioner_id: away}
        )
    hit = sorted(
        (
            a
            for a in calendar.booked
            if a.practitioner_id == practitioner_id and a.start.date() in days
        ),
        key=lambda a: (a.start, a.course_id, a.number),
    )
    repair = _Repair(calendar, practitioner.clinic_id, rules_by_course, not_before, last_held)
    repair.hit = {a.key() for a in hit}
    wishes = preferences_by_course or {}
    waiting = []
    for a in hit:
        preferred = wishes.get(a.course_id, NO_WISHES).practitioner_id
        repair.index.release(a)
        same = next(
            choices(repair.index, a, a.start.date(), preferred=preferred, same_time=True), None
        )
        if same is None:
            repair.index.book(a)
            waiting.append(a)
        else:
            repair.index.book(same)
            repair.commit(same)
    stranded = [
        Stranded(a, reason)
        for a in waiting
        if a.key() not in repair.moved  # else pushed along by an earlier session already
        and (reason := repair.place(repair.now(a), wishes.get(a.course_id, NO_WISHES)))
    ]
    moves, renumbered = repair.changes()
    patients = {m.after.patient_id for m in moves} | {s.appointment.patient_id for s in stranded}
    return RepairProposal(
        moves, tuple(stranded), tuple(sorted(patients)), len(hit), tuple(renumbered)
    )


class _Repair:
    """The scratch calendar of one repair and the courses as they stand during it."""

    def __init__(
        self,
        calendar: Calendar,
        clinic_id: str,
        rules: Mapping[str, GapRules],
        not_before: date,
        last_held: Mapping[str, date] | None,
    ) -> None:
        self.index = SlotIndex(calendar, clinic_id)
        self.rules = rules
        self.not_before = not_before
        self.last_held = last_held or {}
        self.courses: dict[str, dict[int, Appointment]] = defaultdict(dict)
        for a in calendar.booked:
            self.courses[a.course_id][a.number] = a
        self.originals = {a.key(): a for a in calendar.booked}
        # The key each booking started with, by the key it has now (they differ only for
        # sessions renumbered when a session went to the end of its course).
        self.origin: dict[Key, Key] = {key: key for key in self.originals}
        # Bookings whose time, practitioner or room changed, by the key they started with.
        self.moved: set[Key] = set()
        # The sessions the absence itself hits: never moved to make room for another.
        self.hit: set[Key] = set()

    def now(self, original: Appointment) -> Appointment:
        """The booking that started as `original`, as it stands now."""
        return next(
            a
            for a in self.courses[original.course_id].values()
            if self.origin[a.key()] == original.key()
        )

    def commit(self, after: Appointment) -> None:
        self.courses[after.course_id][after.number] = after
        self.moved.add(self.origin[after.key()])

    def changes(self) -> tuple[tuple[Move, ...], list[Move]]:
        """The moves (time, practitioner or room changed) in time order, and the sessions
        only renumbered."""
        moves, renumbered = [], []
        for key, start in self.origin.items():
            if key == start and start not in self.moved:
                continue
            before, after = self.originals[start], self.courses[key[0]][key[1]]
            if start in self.moved:
                moves.append(Move(before, after, direct=start in self.hit))
            else:
                renumbered.append(Move(before, after, direct=False))
        moves.sort(key=lambda m: (m.after.start, m.after.course_id, m.after.number))
        renumbered.sort(key=lambda m: m.after.key())
        return tuple(moves), renumbered

    def rules_of(self, a: Appointment) -> GapRules:
        return self.rules.get(a.course_id, SAME_DAY)

    def neighbours(self, a: Appointment) -> tuple[Appointment | None, list[Appointment]]:
        course = self.courses[a.course_id]
        earlier = [n for n in course if n < a.number]
        later = [course[n] for n in sorted(course) if n > a.number]
        return (course[max(earlier)] if earlier else None), later

    def window(self, a: Appointment, *, keep_later: bool) -> list[date]:
        """Dates for `a` after the session before it; with `keep_later`, also before the
        session after it, so that nothing is pushed. Nearest to its present date first."""
        rules = self.rules_of(a)
        previous, later = self.neighbours(a)
        days = after_gap(
            session_window(a, rules, self.not_before),
            rules,
            previous.start.date() if previous else None,
            self.last_held.get(a.course_id),
        )
        if keep_later and later:
            days = [d for d in days if d + gap(rules) <= later[0].start.date()]
        return sorted(days, key=lambda d: (abs((d - a.start.date()).days), d))

    def place(self, a: Appointment, wishes: Preferences) -> str:
        """Books `a` somewhere (and whatever that pushes); the reason when it cannot."""
        preferred = wishes.practitioner_id
        self.index.release(a)
        rules = self.rules_of(a)
        _, later = self.neighbours(a)
        pushing = None
        for day in self.window(a, keep_later=False):
            placed = next(choices(self.index, a, day, preferred=preferred), None)
            if placed is None:
                continue
            self.index.book(placed)
            moves = cascade(self.index, later, day, rules, self.not_before)
            self.index.release(placed)
            if moves is None:
                continue
            undo(self.index, moves)
            if not moves:
                self.index.book(placed)
                self.commit(placed)
                return ""
            if pushing is None or len(moves) < pushing[1]:
                pushing = (placed, len(moves))
        if self.to_the_end(a, later, preferred):
            return ""
        if (pushing is None or pushing[1] > 1) and self.make_room(a, preferred):
            return ""
        if pushing is not None:
            placed = pushing[0]
            self.index.book(placed)
            self.commit(placed)
            for move in (
                cascade(self.index, later, placed.start.date(), rules, self.not_before) or []
            ):
                self.commit(move.after)
            return ""
        self.index.book(a)
        days = self.window(a, keep_later=False)
        minutes = int((a.end - a.start).total_seconds() // 60)
        reasons = why_no_slot(self.index, sorted(days), minutes, a.patient_id) if days else []
        return text.listing(reasons) or "no free slot in its window keeps the course's gaps"

    def make_room(self, a: Appointment, preferred: str | None) -> bool:
        """Moves one other booking that can move without pushing anyone, and books `a` in
        the room it leaves; False (and nothing changed) when no such booking is found."""
        for day in self.window(a, keep_later=True):
            at_time = a.start.replace(year=day.year, month=day.month, day=day.day)
            movable = [
                b
                for b in self.index.bookings(day)
                if (start := self.origin.get(b.key())) is not None
                and start not in self.moved
                and start not in self.hit
            ]
            movable.sort(key=lambda b: (abs(b.start - at_time), b.start, b.course_id))
            for b in movable[:BUMP_TRIES]:
                self.index.release(b)
                placed = next(choices(self.index, a, day, preferred=preferred), None)
                if placed is not None:
                    self.index.book(placed)
                    moved = first_free(self.index, b, self.window(b, keep_later=True))
                    if moved is not None and moved != b:
                        self.index.book(moved)
                        self.commit(placed)
                        self.commit(moved)
                        return True
                    self.index.release(placed)
                self.index.book(b)
        return False

    def to_the_end(self, a: Appointment, later: list[Appointment], preferred: str | None) -> bool:
        """Books `a` one cadence after the course's last booked session, nearest its ideal
        date there, and gives the later sessions the numbers before theirs; False (and
        nothing changed) when that window has no free slot."""
        rules = self.rules_of(a)
        if rules.cadence_days == 0:
            return False
        last = later[-1] if later else a
        ideal = (last.ideal or last.start.date()) + timedelta(days=rules.cadence_days)
        numbers = [a.number, *(b.number for b in later)]
        if numbers != list(range(a.number, a.number + len(numbers))):
            # A session in between waits to be placed again: numbers passed on around it
            # would no longer follow the dates.
            return False
        moved = replace(a, number=numbers[-1], ideal=ideal)
        earliest = last.start.date() + gap(rules)
        days = [d for d in session_window(moved, rules, self.not_before) if d >= earliest]
        days.sort(key=lambda d: (abs((d - ideal).days), d))
        found = (next(choices(self.index, moved, d, preferred=preferred), None) for d in days)
        placed = next((p for p in found if p is not None), None)
        if placed is None:
            return False
        # Each later session takes the number before its own; `a` takes the last.
        starts = [self.origin.pop(b.key()) for b in (*later, a)]
        course = self.courses[a.course_id]
        for b, number, start in zip((*later, placed), numbers, starts, strict=True):
            if b is not placed:
                self.index.release(b)
                b = replace(b, number=number)
            self.index.book(b)
            course[number] = b
            self.origin[b.key()] = start
        self.moved.add(starts[-1])
        return True
