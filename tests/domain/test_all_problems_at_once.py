"""The area checks report every problem of one submission together, each naming its own
field, rather than stopping at the first."""

from datetime import date
from decimal import Decimal

import pytest

from mesoclinic.domain.assessment import AreaEntry, score_areas
from mesoclinic.domain.errors import DomainError, DomainErrors, problems_of
from mesoclinic.domain.protocol import Protocol
from mesoclinic.domain.reassessment_areas import check_reassessed_areas

BASELINE = {("thighs", "left"): "18 cm above the kneecap", ("thighs", "right"): ""}
LABELS = {("thighs", "left"): "Thighs, left", ("thighs", "right"): "Thighs, right"}


def _fields(error: DomainError) -> set[str]:
    return {problem.field for problem in problems_of(error)}


def test_every_area_problem_is_reported_in_one_pass(protocol: Protocol) -> None:
    entries = [
        AreaEntry(area="thighs", side="left", circumference_cm=Decimal(999), landmark="x"),
        AreaEntry(area="thighs", side="right", nm_grade=2, css_items=(1, None, 1, 1, None)),
    ]
    with pytest.raises(DomainErrors) as refused:
        score_areas(entries, kind="follow_up", protocol=protocol)
    assert _fields(refused.value) == {
        "areas.0.nm_grade",
        "areas.0.circumference_cm",
        "areas.1.css.B",
    }
    assert refused.value.errors["areas.0.circumference_cm"].startswith("Circumference must be")


def test_a_single_problem_is_raised_as_it_is(protocol: Protocol) -> None:
    entries = [AreaEntry(area="thighs", side="left")]
    with pytest.raises(DomainError) as refused:
        score_areas(entries, kind="follow_up", protocol=protocol)
    assert not isinstance(refused.value, DomainErrors)
    assert refused.value.field == "areas.0.nm_grade"


def test_each_area_without_its_gais_is_named_together() -> None:
    entries = [
        AreaEntry(area="thighs", side="left", nm_grade=1, landmark="elsewhere"),
        AreaEntry(area="thighs", side="right", nm_grade=1),
    ]
    with pytest.raises(DomainErrors) as refused:
        check_reassessed_areas(entries, BASELINE, LABELS, date(2026, 1, 5))
    assert _fields(refused.value) == {"areas.0.gais", "areas.0.landmark", "areas.1.gais"}
    assert "Thighs, right" in refused.value.errors["areas.1.gais"]
