"""A restore that cannot be trusted is refused before anything is touched, saying which
file or table and what was expected; the target instance stays exactly as empty as it
was. A backup that would miss a photo its database names is not written at all."""

import json
import shutil
import tarfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from mesoclinic.backups.archive import add_bytes, add_manifest
from tests.backup.instances import ON_POSTGRESQL, Instance, drop_instance, new_instance

DATABASE_MEMBER = {
    "sqlite": "database/mesoclinic.sqlite3",
    "postgresql": "database/mesoclinic.pgdump",
}


@pytest.fixture(scope="module")
def source(demo_instance, tmp_path_factory) -> Iterator[Instance]:
    instance = new_instance(tmp_path_factory.mktemp("refusals"), demo_instance)
    yield instance
    drop_instance(instance)


@pytest.fixture(scope="module")
def archive(source, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("archive") / "clinic.tar"
    result = source.run("backup", "--out", str(path))
    assert result.returncode == 0, result.stderr
    return path


def rewritten(
    archive: Path, out: Path, change: Callable[[dict[str, Any]], dict[str, str] | None]
) -> Path:
    """The archive with its manifest changed and checksummed again, as a backup from
    another instance or version would be."""
    with tarfile.open(archive) as source:
        manifest = json.loads(source.extractfile("manifest.json").read())  # type: ignore[union-attr]
        renamed = change(manifest) or {}
        with tarfile.open(out, "w") as target:
            for member in source:
                if member.name.startswith("manifest."):
                    continue
                name = renamed.get(member.name, member.name)
                add_bytes(target, name, source.extractfile(member).read())  # type: ignore[union-attr]
            add_manifest(target, manifest)
    return out


def refused(target: Instance, archive: Path) -> str:
    result = target.run("restore", str(archive))
    assert result.returncode == 1, result.stdout
    assert target.tables_with_rows() == [], result.stderr
    assert target.media_files() == []
    return result.stderr


def test_a_corrupt_archive_is_refused_and_nothing_is_restored(archive, make_instance, tmp_path):
    corrupt = tmp_path / "corrupt.tar"
    shutil.copy(archive, corrupt)
    with tarfile.open(corrupt) as tar:
        photo = next(m for m in tar.getmembers() if m.name.startswith("media/photos/"))
    with corrupt.open("r+b") as handle:
        handle.seek(photo.offset_data + photo.size // 2)
        byte = handle.read(1)
        handle.seek(-1, 1)
        handle.write(bytes([byte[0] ^ 0xFF]))
    target = make_instance()

    message = refused(target, corrupt)

    assert f"{photo.name}: its SHA-256 is" in message
    assert target.table_counts() == {}


def test_a_truncated_archive_is_refused_and_nothing_is_restored(archive, make_instance, tmp_path):
    truncated = tmp_path / "truncated.tar"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size * 6 // 10])
    target = make_instance()

    message = refused(target, truncated)

    assert "truncated" in message
    assert target.table_counts() == {}


def test_an_archive_of_the_other_database_vendor_is_refused(archive, make_instance, tmp_path):
    here, other = ("postgresql", "sqlite") if ON_POSTGRESQL else ("sqlite", "postgresql")

    def from_other_vendor(manifest: dict[str, Any]) -> dict[str, str]:
        manifest["database_vendor"] = other
        manifest["files"][DATABASE_MEMBER[other]] = manifest["files"].pop(DATABASE_MEMBER[here])
        return {DATABASE_MEMBER[here]: DATABASE_MEMBER[other]}

    target = make_instance()

    message = refused(target, rewritten(archive, tmp_path / "other.tar", from_other_vendor))

    names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
    assert f"holds a {names[other]} database; this instance uses {names[here]}" in message


def test_an_archive_from_a_newer_version_is_refused(archive, make_instance, tmp_path):
    def newer(manifest: dict[str, Any]) -> None:
        manifest["applied_migrations"].append(["patients", "9999_from_a_newer_version"])
        manifest["mesoclinic_version"] = "99.0.0"

    target = make_instance()

    message = refused(target, rewritten(archive, tmp_path / "newer.tar", newer))

    assert "newer mesoclinic (99.0.0)" in message
    assert "patients.9999_from_a_newer_version is unknown here" in message


def test_an_archive_whose_rows_do_not_match_its_manifest_is_refused_and_nothing_is_restored(
    archive, make_instance, tmp_path
):
    def one_patient_more(manifest: dict[str, Any]) -> None:
        manifest["table_counts"]["patients_patient"] += 1

    target = make_instance()

    message = refused(target, rewritten(archive, tmp_path / "counts.tar", one_patient_more))

    assert "Table patients_patient:" in message
    assert "rows restored, the manifest says" in message
    assert target.tables_with_rows() == []


def test_a_target_database_holding_rows_is_refused_and_left_unchanged(source, archive):
    before = source.table_counts()
    result = source.run("restore", str(archive))

    assert result.returncode == 1
    assert "This instance is not empty:" in result.stderr
    assert "hold rows" in result.stderr
    assert source.table_counts() == before


def test_a_target_whose_media_folder_holds_files_is_refused(archive, make_instance):
    target = make_instance()
    (target.media_root / "photos").mkdir(parents=True)
    (target.media_root / "photos" / "left-over.jpg").write_bytes(b"a photo")

    result = target.run("restore", str(archive))

    assert result.returncode == 1
    assert "MEDIA_ROOT" in result.stderr
    assert "holds files" in result.stderr
    assert target.tables_with_rows() == []
    assert target.media_files() == ["photos/left-over.jpg"]


def test_a_backup_missing_a_photo_its_database_names_fails_and_writes_no_archive(
    demo_instance, make_instance, tmp_path
):
    instance = make_instance(demo_instance)
    lost = sorted((instance.media_root / "photos").glob("*-thumb.jpg"))[0]
    lost.unlink()
    out = tmp_path / "out"
    out.mkdir()

    result = instance.run("backup", "--out", str(out / "clinic.tar"))

    assert result.returncode == 1
    assert "photo file(s) named by the database are missing" in result.stderr
    assert f"photos/{lost.name}" in result.stderr
    assert list(out.iterdir()) == []
