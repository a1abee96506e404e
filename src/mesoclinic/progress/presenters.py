"""What the progress page, the course page and the API show, built from the domain's
data in one place so the three agree to the digit."""

from dataclasses import dataclass
from typing import Any

from mesoclinic.domain.progress import (
    CSS_ITEMS,
    CourseProgressData,
    change_lines,
    format_number,
)
from mesoclinic.domain.progress_chart import Chart, progress_charts
from mesoclinic.progress.selectors import CourseProgressView


def _number(value: Any) -> str:
    return "" if value is None else format_number(value)


@dataclass(frozen=True)
class AreaTable:
    label: str
    index: bool
    columns: list[str]
    rows: list[list[str]]  # one per visit: date, then each measure as shown


AREA_COLUMNS = [
    "NM grade",
    *(f"CSS {item}" for item in CSS_ITEMS),
    "CSS total",
    "Circumference (cm)",
    "Landmark",
    "Clinician's GAIS",
]


def area_tables(progress: CourseProgressData) -> list[AreaTable]:
    """Every figure of every area at every visit, the baseline first."""
    tables = []
    for key in progress.area_keys:
        rows = []
        for visit in progress.visits:
            reading = visit.reading(key)
            if reading is None:
                continue
            rows.append(
                [
                    visit.on.isoformat(),
                    str(reading.nm_grade),
                    *(_number(item) for item in reading.css_items),
                    _number(reading.css_total),
                    _number(reading.circumference_cm),
                    reading.landmark,
                    _number(reading.gais),
                ]
            )
        tables.append(AreaTable(progress.label(key), key == progress.index, AREA_COLUMNS, rows))
    return tables


def page_context(view: CourseProgressView) -> dict[str, Any]:
    progress = view.progress
    charts: list[Chart] = progress_charts(progress)
    return {
        "course": view.course,
        "patient": view.course.patient,
        "progress": progress,
        "index_label": progress.label(progress.index) if progress.index else "",
        "changes": change_lines(progress),
        "charts": charts,
        "areas": area_tables(progress),
        "review": view.review,
        "decisions": view.decisions,
    }


def _decimal(value: Any) -> str | None:
    return None if value is None else format_number(value)


def api_body(view: CourseProgressView) -> dict[str, Any]:
    """The progress as the API returns it: the page's numbers, formatted the same way."""
    progress = view.progress
    index = progress.index
    changes = change_lines(progress)
    index_line = next((line for line in changes if line.index), None)
    review = view.review
    return {
        "course_id": view.course.id,
        "baseline_assessment_id": progress.baseline.assessment_id,
        "index_area": (
            None
            if index is None
            else {"area": index[0], "side": index[1], "label": progress.label(index)}
        ),
        "session_dates": list(progress.session_dates),
        "first_improvement_window": (
            None
            if progress.window is None
            else {
                "starts_on": progress.window[0],
                "ends_on": progress.window[1],
                "days_min": progress.window_days[0],
                "days_max": progress.window_days[1],
            }
        ),
        "areas": [
            {
                "area": key[0],
                "side": key[1],
                "label": progress.label(key),
                "index": key == index,
                "points": [
                    {
                        "assessment_id": visit.assessment_id,
                        "assessed_on": visit.on,
                        "nm_grade": reading.nm_grade,
                        "css_items": dict(zip("abcde", reading.css_items, strict=True)),
                        "css_total": reading.css_total,
                        "circumference_cm": _decimal(reading.circumference_cm),
                        "landmark": reading.landmark,
                        "clinician_gais": reading.gais,
                    }
                    for visit in progress.visits
                    if (reading := visit.reading(key)) is not None
                ],
            }
            for key in progress.area_keys
        ],
        "assessments": [
            {
                "assessment_id": visit.assessment_id,
                "assessed_on": visit.on,
                "baseline": visit.baseline,
                "sessions_before": progress.sessions_by(visit.on),
                "weight_kg": _decimal(visit.weight_kg),
                "patient_satisfaction": visit.satisfaction,
                "patient_gais": visit.patient_gais,
            }
            for visit in progress.visits
        ],
        "changes": [
            {
                "area": line.key[0],
                "side": line.key[1],
                "label": line.label,
                "index": line.index,
                "assessment_id": line.assessment_id,
                "assessed_on": line.on,
                "sessions": line.sessions,
                "css_change": line.change.css_change,
                "circumference_change_cm": _decimal(line.change.circumference_change_cm),
                "circumference_within_error": line.change.circumference_within_error,
                "shows_change": line.change.shows_change,
                "sentence": line.sentence,
            }
            for line in changes
        ],
        "responder": None if index_line is None else index_line.change.responder,
        "responder_rule": (
            f"CSS total of the index area down {progress.rules.responder_css_drop} or more: "
            "this clinic's protocol setting, not a published standard"
        ),
        "charts": [
            {
                "key": chart.key,
                "title": chart.title,
                "points": [{"on": day, "value": value} for day, value in chart.rows],
            }
            for chart in progress_charts(progress)
        ],
        "review": {
            "status": review.status.value,
            "message": review.message,
            "review_from": review.review_from,
            "reassessment_id": (
                None if review.reassessment is None else review.reassessment.assessment_id
            ),
            "needs_decision": review.needs_decision,
        },
        "decisions": [decision_body(d) for d in view.decisions],
    }


def decision_body(decision: Any) -> dict[str, Any]:
    return {
        "id": decision.id,
        "reassessment_id": decision.reassessment_id,
        "decision": decision.decision,
        "reason": decision.reason,
        "author": decision.author.get_username(),
        "at": decision.at,
    }
