"""Ada has two sessions held at riverside, a fortnight and a week ago, each charted with
the caffeine and silicon lots; a side effect she reports follows the last of them before
its onset."""

import io
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from mesoclinic.adverse_events.patient_reports import patient_report_review
from mesoclinic.audit.actor import Actor
from mesoclinic.charting.models import TreatmentSession
from mesoclinic.clinics.clock import clinic_today
from mesoclinic.courses.services import course_start
from mesoclinic.portal.side_effects.services import side_effect_report
from tests.adverse_events.conftest import chart
from tests.charting.conftest import (  # noqa: F401
    caffeine,
    caffeine_lot,
    silicon,
    silicon_lot,
)
from tests.conftest import actor
from tests.courses.conftest import assess, plan
from tests.screening.conftest import screen, sign_consent


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


def review(user, event, **values):
    """A practitioner's review of her report: mild, at the left thigh, unless told."""
    values = {"event_type": event.event_type, "severity": "mild", "area": "thighs", **values}
    values.setdefault("side", "left" if values["area"] else "")
    return patient_report_review(actor=actor(user), event=event, **values)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def held(patient, practitioner, caffeine_lot, silicon_lot) -> list[TreatmentSession]:  # noqa: F811
    """Her first session fourteen days ago (caffeine only), her second seven days ago
    (caffeine and silicon): screened, consented and assessed three weeks ago, charted on
    their days through the charting service."""
    three_weeks_ago = days_ago(21, patient.clinic)
    screen(patient, practitioner, taken_on=three_weeks_ago)
    sign_consent(patient, practitioner)
    assess(patient, practitioner, 2, (2, 2, 1, 1), on=three_weeks_ago)
    course = plan(patient, practitioner, starts_on=days_ago(14, patient.clinic))
    course = course_start(actor=actor(practitioner), course=course)
    return [
        chart(course, practitioner, [caffeine_lot], days_ago=14),
        chart(course, practitioner, [caffeine_lot, silicon_lot], days_ago=7),
    ]


@pytest.fixture
def bruise_report(held, ada_account, patient):
    return report(patient)


@pytest.fixture
def serious_report(held, ada_account, patient):
    return report(patient, event_type="allergic_reaction", days=1, description="Hives, itchy")
