"""The demo adverse events: recorded through the services by the demo practitioners."""

import random

from django.contrib.auth.models import User
from django.utils import timezone

from mesoclinic.adverse_events.models import AdverseEvent
from mesoclinic.adverse_events.selectors import follow_up_list, serious_events_awaiting_review
from mesoclinic.audit.models import Action, AuditEvent
from mesoclinic.clinics.clock import clinic_today
from mesoclinic.demo.adverse_events import create_adverse_events
from mesoclinic.demo.assessments import create_assessments
from mesoclinic.demo.charting import create_charts
from mesoclinic.demo.courses import create_courses
from mesoclinic.demo.formulary import create_formulary
from mesoclinic.demo.organisation import create_organisation
from mesoclinic.demo.patients import create_patients
from mesoclinic.demo.screening import create_screenings_and_consents
from tests.conftest import actor


def test_the_demo_has_bruises_a_redness_an_overdue_bruise_and_a_serious_event(db):
    clinics = create_organisation(timezone.localdate())
    today = clinic_today(clinics["Riverside"])
    rng = random.Random(7)  # noqa: S311 - repeatable demo data
    patients = create_patients(clinics, today, rng)

    created = create_adverse_events(patients, today, rng)

    events = AdverseEvent.objects.all()
    assert created == events.count() == 7
    bruises = events.filter(event_type="bruising")
    assert bruises.filter(event_status="resolved").count() == 3
    assert events.filter(event_type="redness_swelling").exists()
    assert {event.author.username for event in events} <= {
        "riverside.practitioner",
        "hillcrest.practitioner",
    }
    assert (
        AuditEvent.objects.filter(action=Action.CREATE, target__startswith="adverse event").count()
        >= 7
    )

    riverside = clinics["Riverside"]
    practitioner = User.objects.get(username="riverside.practitioner")
    overdue = follow_up_list(actor(practitioner), riverside.id).rows
    assert [row.event.event_type for row in overdue] == ["bruising"]
    assert overdue[0].days_overdue == 2
    admin = User.objects.get(username="riverside.admin")
    assert [e.event_type for e in serious_events_awaiting_review(actor(admin))] == [
        "allergic_reaction"
    ]


def test_the_demo_records_nothing_without_enough_patients(db):
    assert create_adverse_events([], timezone.localdate(), random.Random(1)) == 0  # noqa: S311


def test_after_the_demo_charts_the_redness_follows_a_session_charted_that_day(
    db, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    today = timezone.localdate()
    rng = random.Random(7)  # noqa: S311 - the seed `mesoclinic demo` uses
    clinics = create_organisation(today)
    patients = create_patients(clinics, today, rng)
    create_screenings_and_consents(patients, today, rng)
    create_assessments(patients, today, rng)
    create_formulary(clinics, today, rng)
    create_courses(patients, today, rng)
    assert create_charts(today, rng) > 0

    create_adverse_events(patients, today, rng)

    redness = AdverseEvent.objects.get(event_type="redness_swelling")
    [session] = redness.follows_sessions.all()
    assert session.patient_id == redness.patient_id
    assert session.performed_on == redness.onset_on
    assert set(redness.follows_lots.all()) == {a.lot for a in session.applications.all()}
    for event in AdverseEvent.objects.prefetch_related("follows_sessions"):
        assert all(s.performed_on <= event.onset_on for s in event.follows_sessions.all())
        assert all(s.patient_id == event.patient_id for s in event.follows_sessions.all())
