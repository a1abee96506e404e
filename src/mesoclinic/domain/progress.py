"""A course's progress: every measure of every area at the baseline and at each of the
course's reassessments, the sessions charted between them, and the change since the
baseline said in words that never claim more than the numbers show.

Pure: no Django, no clock. The selector turns rows into these dataclasses; the page, the
API and the PDF all read the numbers and the sentences from here, formatted by the
functions below, so they agree to the digit.
"""

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from mesoclinic.domain.outcomes import AreaChange, AreaKey, AreaMeasure
from mesoclinic.domain.protocol_model import OutcomeRules, Protocol

MINUS = "\u2212"  # a typographic minus: "−0.5 cm", never a hyphen
CSS_ITEMS = ("A", "B", "C", "D", "E")


# -- numbers as every reader sees them ---------------------------------------------------


def signed(value: int | Decimal, unit: str = "") -> str:
    """+2, −2, 0; with a unit, "−0.5 cm". Zero carries no sign."""
    text = format_number(-value if value < 0 else value)
    sign = "+" if value > 0 else MINUS if value < 0 else ""
    return f"{sign}{text}{f' {unit}' if unit else ''}"


def format_number(value: int | Decimal) -> str:
    """Integers as they are; measured decimals with the one place they were taken at."""
    if isinstance(value, Decimal):
        return f"{value:.1f}"
    return str(value)


def format_setting_cm(millimetres: int) -> str:
    """A clinic's setting in mm shown in cm without spurious places: 10 → "1", 15 → "1.5"."""
    return f"{Decimal(millimetres) / 10:f}"


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


# -- the data -----------------------------------------------------------------------------


@dataclass(frozen=True)
class AreaReading:
    """One area and side as measured at one assessment."""

    area: str
    side: str
    nm_grade: int
    css_items: tuple[int | None, int | None, int | None, int | None, int | None]
    css_total: int | None
    circumference_cm: Decimal | None
    landmark: str
    gais: int | None  # the clinician's, at a reassessment

    @property
    def key(self) -> AreaKey:
        return (self.area, self.side)

    @property
    def measure(self) -> AreaMeasure:
        return AreaMeasure(
            self.area, self.side, self.nm_grade, self.css_total, self.circumference_cm
        )


@dataclass(frozen=True)
class Visit:
    """One assessment of the course: the baseline, or a signed reassessment."""

    assessment_id: int
    on: date
    baseline: bool
    weight_kg: Decimal | None
    satisfaction: int | None  # the patient's, 1–5
    patient_gais: int | None  # the patient's, 1–5
    readings: tuple[AreaReading, ...]

    def reading(self, key: AreaKey) -> AreaReading | None:
        return next((r for r in self.readings if r.key == key), None)


@dataclass(frozen=True)
class CourseProgressData:
    course_id: int
    visits: tuple[Visit, ...]  # the baseline first, then the reassessments by date
    session_dates: tuple[date, ...]  # charted sessions, in order
    # The protocol's first-improvement window after the first session, when one was charted.
    window: tuple[date, date] | None
    window_days: tuple[int, int]
    index: AreaKey | None  # the area and side that set the course's grade
    labels: dict[AreaKey, str]
    rules: OutcomeRules

    @property
    def baseline(self) -> Visit:
        return self.visits[0]

    @property
    def reassessments(self) -> tuple[Visit, ...]:
        return self.visits[1:]

    @property
    def latest(self) -> Visit | None:
        return self.visits[-1] if len(self.visits) > 1 else None

    @property
    def area_keys(self) -> list[AreaKey]:
        """Every area and side measured at any visit; the index area first."""
        keys: list[AreaKey] = []
        for visit in self.visits:
            keys.extend(r.key for r in visit.readings if r.key not in keys)
        return sorted(keys, key=lambda key: key != self.index)

    def sessions_by(self, on: date) -> int:
        """Sessions charted on or before a day."""
        return bisect_right(self.session_dates, on)

    def label(self, key: AreaKey) -> str:
        return self.labels.get(key) or " ".join(part for part in key if part)


def area_label(protocol: Protocol, key: AreaKey) -> str:
    """ "Thighs, left"; an area the protocol no longer lists keeps its stored name."""
    area, side = key
    known = next((a.label for a in protocol.body_areas if a.key == area), area)
    return f"{known}, {side}" if side else known


def progress_data(
    *,
    course_id: int,
    baseline: Visit,
    reassessments: Sequence[Visit],
    session_dates: Sequence[date],
    index: AreaKey | None,
    protocol: Protocol,
) -> CourseProgressData:
    sessions = tuple(sorted(session_dates))
    low, high = protocol.first_improvement_days
    window = (
        (sessions[0] + timedelta(days=low), sessions[0] + timedelta(days=high))
        if sessions
        else None
    )
    visits = (baseline, *sorted(reassessments, key=lambda v: (v.on, v.assessment_id)))
    keys = {r.key for v in visits for r in v.readings}
    return CourseProgressData(
        course_id=course_id,
        visits=visits,
        session_dates=sessions,
        window=window,
        window_days=(low, high),
        index=index,
        labels={key: area_label(protocol, key) for key in keys},
        rules=protocol.outcomes,
    )


# -- change in words ------------------------------------------------------------------------


@dataclass(frozen=True)
class ChangeLine:
    key: AreaKey
    label: str
    index: bool
    assessment_id: int
    on: date
    sessions: int
    change: AreaChange
    sentence: str


def _css_words(change: AreaChange) -> str:
    before, after = change.baseline.css_total, change.later.css_total
    if before is None and after is None:
        return "CSS total not measured"
    if before is None:
        return f"CSS total {after} now, not measured at the baseline"
    if after is None:
        return f"CSS total {before} at the baseline, not measured this time"
    delta = after - before
    if delta == 0:
        return f"CSS total {before} → {after}, no change"
    direction = "lower" if delta < 0 else "higher, worse than at the baseline"
    return f"CSS total {before} → {after} ({signed(delta)}, {direction})"


def _circumference_words(change: AreaChange, landmarks: tuple[str, str]) -> str:
    before, after = change.baseline.circumference_cm, change.later.circumference_cm
    if before is None and after is None:
        return "circumference not measured"
    if before is None or after is None:
        when = "at the baseline" if before is None else "this time"
        return f"circumference not measured {when}"
    delta = after - before
    error = format_setting_cm(change.rules.circumference_error_mm)
    if change.circumference_within_error:
        verdict = f"within the measurement error this clinic's protocol sets ({error} cm)"
    else:
        way = "smaller" if delta < 0 else "larger"
        verdict = (
            f"{way} by more than the measurement error this clinic's protocol sets ({error} cm)"
        )
    words = (
        f"circumference {format_number(before)} → {format_number(after)} cm "
        f"({signed(delta, 'cm')}), {verdict}"
    )
    first, now = landmarks
    if first and now and first != now:
        words += f"; measured at different landmarks ({first}, then {now}), so not comparable"
    return words


def responder_words(change: AreaChange) -> str:
    """The clinic's rule, named as the clinic's, never as a published standard."""
    drop = change.rules.responder_css_drop
    rule = f"this clinic's rule (a responder's CSS total falls by {drop} points or more)"
    if change.responder is None:
        return f"Response cannot be read by {rule}: the CSS total was not measured at both visits."
    if change.responder:
        return f"A responder by {rule}."
    return f"Not a responder by {rule}."


def change_sentence(
    change: AreaChange,
    *,
    sessions: int,
    index: bool,
    landmarks: tuple[str, str] = ("", ""),
) -> str:
    """ "CSS total 9 → 7 (−2, lower) after 6 sessions; circumference 60.5 → 60.0 cm (−0.5
    cm), within the measurement error this clinic's protocol sets (1 cm)." The responder
    verdict is read on the index area only, the one the course is measured on."""
    css = _css_words(change)
    after = plural(sessions, "session")
    both = change.css_change is not None
    sentence = f"{css} after {after}" if both else f"After {after}, {css}"
    sentence += f"; {_circumference_words(change, landmarks)}"
    before_grade, later_grade = change.baseline.nm_grade, change.later.nm_grade
    if before_grade != later_grade:
        sentence += f"; NM grade {before_grade} → {later_grade}"
    sentence += "."
    if index:
        sentence += f" {responder_words(change)}"
    return sentence


def change_lines(progress: CourseProgressData, visit: Visit | None = None) -> list[ChangeLine]:
    """Each area measured at both the baseline and the visit (the latest by default)."""
    visit = visit or progress.latest
    if visit is None:
        return []
    lines = []
    for key in progress.area_keys:
        before, after = progress.baseline.reading(key), visit.reading(key)
        if before is None or after is None:
            continue
        change = AreaChange(before.measure, after.measure, progress.rules)
        sessions = progress.sessions_by(visit.on)
        is_index = key == progress.index
        lines.append(
            ChangeLine(
                key=key,
                label=progress.label(key),
                index=is_index,
                assessment_id=visit.assessment_id,
                on=visit.on,
                sessions=sessions,
                change=change,
                sentence=change_sentence(
                    change,
                    sessions=sessions,
                    index=is_index,
                    landmarks=(before.landmark, after.landmark),
                ),
            )
        )
    return lines
