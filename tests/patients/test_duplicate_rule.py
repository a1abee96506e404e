"""The look-alike check lives in `patient_create`, so every path meets it: the service
refuses a patient who looks like one the clinic has until the caller confirms she is a
different person, audits the look-alikes it showed, and never counts another clinic's."""

from datetime import date

import pytest

from mesoclinic.audit.models import Action, AuditEvent
from mesoclinic.clinics.models import Membership, Role
from mesoclinic.patients.duplicates import PossibleDuplicates
from mesoclinic.patients.models import Patient
from mesoclinic.patients.services import patient_create
from tests.conftest import actor

ADA = {"given_name": "Ada", "family_name": "Lovelace", "date_of_birth": date(1985, 12, 10)}


def duplicate_checks():
    return AuditEvent.objects.filter(action=Action.READ, target="patient duplicate check")


def test_a_look_alike_is_refused_by_the_service_naming_the_patient_she_resembles(
    practitioner, patient
):
    with pytest.raises(PossibleDuplicates) as refused:
        patient_create(actor=actor(practitioner), clinic_id=patient.clinic_id, **ADA)

    assert refused.value.candidates == [patient]
    assert refused.value.field == "different_person"
    assert "confirm this is a different person" in refused.value.message
    assert Patient.objects.count() == 1


def test_the_refusal_keeps_the_audit_row_of_the_look_alikes_shown_and_adds_nothing(
    practitioner, patient
):
    with pytest.raises(PossibleDuplicates):
        patient_create(actor=actor(practitioner), clinic_id=patient.clinic_id, **ADA)

    assert duplicate_checks().filter(clinic_id=patient.clinic_id).count() == 1
    assert not AuditEvent.objects.filter(action=Action.CREATE).exists()


def test_a_look_alike_confirmed_as_a_different_person_is_added_with_both_audit_rows(
    practitioner, patient
):
    added = patient_create(
        actor=actor(practitioner), clinic_id=patient.clinic_id, different_person=True, **ADA
    )

    assert added.pk != patient.pk
    assert duplicate_checks().count() == 1
    assert AuditEvent.objects.filter(action=Action.CREATE, patient_id=added.id).exists()


def test_a_patient_who_resembles_nobody_is_added_without_a_duplicate_check_row(
    practitioner, patient
):
    patient_create(
        actor=actor(practitioner),
        clinic_id=patient.clinic_id,
        given_name="Mary",
        family_name="Somerville",
        date_of_birth=date(1980, 12, 26),
    )

    assert Patient.objects.count() == 2
    assert not duplicate_checks().exists()


def test_the_same_phone_typed_nationally_is_a_look_alike(practitioner, patient):
    with pytest.raises(PossibleDuplicates) as refused:
        patient_create(
            actor=actor(practitioner),
            clinic_id=patient.clinic_id,
            given_name="Mary",
            family_name="Somerville",
            date_of_birth=date(1980, 12, 26),
            phone="07700 900123",
        )

    assert refused.value.candidates == [patient]


def test_another_clinics_patient_is_never_a_look_alike_even_for_staff_of_both(
    practitioner, patient, hillcrest
):
    # The practitioner works at both clinics, so she may see Ada at Riverside; a new Ada
    # at Hillcrest is still no look-alike of her.
    Membership.objects.create(user=practitioner, clinic=hillcrest, role=Role.PRACTITIONER)

    added = patient_create(actor=actor(practitioner), clinic_id=hillcrest.id, **ADA)

    assert added.clinic == hillcrest
    assert not duplicate_checks().exists()
