"""Assessments and photos for the tests, written through the services as the app writes them."""

import io
from datetime import date
from decimal import Decimal

import pytest
from PIL import Image

from mesoclinic.assessments.services import assessment_create, assessment_sign, photo_add
from mesoclinic.domain.assessment import AreaEntry
from tests.conftest import actor

ASSESSED_ON = date(2026, 1, 12)


def jpeg_bytes(size=(64, 48), colour=(200, 120, 90), exif=None) -> bytes:
    buffer = io.BytesIO()
    image = Image.new("RGB", size, colour)
    image.save(buffer, "JPEG", **({"exif": exif} if exif is not None else {}))
    return buffer.getvalue()


def upload(data: bytes, name: str = "photo.jpg"):
    file = io.BytesIO(data)
    file.name = name
    return file


def thighs(left_grade=2, right_grade=2, **left) -> list[AreaEntry]:
    return [
        AreaEntry(area="thighs", side="left", nm_grade=left_grade, **left),
        AreaEntry(area="thighs", side="right", nm_grade=right_grade),
    ]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def assessment(patient, practitioner):
    return assessment_create(
        actor=actor(practitioner),
        patient_id=patient.id,
        assessed_on=ASSESSED_ON,
        kind="initial",
        weight_kg=Decimal("68.0"),
        areas=thighs(
            css_items=(2, 2, 1, 1, 2),
            circumference_cm=Decimal("58.5"),
            landmark="18 cm above the top of the kneecap",
        ),
    )


@pytest.fixture
def signed(assessment, practitioner):
    return assessment_sign(actor=actor(practitioner), assessment=assessment)


@pytest.fixture
def photo(assessment, practitioner):
    return photo_add(
        actor=actor(practitioner),
        assessment=assessment,
        pose="back_relaxed",
        upload=upload(jpeg_bytes()),
    )
