"""Files under MEDIA_ROOT, and the ones the database's photo rows name.

Photos are written before the row that names them commits, so every file a database
snapshot names is whole on disk when the media are copied after the snapshot."""

import os
from collections.abc import Iterator
from pathlib import Path

from mesoclinic.adverse_events.models import AdverseEventPhoto
from mesoclinic.assessments.models import Photo
from mesoclinic.assessments.photo_files import photo_dir
from mesoclinic.charting.models import SessionPhoto

# (table, columns) of every row that names a file under MEDIA_ROOT/photos.
PHOTO_COLUMNS = [
    (model._meta.db_table, ("file_name", "thumbnail_name"))
    for model in (Photo, SessionPhoto, AdverseEventPhoto)
]


def photo_queries() -> list[str]:
    """SELECTs that list, from a snapshot, every photo file name its rows hold."""
    return [
        f"SELECT {column} FROM {table}"  # noqa: S608 - names come from the models, not input
        for table, columns in PHOTO_COLUMNS
        for column in columns
    ]


def referenced_member(name: str, media_root: Path) -> str:
    """The archive member that holds a photo named by a row."""
    relative = (photo_dir() / name).relative_to(media_root)
    return f"media/{relative.as_posix()}"


def media_files(media_root: Path) -> Iterator[tuple[str, Path]]:
    """Every regular file under MEDIA_ROOT as (path relative to it, absolute path)."""
    if not media_root.is_dir():
        return
    for folder, _dirs, files in os.walk(media_root):
        for name in sorted(files):
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink():
                yield path.relative_to(media_root).as_posix(), path


def holds_files(media_root: Path) -> bool:
    return next(media_files(media_root), None) is not None
