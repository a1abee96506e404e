"""Everything the dashboard shows for one clinic, computed in one pass and stored as a
snapshot (`ClinicSnapshot`). Small groups are suppressed here, before anything is stored,
so no page, API answer or export can show their numbers."""

from collections import defaultdict
from datetime import date
from typing import Any

from mesoclinic.clinics.models import Clinic
from mesoclinic.dashboard.activity import (
    adverse_event_rates,
    course_endings,
    sessions_by_grade,
    this_week,
)
from mesoclinic.dashboard.cells import mean_cell, share_cell
from mesoclinic.dashboard.measured import MeasuredCourse, measured_courses
from mesoclinic.domain.protocol_model import Protocol
from mesoclinic.domain.statistics import reported_mean, reported_share
from mesoclinic.planning.protocol import clinic_protocol


def responder_rule(protocol: Protocol) -> str:
    drop = protocol.outcomes.responder_css_drop
    error = protocol.outcomes.circumference_error_mm
    return (
        f"A responder is a course whose index area's CSS total fell by at least {drop} "
        f"points from baseline to the final assessment. This is the clinic's own rule, set "
        f"in its protocol: no published responder threshold exists for the CSS total. "
        f"Circumference changes within {error} mm are read as measurement error."
    )


def _outcome_row(grade: int, courses: list[MeasuredCourse], min_count: int) -> dict[str, Any]:
    changes = [c.index_change for c in courses if c.index_change is not None]
    readable = [c.responder for c in changes if c.responder is not None]
    css = [float(c.css_change) for c in changes if c.css_change is not None]
    tape = [
        float(c.circumference_change_cm) for c in changes if c.circumference_change_cm is not None
    ]
    return {
        "grade": grade,
        "courses": len(courses) if len(courses) >= min_count else None,
        "responders": share_cell(reported_share(sum(readable), len(readable), min_count)),
        "css_change": mean_cell(reported_mean(css, min_count)),
        "circumference_change_cm": mean_cell(reported_mean(tape, min_count)),
    }


def outcomes(clinic: Clinic, protocol: Protocol) -> dict[str, Any]:
    min_count = protocol.outcomes.min_report_count
    by_grade: dict[int, list[MeasuredCourse]] = defaultdict(list)
    for course in measured_courses(clinic, protocol):
        by_grade[course.grade].append(course)
    return {
        "protocol": f"{protocol.name} {protocol.version}",
        "rule": responder_rule(protocol),
        "min_report_count": min_count,
        "grades": [
            _outcome_row(grade, by_grade[grade], min_count)
            for grade in sorted(set(by_grade) | set(protocol.grades))
        ],
    }


def clinic_figures(clinic: Clinic, today: date) -> dict[str, Any]:
    protocol = clinic_protocol(clinic)
    min_count = protocol.outcomes.min_report_count
    return {
        "min_report_count": min_count,
        "week": this_week(clinic, today),
        "adverse_events": adverse_event_rates(clinic, today, min_count),
        "course_endings": course_endings(clinic, min_count),
        "sessions_by_grade": sessions_by_grade(clinic, protocol, min_count),
        "outcomes": outcomes(clinic, protocol),
    }
