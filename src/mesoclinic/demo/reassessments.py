"""Demo courses measured over time, through the real services: a baseline photographed in
two poses, weekly charted sessions, and a signed reassessment at every point the protocol
sets (every 5 sessions, the end of the course), photographed in the baseline's poses.

Some courses respond (the index area's CSS total falls by the clinic's responder drop or
more), some show no change (the same CSS, the circumference within 1 cm); four are
completed with their final reassessment, and two are still running, one of them flat past
its first-improvement window. Deterministic: fixed patients and scores, an own generator
for the pictures and lots, so the rest of the demo is not shifted by it.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.models import User

from mesoclinic.assessments.models import Assessment, Pose
from mesoclinic.assessments.services import (
    assessment_create,
    assessment_sign,
    photo_add,
    reassessment_create,
)
from mesoclinic.audit.actor import Actor
from mesoclinic.clinics.models import Clinic
from mesoclinic.consent.services import consent_sign, consent_template_current_or_default
from mesoclinic.courses.models import Course
from mesoclinic.courses.services import course_create, course_start
from mesoclinic.demo.assessments import demo_photo
from mesoclinic.demo.charting import chart_demo_session
from mesoclinic.domain.assessment import AreaEntry
from mesoclinic.patients.models import Patient, Sex
from mesoclinic.patients.services import patient_create
from mesoclinic.planning.protocol import clinic_protocol
from mesoclinic.screening.services import screening_create

LANDMARK = "18 cm above the top of the kneecap"
POSES = (Pose.BACK_RELAXED, Pose.LEFT_SIDE)
# The right thigh scores lower than the left at every visit, so the left is the index area.
RIGHT_ITEMS = (1, 1, 1, 1)
SESSIONS_REASON = "The patient chose this number of sessions, within the range; demo example."


@dataclass(frozen=True)
class Visit:
    """The left thigh's CSS items A–D (NM grade 2 throughout), its circumference, the
    clinician's GAIS and the patient's satisfaction and GAIS (None at the baseline)."""

    items: tuple[int, int, int, int]
    cm: str
    gais: int | None = None
    satisfaction: int | None = None
    patient_gais: int | None = None


@dataclass(frozen=True)
class Story:
    clinic: str
    given_name: str
    family_name: str
    first_session_days_ago: int
    sessions_planned: int
    sessions_done: int
    visits: tuple[Visit, ...]  # the baseline, then one per reassessment point reached


STORIES = (
    # Responds: CSS 9 → 7 → 6, circumference down 2.5 cm. Completed.
    Story(
        "Riverside",
        "Grace",
        "Hopper",
        64,
        10,
        10,
        (
            Visit((2, 2, 2, 1), "60.0"),
            Visit((2, 1, 1, 1), "59.0", 3, 4, 3),
            Visit((1, 1, 1, 1), "57.5", 2, 4, 2),
        ),
    ),
    # No change: CSS 8 throughout, circumference within 1 cm. Completed.
    Story(
        "Riverside",
        "Rosalind",
        "Franklin",
        64,
        10,
        10,
        (
            Visit((2, 2, 1, 1), "58.0"),
            Visit((2, 2, 1, 1), "58.4", 4, 3, 4),
            Visit((2, 2, 1, 1), "57.6", 4, 2, 4),
        ),
    ),
    # Responds: CSS 10 → 9 → 7. Completed.
    Story(
        "Hillcrest",
        "Dorothy",
        "Hodgkin",
        64,
        10,
        10,
        (
            Visit((2, 2, 2, 2), "62.0"),
            Visit((2, 2, 2, 1), "61.5", 3, 3, 3),
            Visit((2, 1, 1, 1), "60.0", 2, 5, 2),
        ),
    ),
    # A small change, short of the responder drop: CSS 8 → 7 → 7. Completed.
    Story(
        "Hillcrest",
        "Lise",
        "Meitner",
        64,
        10,
        10,
        (
            Visit((2, 2, 1, 1), "59.0"),
            Visit((2, 1, 1, 1), "58.8", 3, 3, 3),
            Visit((2, 1, 1, 1), "58.5", 3, 3, 3),
        ),
    ),
    # No change at session 5, still running, its first session 40 days ago: past the
    # first-improvement window with 6 sessions done, so due a review for lack of change.
    Story(
        "Riverside",
        "Mary",
        "Anning",
        40,
        12,
        6,
        (Visit((2, 2, 2, 1), "61.0"), Visit((2, 2, 2, 1), "61.3", 4, 2, 4)),
    ),
    # Responds at session 5 (CSS 9 → 7), still running.
    Story(
        "Riverside",
        "Caroline",
        "Herschel",
        40,
        12,
        6,
        (Visit((2, 2, 2, 1), "60.5"), Visit((2, 1, 1, 1), "59.6", 3, 4, 3)),
    ),
    # No change at session 5, still running at the other clinic: its review of change
    # is answered by the practitioner's decision in the demo (`demo.progress`).
    Story(
        "Hillcrest",
        "Emmy",
        "Noether",
        40,
        12,
        6,
        (Visit((2, 2, 1, 1), "63.0"), Visit((2, 2, 1, 1), "62.6", 4, 3, 4)),
    ),
)


def _entries(visit: Visit, *, landmark: str = "") -> list[AreaEntry]:
    return [
        AreaEntry(
            area="thighs",
            side="left",
            nm_grade=2,
            css_items=(*visit.items, 2),
            circumference_cm=Decimal(visit.cm),
            landmark=landmark,
            gais=visit.gais,
        ),
        AreaEntry(
            area="thighs", side="right", nm_grade=2, css_items=(*RIGHT_ITEMS, 2), gais=visit.gais
        ),
    ]


def _photograph(actor: Actor, assessment: Assessment, rng: random.Random) -> None:
    for pose in POSES:
        label = f"{pose.label}, {assessment.assessed_on.isoformat()}"
        photo_add(actor=actor, assessment=assessment, pose=pose, upload=demo_photo(label, rng))


def _ready_patient(story: Story, clinic: Clinic, actor: Actor, today: date) -> Patient:
    index = STORIES.index(story)
    patient = patient_create(
        actor=actor,
        clinic_id=clinic.id,
        given_name=story.given_name,
        family_name=story.family_name,
        date_of_birth=today - timedelta(days=(30 + index * 3) * 365),
        sex=Sex.FEMALE,
        phone=f"+447700800{index:03d}",
        email=f"outcome{index + 1}@example.org",
        may_contact=True,
    )
    questions = [i.key for i in clinic_protocol(clinic).screening_items if i.key != "under_18"]
    screening_create(
        actor=actor,
        patient=patient,
        taken_on=today - timedelta(days=story.first_session_days_ago + 8),
        answers=dict.fromkeys(questions, False),
    )
    form = consent_template_current_or_default(actor=actor, clinic=clinic)
    consent_sign(
        actor=actor,
        patient=patient,
        template_version=form.version,
        patient_typed_name=f"{patient.given_name} {patient.family_name}",
        expected_sessions="10–15 (estimate)",
        cost="£60 per session",
        signature_kind="typed",
    )
    return patient


def _chart(actor: Actor, course: Course, day: date, rng: random.Random) -> Course:
    if not chart_demo_session(actor, course, day, rng):
        raise RuntimeError(f"Demo session of course {course.id} on {day} could not be charted.")
    course.refresh_from_db()
    return course


def _story(story: Story, today: date, rng: random.Random) -> Course:
    clinic = Clinic.objects.get(name=story.clinic)
    actor = Actor(user=User.objects.get(username=f"{clinic.name.lower()}.practitioner"), via="cli")
    patient = _ready_patient(story, clinic, actor, today)
    first = today - timedelta(days=story.first_session_days_ago)
    baseline = assessment_create(
        actor=actor,
        patient_id=patient.id,
        assessed_on=first - timedelta(days=3),
        kind="initial",
        areas=_entries(story.visits[0], landmark=LANDMARK),
        weight_kg=Decimal("68.0"),
        notes="Demo baseline of a course measured over time.",
    )
    _photograph(actor, baseline, rng)
    assessment_sign(actor=actor, assessment=baseline)
    course = course_create(
        actor=actor,
        patient=patient,
        starts_on=first,
        cadence_days=7,
        expectation="modest",
        lifestyle=False,
        sessions=story.sessions_planned,
        reason=SESSIONS_REASON,
        assessment_id=baseline.id,
    )
    course = course_start(actor=actor, course=course)
    every = clinic_protocol(clinic).outcomes.reassess_every_sessions
    visits = iter(story.visits[1:])
    for number in range(1, story.sessions_done + 1):
        day = first + timedelta(days=7 * (number - 1))
        course = _chart(actor, course, day, rng)
        if number % every == 0 or number == story.sessions_planned:
            visit = next(visits)
            taken = reassessment_create(
                actor=actor,
                course_id=course.id,
                assessed_on=day,
                areas=_entries(visit),
                patient_satisfaction=visit.satisfaction,
                patient_gais=visit.patient_gais,
                weight_kg=Decimal("67.5"),
                notes="Demo reassessment.",
            )
            _photograph(actor, taken, rng)
            assessment_sign(actor=actor, assessment=taken)
    return course


def create_reassessed_courses(today: date, seed: int = 5) -> list[Course]:
    """The courses above, each with its patient, baseline, sessions and reassessments."""
    rng = random.Random(seed)
    return [_story(story, today, rng) for story in STORIES]
