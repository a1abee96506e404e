"""`mesoclinic synth`: a small run, seconds long, checked for determinism and the rules."""

from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from mesoclinic.appointments.models import Appointment
from mesoclinic.assessments.models import Assessment
from mesoclinic.charting.models import TreatmentSession
from mesoclinic.courses.models import Course, CourseState
from mesoclinic.formulary.models import StockMovement
from mesoclinic.patients.models import Patient
from mesoclinic.recalls.models import Recall
from mesoclinic.synth.checks import problems
from mesoclinic.synth.generate import Sizes, synthesise

SMALL = Sizes(clinics=2, patients=24, years=1.2, seed=5, today=date(2026, 6, 10))


def _snapshot() -> dict[str, object]:
    """What the run wrote, by value rather than by id (ids differ between runs)."""
    return {
        "patients": list(
            Patient.objects.order_by("id").values_list(
                "given_name", "family_name", "date_of_birth", "phone"
            )[:5]
        ),
        "appointments": list(
            Appointment.objects.order_by("starts_at", "id").values_list(
                "starts_at", "practitioner__username", "room__name", "status", "number"
            )[:20]
        ),
        "charts": list(
            TreatmentSession.objects.order_by("performed_on", "id").values_list(
                "performed_on", "number", "technique", "applications__volume_ml"
            )[:20]
        ),
        "counts": [
            model.objects.count()
            for model in (Patient, Course, Appointment, TreatmentSession, StockMovement, Recall)
        ],
    }


def _run_and_roll_back(sizes: Sizes) -> dict[str, object]:
    with transaction.atomic():
        synthesise(sizes)
        snapshot = _snapshot()
        transaction.set_rollback(True)
    return snapshot


@pytest.mark.django_db
def test_the_same_seed_writes_the_same_rows_and_another_seed_other_rows():
    first = _run_and_roll_back(SMALL)
    again = _run_and_roll_back(SMALL)
    other = _run_and_roll_back(Sizes(**{**SMALL.__dict__, "seed": 6}))
    assert first == again
    assert first["patients"] != other["patients"]


@pytest.mark.django_db
def test_a_small_chain_keeps_stock_bookings_and_consent_rules_and_has_every_kind_of_row():
    counts = synthesise(SMALL)
    assert problems() == []
    states = set(Course.objects.values_list("state", flat=True))
    assert {CourseState.COMPLETED, CourseState.ACTIVE} <= states
    for name in ("TreatmentSession", "Appointment", "Recall", "AuditEvent", "Lot"):
        assert counts[name] > 0, name
    assert Patient.objects.filter(phone__startswith="+447700900").count() == Patient.objects.count()
    completed = Course.objects.filter(state=CourseState.COMPLETED)
    reassessed = Assessment.objects.filter(
        kind="follow_up", course__in=completed, signed_at__isnull=False
    )
    assert reassessed.count() == completed.count()


@pytest.mark.django_db
def test_the_command_refuses_a_database_that_holds_the_same_seed_and_writes_nothing():
    call_command(
        "synth", "--clinics=1", "--patients=3", "--seed=9", "--quiet", "--today=2026-06-10"
    )
    before = Patient.objects.count()
    with pytest.raises(CommandError, match="already holds synthetic data of seed 9"):
        call_command(
            "synth", "--clinics=1", "--patients=3", "--seed=9", "--quiet", "--today=2026-06-10"
        )
    assert Patient.objects.count() == before
