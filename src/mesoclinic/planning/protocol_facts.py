"""Every number of a protocol, grouped as the protocol page shows them, each with where
it comes from: a named source, or "Clinic setting: <why>" for a value the clinic chose.

Each fact carries the places in the file its numbers were read from, so a test can check
that the page leaves none of them out.
"""

from dataclasses import dataclass

from mesoclinic.domain.protocol import Protocol
from mesoclinic.planning.presenters import named_source, sessions_text


@dataclass(frozen=True)
class Fact:
    what: str
    value: str
    sources: tuple[str, ...]
    keys: tuple[str, ...]  # places in the protocol file ("grades.2.sessions")
    note: str = ""


@dataclass(frozen=True)
class FactGroup:
    slug: str
    title: str
    columns: tuple[str, str, str]
    facts: tuple[Fact, ...]
    note: str = ""


SETTING_COLUMNS = ("Setting", "Value", "Source")


def source_of(protocol: Protocol, key: str) -> str:
    """Where the number at `key` comes from, as a reader can look it up."""
    why = protocol.reasons.get(key)
    if why is not None:
        return f"Clinic setting: {why}"
    return named_source(protocol, protocol.sources[key])


def _fact(protocol: Protocol, what: str, value: str, key: str, note: str = "") -> Fact:
    return Fact(what, value, (source_of(protocol, key),), (key,), note)


def _days(days: int) -> str:
    return f"{days} day" if days == 1 else f"{days} days"


def sessions_and_cadence(protocol: Protocol) -> FactGroup:
    low, high = protocol.first_improvement_days
    facts = [
        _fact(protocol, "Session length", f"{protocol.session_minutes} min", "session.minutes"),
        *(
            _fact(protocol, f"Cadence: {name}", f"every {_days(days)}", f"cadence_days.{name}")
            for name, days in protocol.cadences.items()
        ),
        _fact(
            protocol,
            "Shortest interval between sessions",
            _days(protocol.min_interval_days),
            "course.min_interval_days",
        ),
        _fact(
            protocol,
            "Booking window around each session's ideal date",
            f"{_days(protocol.booking_tolerance_days)} either side",
            "course.booking_tolerance_days",
        ),
        _fact(
            protocol,
            "When change, if any, starts to show",
            f"{low}–{high} days after the first session",
            "course.first_improvement_days",
        ),
    ]
    return FactGroup("cadence", "Sessions and cadence", SETTING_COLUMNS, tuple(facts))


def _signed(shift: int) -> str:
    plural = "" if abs(shift) == 1 else "s"
    sign = "+" if shift >= 0 else "−"
    return f"{sign}{abs(shift)} session{plural} to the recommended count"


def grades_and_sessions(protocol: Protocol) -> FactGroup:
    facts = []
    for grade, rule in sorted(protocol.grades.items()):
        sessions = sessions_text(rule.sessions.low, rule.sessions.high)
        if rule.uncertain:
            sessions += "; the count is uncertain and reviewed as the course goes"
        what = f"{grade}: {rule.description}"
        facts.append(_fact(protocol, what, sessions, f"grades.{grade}.sessions"))
        for band, narrower in rule.sessions_by_css_band.items():
            facts.append(
                _fact(
                    protocol,
                    f"{grade} with a {band} CSS",
                    sessions_text(narrower.low, narrower.high),
                    f"grades.{grade}.sessions_by_css_band.{band}",
                )
            )
    facts.append(
        _fact(
            protocol,
            "Any grade, a patient expecting a marked change",
            _signed(protocol.marked_expectation_shift),
            "recommendation.marked_expectation_sessions",
        )
    )
    facts.append(
        _fact(
            protocol,
            "Any grade, exercise and diet alongside",
            _signed(protocol.lifestyle_shift),
            "recommendation.lifestyle_programme_sessions",
        )
    )
    return FactGroup(
        "grades",
        "Sessions per grade",
        ("NM grade", "Sessions", "Source"),
        tuple(facts),
        note="The recommended count always stays inside the grade's range. The evidence that "
        "mesotherapy reduces cellulite is limited; these ranges plan a course, they do not "
        "promise a result.",
    )


def css_bands(protocol: Protocol) -> FactGroup:
    facts = tuple(
        _fact(protocol, band.name, sessions_text(band.low, band.high), f"css_bands.{band.name}")
        for band in protocol.css_bands
    )
    return FactGroup(
        "css-bands",
        "CSS bands",
        ("Band", "CSS total", "Source"),
        facts,
        note="A CSS total of 0 falls in no band.",
    )


LEVELS = {"stop": "Stop: no course", "caution": "Caution: a clinician signs off"}


def screening_items(protocol: Protocol) -> FactGroup:
    facts = tuple(
        _fact(protocol, item.label, LEVELS[item.level], f"screening.{item.key}")
        for item in protocol.screening_items
    )
    return FactGroup(
        "screening", "Screening before a course", ("Question", "Level", "Source"), facts
    )


def adverse_events(protocol: Protocol) -> FactGroup:
    facts = []
    for event in protocol.adverse_events:
        what = f"{event.label} (serious)" if event.serious else event.label
        key = f"adverse_events.{event.key}"
        keys: tuple[str, ...]
        if event.expected_days is None:
            value, keys = "No day count", (key,)
        else:
            value = f"{sessions_text(*event.expected_days)} days"
            keys = (f"{key}.expected_days", key)
        sources = tuple(dict.fromkeys(source_of(protocol, k) for k in keys))
        facts.append(Fact(what, value, sources, keys, note=event.note))
    return FactGroup(
        "adverse-events",
        "Adverse events and their expected course",
        ("Event", "Expected course", "Source"),
        tuple(facts),
        note="An event that outlasts its expected course needs a follow-up.",
    )


def reassessment_and_validity(protocol: Protocol) -> FactGroup:
    facts = [
        _fact(
            protocol,
            "A screening stays valid for",
            _days(protocol.screening_valid_days),
            "course.screening_valid_days",
        )
    ]
    for grade, rule in sorted(protocol.grades.items()):
        if rule.block_sessions is not None:
            facts.append(
                _fact(
                    protocol,
                    f"Grade {grade}: planned in blocks, reassessed after each",
                    f"every {rule.block_sessions} sessions",
                    f"grades.{grade}.block_sessions",
                )
            )
        if rule.maintenance_interval_days is not None:
            facts.append(
                _fact(
                    protocol,
                    f"Grade {grade}: maintenance visit after the course",
                    f"every {_days(rule.maintenance_interval_days)}",
                    f"grades.{grade}.maintenance_days",
                )
            )
    facts.append(
        _fact(
            protocol,
            "An adverse event with no day count is followed up",
            f"{_days(protocol.adverse_event_review_days)} after its onset",
            "follow_up.adverse_event_review_days",
        )
    )
    return FactGroup("validity", "Reassessment and validity", SETTING_COLUMNS, tuple(facts))


def measuring_outcomes(protocol: Protocol) -> FactGroup:
    rules = protocol.outcomes
    facts = [
        _fact(
            protocol,
            "A reassessment falls due",
            f"every {rules.reassess_every_sessions} sessions, and at the end of each block "
            "and of the course",
            "outcomes.reassess_every_sessions",
        ),
        _fact(
            protocol,
            "A course counts as a responder when its index area's CSS total fell by",
            f"{rules.responder_css_drop} points or more",
            "outcomes.responder_css_drop",
        ),
        _fact(
            protocol,
            "A circumference change read as measurement error",
            f"up to {rules.circumference_error_mm / 10:g} cm",
            "outcomes.circumference_error_mm",
        ),
        _fact(
            protocol,
            "A course with no change is reviewed",
            f"after {rules.non_responder_after_sessions} sessions, or once the "
            "first-improvement window has passed",
            "outcomes.non_responder_after_sessions",
        ),
        _fact(
            protocol,
            "Outcome figures are shown only from",
            f"{rules.min_report_count} courses or more",
            "outcomes.min_report_count",
        ),
    ]
    return FactGroup(
        "outcomes",
        "Measuring outcomes",
        SETTING_COLUMNS,
        tuple(facts),
        note="No published responder threshold or measurement error exists for these "
        "scales: each number is this clinic's own setting, with its reason. The index area "
        "is the area and side that set the course's grade at its baseline assessment.",
    )


def body_areas(protocol: Protocol) -> FactGroup:
    facts = []
    for area in protocol.body_areas:
        key = f"body_areas.{area.key}"
        if key not in protocol.sources:
            continue  # an area without codes has nothing to source
        codes = [area.snomed] if area.snomed else []
        codes += [f"{side} {code}" for side, code in area.snomed_by_side.items()]
        facts.append(_fact(protocol, area.label, ", ".join(codes), key))
    return FactGroup("body-areas", "Body areas", ("Area", "SNOMED CT", "Source"), tuple(facts))


def protocol_groups(protocol: Protocol) -> list[FactGroup]:
    """The whole protocol, in the order the page shows it."""
    return [
        sessions_and_cadence(protocol),
        grades_and_sessions(protocol),
        css_bands(protocol),
        screening_items(protocol),
        adverse_events(protocol),
        reassessment_and_validity(protocol),
        measuring_outcomes(protocol),
        body_areas(protocol),
    ]
