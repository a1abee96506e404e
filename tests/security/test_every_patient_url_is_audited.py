"""Walks every URL of the site and the API that shows patient data, as the clinic admin,
and checks that each request wrote its own READ row to the audit trail."""

import io
import re
from datetime import date

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from PIL import Image

from mesoclinic.assessments.services import assessment_create, photo_add
from mesoclinic.audit.models import Action, AuditEvent
from mesoclinic.consent.services import consent_sign
from mesoclinic.domain.assessment import AreaEntry
from mesoclinic.planning.protocol import current_protocol
from mesoclinic.screening.services import screening_create
from mesoclinic.web.tokens import token_create
from tests.conftest import actor, client_for

# Routes with these parameters address a patient or a patient's record.
RECORD_PARAMETERS = ("patient_id", "screening_id", "consent_id", "assessment_id", "photo_id")
# Routes without such a parameter that still list patients.
PATIENT_LISTS = ("patients/", "api/v1/patients")


def walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def patient_routes() -> list[str]:
    routes = sorted(set(walk(get_resolver().url_patterns)))
    return [r for r in routes if any(p in r for p in RECORD_PARAMETERS) or r in PATIENT_LISTS]


@pytest.fixture
def records(settings, tmp_path, patient, clinic_admin):
    settings.MEDIA_ROOT = tmp_path
    who = actor(clinic_admin)
    questions = [
        item.key for item in current_protocol().screening_items if item.key != "under_18"
    ]  # answered from the date of birth
    screening = screening_create(
        actor=who,
        patient=patient,
        taken_on=date(2026, 11, 2),
        answers=dict.fromkeys(questions, False),
    )
    consent = consent_sign(
        actor=who,
        patient=patient,
        template_version=None,
        patient_typed_name="Ada Lovelace",
        expected_sessions="10-15",
        cost="EUR 900",
        signature_kind="typed",
    )
    assessment = assessment_create(
        actor=who,
        patient_id=patient.id,
        assessed_on=date(2026, 11, 2),
        kind="initial",
        areas=[AreaEntry(area="thighs", side="left", nm_grade=2)],
    )
    image = io.BytesIO()
    Image.new("RGB", (32, 32)).save(image, format="JPEG")
    image.seek(0)
    image.name = "photo.jpg"
    photo = photo_add(actor=who, assessment=assessment, pose="back_relaxed", upload=image)
    return {
        "patient_id": patient.id,
        "screening_id": screening.id,
        "consent_id": consent.id,
        "assessment_id": assessment.id,
        "photo_id": photo.id,
    }


def concrete(route: str, ids: dict[str, int]) -> str:
    route = re.sub(r"<(?:int:)?(\w+)>", lambda m: str(ids[m.group(1)]), route)
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
    for route in patient_routes():
        url = concrete(route, records)
        headers = {"Authorization": f"Bearer {token}"} if route.startswith("api/") else {}
        before = AuditEvent.objects.filter(action=Action.READ).count()
        response = client.get(url, headers=headers)
        if response.status_code == 405:
            continue  # a POST-only route: it writes its own row, tested with its service
        # 302: the page sends the user on (e.g. amending a draft goes to its edit page);
        # the record was still read to decide that, so the read is still recorded.
        assert response.status_code in (200, 302), (url, response.status_code)
        assert AuditEvent.objects.filter(action=Action.READ).count() > before, url
        checked.append(url)

    assert len(checked) >= 20
