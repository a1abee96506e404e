"""Adverse events for the tests, recorded through the services as the app records them, and
charted sessions for them to follow (the charting fixtures, charted by `session_chart`)."""

from datetime import timedelta
from decimal import Decimal

import pytest

from mesoclinic.adverse_events.services import adverse_event_create
from mesoclinic.audit.models import AuditEvent
from mesoclinic.charting.recheck import RECHECK_KEYS
from mesoclinic.charting.services import Application, ChartEntry, session_chart
from mesoclinic.clinics.clock import clinic_today
from mesoclinic.courses.models import Course
from mesoclinic.domain.charting import AreaTreated
from mesoclinic.patients.models import Patient
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
)
from tests.conftest import actor

XSS = "<img src=x onerror=alert(1)>"
ESCAPED = b"&lt;img src=x onerror=alert(1)&gt;"


def record(patient: Patient, user, days_ago: int = 0, **values):
    """An event of `days_ago` days before the clinic's today: a mild left-thigh bruise
    unless told otherwise."""
    values = {"event_type": "bruising", "severity": "mild", **values}
    if "area" not in values:
        values = {"area": "thighs", "side": "left", **values}
    return adverse_event_create(
        actor=actor(user),
        patient=patient,
        onset_on=clinic_today(patient.clinic) - timedelta(days=days_ago),
        **values,
    )


def chart(active_course: Course, user, lots, days_ago: int = 0):
    """A signed chart of the course's next session, `days_ago` days before the clinic's
    today, at both thighs, using 1 mL of each lot."""
    return session_chart(
        actor=actor(user),
        course=active_course,
        entry=ChartEntry(
            performed_on=clinic_today(active_course.clinic) - timedelta(days=days_ago),
            areas=[AreaTreated("thighs", "left"), AreaTreated("thighs", "right")],
            applications=[Application(lot.id, Decimal("1")) for lot in lots],
            technique="nappage",
            depth_mm=Decimal("3"),
            needle_gauge=30,
            needle_length_mm=Decimal("4"),
            duration_minutes=60,
            recheck=dict.fromkeys(RECHECK_KEYS, False),
        ),
    )


def audit_count(**lookup) -> int:
    return AuditEvent.objects.filter(**lookup).count()


@pytest.fixture
def bruise(patient, practitioner):
    """Onset two days ago: within its 7–10 days."""
    return record(patient, practitioner, days_ago=2)


@pytest.fixture
def old_bruise(patient, practitioner):
    """Onset eleven days ago: one day past its 7–10 days."""
    return record(patient, practitioner, days_ago=11)


@pytest.fixture
def serious(patient, practitioner):
    return record(
        patient,
        practitioner,
        days_ago=1,
        event_type="allergic_reaction",
        severity="moderate",
        area="",
        side="",
        description="Wheals on both thighs",
    )


@pytest.fixture
def hillcrest_event(hillcrest_patient, outsider):
    return record(hillcrest_patient, outsider, days_ago=20, event_type="necrosis", area="", side="")


@pytest.fixture
def session(active, practitioner, caffeine_lot, silicon_lot):  # noqa: F811
    """Charted today with both lots."""
    return chart(active, practitioner, [caffeine_lot, silicon_lot])
