"""The look-alike check also runs in `patient_update`: a record edited (name, birth date or
phone) to look like another patient of the clinic is refused until the caller confirms she
is a different person. She never resembles herself, an edit of other fields is not checked,
and another clinic's patients never count."""

from datetime import date

import pytest

from mesoclinic.audit.models import Action, AuditEvent
from mesoclinic.clinics.models import Membership, Role
from mesoclinic.patients.duplicates import PossibleDuplicates
from mesoclinic.patients.services import patient_update
from tests.conftest import actor


def duplicate_checks():
    return AuditEvent.objects.filter(action=Action.READ, target="patient duplicate check")


def test_a_record_edited_to_another_patients_name_is_refused_naming_her(
    practitioner, patient, mary
):
    with pytest.raises(PossibleDuplicates) as refused:
        patient_update(
            actor=actor(practitioner), patient=mary, given_name="Ada", family_name="Lovelace"
        )

    assert refused.value.candidates == [patient]
    assert refused.value.field == "different_person"
    mary.refresh_from_db()
    assert (mary.given_name, mary.family_name) == ("Mary", "Somerville")


def test_the_record_refused_keeps_the_values_it_had_in_memory_too(practitioner, patient, mary):
    with pytest.raises(PossibleDuplicates):
        patient_update(actor=actor(practitioner), patient=mary, phone="07700 900123")

    assert (mary.phone, mary.phone_digits) == ("+442079460000", "442079460000")


def test_a_record_edited_to_another_patients_phone_typed_nationally_is_refused(
    practitioner, patient, mary
):
    with pytest.raises(PossibleDuplicates) as refused:
        patient_update(actor=actor(practitioner), patient=mary, phone="07700 900123")

    assert refused.value.candidates == [patient]
    mary.refresh_from_db()
    assert mary.phone == "+442079460000"


def test_a_birth_date_corrected_to_another_patients_with_her_family_name_is_refused(
    practitioner, patient, mary
):
    patient_update(actor=actor(practitioner), patient=mary, family_name="Lovelace")

    with pytest.raises(PossibleDuplicates) as refused:
        patient_update(actor=actor(practitioner), patient=mary, date_of_birth=date(1985, 12, 10))

    assert refused.value.candidates == [patient]


def test_the_refusal_keeps_the_audit_row_of_the_check_and_writes_no_update(
    practitioner, patient, mary
):
    with pytest.raises(PossibleDuplicates):
        patient_update(
            actor=actor(practitioner), patient=mary, given_name="Ada", family_name="Lovelace"
        )

    check = duplicate_checks().get()
    assert (check.clinic_id, check.patient_id) == (mary.clinic_id, mary.id)
    assert not AuditEvent.objects.filter(action=Action.UPDATE).exists()


def test_an_edit_confirmed_as_a_different_person_is_saved_with_both_audit_rows(
    practitioner, patient, mary
):
    patient_update(
        actor=actor(practitioner),
        patient=mary,
        given_name="Ada",
        family_name="Lovelace",
        different_person=True,
    )

    mary.refresh_from_db()
    assert (mary.given_name, mary.family_name) == ("Ada", "Lovelace")
    assert duplicate_checks().filter(patient_id=mary.id).count() == 1
    assert AuditEvent.objects.filter(action=Action.UPDATE, patient_id=mary.id).exists()


def test_a_patient_never_resembles_herself(practitioner, patient):
    patient_update(actor=actor(practitioner), patient=patient, phone="020 7946 0999")
    patient_update(actor=actor(practitioner), patient=patient, date_of_birth=date(1985, 12, 11))

    patient.refresh_from_db()
    assert (patient.phone, patient.date_of_birth) == ("+442079460999", date(1985, 12, 11))
    assert not duplicate_checks().exists()


def test_an_edit_of_other_fields_is_not_checked_against_a_known_namesake(
    practitioner, patient, mary
):
    # Two women of one name, confirmed different when the second was added: changing her
    # email or reminders asks nothing again.
    patient_update(
        actor=actor(practitioner),
        patient=mary,
        given_name="Ada",
        family_name="Lovelace",
        different_person=True,
    )

    patient_update(
        actor=actor(practitioner), patient=mary, email="ada.l@example.org", may_contact=True
    )

    mary.refresh_from_db()
    assert mary.email == "ada.l@example.org"
    assert duplicate_checks().count() == 1


def test_another_clinics_patient_never_counts_even_for_staff_of_both(
    practitioner, patient, hillcrest_patient, hillcrest
):
    # She may see Ada at Riverside; Grace at Hillcrest edited into an Ada is no look-alike.
    Membership.objects.create(user=practitioner, clinic=hillcrest, role=Role.PRACTITIONER)

    patient_update(
        actor=actor(practitioner),
        patient=hillcrest_patient,
        given_name="Ada",
        family_name="Lovelace",
        date_of_birth=date(1985, 12, 10),
        phone="+44 7700 900123",
    )

    hillcrest_patient.refresh_from_db()
    assert hillcrest_patient.family_name == "Lovelace"
    assert not duplicate_checks().exists()
