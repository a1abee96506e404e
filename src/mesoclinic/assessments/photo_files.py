"""Where photo files live: `MEDIA_ROOT/photos/<generated name>.jpg`, never served directly.

Names are generated here and checked again before any file is opened, so a name can never
lead outside the photo folder whatever a client sent.
"""

import os
import re
import uuid
from pathlib import Path

from django.conf import settings

from mesoclinic.assessments.images import CleanImage

NAME_PATTERN = re.compile(r"[0-9a-f]{32}(-thumb)?\.jpg")
DEFAULT_MAX_BYTES = 15 * 1024 * 1024
# A 12-48 megapixel tablet or phone photo fits; a decompression bomb does not.
DEFAULT_MAX_PIXELS = 60_000_000


def max_upload_bytes() -> int:
    return int(getattr(settings, "MESOCLINIC_PHOTO_MAX_BYTES", DEFAULT_MAX_BYTES))


def max_pixels() -> int:
    return int(getattr(settings, "MESOCLINIC_PHOTO_MAX_PIXELS", DEFAULT_MAX_PIXELS))


def photo_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "photos"


def photo_path(name: str) -> Path:
    if not NAME_PATTERN.fullmatch(name):
        raise ValueError("Not a generated photo file name.")
    return photo_dir() / name


def write_photo(image: CleanImage) -> tuple[str, str]:
    """Write the photo and its thumbnail; returns their file names."""
    stem = uuid.uuid4().hex
    names = (f"{stem}.jpg", f"{stem}-thumb.jpg")
    photo_dir().mkdir(mode=0o700, parents=True, exist_ok=True)
    written: list[str] = []
    try:
        for name, content in zip(names, (image.photo, image.thumbnail), strict=True):
            # O_EXCL: never overwrite a file, even on a (practically impossible) name clash.
            fd = os.open(photo_path(name), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            written.append(name)
            with os.fdopen(fd, "wb") as handle:
                handle.write(content)
    except OSError:
        remove_files(*written)
        raise
    return names


def remove_files(*names: str) -> None:
    for name in names:
        photo_path(name).unlink(missing_ok=True)
