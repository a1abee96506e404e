"""Demo screenings (most clear, some with stops or cautions) and signed consents."""

import random
from datetime import date, timedelta

from django.contrib.auth.models import User

from mesoclinic.audit.actor import Actor
from mesoclinic.consent.services import consent_sign, consent_template_current_or_default
from mesoclinic.patients.models import Patient
from mesoclinic.planning.protocol import clinic_protocol
from mesoclinic.screening.services import screening_caution_sign_off, screening_create

STOP_EXAMPLES = ("pregnancy", "breastfeeding", "site_infection_or_skin_disease")
CAUTION_EXAMPLES = ("anticoagulant_or_antiplatelet", "diabetes", "fitzpatrick_4_to_6")


def create_screenings_and_consents(
    patients: list[Patient], today: date, rng: random.Random
) -> tuple[int, int]:
    screened = consented = 0
    for index, patient in enumerate(patients):
        if index % 10 == 9:
            continue  # not screened yet
        practitioner = User.objects.get(username=f"{patient.clinic.name.lower()}.practitioner")
        actor = Actor(user=practitioner, via="cli")
        questions = [
            item.key
            for item in clinic_protocol(patient.clinic).screening_items
            if item.key != "under_18"
        ]  # answered from the date of birth
        answers = dict.fromkeys(questions, False)
        if index % 11 == 3:
            answers[rng.choice(STOP_EXAMPLES)] = True
        caution = rng.choice(CAUTION_EXAMPLES) if index % 5 == 2 else None
        if caution:
            answers[caution] = True
        screening = screening_create(
            actor=actor,
            patient=patient,
            # Before the demo assessments (7 to 60 days ago) and the courses that follow.
            taken_on=today - timedelta(days=rng.randint(61, 70)),
            answers=answers,
        )
        screened += 1
        if caution and index % 2 == 0:
            screening_caution_sign_off(
                actor=actor,
                screening=screening,
                item_key=caution,
                reason="Discussed with the patient; demo sign-off.",
            )
        if index % 4 != 1:
            form = consent_template_current_or_default(actor=actor, clinic=patient.clinic)
            consent_sign(
                actor=actor,
                patient=patient,
                template_version=form.version,
                patient_typed_name=f"{patient.given_name} {patient.family_name}",
                expected_sessions="10–15 (estimate)",
                cost="£60 per session",
                signature_kind="typed",
            )
            consented += 1
    return screened, consented
