"""The research export of a clinic's outcomes, de-identified.

Removed: names, contact details, record numbers and every real date. Each patient gets a
random pseudonym and a random date shift (the same shift for all her dates, so intervals
stay true) that exist only in this one file; ages are 5-year bands at the baseline; rows
are shuffled. Grades with fewer measured courses than the clinic's smallest reported group
are left out, as on the page. The export is written to the audit trail.
"""

import csv
import io
import secrets
from datetime import date, timedelta

from django.db import transaction

from mesoclinic.audit.actor import Actor
from mesoclinic.audit.models import Action
from mesoclinic.audit.services import audit_record
from mesoclinic.clinics.models import Clinic
from mesoclinic.dashboard.measured import MeasuredCourse, measured_courses
from mesoclinic.planning.protocol import clinic_protocol

MAX_SHIFT_DAYS = 365  # each patient's dates move by a day to a year, either way
BAND_YEARS, TOP_BAND = 5, 70
HEADER = (
    "patient (random code, this file only)",
    "course (random code, this file only)",
    "age at baseline (5-year band)",
    "NM grade of the course",
    "sessions done",
    "days between sessions",
    "area",
    "side",
    "index area (the one that set the grade)",
    "baseline date (shifted per patient)",
    "final assessment date (shifted per patient)",
    "CSS total at baseline",
    "CSS total at final",
    "circumference at baseline (cm)",
    "circumference at final (cm)",
    "responder by the clinic's own rule (index area only)",
)
REMOVED = (
    "names, contact details and record numbers",
    "real dates: each patient's dates are shifted by the same random number of days",
    "exact ages: 5-year bands at the baseline",
    "grades with fewer measured courses than the clinic reports",
)


def age_band(born: date, on: date) -> str:
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    if age >= TOP_BAND:
        return f"{TOP_BAND} and over"
    low = age // BAND_YEARS * BAND_YEARS
    return f"{low}-{low + BAND_YEARS - 1}"


def _code(used: set[str]) -> str:
    while (code := secrets.token_hex(4)) in used:
        pass
    used.add(code)
    return code


def shift_days() -> timedelta:
    """1 to MAX_SHIFT_DAYS days, earlier or later: never none, which would keep real dates."""
    days = secrets.randbelow(MAX_SHIFT_DAYS) + 1
    return timedelta(days=days if secrets.randbelow(2) else -days)


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def _blank(value: object) -> str:
    return "" if value is None else str(value)


def _rows(courses: list[MeasuredCourse]) -> list[list[str]]:
    used: set[str] = set()
    pseudonym: dict[int, str] = {}
    shift: dict[int, timedelta] = {}
    rows = []
    for course in courses:
        if course.patient_id not in pseudonym:
            pseudonym[course.patient_id] = _code(used)
            shift[course.patient_id] = shift_days()
        moved = shift[course.patient_id]
        course_code = _code(used)
        for change in course.areas:
            is_index = change.baseline.key == course.index
            rows.append(
                [
                    pseudonym[course.patient_id],
                    course_code,
                    age_band(course.date_of_birth, course.baseline_on),
                    str(course.grade),
                    str(course.sessions),
                    str(course.cadence_days),
                    change.baseline.area,
                    change.baseline.side,
                    _yes_no(is_index),
                    (course.baseline_on + moved).isoformat(),
                    (course.final_on + moved).isoformat(),
                    _blank(change.baseline.css_total),
                    _blank(change.later.css_total),
                    _blank(change.baseline.circumference_cm),
                    _blank(change.later.circumference_cm),
                    _yes_no(change.responder) if is_index else "",
                ]
            )
    return rows


def outcomes_export(*, actor: Actor, clinic: Clinic) -> str:
    """The CSV text; the caller has checked the actor is the clinic's admin."""
    protocol = clinic_protocol(clinic)
    courses = measured_courses(clinic, protocol)
    per_grade: dict[int, int] = {}
    for course in courses:
        per_grade[course.grade] = per_grade.get(course.grade, 0) + 1
    minimum = protocol.outcomes.min_report_count
    kept = [c for c in courses if per_grade[c.grade] >= minimum]
    secrets.SystemRandom().shuffle(kept)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(_rows(kept))
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=Action.EXPORT,
            target="de-identified outcomes",
            clinic_id=clinic.id,
        )
    return out.getvalue()
