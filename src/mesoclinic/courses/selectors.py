"""Reading courses: clinical content, so CLINICAL capability at the course's clinic; a
course that is not the actor's to read is not found, exactly like a missing one."""

from datetime import date

from django.db import models, transaction
from django.db.models import Prefetch

from mesoclinic.access import Capability, access_patients, get_in_clinics_or_404, scoped
from mesoclinic.assessments.models import Assessment
from mesoclinic.assessments.selectors import access_assessments
from mesoclinic.audit.actor import Actor
from mesoclinic.audit.models import Action
from mesoclinic.audit.services import audit_record
from mesoclinic.courses.models import OPEN_STATES, Course, CourseBlock, CourseChange, CourseState
from mesoclinic.patients.models import Patient, RecordStatus


def access_courses(actor: Actor) -> models.QuerySet[Course]:
    courses = Course.objects.select_related(
        "patient", "clinic", "author", "assessment", "started_by", "ended_by"
    ).prefetch_related(
        Prefetch("blocks", CourseBlock.objects.select_related("assessment", "author")),
        Prefetch("changes", CourseChange.objects.select_related("author")),
    )
    return scoped(courses, actor, Capability.CLINICAL)


def access_course(actor: Actor, course_id: int, purpose: str = "") -> Course:
    """One course, or 404 when it is not the actor's to read; the read is audited."""
    with transaction.atomic():
        course = get_in_clinics_or_404(access_courses(actor), id=course_id)
        audit_record(
            actor=actor,
            action=Action.READ,
            target=f"course {course.id}{f' {purpose}' if purpose else ''}",
            clinic_id=course.clinic_id,
            patient_id=course.patient_id,
        )
    return course


def _clinical_patient(actor: Actor, patient: Patient) -> Patient:
    return get_in_clinics_or_404(access_patients(actor, Capability.CLINICAL), id=patient.id)


def patient_courses(actor: Actor, patient: Patient) -> list[Course]:
    """The patient's courses, newest first. Not audited on its own: the caller read the
    patient through `access_patient`, which wrote the row."""
    patient = _clinical_patient(actor, patient)
    return list(access_courses(actor).filter(patient_id=patient.id))


def open_course_for(actor: Actor, patient: Patient) -> Course | None:
    """The planned or active course (at most one). Not audited on its own."""
    patient = _clinical_patient(actor, patient)
    return access_courses(actor).filter(patient_id=patient.id, state__in=OPEN_STATES).first()


def active_course_for(actor: Actor, patient: Patient) -> Course | None:
    """The course sessions are charted against now, if any. Not audited on its own: the
    caller read the patient through `access_patient`, which wrote the row."""
    patient = _clinical_patient(actor, patient)
    return access_courses(actor).filter(patient_id=patient.id, state=CourseState.ACTIVE).first()


def latest_assessment(actor: Actor, patient: Patient) -> Assessment | None:
    """The assessment a course (or its next block) is planned from: the most recently
    dated one not entered in error, signed or not (an unsigned one is refused by name)."""
    patient = _clinical_patient(actor, patient)
    return (
        access_assessments(actor)
        .filter(patient_id=patient.id, status=RecordStatus.ACTIVE)
        .select_related("author")
        .prefetch_related("areas")
        .order_by("-assessed_on", "-id")
        .first()
    )


def course_sessions_planned(course: Course) -> list[date]:
    """The planned dates of the current block (the whole course when not in blocks):
    those done first, at the dates they happened, then those to come."""
    return list(course.dates)
