"""Demo recalls: returning patients whose yearly preventive session was held about a year
ago, so the recall list has calls overdue and due soon. Everything goes through the real
services: a screening in force on the session day, consent, a signed grade-1 assessment, a
course, its one session charted on that day from a delivery received before it (which
completes the course and opens its recall), and a fresh screening for today's records.
The rest of the demo's completed courses ended weeks ago: their recalls fall due next year.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.models import User

from mesoclinic.assessments.services import assessment_create, assessment_sign
from mesoclinic.audit.actor import Actor
from mesoclinic.clinics.models import Clinic
from mesoclinic.consent.services import consent_sign, consent_template_current_or_default
from mesoclinic.courses.services import course_create, course_start
from mesoclinic.demo.charting import chart_demo_session
from mesoclinic.domain.assessment import AreaEntry
from mesoclinic.formulary.models import Product
from mesoclinic.formulary.services import lot_receive
from mesoclinic.patients.models import Patient, Sex
from mesoclinic.patients.services import patient_create
from mesoclinic.planning.protocol import clinic_protocol
from mesoclinic.recalls.models import Recall
from mesoclinic.screening.services import screening_create


@dataclass(frozen=True)
class Returning:
    given: str
    family: str
    # Days from the session a year ago to today, beyond the yearly interval: positive is
    # overdue by that many days, negative is due in that many.
    past_due: int
    may_contact: bool = True


RETURNING = {
    "Riverside": [
        Returning("Imogen", "Harlow", 21),
        Returning("Beatrice", "Quill", 6),
        Returning("Nadia", "Ferro", -4),
        Returning("Louisa", "Tarrant", -12, may_contact=False),
    ],
    "Hillcrest": [
        Returning("Rosalind", "Mercer", 9),
        Returning("Hazel", "Penrose", -20),
    ],
}


def _earlier_delivery(actor: Actor, clinic: Clinic, day: date, rng: random.Random) -> None:
    """Two products' lots received before `day` and in date on it: the stock the sessions
    of a year ago were charted from (long expired by now, as such stock is)."""
    products = Product.objects.filter(clinic=clinic, session_limit_ml__isnull=False).order_by(
        "name"
    )[:2]
    for product in products:
        lot_receive(
            actor=actor,
            product=product,
            lot_number=f"EARLY-{rng.randint(10000, 99999)}",
            expiry_date=day + timedelta(days=120),
            supplier="Demo supplier",
            quantity_units=10,
            received_on=day - timedelta(days=60),
            reference=f"DEMO-{rng.randint(1000, 9999)}",
        )


def _returning_patient(clinic: Clinic, who: Returning, index: int, today: date) -> Patient:
    desk = User.objects.get(username=f"{clinic.name.lower()}.frontdesk")
    return patient_create(
        actor=Actor(user=desk, via="cli"),
        clinic_id=clinic.id,
        given_name=who.given,
        family_name=who.family,
        date_of_birth=today - timedelta(days=(34 + index) * 365),
        sex=Sex.FEMALE,
        phone=f"07700 900{500 + index:03d}",
        email=f"{who.given.lower()}.{who.family.lower()}@example.org",
        may_contact=who.may_contact,
    )


def _no_answers(clinic: Clinic) -> dict[str, bool]:
    return {
        item.key: False
        for item in clinic_protocol(clinic).screening_items
        if item.key != "under_18"  # answered from the date of birth
    }


def _year_ago_course(
    actor: Actor, patient: Patient, held_on: date, today: date, rng: random.Random
) -> bool:
    """The preventive course of a year ago, its one session charted on `held_on`."""
    screening_create(
        actor=actor,
        patient=patient,
        taken_on=held_on - timedelta(days=2),
        answers=_no_answers(patient.clinic),
    )
    form = consent_template_current_or_default(actor=actor, clinic=patient.clinic)
    consent_sign(
        actor=actor,
        patient=patient,
        template_version=form.version,
        patient_typed_name=f"{patient.given_name} {patient.family_name}",
        expected_sessions="1 preventive session (estimate)",
        cost="£60 per session",
        signature_kind="typed",
    )
    assessment = assessment_create(
        actor=actor,
        patient_id=patient.id,
        assessed_on=held_on - timedelta(days=2),
        kind="initial",
        areas=[
            AreaEntry(area="thighs", side="left", nm_grade=1, css_items=(None,) * 5),
            AreaEntry(area="thighs", side="right", nm_grade=1, css_items=(None,) * 5),
        ],
    )
    assessment_sign(actor=actor, assessment=assessment)
    # Today's screening: a course is planned and started only on one in force today.
    screening_create(
        actor=actor,
        patient=patient,
        taken_on=today,
        answers=_no_answers(patient.clinic),
    )
    course = course_create(
        actor=actor,
        patient=patient,
        starts_on=held_on,
        cadence_days=clinic_protocol(patient.clinic).cadences["weekly"],
        expectation="modest",
        lifestyle=False,
        assessment_id=assessment.id,
    )
    course = course_start(actor=actor, course=course)
    return chart_demo_session(actor, course, held_on, rng)


def create_recalls(clinics: dict[str, Clinic], today: date, rng: random.Random) -> int:
    """The returning patients of each clinic; how many recalls the demo holds in all."""
    for name, people in RETURNING.items():
        clinic = clinics[name]
        practitioner = User.objects.get(username=f"{name.lower()}.practitioner")
        actor = Actor(user=practitioner, via="cli")
        interval = clinic_protocol(clinic).grades[1].maintenance_interval_days or 365
        earliest = today - timedelta(days=interval + max(p.past_due for p in people))
        _earlier_delivery(actor, clinic, earliest, rng)
        for index, who in enumerate(people):
            patient = _returning_patient(clinic, who, index, today)
            held_on = today - timedelta(days=interval + who.past_due)
            _year_ago_course(actor, patient, held_on, today, rng)
    return Recall.objects.count()
