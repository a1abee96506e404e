"""Patients who look like one being entered, and the refusal that names them.

The check runs inside `patient_create`, so the page, the API and the commands all meet it:
a second record for the same woman splits her history, and a chart written on the wrong
one of the two is the wrong patient charted.
"""

import re

from django.db.models import Q

from mesoclinic.access import Capability, access_patients
from mesoclinic.audit.actor import Actor
from mesoclinic.domain.errors import DomainError
from mesoclinic.patients.models import Patient, RecordStatus

# How many look-alikes are named at most: enough to recognise her, few enough to read.
SHOWN = 5


def phone_digits(phone: str) -> str:
    return re.sub(r"\D", "", phone)


class PossibleDuplicates(DomainError):
    """The new patient looks like `candidates`; the caller confirms it is a different person
    (`different_person`) to add her anyway. The message names no patient (messages may reach
    a log): the candidates travel beside it, for the staff who asked."""

    def __init__(self, candidates: list[Patient]) -> None:
        self.candidates = candidates
        count = len(candidates)
        who = "a patient" if count == 1 else f"{count} patients"
        super().__init__(
            "different_person",
            f"This may be a patient you already have: {who} at this clinic with the same name, "
            "the same birth date and name, or the same phone. Open the existing record, or "
            "confirm this is a different person.",
        )


def possible_duplicates(actor: Actor, patient: Patient) -> list[Patient]:
    """Active patients of `patient`'s clinic, among those the actor may see, who look like
    her: the same given and family name (whatever the birth date: one of the two may be
    mistyped), the same birth date and family or given name, or the same phone number.
    `patient` has been through `patient_check`, so her phone is already in E.164."""
    given, family = " ".join(patient.given_name.split()), " ".join(patient.family_name.split())
    alike = Q(given_name__iexact=given, family_name__iexact=family)
    if patient.date_of_birth is not None:
        alike |= Q(date_of_birth=patient.date_of_birth) & (
            Q(family_name__iexact=family) | Q(given_name__iexact=given)
        )
    if patient.phone:
        alike |= Q(phone_digits=phone_digits(patient.phone))
    found = (
        access_patients(actor, Capability.DEMOGRAPHICS)
        .filter(alike, clinic_id=patient.clinic_id, status=RecordStatus.ACTIVE)
        .select_related("clinic")
    )
    if patient.pk is not None:
        found = found.exclude(pk=patient.pk)
    return list(found[:SHOWN])
