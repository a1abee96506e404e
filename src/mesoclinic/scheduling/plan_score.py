"""How good a course plan is, in parts the front desk can read.

The parts, most important first: days away from the ideal dates, sessions not with the
patient's preferred practitioner (a patient who asked for Dr A would rather see her five
times out of six than Dr B six times), sessions not with the plan's main practitioner,
sessions not at the plan's main start time, and missed wishes (weekday, part of day). `cost` packs
them into one integer that orders plans the same way, so that a search can add the parts
of single sessions: each part is a sum over sessions, and every part below the first stays
under the base, so no part spills into the one above it.
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from mesoclinic.scheduling import text
from mesoclinic.scheduling.model import Appointment, Calendar, PartOfDay, Preferences


@dataclass(frozen=True, slots=True)
class PlanScore:
    sessions: int
    deviation_days: int  # |date - ideal date|, summed over sessions
    on_ideal: int  # sessions on their ideal date
    main_practitioner: str  # the name (or id) of the practitioner of most sessions
    with_main: int
    preferred_practitioner: str | None  # the patient's wish, if any
    with_preferred: int
    main_start: str  # "10:00"
    at_main_start: int
    weekday_misses: int  # sessions on a weekday the patient did not ask for
    part_of_day_misses: int  # sessions in the other half of the day

    @staticmethod
    def encode(
        sessions: int,
        deviation: int,
        preferred_misses: int,
        practitioner_misses: int,
        time_misses: int,
        wish_misses: int,
    ) -> int:
        base = 2 * sessions + 1  # wish misses reach 2 a session; the other parts 1
        cost = deviation
        for part in (preferred_misses, practitioner_misses, time_misses, wish_misses):
            cost = cost * base + part
        return cost

    @property
    def cost(self) -> int:
        preferred_misses = 0
        if self.preferred_practitioner is not None:
            preferred_misses = self.sessions - self.with_preferred
        return self.encode(
            self.sessions,
            self.deviation_days,
            preferred_misses,
            self.sessions - self.with_main,
            self.sessions - self.at_main_start,
            self.weekday_misses + self.part_of_day_misses,
        )

    @property
    def summary(self) -> str:
        """ "all on their ideal dates, same practitioner (Dr 1), 10:00 every time"."""
        n = self.sessions
        parts = [
            "all on their ideal dates"
            if self.deviation_days == 0
            else f"{n - self.on_ideal} of {n} off their ideal date, "
            f"{self.deviation_days} day{'s' if self.deviation_days != 1 else ''} in all",
            f"same practitioner ({self.main_practitioner})"
            if self.with_main == n
            else f"{self.main_practitioner} for {self.with_main} of {n}",
        ]
        # The practitioner asked for is named once: as the main one, or apart.
        if (
            self.preferred_practitioner is not None
            and self.preferred_practitioner != self.main_practitioner
            and self.with_preferred < n
        ):
            parts.append(f"{self.with_preferred} of {n} with {self.preferred_practitioner}")
        parts.append(
            f"{self.main_start} every time"
            if self.at_main_start == n
            else f"{self.main_start} for {self.at_main_start} of {n}"
        )
        if self.weekday_misses:
            parts.append(f"{self.weekday_misses} not on a preferred weekday")
        if self.part_of_day_misses:
            parts.append(f"{self.part_of_day_misses} not in the preferred part of the day")
        return ", ".join(parts)


def score_plan(
    calendar: Calendar, appointments: Sequence[Appointment], preferences: Preferences
) -> PlanScore:
    n = len(appointments)
    deviations = [abs((a.start.date() - a.ideal).days) for a in appointments if a.ideal]
    practitioners = Counter(a.practitioner_id for a in appointments)
    wanted = preferences.practitioner_id
    # Ties go to the preferred practitioner, then to whoever comes first.
    main, with_main = max(
        practitioners.items(),
        key=lambda item: (item[1], item[0] == wanted, -_first(appointments, item[0])),
    )
    starts = Counter(text.hhmm(a.start) for a in appointments)
    main_start, at_main = max(
        starts.items(), key=lambda item: (item[1], -_first_at(appointments, item[0]))
    )
    weekdays = preferences.weekdays
    part = preferences.part_of_day
    return PlanScore(
        sessions=n,
        deviation_days=sum(deviations),
        on_ideal=n - sum(1 for d in deviations if d),
        main_practitioner=_name(calendar, main),
        with_main=with_main,
        preferred_practitioner=_name(calendar, wanted) if wanted else None,
        with_preferred=practitioners.get(wanted, 0) if wanted else 0,
        main_start=main_start,
        at_main_start=at_main,
        weekday_misses=sum(
            1 for a in appointments if weekdays and a.start.weekday() not in weekdays
        ),
        part_of_day_misses=sum(1 for a in appointments if part and PartOfDay.of(a.start) != part),
    )


def _first(appointments: Sequence[Appointment], practitioner_id: str) -> int:
    return next(i for i, a in enumerate(appointments) if a.practitioner_id == practitioner_id)


def _first_at(appointments: Sequence[Appointment], clock: str) -> int:
    return next(i for i, a in enumerate(appointments) if text.hhmm(a.start) == clock)


def _name(calendar: Calendar, practitioner_id: str) -> str:
    practitioner = calendar.practitioners.get(practitioner_id)
    return text.resource(practitioner) if practitioner else practitioner_id
