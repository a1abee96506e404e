"""About 60 fictional patients spread over the demo clinics."""

import random
from datetime import date, timedelta

from django.contrib.auth.models import User

from mesoclinic.audit.actor import Actor
from mesoclinic.clinics.models import Clinic
from mesoclinic.patients.models import Patient, Sex
from mesoclinic.patients.services import patient_create

GIVEN = [
    "Amelia",
    "Olivia",
    "Isla",
    "Ava",
    "Mia",
    "Grace",
    "Sofia",
    "Lily",
    "Emily",
    "Freya",
    "Chloe",
    "Ella",
    "Zara",
    "Maya",
    "Nora",
    "Leah",
    "Ruby",
    "Alice",
    "Hannah",
    "Layla",
]
FAMILY = [
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Wilson",
    "Johnson",
    "Davies",
    "Patel",
    "Robinson",
    "Wright",
    "Thompson",
    "Evans",
    "Walker",
    "White",
    "Roberts",
    "Green",
    "Hall",
    "Wood",
    "Khan",
    "Lewis",
    "Clarke",
    "Jackson",
    "Hughes",
]
LANGUAGES = ["en", "en", "en", "pl", "pt", "es"]


def create_patients(
    clinics: dict[str, Clinic], today: date, rng: random.Random, count: int = 60
) -> list[Patient]:
    patients = []
    names = list(clinics.values())
    for index in range(count):
        clinic = names[index % len(names)]
        author = User.objects.get(username=f"{clinic.name.lower()}.frontdesk")
        # Mostly adults of 20 to 60; two are under 18 so screening shows its stop.
        age_days = (
            rng.randint(16 * 365, 17 * 365) if index in (7, 8) else rng.randint(20 * 365, 60 * 365)
        )
        phone = f"+4477009{rng.randint(0, 99999):05d}"  # E.164, as the app stores it
        # Names are drawn at random, so two demo patients may share one: they are
        # different people, as at a real clinic.
        patient = patient_create(
            actor=Actor(user=author, via="cli"),
            clinic_id=clinic.id,
            different_person=True,
            given_name=rng.choice(GIVEN),
            family_name=rng.choice(FAMILY),
            date_of_birth=today - timedelta(days=age_days),
            sex=Sex.FEMALE if rng.random() < 0.95 else Sex.MALE,
            phone=phone,
            email=f"patient{index + 1}@example.org",
            preferred_language=rng.choice(LANGUAGES),
            may_contact=rng.random() < 0.8,
        )
        patients.append(patient)
    return patients
