"""How a course's change is read: on its index area, against the baseline, by the
clinic's own thresholds."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

from mesoclinic.domain.assessment import AreaEntry, score_areas
from mesoclinic.domain.outcomes import (
    AreaChange,
    AreaMeasure,
    index_area,
    index_change,
    non_responder_review_due,
)
from mesoclinic.domain.protocol import Protocol


def _measure(
    css: int | None, cm: str | None, area: str = "thighs", side: str = "left"
) -> AreaMeasure:
    return AreaMeasure(area, side, 2, css, None if cm is None else Decimal(cm))


def _change(protocol: Protocol, before: AreaMeasure, after: AreaMeasure) -> AreaChange:
    return AreaChange(before, after, protocol.outcomes)


def test_the_protocol_file_sets_every_outcome_threshold_as_a_clinic_setting(
    protocol: Protocol,
) -> None:
    for key in (
        "reassess_every_sessions",
        "responder_css_drop",
        "circumference_error_mm",
        "non_responder_after_sessions",
        "min_report_count",
    ):
        assert protocol.is_clinic_setting(f"outcomes.{key}")
        assert protocol.sources[f"outcomes.{key}"].startswith("clinic setting")


def test_a_css_drop_of_the_clinics_threshold_is_a_response(protocol: Protocol) -> None:
    drop = protocol.outcomes.responder_css_drop
    change = _change(protocol, _measure(9, None), _measure(9 - drop, None))
    assert change.css_change == -drop
    assert change.responder is True


def test_a_smaller_css_drop_is_a_change_but_not_a_response(protocol: Protocol) -> None:
    change = _change(protocol, _measure(9, None), _measure(8, None))
    assert change.responder is False
    assert change.shows_change is True


def test_a_missing_css_total_gives_no_verdict_rather_than_no_change(protocol: Protocol) -> None:
    change = _change(protocol, _measure(None, "60"), _measure(7, "60"))
    assert change.css_change is None
    assert change.responder is None


def test_circumference_within_measurement_error_is_not_a_decrease(protocol: Protocol) -> None:
    error = Decimal(protocol.outcomes.circumference_error_mm) / 10
    change = _change(protocol, _measure(9, "60.0"), _measure(9, str(Decimal("60.0") - error)))
    assert change.circumference_within_error is True
    assert change.circumference_decreased is False
    assert change.shows_change is False


def test_circumference_beyond_measurement_error_is_a_change(protocol: Protocol) -> None:
    error = Decimal(protocol.outcomes.circumference_error_mm) / 10
    smaller = Decimal("60.0") - error - Decimal("0.1")
    change = _change(protocol, _measure(9, "60.0"), _measure(9, str(smaller)))
    assert change.circumference_decreased is True
    assert change.shows_change is True


def test_the_index_area_is_the_one_that_set_the_grade(protocol: Protocol) -> None:
    scored = score_areas(
        [
            AreaEntry("thighs", "left", nm_grade=2, css_items=(1, 1, 1, 1, 2)),
            AreaEntry("buttocks", "right", nm_grade=3, css_items=(2, 2, 2, 1, 3)),
        ],
        kind="initial",
        protocol=protocol,
    )
    assert index_area(scored, protocol) == ("buttocks", "right")


def test_the_index_change_needs_the_area_measured_at_both_visits(protocol: Protocol) -> None:
    baseline = [_measure(9, None), _measure(8, None, side="right")]
    later = [_measure(7, None, side="right")]
    assert index_change(baseline, later, ("thighs", "left"), protocol.outcomes) is None
    found = index_change(baseline, later, ("thighs", "right"), protocol.outcomes)
    assert found is not None
    assert found.css_change == -1


def test_no_review_before_the_first_session(protocol: Protocol) -> None:
    assert not non_responder_review_due(
        first_session_on=None, sessions_done=0, on=date(2026, 6, 1), protocol=protocol
    )


def test_review_falls_due_once_the_first_improvement_window_has_passed(
    protocol: Protocol,
) -> None:
    first = date(2026, 1, 5)
    window = protocol.first_improvement_days[1]
    last_day_inside = date.fromordinal(first.toordinal() + window)
    assert not non_responder_review_due(
        first_session_on=first, sessions_done=2, on=last_day_inside, protocol=protocol
    )
    assert non_responder_review_due(
        first_session_on=first,
        sessions_done=2,
        on=date.fromordinal(last_day_inside.toordinal() + 1),
        protocol=protocol,
    )


def test_review_falls_due_after_the_set_number_of_sessions(protocol: Protocol) -> None:
    sooner = replace(protocol, outcomes=replace(protocol.outcomes, non_responder_after_sessions=2))
    first = date(2026, 1, 5)
    assert non_responder_review_due(
        first_session_on=first, sessions_done=2, on=first, protocol=sooner
    )
    assert not non_responder_review_due(
        first_session_on=first, sessions_done=1, on=first, protocol=sooner
    )
