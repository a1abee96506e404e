"""Consents for the tests, signed through the service as the app signs them."""

import base64
import io

import pytest
from PIL import Image, ImageDraw

from tests.screening.conftest import XSS_NAME, sign_consent, xss_patient  # noqa: F401


def png_data_url(size=(600, 200), ink=True, fmt="PNG") -> str:
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    if ink:
        ImageDraw.Draw(image).line([(20, 150), (200, 40), (380, 160)], fill="#1d2433", width=4)
    buffer = io.BytesIO()
    image.convert("RGB" if fmt == "JPEG" else "RGBA").save(buffer, fmt)
    mime = "png" if fmt == "PNG" else fmt.lower()
    return f"data:image/{mime};base64," + base64.b64encode(buffer.getvalue()).decode()


@pytest.fixture
def consented(patient, practitioner):
    return sign_consent(patient, practitioner)


__all__ = ["XSS_NAME", "png_data_url", "sign_consent"]
