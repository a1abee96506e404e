"""What a clinical protocol holds. Read from a file by `mesoclinic.domain.protocol`."""

from dataclasses import dataclass
from typing import Literal

from mesoclinic.domain.errors import DomainError
from mesoclinic.domain.grading import check_css_total

CourseKind = Literal["none", "preventive", "treatment"]
ScreeningLevel = Literal["stop", "caution"]


@dataclass(frozen=True)
class SessionRange:
    low: int
    high: int | None  # None: open-ended, no upper limit is known


@dataclass(frozen=True)
class CSSBand:
    name: str
    low: int
    high: int


@dataclass(frozen=True)
class GradeRule:
    """How many sessions an NM grade calls for, and how such a course is followed up."""

    grade: int
    kind: CourseKind
    description: str
    sessions: SessionRange
    # A narrower range for some CSS bands (grade 2 with a mild CSS needs fewer sessions).
    sessions_by_css_band: dict[str, SessionRange]
    # Open-ended courses are planned one block at a time, with a reassessment after each.
    block_sessions: int | None
    maintenance_interval_days: int | None
    uncertain: bool

    @property
    def sessions_min(self) -> int:
        return self.sessions.low

    @property
    def sessions_max(self) -> int | None:
        return self.sessions.high

    def range_for(self, band: CSSBand | None) -> SessionRange:
        if band is None:
            return self.sessions
        return self.sessions_by_css_band.get(band.name, self.sessions)

    def planning_high(self, sessions: SessionRange) -> int:
        """The top of the range a plan is placed in: for an open-ended range, the end of
        the first block above the minimum."""
        if sessions.high is not None:
            return sessions.high
        block = self.block_sessions or 1
        return sessions.low + block - 1


@dataclass(frozen=True)
class BodyArea:
    key: str
    label: str
    sides: tuple[str, ...]  # () or ("left", "right")
    snomed: str | None
    snomed_by_side: dict[str, str]


@dataclass(frozen=True)
class ScreeningItem:
    key: str
    label: str
    level: ScreeningLevel  # "stop": no course; "caution": a clinician must sign off
    source: str


@dataclass(frozen=True)
class AdverseEventType:
    key: str
    label: str
    expected_days: tuple[int, int] | None  # None where the literature gives no day count
    serious: bool
    note: str
    source: str


@dataclass(frozen=True)
class OutcomeRules:
    """How this clinic measures whether a course works. Each number is the clinic's own
    setting: no published threshold exists for these scales (DOMAIN.md §8)."""

    # A reassessment falls due after every this many sessions (and at the end of each
    # block and of the course).
    reassess_every_sessions: int
    # A course responds when its index area's CSS total fell by at least this much.
    responder_css_drop: int
    # A circumference change no larger than this is read as measurement error.
    circumference_error_mm: int
    # A course with no change is reviewed after this many sessions, or once the first-
    # improvement window has passed, whichever comes first.
    non_responder_after_sessions: int
    # Outcome figures from fewer courses than this are not shown.
    min_report_count: int


@dataclass(frozen=True)
class Protocol:
    name: str
    version: str
    session_minutes: int
    cadences: dict[str, int]
    min_interval_days: int
    # A session may be booked this many days either side of its ideal date.
    booking_tolerance_days: int
    first_improvement_days: tuple[int, int]
    # A course starts only on a screening at most this many days old.
    screening_valid_days: int
    css_bands: tuple[CSSBand, ...]  # ordered from lowest to highest
    grades: dict[int, GradeRule]
    body_areas: tuple[BodyArea, ...]
    screening_items: tuple[ScreeningItem, ...]
    adverse_events: tuple[AdverseEventType, ...]
    # An ongoing adverse event whose type gives no day count is followed up this many days
    # after its onset (a type with a day count: once its expected course has passed).
    adverse_event_review_days: int
    # Sessions added for a patient expecting a marked change (>= 0), and for one following
    # an exercise and diet programme (<= 0).
    marked_expectation_shift: int
    lifestyle_shift: int
    outcomes: OutcomeRules
    # Where each number comes from, by its place in the file ("grades.2.sessions"), and
    # why the clinic chose each clinic setting.
    sources: dict[str, str]
    reasons: dict[str, str]
    # The document a source written "seed: ..." comes from (author, title, kind).
    seed: str = ""

    def area(self, key: str) -> BodyArea:
        for area in self.body_areas:
            if area.key == key:
                return area
        choices = ", ".join(area.key for area in self.body_areas)
        raise DomainError("area", f"Unknown body area {key!r}; choose one of: {choices}.")

    def band_for(self, css_total: int) -> CSSBand | None:
        check_css_total(css_total)
        for band in self.css_bands:
            if band.low <= css_total <= band.high:
                return band
        return None

    def cadence_name(self, days: int) -> str | None:
        for name, cadence_days in self.cadences.items():
            if cadence_days == days:
                return name
        return None

    def adverse_event(self, key: str) -> AdverseEventType:
        for event in self.adverse_events:
            if event.key == key:
                return event
        choices = ", ".join(event.key for event in self.adverse_events)
        raise DomainError("event_type", f"Unknown adverse event {key!r}; choose one of: {choices}.")

    def is_clinic_setting(self, key: str) -> bool:
        return key in self.reasons
