"""The archive's layout and its manifest. An archive is a plain tar:

    database/mesoclinic.sqlite3 or database/mesoclinic.pgdump
    media/<every file under MEDIA_ROOT, same relative path>
    manifest.json     what the archive holds, with the size and SHA-256 of every file
    manifest.sha256   the SHA-256 of manifest.json, so a damaged manifest is caught too

The manifest comes last: an archive cut short loses it, and is refused as incomplete.
"""

import hashlib
import json
import tarfile
from dataclasses import dataclass
from typing import IO, Any

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MANIFEST_SUM = "manifest.sha256"
DATABASE_FILES = {
    "sqlite": "database/mesoclinic.sqlite3",
    "postgresql": "database/mesoclinic.pgdump",
}
MEDIA_PREFIX = "media/"
CHUNK = 1024 * 1024
MANIFEST_KEYS = {
    "format_version",
    "mesoclinic_version",
    "django_version",
    "database_vendor",
    "migrations",
    "applied_migrations",
    "created_at",
    "table_counts",
    "files",
}
VENDOR_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


class ArchiveError(Exception):
    """The archive cannot be written or trusted; the message says which file and why."""


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> dict[str, Any]:
    """Add one file; returns its manifest entry."""
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o600
    tar.addfile(info, _BytesReader(data))
    return {"size": len(data), "sha256": sha256_of(data)}


def add_file(tar: tarfile.TarFile, name: str, handle: IO[bytes], size: int) -> dict[str, Any]:
    """Add a large file (the database) without holding it in memory."""
    digest = hashlib.sha256()
    info = tarfile.TarInfo(name)
    info.size = size
    info.mode = 0o600
    tar.addfile(info, _HashingReader(handle, digest))
    return {"size": size, "sha256": digest.hexdigest()}


def add_manifest(tar: tarfile.TarFile, manifest: dict[str, Any]) -> None:
    text = json.dumps(manifest, indent=2, sort_keys=True).encode()
    add_bytes(tar, MANIFEST, text)
    add_bytes(tar, MANIFEST_SUM, f"{sha256_of(text)}  {MANIFEST}\n".encode())


def safe_member_name(name: str) -> bool:
    parts = name.split("/")
    return (
        not name.startswith("/")
        and all(part not in {"", ".", ".."} for part in parts)
        and (
            name in {MANIFEST, MANIFEST_SUM}
            or name in DATABASE_FILES.values()
            or name.startswith(MEDIA_PREFIX)
        )
    )


@dataclass(frozen=True)
class CheckedArchive:
    """An archive whose every file matched its manifest entry."""

    manifest: dict[str, Any]

    @property
    def vendor(self) -> str:
        return str(self.manifest["database_vendor"])

    @property
    def database_member(self) -> str:
        return DATABASE_FILES[self.vendor]

    @property
    def media_members(self) -> list[str]:
        return sorted(name for name in self.manifest["files"] if name.startswith(MEDIA_PREFIX))


def read_and_check(path: str) -> CheckedArchive:
    """Read the whole archive once and check it against its manifest, before anything is
    touched: every file's size and SHA-256, nothing missing, nothing extra."""
    seen: dict[str, dict[str, Any]] = {}
    manifest_text = manifest_sum = None
    try:
        with tarfile.open(path, "r:") as tar:
            for member in tar:
                if member.isdir():
                    continue
                if not member.isfile() or not safe_member_name(member.name):
                    raise ArchiveError(f"{member.name}: not a file a mesoclinic backup holds.")
                if member.name in seen:
                    raise ArchiveError(f"{member.name}: the archive holds it twice.")
                handle = tar.extractfile(member)
                if handle is None:  # a regular file always has content
                    raise ArchiveError(f"{member.name}: cannot be read.")
                if member.name == MANIFEST:
                    manifest_text = handle.read()
                elif member.name == MANIFEST_SUM:
                    manifest_sum = handle.read()
                digest, size = hashlib.sha256(), 0
                if member.name not in {MANIFEST, MANIFEST_SUM}:
                    while chunk := handle.read(CHUNK):
                        digest.update(chunk)
                        size += len(chunk)
                seen[member.name] = {"size": size, "sha256": digest.hexdigest()}
    except (tarfile.TarError, EOFError, OSError) as error:
        raise ArchiveError(
            f"{path}: cannot be read to its end ({error}); it is truncated or not a backup."
        ) from error
    manifest = _checked_manifest(manifest_text, manifest_sum)
    expected: dict[str, dict[str, Any]] = manifest["files"]
    for name, entry in expected.items():
        found = seen.get(name)
        if found is None:
            raise ArchiveError(f"{name}: listed in the manifest but missing from the archive.")
        if found["size"] != entry["size"]:
            raise ArchiveError(
                f"{name}: {found['size']} bytes in the archive, the manifest says {entry['size']}."
            )
        if found["sha256"] != entry["sha256"]:
            raise ArchiveError(
                f"{name}: its SHA-256 is {found['sha256']}, the manifest says {entry['sha256']}."
            )
    extra = sorted(set(seen) - set(expected) - {MANIFEST, MANIFEST_SUM})
    if extra:
        raise ArchiveError(f"{extra[0]}: in the archive but not in its manifest.")
    return CheckedArchive(manifest)


def _checked_manifest(text: bytes | None, checksum: bytes | None) -> dict[str, Any]:
    if text is None or checksum is None:
        missing = MANIFEST if text is None else MANIFEST_SUM
        raise ArchiveError(f"{missing} is missing: the archive is incomplete (truncated?).")
    stated = checksum.decode(errors="replace").split()[:1]
    if stated != [sha256_of(text)]:
        raise ArchiveError(
            f"{MANIFEST}: its SHA-256 is {sha256_of(text)}, {MANIFEST_SUM} says "
            f"{stated[0] if stated else 'nothing'}."
        )
    try:
        manifest = json.loads(text)
    except ValueError as error:
        raise ArchiveError(f"{MANIFEST}: not valid JSON ({error}).") from error
    missing_keys = sorted(MANIFEST_KEYS - set(manifest)) if isinstance(manifest, dict) else ["all"]
    if missing_keys:
        raise ArchiveError(f"{MANIFEST}: incomplete, it lacks {', '.join(missing_keys)}.")
    if manifest["format_version"] != FORMAT_VERSION:
        raise ArchiveError(
            f"{MANIFEST}: archive format {manifest['format_version']}; this mesoclinic reads "
            f"format {FORMAT_VERSION}."
        )
    vendor = manifest["database_vendor"]
    if vendor not in DATABASE_FILES:
        raise ArchiveError(f"{MANIFEST}: unknown database vendor {vendor!r}.")
    if DATABASE_FILES[vendor] not in manifest["files"]:
        raise ArchiveError(f"{MANIFEST}: it lists no database file ({DATABASE_FILES[vendor]}).")
    return dict(manifest)


class _BytesReader:
    def __init__(self, data: bytes) -> None:
        self._data, self._at = data, 0

    def read(self, size: int = -1) -> bytes:
        end = len(self._data) if size < 0 else self._at + size
        chunk, self._at = self._data[self._at : end], min(end, len(self._data))
        return chunk


class _HashingReader:
    def __init__(self, handle: IO[bytes], digest: "hashlib._Hash") -> None:
        self._handle, self._digest = handle, digest

    def read(self, size: int = -1) -> bytes:
        chunk = self._handle.read(size)
        self._digest.update(chunk)
        return chunk
