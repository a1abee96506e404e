"""Courses with a progress to read (a signed baseline, charted sessions, a signed
reassessment), from the progress tests, and photos with and without report consent."""

import io

import pytest
from PIL import Image

from mesoclinic.assessments.models import Assessment
from mesoclinic.assessments.services import photo_add
from mesoclinic.charting.models import TreatmentSession
from mesoclinic.charting.photos import session_photo_add
from tests.conftest import actor
from tests.progress.conftest import flat, improving, ready  # noqa: F401


def jpeg(colour):
    data = io.BytesIO()
    Image.new("RGB", (480, 640), colour).save(data, format="JPEG")
    data.seek(0)
    return data


@pytest.fixture
def photographed(improving, practitioner):  # noqa: F811
    """The baseline photo the patient agreed may go in a report, and a session photo for
    the clinical record only."""
    baseline = Assessment.objects.get(pk=improving.assessment_id)
    photo_add(
        actor=actor(practitioner),
        assessment=baseline,
        pose="back_relaxed",
        upload=jpeg((200, 120, 100)),
        uses=["record", "report"],
    )
    session = TreatmentSession.objects.filter(course=improving).first()
    session_photo_add(
        actor=actor(practitioner), session=session, pose="back_relaxed", upload=jpeg((90, 90, 90))
    )
    return improving
