# ruff: noqa: F811 - the fixtures imported below are redefined as test arguments
"""Positive identification on the forms that record something about one patient before
any session is charted: the first assessment, the screening, the consent, the course plan
and the adverse-event report each open with the identity banner naming her by name and
birth date with her age."""

import pytest

from tests.adverse_events.conftest import bruise  # noqa: F401
from tests.assessments.conftest import _media_in_tmp, assessment, signed  # noqa: F401
from tests.patients.test_identity_banner import assert_identifies
from tests.screening.conftest import clear_screening  # noqa: F401

pytestmark = pytest.mark.django_db


def test_the_first_assessment_form_names_the_patient_and_her_birth_date(logged_in, patient):
    assert_identifies(logged_in.get(f"/patients/{patient.id}/assessments/new/"), patient)


def test_the_assessment_draft_form_names_the_patient_and_her_birth_date(
    logged_in, patient, assessment
):
    assert_identifies(logged_in.get(f"/assessments/{assessment.id}/edit/"), patient)


def test_the_signed_assessments_amendment_form_names_the_patient_and_her_birth_date(
    logged_in, patient, signed
):
    assert_identifies(logged_in.get(f"/assessments/{signed.id}/amend/"), patient)


def test_the_screening_form_names_the_patient_and_her_birth_date(logged_in, patient):
    assert_identifies(logged_in.get(f"/patients/{patient.id}/screening/new/"), patient)


def test_the_screening_amendment_form_names_the_patient_and_her_birth_date(
    logged_in, patient, clear_screening
):
    assert_identifies(logged_in.get(f"/screening/{clear_screening.id}/amend/"), patient)


def test_the_consent_form_names_the_patient_and_her_birth_date(logged_in, patient):
    assert_identifies(logged_in.get(f"/patients/{patient.id}/consent/sign/"), patient)


def test_the_new_course_form_names_the_patient_and_her_birth_date(logged_in, patient):
    assert_identifies(logged_in.get(f"/patients/{patient.id}/courses/new/"), patient)


def test_the_adverse_event_report_names_the_patient_and_her_birth_date(logged_in, patient):
    assert_identifies(logged_in.get(f"/patients/{patient.id}/adverse-events/new/"), patient)


def test_the_adverse_event_amendment_form_names_the_patient_and_her_birth_date(
    logged_in, patient, bruise
):
    assert_identifies(logged_in.get(f"/adverse-events/{bruise.id}/amend/"), patient)
