"""May a course start? Each reason it may not, in words staff can act on."""

from dataclasses import replace
from datetime import timedelta

import pytest
from django.http import Http404

from mesoclinic.audit.models import Action, AuditEvent
from mesoclinic.consent.models import ConsentTemplate
from mesoclinic.consent.services import consent_template_create
from mesoclinic.screening import services as screening_services
from mesoclinic.screening.readiness import course_start_blockers
from mesoclinic.screening.services import screening_mark_entered_in_error
from tests.conftest import actor
from tests.screening.conftest import screen, sign_consent


def blockers(user, patient, today):
    return course_start_blockers(actor(user), patient, today)


def test_a_clear_screening_and_a_signed_consent_let_a_course_start(
    clear_screening, consented, practitioner, patient, today
):
    assert blockers(practitioner, patient, today) == []


def test_without_a_screening_or_a_consent_both_are_asked_for(practitioner, patient, today):
    assert blockers(practitioner, patient, today) == [
        "No screening on record: take a screening before the course.",
        "No signed consent: the patient signs the clinic's consent form before a course.",
    ]


def test_a_stop_blocks_and_is_named(stopped, consented, practitioner, patient, today):
    assert blockers(practitioner, patient, today) == [
        "Screening stop: Pregnant. A course cannot start."
    ]


def test_an_unsigned_caution_blocks_and_is_named(
    cautioned, consented, practitioner, patient, today
):
    assert blockers(practitioner, patient, today) == [
        "Screening caution not signed off: Diabetes. A practitioner must sign it off with a reason."
    ]


def test_a_signed_off_caution_does_not_block(signed_off, consented, practitioner, patient, today):
    assert blockers(practitioner, patient, today) == []


def test_a_day_before_the_first_screening_has_none_to_go_by(
    consented, practitioner, patient, today
):
    # A session charted after the day is judged by the screening in force that day.
    screen(patient, practitioner, taken_on=today)
    earlier = today - timedelta(days=3)

    assert blockers(practitioner, patient, earlier) == [
        f"The first screening on record ({today.isoformat()}) is after {earlier.isoformat()}: "
        "nothing can be charted on a day before it."
    ]


def test_a_day_in_the_past_goes_by_the_screening_taken_before_it_not_a_later_one(
    consented, practitioner, patient, today
):
    screen(patient, practitioner, taken_on=today - timedelta(days=10))
    screen(patient, practitioner, "pregnancy", taken_on=today)

    assert blockers(practitioner, patient, today - timedelta(days=5)) == []
    assert blockers(practitioner, patient, today) == [
        "Screening stop: Pregnant. A course cannot start."
    ]


def test_a_screening_older_than_the_protocol_allows_asks_for_a_fresh_one(
    consented, practitioner, patient, today
):
    taken = today - timedelta(days=91)
    screen(patient, practitioner, taken_on=taken)

    assert blockers(practitioner, patient, today) == [
        f"The latest screening ({taken.isoformat()}) is older than 90 days: take a fresh screening."
    ]
    assert blockers(practitioner, patient, today - timedelta(days=1)) == []


def test_the_latest_screening_counts_not_an_earlier_one(consented, practitioner, patient, today):
    screen(patient, practitioner, "pregnancy", taken_on=today - timedelta(days=300))
    screen(patient, practitioner, taken_on=today - timedelta(days=2))

    assert blockers(practitioner, patient, today) == []


def test_a_screening_entered_in_error_is_passed_over(
    stopped, consented, practitioner, patient, today
):
    screening_mark_entered_in_error(actor=actor(practitioner), screening=stopped, reason="wrong")

    assert blockers(practitioner, patient, today) == [
        "No screening on record: take a screening before the course."
    ]


def test_a_screening_under_another_protocol_version_asks_for_a_fresh_one(
    consented, practitioner, patient, today, monkeypatch
):
    # Taken under version 0: a screening is never changed afterwards (on PostgreSQL a
    # trigger refuses it), so the old version is the one in force when it was taken.
    real = screening_services.clinic_protocol
    monkeypatch.setattr(
        screening_services, "clinic_protocol", lambda clinic: replace(real(clinic), version="0")
    )
    screen(patient, practitioner)
    monkeypatch.undo()

    (reason,) = blockers(practitioner, patient, today)
    assert "version 0" in reason
    assert reason.endswith("take a fresh screening.")


def test_consent_to_an_old_form_blocks_once_a_new_version_exists(
    clear_screening, consented, clinic_admin, practitioner, patient, today
):
    current = ConsentTemplate.objects.get(clinic=patient.clinic)
    consent_template_create(
        actor=actor(clinic_admin),
        clinic=patient.clinic,
        title=current.title,
        body=current.body + "\nAsk us about aftercare.",
    )

    assert blockers(practitioner, patient, today) == [
        "The signed consent is to version 1 of the consent form; the clinic now uses "
        "version 2: the patient signs the current version."
    ]
    sign_consent(patient, practitioner, template_version=2)
    assert blockers(practitioner, patient, today) == []


def test_every_reason_is_listed_together(cautioned, practitioner, patient, today):
    screen(patient, practitioner, "breastfeeding", "bleeding_disorder")

    reasons = blockers(practitioner, patient, today)

    assert len(reasons) == 3
    assert "Breastfeeding" in reasons[0]
    assert "Bleeding disorder" in reasons[1]
    assert "consent" in reasons[2]


def test_asking_writes_a_read_row_to_the_audit_trail(practitioner, patient, today):
    blockers(practitioner, patient, today)

    assert AuditEvent.objects.filter(
        action=Action.READ, target="course readiness", patient_id=patient.id
    ).exists()


@pytest.mark.parametrize("who", ["front_desk", "outsider", "chain_manager"])
def test_readiness_is_not_shown_to_those_without_clinical_access(patient, who, request, today):
    with pytest.raises(Http404):
        blockers(request.getfixturevalue(who), patient, today)
