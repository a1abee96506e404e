"""Ada has two sessions held at riverside, a fortnight and a week ago, each charted with
the caffeine and silicon lots; a side effect she reports follows the last of them before
its onset."""

import io
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from mesoclinic.audit.actor import Actor
from mesoclinic.charting.models import TreatmentSession
from mesoclinic.clinics.clock import clinic_today
from mesoclinic.courses.models import Course
from mesoclinic.portal.side_effects import side_effect_report
from tests.adverse_events.conftest import chart
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


def days_ago(days: int, clinic) -> date:
    return clinic_today(clinic) - timedelta(days=days)


def jpeg(exif: Image.Exif | None = None, name: str = "bruise.jpg") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    options = {"exif": exif} if exif is not None else {}
    Image.new("RGB", (64, 48), (120, 60, 90)).save(buffer, "JPEG", **options)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def form(onset_on: date, event_type="bruising", **values) -> dict:
    return {
        "event_type": event_type,
        "onset_on": onset_on.isoformat(),
        "description": "A bruise on my left thigh that is not going away",
        **values,
    }


def report(patient, event_type="bruising", days=2, **values):
    """Ada's report, through the service as the portal makes it."""
    return side_effect_report(
        actor=Actor(user=patient.account.user, ip="127.0.0.1", via="portal"),
        patient=patient,
        event_type=event_type,
        onset_on=days_ago(days, patient.clinic),
        description=values.pop("description", "A bruise that is not going away"),
        **values,
    )


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def held(active, practitioner, caffeine_lot, silicon_lot) -> list[TreatmentSession]:  # noqa: F811
    """Her first session fourteen days ago (caffeine only), her second seven days ago
    (caffeine and silicon). Charted today, as charting allows, then moved back in time."""
    sessions = []
    for lots, days in (([caffeine_lot], 14), ([caffeine_lot, silicon_lot], 7)):
        session = chart(active, practitioner, lots)
        moved = days_ago(days, session.clinic)
        TreatmentSession.objects.filter(pk=session.pk).update(performed_on=moved)
        Course.objects.filter(pk=active.pk).update(last_session_on=moved)
        session.refresh_from_db()
        sessions.append(session)
    return sessions


@pytest.fixture
def bruise_report(held, ada_account, patient):
    return report(patient)


@pytest.fixture
def serious_report(held, ada_account, patient):
    return report(patient, event_type="allergic_reaction", days=1, description="Hives, itchy")
