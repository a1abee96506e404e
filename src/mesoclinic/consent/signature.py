"""A drawn signature arrives as a PNG data URL from the signing page's canvas. It is
checked (format, size, not blank) and re-encoded, so only plain pixels are stored."""

import base64
import binascii
import io

from PIL import Image, UnidentifiedImageError

from mesoclinic.domain.errors import DomainError

PREFIX = "data:image/png;base64,"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
MAX_BYTES = 200_000
MAX_WIDTH, MAX_HEIGHT = 2000, 1000
MIN_SIDE = 50
FIELD = "signature_png"


def signature_png_from_data_url(data_url: str) -> bytes:
    if not data_url.startswith(PREFIX):
        raise DomainError(FIELD, "Draw the signature in the box (a PNG image is expected).")
    encoded = data_url[len(PREFIX) :]
    if len(encoded) > MAX_BYTES * 4 // 3 + 4:
        raise DomainError(FIELD, "The drawn signature is too large.")
    try:
        raw = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise DomainError(FIELD, "The drawn signature could not be read.") from None
    if not raw.startswith(PNG_MAGIC):
        raise DomainError(FIELD, "The drawn signature is not a PNG image.")
    try:
        with Image.open(io.BytesIO(raw)) as probe:
            probe.verify()
        with Image.open(io.BytesIO(raw)) as image:
            if image.format != "PNG":
                raise DomainError(FIELD, "The drawn signature is not a PNG image.")
            width, height = image.size
            if not (MIN_SIDE <= width <= MAX_WIDTH and MIN_SIDE <= height <= MAX_HEIGHT):
                raise DomainError(FIELD, "The drawn signature has an unexpected size.")
            pixels = image.convert("RGBA")
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise DomainError(FIELD, "The drawn signature could not be read.") from None
    # Ink is any pixel that is neither transparent nor near-white.
    ink = Image.eval(pixels.getchannel("A"), lambda a: 255 if a > 32 else 0)
    dark = Image.eval(pixels.convert("L"), lambda v: 255 if v < 200 else 0)
    mask = Image.composite(dark, Image.new("L", pixels.size, 0), ink)
    if mask.getbbox() is None:
        raise DomainError(FIELD, "The signature box is empty: draw the signature.")
    out = io.BytesIO()
    pixels.save(out, format="PNG", optimize=True)
    return out.getvalue()


def png_data_url(png: bytes) -> str:
    return PREFIX + base64.b64encode(png).decode("ascii")
