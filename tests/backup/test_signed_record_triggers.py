"""On PostgreSQL the database refuses to change or delete a signed record by SQL sent
outside the app's services, as it refuses to rewrite the audit trail. These tests need
PostgreSQL and skip on SQLite; the PostgreSQL run of `make test` runs them."""

from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction

from mesoclinic.assessments.models import Assessment
from mesoclinic.assessments.services import assessment_amend, assessment_create
from mesoclinic.audit.actor import Actor
from mesoclinic.charting.models import TreatmentSession
from mesoclinic.charting.services import session_amend
from mesoclinic.consent.models import SignedConsent
from mesoclinic.consent.services import consent_mark_entered_in_error
from mesoclinic.patients.models import RecordStatus
from mesoclinic.screening.models import Screening
from tests.assessments.conftest import ASSESSED_ON, assessment, thighs  # noqa: F401
from tests.backup.instances import ON_POSTGRESQL
from tests.charting.conftest import (  # noqa: F401
    active,
    assess,
    caffeine,
    caffeine_lot,
    course,
    grade_two,
    plan,
    ready,
    silicon,
    silicon_lot,
    today,
    wrong_chart,
)
from tests.screening.conftest import screen, sign_consent

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not ON_POSTGRESQL, reason="PostgreSQL triggers: these run in the PostgreSQL run"
    ),
]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def refused(sql: str, *params: object) -> str:
    """Runs SQL as a tool outside the app would; returns the database's refusal."""
    with pytest.raises(DatabaseError) as refusal, transaction.atomic(), connection.cursor() as c:
        c.execute(sql, params)
    return str(refusal.value)


def actor(user) -> Actor:
    return Actor(user=user, via="web")


def test_postgresql_refuses_an_update_of_a_signed_chart_made_outside_the_app(wrong_chart):  # noqa: F811
    notes = "UPDATE charting_treatmentsession SET notes = 'rewritten' WHERE id = %s"
    day = "UPDATE charting_treatmentsession SET performed_on = performed_on - 1 WHERE id = %s"

    assert "corrected only together with its amendment" in refused(notes, wrong_chart.id)
    assert "A signed chart cannot be changed" in refused(day, wrong_chart.id)
    assert "A signed chart cannot be deleted" in refused(
        "DELETE FROM charting_treatmentsession WHERE id = %s", wrong_chart.id
    )
    assert "(chart's product) is part of a signed record" in refused(
        "UPDATE charting_productapplication SET volume_ml = 0.01 WHERE session_id = %s",
        wrong_chart.id,
    )
    assert "(chart's area) is part of a signed record" in refused(
        "DELETE FROM charting_sessionarea WHERE session_id = %s", wrong_chart.id
    )
    assert TreatmentSession.objects.get(pk=wrong_chart.pk).notes == wrong_chart.notes


def test_a_signed_chart_is_still_amended_and_marked_entered_in_error_by_the_app(
    wrong_chart,  # noqa: F811
    practitioner,
    logged_in,
):
    session_amend(
        actor=actor(practitioner), session=wrong_chart, reason="Typo", notes="Corrected notes"
    )
    back_to_active = (
        "UPDATE charting_treatmentsession SET status = 'active', status_reason = '' WHERE id = %s"
    )
    logged_in.post(f"/sessions/{wrong_chart.id}/entered-in-error/", {"reason": "Wrong patient"})

    chart = TreatmentSession.objects.get(pk=wrong_chart.pk)
    assert "(chart's amendment) is part of a signed record" in refused(
        "DELETE FROM charting_sessionamendment WHERE record_id = %s", chart.id
    )
    assert (chart.notes, chart.status) == ("Corrected notes", RecordStatus.ENTERED_IN_ERROR)
    assert "only be marked entered in error, once" in refused(back_to_active, chart.id)


def test_postgresql_refuses_an_update_or_delete_of_a_signed_consent(patient, practitioner):
    consent = sign_consent(patient, practitioner)

    assert "A signed consent cannot be changed" in refused(
        "UPDATE consent_signedconsent SET cost = '£1' WHERE id = %s", consent.id
    )
    assert "A signed consent cannot be deleted" in refused(
        "DELETE FROM consent_signedconsent WHERE id = %s", consent.id
    )
    consent_mark_entered_in_error(actor=actor(practitioner), consent=consent, reason="Mistake")
    assert SignedConsent.objects.get(pk=consent.pk).status == RecordStatus.ENTERED_IN_ERROR


def test_postgresql_refuses_an_update_or_delete_of_a_signed_assessment_but_not_of_a_draft(
    assessment,  # noqa: F811
    practitioner,
    patient,
):
    from mesoclinic.assessments.services import assessment_sign

    draft = assessment_create(
        actor=actor(practitioner),
        patient_id=patient.id,
        assessed_on=ASSESSED_ON,
        kind="initial",
        areas=thighs(),
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE assessments_assessment SET notes = 'draft' WHERE id = %s", [draft.id]
        )
    assert Assessment.objects.get(pk=draft.pk).notes == "draft"
    signed_one = assessment_sign(actor=actor(practitioner), assessment=assessment)

    assert "corrected only together with its amendment" in refused(
        "UPDATE assessments_assessment SET weight_kg = 99 WHERE id = %s", signed_one.id
    )
    assert "A signed assessment cannot be changed" in refused(
        "UPDATE assessments_assessment SET signed_at = NULL WHERE id = %s", signed_one.id
    )
    assert "A signed assessment cannot be deleted" in refused(
        "DELETE FROM assessments_assessment WHERE id = %s", signed_one.id
    )
    assessment_amend(
        actor=actor(practitioner),
        assessment=signed_one,
        reason="Misread",
        weight_kg=Decimal("67.5"),
    )
    assert Assessment.objects.get(pk=signed_one.pk).weight_kg == Decimal("67.5")


def test_postgresql_refuses_an_update_or_delete_of_a_screening_and_its_answers(
    patient, practitioner
):
    screening = screen(patient, practitioner)

    assert "A signed screening cannot be changed" in refused(
        "UPDATE screening_screening SET age_years = 18 WHERE id = %s", screening.id
    )
    assert "A signed screening cannot be deleted" in refused(
        "DELETE FROM screening_screening WHERE id = %s", screening.id
    )
    assert "(screening answer) is part of a signed record" in refused(
        "UPDATE screening_screeninganswer SET answer = NOT answer WHERE screening_id = %s",
        screening.id,
    )
    assert Screening.objects.get(pk=screening.pk).age_years == screening.age_years
