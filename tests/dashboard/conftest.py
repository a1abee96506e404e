"""Clinics with a known history, written straight into the tables: the figures are reads,
and a test of a share needs ten or more completed, measured courses, which the services
would take minutes to build one visit at a time. The rows are shaped as the services
write them (a baseline the course points at, a signed reassessment naming the course)."""

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from itertools import count
from zoneinfo import ZoneInfo

from django.utils import timezone

from mesoclinic.adverse_events.models import AdverseEvent
from mesoclinic.assessments.models import AreaScore, Assessment, AssessmentKind
from mesoclinic.charting.models import TreatmentSession
from mesoclinic.clinics.models import Clinic
from mesoclinic.courses.models import Course, CourseState
from mesoclinic.patients.models import Patient

BASELINE_ON = date(2026, 1, 5)
FINAL_ON = date(2026, 4, 6)
SIGNED = datetime(2026, 4, 6, 12, tzinfo=UTC)
_names = count(1)


def new_patient(clinic: Clinic, author, born: date = date(1985, 6, 1)) -> Patient:
    number = next(_names)
    return Patient.objects.create(
        clinic=clinic,
        given_name=f"Zelda{number}",
        family_name=f"Quixote{number}",
        date_of_birth=born,
        phone="+44 7700 900456",
        phone_digits="447700900456",
        email=f"zelda{number}@example.org",
        created_by=author,
    )


def _assessment(patient, author, kind, on, course=None, signed=True) -> Assessment:
    return Assessment.objects.create(
        patient=patient,
        clinic=patient.clinic,
        author=author,
        assessed_on=on,
        kind=kind,
        course=course,
        protocol_name="test",
        protocol_version="1",
        signed_at=SIGNED if signed else None,
    )


def _areas(assessment, grade, css, cm) -> None:
    # The left thigh sets the grade (the index area); the right one is a grade milder.
    AreaScore.objects.create(
        assessment=assessment,
        area="thighs",
        side="left",
        nm_grade=grade,
        css_total=css,
        circumference_cm=cm,
    )
    AreaScore.objects.create(
        assessment=assessment,
        area="thighs",
        side="right",
        nm_grade=max(grade - 1, 0),
        css_total=css,
        circumference_cm=cm,
    )


def measured_course(
    clinic: Clinic,
    author,
    *,
    grade: int = 2,
    css: tuple[int, int] = (10, 7),
    cm: tuple[str, str] = ("60.0", "59.0"),
    sessions: int = 12,
    state: str = CourseState.COMPLETED,
    patient: Patient | None = None,
    final: bool = True,
) -> Course:
    """A course from its baseline to a signed final assessment (when `final`)."""
    patient = patient or new_patient(clinic, author)
    baseline = _assessment(patient, author, AssessmentKind.INITIAL, BASELINE_ON)
    _areas(baseline, grade, css[0], Decimal(cm[0]))
    course = Course.objects.create(
        patient=patient,
        clinic=clinic,
        author=author,
        assessment=baseline,
        state=state,
        nm_grade=grade,
        cadence_days=7,
        expectation="modest",
        lifestyle=False,
        starts_on=BASELINE_ON,
        sessions_recommended=sessions,
        sessions_planned=max(sessions, 1),
        sessions_done=sessions,
        sessions_done_total=sessions,
        planned_dates=[],
        estimate={},
        protocol_name="test",
        protocol_version="1",
        stop_reason="Moved away." if state == CourseState.STOPPED else "",
    )
    if final:
        later = _assessment(patient, author, AssessmentKind.FOLLOW_UP, FINAL_ON, course=course)
        _areas(later, grade, css[1], Decimal(cm[1]))
    return course


def charted_session(course: Course, author, on: date, number: int) -> TreatmentSession:
    return TreatmentSession.objects.create(
        patient=course.patient,
        clinic=course.clinic,
        author=author,
        course=course,
        number=number,
        performed_on=on,
        recheck={},
        technique="nappage",
        depth_mm=Decimal("3"),
        needle_gauge=30,
        needle_length_mm=Decimal("4"),
        duration_minutes=60,
        signed_at=timezone.now(),
    )


def adverse_event(course: Course, author, on: date, kind: str = "bruising") -> AdverseEvent:
    return AdverseEvent.objects.create(
        patient=course.patient,
        clinic=course.clinic,
        author=author,
        event_type=kind,
        type_label=kind.capitalize(),
        type_serious=False,
        serious=False,
        severity="mild",
        onset_on=on,
        protocol_name="test",
        protocol_version="1",
    )


def at(day: date, hour: int, clinic: Clinic) -> datetime:
    return datetime.combine(day, time(hour), ZoneInfo(clinic.time_zone))


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())
