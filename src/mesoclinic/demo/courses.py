"""Demo treatment courses, through the real services: for patients whose screening,
consent and assessment allow one. Some planned, most active with sessions behind them, a
couple completed, one stopped with its reason, and a grade-3 course in its first block."""

import random
from datetime import date, timedelta

from django.contrib.auth.models import User

from mesoclinic.assessments.models import Assessment
from mesoclinic.assessments.services import assessment_sign
from mesoclinic.audit.actor import Actor
from mesoclinic.clinics.clock import clinic_today
from mesoclinic.courses.models import Course
from mesoclinic.courses.selectors import latest_assessment
from mesoclinic.courses.services import course_create, course_start, course_stop
from mesoclinic.demo.charting import chart_demo_session
from mesoclinic.patients.models import Patient
from mesoclinic.planning.protocol import clinic_protocol
from mesoclinic.screening.readiness import course_start_blockers

STOP_REASON = "The patient is moving away and asked to end the course; demo example."


def _ready(actor: Actor, patient: Patient, today: date) -> Assessment | None:
    """The patient's latest assessment (signed now if it was not) when a course may be
    planned from it: screening and consent allow it, and its worst grade is 1 or more."""
    if course_start_blockers(actor, patient, today):
        return None
    assessment = latest_assessment(actor, patient)
    if assessment is None or max(row.nm_grade for row in assessment.areas.all()) < 1:
        return None
    if not assessment.is_signed:
        if assessment.author_id != actor.user.pk:
            return None
        assessment = assessment_sign(actor=actor, assessment=assessment)
    return assessment


def _sessions_behind(
    actor: Actor, course: Course, last_day: date, most: int, rng: random.Random
) -> Course:
    """Sessions charted at the planned dates that have passed, at most `most` of them,
    until one cannot be (no stock left to chart it with)."""
    for day in list(course.dates)[:most]:
        if day > last_day or not chart_demo_session(actor, course, day, rng):
            break
        course.refresh_from_db()
    return course


def _plan(
    actor: Actor, patient: Patient, assessment: Assessment, starts_on: date, rng: random.Random
) -> Course:
    cadences = clinic_protocol(patient.clinic).cadences
    return course_create(
        actor=actor,
        patient=patient,
        starts_on=starts_on,
        cadence_days=cadences["weekly"] if rng.random() < 0.7 else max(cadences.values()),
        expectation=rng.choice(["modest", "modest", "marked"]),
        lifestyle=rng.random() < 0.4,
        assessment_id=assessment.id,
    )


def create_courses(patients: list[Patient], today: date, rng: random.Random) -> int:
    created = completed = 0
    stopped = in_blocks = False
    for patient in patients:
        practitioner = User.objects.get(username=f"{patient.clinic.name.lower()}.practitioner")
        actor = Actor(user=practitioner, via="cli")
        last_day = min(today, clinic_today(patient.clinic))
        assessment = _ready(actor, patient, last_day)
        if assessment is None:
            continue
        grade = max(row.nm_grade for row in assessment.areas.all())
        created += 1
        if grade == 1 and completed < 2:
            # One preventive session, given a few days after the assessment.
            starts_on = min(assessment.assessed_on + timedelta(days=3), last_day)
            course = _plan(actor, patient, assessment, starts_on, rng)
            course = course_start(actor=actor, course=course)
            _sessions_behind(actor, course, last_day, most=1, rng=rng)
            completed += 1
            continue
        if created % 5 == 0 and not (grade == 3 and not in_blocks):
            # Planned, first session soon.
            _plan(actor, patient, assessment, last_day + timedelta(days=rng.randint(2, 14)), rng)
            continue
        starts_on = assessment.assessed_on + timedelta(days=rng.randint(1, 5))
        course = _plan(actor, patient, assessment, min(starts_on, last_day), rng)
        course = course_start(actor=actor, course=course)
        # Leave at least one session to come: these courses are still running.
        course = _sessions_behind(
            actor, course, last_day, most=course.sessions_planned - 1, rng=rng
        )
        in_blocks = in_blocks or course.in_blocks
        if not stopped and course.sessions_done >= 2 and not course.in_blocks:
            course_stop(actor=actor, course=course, reason=STOP_REASON)
            stopped = True
    return created
