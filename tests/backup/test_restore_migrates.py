"""An archive from an older mesoclinic is restored and then migrated forward."""

import json
import tarfile


def test_an_archive_from_an_older_version_is_restored_then_migrated_forward(
    make_instance, tmp_path
):
    older = make_instance()
    for command in (("migrate", "--noinput"), ("migrate", "--noinput", "charting", "0005")):
        result = older.run(*command)
        assert result.returncode == 0, result.stderr
    archive = tmp_path / "older.tar"
    assert older.run("backup", "--out", str(archive)).returncode == 0
    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())  # type: ignore[union-attr]
    assert manifest["migrations"]["charting"] == "0005_session_photo_consent_of_use"
    target = make_instance()

    result = target.run("restore", str(archive))

    assert result.returncode == 0, result.stderr
    assert "newer migrations." in result.stdout
    assert target.run("migrate", "--check").returncode == 0
