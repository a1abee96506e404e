"""Turning an uploaded file into a clean photo, or refusing it.

The file's name and declared type are ignored: Pillow decides whether it is an image. The
image is re-encoded, which drops EXIF (GPS position, device, time) and anything hidden
after the image data; the EXIF orientation is applied first so the photo stays upright.
"""

import io
import warnings
from dataclasses import dataclass
from typing import IO

from PIL import Image, ImageOps, UnidentifiedImageError

from mesoclinic.domain.errors import DomainError

THUMBNAIL_PIXELS = 480
PHOTO_QUALITY = 90
THUMBNAIL_QUALITY = 80


@dataclass(frozen=True)
class CleanImage:
    photo: bytes
    thumbnail: bytes
    width: int
    height: int


def accepted_formats() -> tuple[str, ...]:
    """JPEG and PNG always; HEIF (iPhone photos) only when a Pillow HEIF plugin is present."""
    Image.init()
    return ("JPEG", "PNG", *(("HEIF",) if "HEIF" in Image.OPEN else ()))


def _refuse(message: str) -> DomainError:
    return DomainError("file", message)


def read_capped(upload: IO[bytes], max_bytes: int) -> bytes:
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise _refuse(
            f"The photo is larger than {max_bytes // (1024 * 1024)} MB: send a smaller one."
        )
    if not data:
        raise _refuse("The file is empty.")
    return data


def clean_image(data: bytes, *, max_pixels: int) -> CleanImage:
    formats = accepted_formats()
    names = " or ".join(formats)
    try:
        with warnings.catch_warnings():
            # Pillow only warns below twice its own limit; an oversized image is refused.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=list(formats)) as opened:
                if opened.width * opened.height > max_pixels:
                    raise _too_many_pixels(opened.width, opened.height, max_pixels)
                opened.load()
                upright = ImageOps.exif_transpose(opened)
                icc_profile = opened.info.get("icc_profile")
                rgb = _as_rgb(upright)
    except DomainError:
        raise
    except UnidentifiedImageError:
        raise _refuse(f"This file is not a photo: choose a {names} image.") from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _refuse("The image has too many pixels: send a smaller photo.") from None
    except (OSError, SyntaxError, ValueError, EOFError):
        raise _refuse("The photo could not be read: the file is damaged or incomplete.") from None
    # Nothing from the original's metadata is carried over except its colour profile,
    # which keeps colours comparable from visit to visit.
    rgb.info = {}
    thumbnail = rgb.copy()
    thumbnail.thumbnail((THUMBNAIL_PIXELS, THUMBNAIL_PIXELS))
    return CleanImage(
        photo=_jpeg(rgb, PHOTO_QUALITY, icc_profile),
        thumbnail=_jpeg(thumbnail, THUMBNAIL_QUALITY, icc_profile),
        width=rgb.width,
        height=rgb.height,
    )


def _too_many_pixels(width: int, height: int, max_pixels: int) -> DomainError:
    return _refuse(
        f"The image is {width}×{height} pixels, more than the "
        f"{max_pixels / 1_000_000:g} megapixels accepted: send a smaller photo."
    )


def _as_rgb(image: Image.Image) -> Image.Image:
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        # Transparent parts become white, as they would look on paper.
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(background, rgba).convert("RGB")
    return image.convert("RGB")


def _jpeg(image: Image.Image, quality: int, icc_profile: object) -> bytes:
    buffer = io.BytesIO()
    options: dict[str, object] = {"quality": quality, "optimize": True}
    if isinstance(icc_profile, bytes):
        options["icc_profile"] = icc_profile
    image.save(buffer, "JPEG", **options)
    return buffer.getvalue()
