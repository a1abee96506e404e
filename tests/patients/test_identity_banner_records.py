# ruff: noqa: F811 - the fixtures imported below are redefined as test arguments
"""Positive identification on the records read back before treatment: an assessment, a
screening, a signed consent and an adverse event each open with the identity banner
naming the patient by name and birth date with her age."""

import pytest

from tests.adverse_events.conftest import bruise  # noqa: F401
from tests.assessments.conftest import _media_in_tmp, assessment  # noqa: F401
from tests.consent.conftest import consented  # noqa: F401
from tests.patients.test_identity_banner import assert_identifies
from tests.screening.conftest import clear_screening  # noqa: F401

pytestmark = pytest.mark.django_db


def test_the_assessment_names_the_patient_and_her_birth_date(logged_in, patient, assessment):
    assert_identifies(logged_in.get(f"/assessments/{assessment.id}/"), patient)


def test_the_screening_names_the_patient_and_her_birth_date(logged_in, patient, clear_screening):
    assert_identifies(logged_in.get(f"/screening/{clear_screening.id}/"), patient)


def test_the_signed_consent_names_the_patient_and_her_birth_date(logged_in, patient, consented):
    assert_identifies(logged_in.get(f"/consent/{consented.id}/"), patient)


def test_the_adverse_event_names_the_patient_and_her_birth_date(logged_in, patient, bruise):
    assert_identifies(logged_in.get(f"/adverse-events/{bruise.id}/"), patient)
