"""Walks every URL of the site and the API that shows patient data, as the clinic admin,
and checks that each request wrote its own READ row to the audit trail."""

import io
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from PIL import Image

from mesoclinic.adverse_events.services import adverse_event_create
from mesoclinic.appointments.models import Appointment
from mesoclinic.assessments.services import photo_add
from mesoclinic.audit.actor import Actor
from mesoclinic.audit.models import Action, AuditEvent
from mesoclinic.charting.photos import session_photo_add
from mesoclinic.charting.services import Application, ChartEntry, session_chart
from mesoclinic.clinics.models import Room
from mesoclinic.consent.models import SignedConsent
from mesoclinic.domain.charting import AreaTreated
from mesoclinic.portal.side_effects.services import side_effect_report
from mesoclinic.recalls.models import Recall, RecallState
from mesoclinic.screening.models import Screening
from mesoclinic.web.tokens import token_create
from tests.charting.conftest import (  # noqa: F401
    active,
    assess,
    caffeine,
    caffeine_lot,
    course,
    grade_two,
    plan,
    ready,
    today,
)
from tests.conftest import actor, client_for
from tests.portal.conftest import account_for

# Routes with one of these parameters address a patient, a patient's record, or a list of
# patients (a lot's recall report).
RECORD_PARAMETERS = {
    "patient_id",
    "screening_id",
    "consent_id",
    "assessment_id",
    "photo_id",
    "course_id",
    "session_id",
    "event_id",
    "lot_id",
    "session_photo_id",
    "appointment_id",
    "recall_id",
}
# A clinic's adverse-event, recall and waitlist lists name patients too (`recalls/` alone
# only sends the user on to her clinic's list).
CLINIC_PATIENT_LISTS = ("adverse-events", "recalls", "waitlist")
# Routes without such a parameter that still list patients (the schedule's days).
PATIENT_LISTS = (
    "patients/",
    "api/v1/patients",
    "schedule/<int:clinic_id>/day/<str:day>/",
    "schedule/<int:clinic_id>/week/<str:day>/",
)


def is_portal(route: str) -> bool:
    """The patient's own pages and endpoints: walked as the patient, not as staff."""
    return route.startswith(("portal/", "api/v1/portal/"))


def walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


# A download (a course's calendar file, the recall CSV) is recorded as an export.
READS = (Action.READ, Action.EXPORT)


def parameters(route: str) -> set[str]:
    return set(re.findall(r"<(?:\w+:)?(\w+)>", route))


def patient_routes() -> list[str]:
    routes = sorted(set(walk(get_resolver().url_patterns)))
    known = RECORD_PARAMETERS | {"clinic_id", "day"}
    return [
        r
        for r in routes
        if r in PATIENT_LISTS
        or (
            parameters(r) <= known
            and (
                parameters(r) & RECORD_PARAMETERS
                or (
                    "clinic_id" in parameters(r) and any(part in r for part in CLINIC_PATIENT_LISTS)
                )
            )
        )
    ]


@pytest.fixture
def records(settings, tmp_path, patient, practitioner, active, caffeine_lot, today):  # noqa: F811
    """One of every patient record, made through the real services."""
    settings.MEDIA_ROOT = tmp_path
    who = actor(practitioner)
    screening = Screening.objects.filter(patient=patient).latest("id")
    consent = SignedConsent.objects.filter(patient=patient).latest("id")
    image = io.BytesIO()
    Image.new("RGB", (32, 32)).save(image, format="JPEG")
    image.seek(0)
    image.name = "photo.jpg"
    photo = photo_add(actor=who, assessment=active.assessment, pose="back_relaxed", upload=image)
    session = session_chart(
        actor=who,
        course=active,
        entry=ChartEntry(
            performed_on=today,
            areas=[AreaTreated("thighs", "left")],
            applications=[Application(caffeine_lot.id, Decimal("1"))],
            technique="nappage",
            depth_mm=Decimal("3"),
            needle_gauge=30,
            needle_length_mm=Decimal("4"),
            duration_minutes=60,
            recheck=dict.fromkeys(
                ("pregnancy", "breastfeeding", "anticoagulant_or_antiplatelet"), False
            ),
        ),
    )
    after = io.BytesIO()
    Image.new("RGB", (32, 32)).save(after, format="JPEG")
    after.seek(0)
    after.name = "after.jpg"
    session_photo = session_photo_add(actor=who, session=session, pose="back_relaxed", upload=after)
    event = adverse_event_create(
        actor=who,
        patient=patient,
        event_type="bruising",
        severity="mild",
        onset_on=today,
        area="thighs",
        side="left",
    )
    # A maintenance recall, as a completed course leaves one (the course itself stays
    # active here, so its pages still answer as they do for a running course).
    recall = Recall.objects.create(
        clinic=active.clinic,
        patient=patient,
        course=active,
        completed_on=today,
        interval_days=365,
        due_on=today,
        call_on=today,
        state=RecallState.OPEN,
        created_by=practitioner,
    )
    her_user = account_for(patient)
    bruise = io.BytesIO()
    Image.new("RGB", (32, 32)).save(bruise, format="JPEG")
    bruise.seek(0)
    bruise.name = "bruise.jpg"
    her_event = side_effect_report(
        actor=Actor(user=her_user, ip="127.0.0.1", via="portal"),
        patient=patient,
        event_type="bruising",
        onset_on=today,
        description="A bruise that is not going away",
        photo=bruise,
    )
    return {
        "her_user": her_user,
        "her_event_id": her_event.id,
        "event_photo_id": her_event.photos.get().id,
        "recall_id": recall.id,
        "patient_id": patient.id,
        "screening_id": screening.id,
        "consent_id": consent.id,
        "assessment_id": active.assessment_id,
        "photo_id": photo.id,
        "course_id": active.id,
        "session_id": session.id,
        "event_id": event.id,
        "lot_id": caffeine_lot.id,
        "session_photo_id": session_photo.id,
        "appointment_id": Appointment.objects.create(
            clinic=active.clinic,
            patient=patient,
            course=active,
            number=2,
            practitioner=practitioner,
            room=Room.objects.filter(clinic=active.clinic).first(),
            starts_at=timezone.now() + timedelta(days=7),
            ends_at=timezone.now() + timedelta(days=7, hours=1),
            held_until=timezone.now() + timedelta(days=7, hours=1),
            booked_by=practitioner,
        ).id,
        "clinic_id": patient.clinic_id,
        "day": today.isoformat(),
    }


# Routes whose `photo_id` names an adverse event's photo, not an assessment's.
EVENT_PHOTO_ROUTES = ("adverse-event-photos/", "side-effects/photos/")


def concrete(route: str, ids: dict) -> str:
    if any(part in route for part in EVENT_PHOTO_ROUTES):
        ids = {**ids, "photo_id": ids["event_photo_id"]}
    route = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(ids[m.group(1)]), route)
    return "/" + route


def test_the_walk_covers_the_site_and_the_api():
    routes = patient_routes()

    assert "patients/<int:patient_id>/" in routes
    assert "photos/<int:photo_id>/" in routes
    assert any(r.startswith("api/v1/") for r in routes)
    assert len(routes) >= 25


def test_every_get_that_shows_patient_data_writes_an_audit_row(records, clinic_admin):
    client = client_for(clinic_admin)
    _, token = token_create(actor=actor(clinic_admin), user=clinic_admin)
    checked = []
    for route in [r for r in patient_routes() if not is_portal(r)]:
        url = concrete(route, records)
        headers = {"Authorization": f"Bearer {token}"} if route.startswith("api/") else {}
        before = AuditEvent.objects.filter(action__in=READS).count()
        response = client.get(url, headers=headers)
        if response.status_code == 405:
            continue  # a POST-only route: it writes its own row, tested with its service
        # 302: the page sends the user on (e.g. amending a draft goes to its edit page);
        # the record was still read to decide that, so the read is still recorded.
        assert response.status_code in (200, 302), (url, response.status_code)
        assert AuditEvent.objects.filter(action__in=READS).count() > before, url
        checked.append(url)

    assert len(checked) >= 20


@pytest.fixture
def her_records(records):
    """The same records seen from her portal, where the side effect is the one she
    reported herself."""
    return records["her_user"], {**records, "event_id": records["her_event_id"]}


def test_every_portal_get_that_shows_her_data_writes_an_audit_row(her_records):
    user, ids = her_records
    client = client_for(user)
    checked = []
    for route in [r for r in patient_routes() if is_portal(r)]:
        url = concrete(route, ids)
        before = AuditEvent.objects.filter(action__in=READS).count()
        response = client.get(url)
        if response.status_code == 405:
            continue  # a POST-only route: it writes its own row, tested with its service
        assert response.status_code in (200, 302), (url, response.status_code)
        assert AuditEvent.objects.filter(action__in=READS).count() > before, url
        checked.append(url)

    assert len(checked) >= 6
