"""The clinical protocol as data, and how a protocol file becomes a `Protocol`.

Every number a clinic relies on lives in the protocol file with the source it comes from,
so a screen can always answer "where does this number come from?". Values the clinic chose
(rather than took from a source) say so: their source starts with "clinic setting" and they
carry a `why`. The file is checked as a whole before anything uses it: a clinic that edits
its copy gets the file, line and reason of the first mistake, never a half-read protocol.
"""

import tomllib
from itertools import pairwise
from typing import TypeVar

from mesoclinic.domain.errors import ProtocolError
from mesoclinic.domain.grading import CSS_TOTAL_MAX, NM_GRADES
from mesoclinic.domain.protocol_model import (
    AdverseEventType,
    BodyArea,
    CourseKind,
    CSSBand,
    GradeRule,
    OutcomeRules,
    Protocol,
    ScreeningItem,
    ScreeningLevel,
    SessionRange,
)
from mesoclinic.domain.toml_reader import TomlDocument, TomlTable, syntax_error
from mesoclinic.domain.wording import span

__all__ = [
    "AdverseEventType",
    "BodyArea",
    "CSSBand",
    "CourseKind",
    "GradeRule",
    "OutcomeRules",
    "Protocol",
    "ProtocolError",
    "ScreeningItem",
    "ScreeningLevel",
    "SessionRange",
    "parse_protocol",
]

CLINIC_SETTING = "clinic setting"
_Choice = TypeVar("_Choice", bound=str)
COURSE_KINDS: tuple[CourseKind, ...] = ("none", "preventive", "treatment")
SCREENING_LEVELS: tuple[ScreeningLevel, ...] = ("stop", "caution")


def parse_protocol(text: str, path: str) -> Protocol:
    """Read and check a protocol file's text; `path` is used only in error messages."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise syntax_error(err, text, path) from None
    return _ProtocolReader().read(TomlTable(TomlDocument(text, path), data, ()))


class _ProtocolReader:
    """Reads one file's sections in file order, collecting every number's source."""

    def __init__(self) -> None:
        self.sources: dict[str, str] = {}
        self.reasons: dict[str, str] = {}

    def read(self, root: TomlTable) -> Protocol:
        about = root.table("protocol")
        name, version = about.text("name"), about.text("version")
        # What a source written "seed: ..." refers to, named for those who read the sources.
        seed = about.text("seed") if about.has("seed") else ""
        about.finish()

        session = root.table("session")
        minutes = self.number(session, "minutes", minimum=1)
        session.finish()

        course = root.table("course")
        min_interval = self.number(course, "min_interval_days", minimum=1)
        first_low, first_high = self.closed_range(course, "first_improvement_days", minimum=0)
        tolerance = self.number(course, "booking_tolerance_days", minimum=0)
        screening_valid_days = self.number(course, "screening_valid_days", minimum=1)
        course.finish()

        cadences = self.cadences(root.table("cadence_days"), min_interval)
        bands = self.css_bands(root.table("css_bands"))
        grades = self.grades(root.table("grades"), bands)

        recommendation = root.table("recommendation")
        marked = self.number(recommendation, "marked_expectation_sessions", minimum=0)
        lifestyle = self.number(recommendation, "lifestyle_programme_sessions", maximum=0)
        recommendation.finish()

        outcomes = self.outcomes(root.table("outcomes"))
        body_areas = self.body_areas(root.table("body_areas"))
        screening = self.screening(root.table("screening"))
        adverse_events = self.adverse_events(root.table("adverse_events"))
        follow_up = root.table("follow_up")
        review_days = self.number(follow_up, "adverse_event_review_days", minimum=1)
        follow_up.finish()
        root.finish()
        return Protocol(
            name=name,
            version=version,
            session_minutes=minutes,
            cadences=cadences,
            min_interval_days=min_interval,
            booking_tolerance_days=tolerance,
            first_improvement_days=(first_low, first_high),
            screening_valid_days=screening_valid_days,
            css_bands=bands,
            grades=grades,
            body_areas=body_areas,
            screening_items=screening,
            adverse_events=adverse_events,
            adverse_event_review_days=review_days,
            marked_expectation_shift=marked,
            lifestyle_shift=lifestyle,
            outcomes=outcomes,
            sources=self.sources,
            reasons=self.reasons,
            seed=seed,
        )

    # -- numbers and their sources ------------------------------------------------------

    def sourced(self, table: TomlTable, key: str) -> TomlTable:
        """An (inline) table of numbers, which must say where they come from."""
        inner = table.table(key)
        if not inner.has("source"):
            raise inner.error(
                f'{inner.name} has no source: add source = "..." saying where its numbers come from'
            )
        source = inner.text("source")
        why = inner.optional_text("why")
        if source.lower().startswith(CLINIC_SETTING) and why is None:
            raise inner.error(
                f'{inner.name} is a clinic setting: add why = "..." saying why this value '
                "was chosen"
            )
        self.sources[inner.name] = source
        if why is not None:
            self.reasons[inner.name] = why
        return inner

    def number(
        self, table: TomlTable, key: str, minimum: int | None = None, maximum: int | None = None
    ) -> int:
        inner = self.sourced(table, key)
        value = inner.whole_number("value")
        inner.finish()
        if minimum is not None and value < minimum:
            raise inner.error(f"{inner.name} must be at least {minimum}, not {value}")
        if maximum is not None and value > maximum:
            raise inner.error(f"{inner.name} must be at most {maximum}, not {value}")
        return value

    def open_range(self, table: TomlTable, key: str, minimum: int) -> tuple[int, int | None]:
        """A range whose max may be left out, meaning no upper limit is known."""
        inner = self.sourced(table, key)
        low = inner.whole_number("min")
        high = inner.whole_number("max") if inner.has("max") else None
        inner.finish()
        _check_range(inner, low, high, minimum)
        return low, high

    def closed_range(self, table: TomlTable, key: str, minimum: int) -> tuple[int, int]:
        inner = self.sourced(table, key)
        low, high = inner.whole_number("min"), inner.whole_number("max")
        inner.finish()
        _check_range(inner, low, high, minimum)
        return low, high

    # -- sections -----------------------------------------------------------------------

    def cadences(self, table: TomlTable, min_interval: int) -> dict[str, int]:
        cadences: dict[str, int] = {}
        for key in table.names():
            days = self.number(table, key, minimum=1)
            if days < min_interval:
                raise table.error(
                    f"{table.dotted(key)} is {days} days, shorter than "
                    f"course.min_interval_days ({min_interval})",
                    key,
                )
            if days in cadences.values():
                raise table.error(f"{table.dotted(key)} repeats another cadence ({days} days)", key)
            cadences[key] = days
        if not cadences:
            raise table.error("cadence_days needs at least one cadence, such as weekly")
        return cadences

    def css_bands(self, table: TomlTable) -> tuple[CSSBand, ...]:
        bands = []
        for key in table.names():
            low, high = self.closed_range(table, key, minimum=0)
            bands.append(CSSBand(key, low, high))
        if not bands:
            raise table.error(f"css_bands needs bands covering CSS totals {span(1, CSS_TOTAL_MAX)}")
        rule = f"the bands must cover CSS totals {span(1, CSS_TOTAL_MAX)} with no gaps or overlaps"
        ordered = tuple(sorted(bands, key=lambda band: (band.low, band.high)))
        next_low = 1  # a CSS total of 0 belongs to no band
        for band in ordered:
            where = table.dotted(band.name)
            if band.low > next_low:
                missing = span(next_low, band.low - 1)
                raise table.error(
                    f"{where} starts at {band.low}, leaving {missing} in no band; {rule}", band.name
                )
            if band.low < next_low:
                raise table.error(
                    f"{where} starts at {band.low}, overlapping the band below; {rule}", band.name
                )
            next_low = band.high + 1
        last = ordered[-1]
        if last.high != CSS_TOTAL_MAX:
            raise table.error(f"{table.dotted(last.name)} ends at {last.high}; {rule}", last.name)
        return ordered

    def grades(self, table: TomlTable, bands: tuple[CSSBand, ...]) -> dict[int, GradeRule]:
        wanted = [str(grade) for grade in NM_GRADES]
        for key in table.names():
            if key not in wanted:
                raise table.error(f"grades.{key} is not an NM grade; grades are 0, 1, 2 and 3", key)
        for key in wanted:
            if not table.has(key):
                raise table.error(f"grades is missing grade {key}: add a [grades.{key}] table")
        rules = {int(key): self.grade(table.table(key), int(key), bands) for key in wanted}
        _check_worse_never_gets_fewer(table, rules, bands)
        return rules

    def grade(self, table: TomlTable, grade: int, bands: tuple[CSSBand, ...]) -> GradeRule:
        kind = _choice(table, "kind", COURSE_KINDS)
        description = table.text("description")
        low, high = self.open_range(table, "sessions", minimum=0)
        by_band: dict[str, SessionRange] = {}
        band_table = table.optional_table("sessions_by_css_band")
        if band_table is not None:
            band_names = [band.name for band in bands]
            for key in band_table.names():
                if key not in band_names:
                    raise band_table.error(
                        f"{band_table.dotted(key)}: no CSS band is called '{key}'; "
                        f"bands are {', '.join(band_names)}",
                        key,
                    )
                by_band[key] = SessionRange(*self.closed_range(band_table, key, minimum=1))
        block = (
            self.number(table, "block_sessions", minimum=1) if table.has("block_sessions") else None
        )
        maintenance = (
            self.number(table, "maintenance_days", minimum=1)
            if table.has("maintenance_days")
            else None
        )
        uncertain = table.flag("uncertain", default=False)
        table.finish()

        if kind == "none" and (high != 0 or by_band or block or maintenance):
            raise table.error(
                f'{table.name} has kind "none", so its sessions must be min 0, max 0, '
                "with no other numbers",
                "sessions",
            )
        if kind != "none" and low < 1:
            raise table.error(
                f'{table.dotted("sessions")}: a "{kind}" course needs at least 1 session',
                "sessions",
            )
        if high is None and block is None:
            raise table.error(
                f"{table.dotted('sessions')} has no max, so {table.name} needs block_sessions: "
                "an open-ended course is planned one block at a time",
                "sessions",
            )
        return GradeRule(
            grade=grade,
            kind=kind,
            description=description,
            sessions=SessionRange(low, high),
            sessions_by_css_band=by_band,
            block_sessions=block,
            maintenance_interval_days=maintenance,
            uncertain=uncertain,
        )

    def outcomes(self, table: TomlTable) -> OutcomeRules:
        rules = OutcomeRules(
            reassess_every_sessions=self.number(table, "reassess_every_sessions", minimum=1),
            responder_css_drop=self.number(table, "responder_css_drop", minimum=1, maximum=15),
            circumference_error_mm=self.number(table, "circumference_error_mm", minimum=0),
            non_responder_after_sessions=self.number(
                table, "non_responder_after_sessions", minimum=1
            ),
            min_report_count=self.number(table, "min_report_count", minimum=1),
        )
        table.finish()
        return rules

    def body_areas(self, table: TomlTable) -> tuple[BodyArea, ...]:
        areas = []
        for key, area in table.subtables():
            label = area.text("label")
            sides = area.text_list("sides") if area.has("sides") else ()
            if len(set(sides)) != len(sides):
                raise area.error(f"{area.dotted('sides')} names a side twice", "sides")
            snomed = area.optional_text("snomed")
            by_side: dict[str, str] = {}
            side_codes = area.optional_table("snomed_by_side")
            if side_codes is not None:
                for side in side_codes.names():
                    if side not in sides:
                        raise side_codes.error(
                            f"{side_codes.dotted(side)}: {key} has no side '{side}'", side
                        )
                    by_side[side] = side_codes.text(side)
                side_codes.finish()
            for where, code in [("snomed", snomed), *by_side.items()]:
                if code is not None and not code.isdigit():
                    raise area.error(
                        f"{area.name}: SNOMED CT code {code!r} must be digits only", where
                    )
            # Codes are facts taken from somewhere, like numbers: they need a source too.
            if snomed is not None or by_side or area.has("source"):
                self.sources[area.name] = area.text("source")
            area.finish()
            areas.append(BodyArea(key, label, sides, snomed, by_side))
        if not areas:
            raise table.error("body_areas needs at least one body area")
        return tuple(areas)

    def screening(self, table: TomlTable) -> tuple[ScreeningItem, ...]:
        items = []
        for key, item in table.subtables():
            label = item.text("label")
            level = _choice(item, "level", SCREENING_LEVELS)
            source = item.text("source")
            item.finish()
            self.sources[item.name] = source
            items.append(ScreeningItem(key, label, level, source))
        return tuple(items)

    def adverse_events(self, table: TomlTable) -> tuple[AdverseEventType, ...]:
        events = []
        for key, event in table.subtables():
            label = event.text("label")
            expected = (
                self.closed_range(event, "expected_days", minimum=0)
                if event.has("expected_days")
                else None
            )
            serious = event.flag("serious")
            note = event.optional_text("note") or ""
            source = event.text("source")
            event.finish()
            self.sources[event.name] = source
            events.append(AdverseEventType(key, label, expected, serious, note, source))
        return tuple(events)


def _check_range(table: TomlTable, low: int, high: int | None, minimum: int) -> None:
    if low < minimum:
        raise table.error(f"{table.name}: min must be at least {minimum}, not {low}")
    if high is not None and low > high:
        raise table.error(f"{table.name}: min {low} is greater than max {high}")


def _choice(table: TomlTable, key: str, choices: tuple[_Choice, ...]) -> _Choice:
    value = table.text(key)
    for choice in choices:
        if value == choice:
            return choice
    allowed = " or ".join(f'"{choice}"' for choice in choices)
    raise table.error(f'{table.dotted(key)} must be {allowed}, not "{value}"', key)


def _check_worse_never_gets_fewer(
    table: TomlTable, rules: dict[int, GradeRule], bands: tuple[CSSBand, ...]
) -> None:
    """A worse grade, or a higher CSS band within a grade, must never be planned fewer
    sessions: a plan that shrinks as the findings get worse would rightly be distrusted."""

    def planned(rule: GradeRule, band: CSSBand | None) -> tuple[int, int]:
        sessions = rule.range_for(band)
        return sessions.low, rule.planning_high(sessions)

    previous_high: int | None = None
    for grade in NM_GRADES:
        rule = rules[grade]
        sessions_at = (*table.path, str(grade), "sessions")
        for lower, higher in pairwise(bands):
            below, above = planned(rule, lower), planned(rule, higher)
            if below != above and below[1] > above[0]:
                # Point at the band range the clinic wrote, which is where the fix goes.
                written = higher if higher.name in rule.sessions_by_css_band else lower
                raise table.document.error(
                    (*table.path, str(grade), "sessions_by_css_band", written.name),
                    f"grades.{grade}: the {higher.name} CSS band could be planned {above[0]} "
                    f"sessions, fewer than the {lower.name} band's {below[1]}; a higher CSS band "
                    "must never get fewer sessions",
                )
        options = [planned(rule, None), *(planned(rule, band) for band in bands)]
        lowest = min(low for low, _ in options)
        if previous_high is not None and lowest < previous_high:
            raise table.document.error(
                sessions_at,
                f"grades.{grade} could be planned {lowest} sessions, fewer than grade "
                f"{grade - 1}'s {previous_high}; a worse grade must never get fewer sessions",
            )
        previous_high = max(high for _, high in options)
