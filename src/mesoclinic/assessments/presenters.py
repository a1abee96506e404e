"""What the assessment page and the API show: stored rows put into the domain's terms, in
the protocol's order, with the worst area picked by the domain."""

from dataclasses import dataclass

from mesoclinic.assessments.models import AreaScore, Assessment, AssessmentAmendment
from mesoclinic.domain.assessment import GAIS_SCORES, ScoredArea, worst_area
from mesoclinic.domain.grading import CSSScore
from mesoclinic.domain.protocol import Protocol

FIELD_LABELS = {
    "assessed_on": "Date assessed",
    "weight_kg": "Weight (kg)",
    "notes": "Notes",
    "nm_grade": "NM grade",
    "dimpling_on_pinch": "Dimpling on pinch",
    "visible_standing": "Visible standing",
    "visible_lying": "Visible lying",
    "css_a": "CSS A",
    "css_b": "CSS B",
    "css_c": "CSS C",
    "css_d": "CSS D",
    "css_e": "CSS E",
    "css_total": "CSS total",
    "css_band": "CSS band",
    "circumference_cm": "Circumference (cm)",
    "landmark": "Landmark",
    "gais": "GAIS",
    "patient_satisfaction": "Patient's satisfaction",
    "patient_gais": "Patient's GAIS",
}


def area_label(protocol: Protocol, area: str, side: str) -> str:
    label = next((a.label for a in protocol.body_areas if a.key == area), area)
    return f"{label}, {side}" if side else label


def gais_label(gais: int | None) -> str:
    return f"{gais}: {GAIS_SCORES[gais]}" if gais in GAIS_SCORES else ""


def scored_from_row(row: AreaScore) -> ScoredArea:
    a, b, c, d, e = row.css_items
    css = (
        CSSScore(a=a, b=b, c=c, d=d, e=e)
        if a is not None and b is not None and c is not None and d is not None and e is not None
        else None
    )
    return ScoredArea(
        area=row.area,
        side=row.side or None,
        nm_grade=row.nm_grade,
        graded_from_findings=row.visible_lying is not None,
        css=css,
        css_total=row.css_total,
        css_band=row.css_band or None,
        circumference_cm=row.circumference_cm,
        landmark=row.landmark,
        gais=row.gais,
    )


@dataclass(frozen=True)
class AreaView:
    row: AreaScore
    label: str
    scored: ScoredArea
    is_worst: bool

    @property
    def css_items(self) -> str:
        return ", ".join(str(item) for item in self.scored.css.items) if self.scored.css else ""

    @property
    def gais(self) -> str:
        return gais_label(self.scored.gais)


def _order(protocol: Protocol, row: AreaScore) -> tuple[int, int, str]:
    keys = [a.key for a in protocol.body_areas]
    place = keys.index(row.area) if row.area in keys else len(keys)
    return (place, 0 if row.side in ("", "left") else 1, row.side)


def area_views(assessment: Assessment, protocol: Protocol) -> list[AreaView]:
    rows = sorted(assessment.areas.all(), key=lambda row: _order(protocol, row))
    scored = [scored_from_row(row) for row in rows]
    worst = worst_area(scored, protocol)
    return [
        AreaView(
            row=row,
            label=area_label(protocol, row.area, row.side),
            scored=area,
            is_worst=area is worst,
        )
        for row, area in zip(rows, scored, strict=True)
    ]


def worst_view(views: list[AreaView]) -> AreaView | None:
    return next((view for view in views if view.is_worst), None)


@dataclass(frozen=True)
class ChangeView:
    field: str
    label: str
    before: object
    after: object


def change_label(protocol: Protocol, key: str) -> str:
    if key in FIELD_LABELS:
        return FIELD_LABELS[key]
    area, side, field = ([*key.split("."), "", "", ""])[:3]
    return f"{area_label(protocol, area, side)}: {FIELD_LABELS.get(field, field)}"


def change_views(amendment: AssessmentAmendment, protocol: Protocol) -> list[ChangeView]:
    return [
        ChangeView(field=key, label=change_label(protocol, key), before=before, after=after)
        for key, (before, after) in amendment.changes.items()
    ]
