"""Clinic settings: name, time zone and the protocol in use, each checked before saving."""

from pathlib import Path

from mesoclinic.audit.models import Action, AuditEvent
from mesoclinic.protocols import DEFAULT_PROTOCOL_PATH
from tests.conftest import client_for

XSS = "<img src=x onerror=alert(1)>"


def settings_post(client, clinic, **changes):
    data = {
        "name": clinic.name,
        "time_zone": clinic.time_zone,
        "protocol_source": "packaged",
        "protocol_path": "",
        **changes,
    }
    return client.post(f"/clinic/{clinic.id}/", data)


def broken_protocol(tmp_path: Path) -> tuple[Path, int]:
    """The packaged protocol with a line of bad TOML at its end, and that line's number."""
    text = DEFAULT_PROTOCOL_PATH.read_text(encoding="utf-8").rstrip("\n") + "\nsessions = = 3\n"
    path = tmp_path / "clinic.toml"
    path.write_text(text, encoding="utf-8")
    return path, text.count("\n")


def test_the_settings_page_shows_the_clinic_and_offers_time_zone_names(clinic_admin, riverside):
    response = client_for(clinic_admin).get(f"/clinic/{riverside.id}/")

    assert response.status_code == 200
    assert b'value="Riverside"' in response.content
    assert b'<datalist id="time-zones">' in response.content
    assert b'<option value="America/New_York">' in response.content


def test_an_admin_renames_the_clinic_and_changes_its_time_zone(clinic_admin, riverside):
    response = settings_post(
        client_for(clinic_admin), riverside, name="Riverside North", time_zone="Europe/Paris"
    )

    assert response.status_code == 302
    riverside.refresh_from_db()
    assert (riverside.name, riverside.time_zone) == ("Riverside North", "Europe/Paris")
    row = AuditEvent.objects.get(action=Action.UPDATE)
    assert row.target == "clinic settings: name, time_zone"
    assert row.clinic_id == riverside.id


def test_a_time_zone_that_does_not_exist_is_refused_beside_its_field(clinic_admin, riverside):
    response = settings_post(client_for(clinic_admin), riverside, time_zone="Mars/Olympus_Mons")

    assert response.status_code == 200
    assert "Mars/Olympus_Mons" in " ".join(response.context["form"].errors["time_zone"])
    riverside.refresh_from_db()
    assert riverside.time_zone == "Europe/London"
    assert not AuditEvent.objects.filter(action=Action.UPDATE).exists()


def test_a_time_zone_abbreviation_is_not_a_zone_name(clinic_admin, riverside):
    response = settings_post(client_for(clinic_admin), riverside, time_zone="CEST")

    assert "time_zone" in response.context["form"].errors


def test_a_clinic_protocol_file_that_checks_out_is_saved(clinic_admin, riverside, tmp_path):
    path = tmp_path / "clinic.toml"
    path.write_text(DEFAULT_PROTOCOL_PATH.read_text(encoding="utf-8"), encoding="utf-8")

    response = settings_post(
        client_for(clinic_admin), riverside, protocol_source="file", protocol_path=str(path)
    )

    assert response.status_code == 302
    riverside.refresh_from_db()
    assert riverside.protocol_path == str(path)


def test_a_bad_protocol_file_is_refused_with_its_path_line_and_reason(
    clinic_admin, riverside, tmp_path
):
    path, line = broken_protocol(tmp_path)

    response = settings_post(
        client_for(clinic_admin), riverside, protocol_source="file", protocol_path=str(path)
    )

    assert response.status_code == 200
    [error] = response.context["form"].errors["protocol_path"]
    assert error.startswith(f"{path}:{line}: TOML syntax error")
    assert f"{path}:{line}:" in response.content.decode()
    riverside.refresh_from_db()
    assert riverside.protocol_path == ""


def test_a_protocol_file_that_is_missing_is_refused(clinic_admin, riverside, tmp_path):
    missing = tmp_path / "nowhere.toml"

    response = settings_post(
        client_for(clinic_admin), riverside, protocol_source="file", protocol_path=str(missing)
    )

    [error] = response.context["form"].errors["protocol_path"]
    assert error.startswith(f"{missing}: cannot read the file")


def test_a_protocol_path_must_be_a_full_path_to_a_toml_file(clinic_admin, riverside):
    client = client_for(clinic_admin)

    relative = settings_post(client, riverside, protocol_source="file", protocol_path="a.toml")
    not_toml = settings_post(client, riverside, protocol_source="file", protocol_path="/etc/hosts")

    assert "full path" in relative.context["form"].errors["protocol_path"][0]
    assert ".toml" in not_toml.context["form"].errors["protocol_path"][0]


def test_choosing_the_own_file_without_a_path_asks_for_one(clinic_admin, riverside):
    response = settings_post(client_for(clinic_admin), riverside, protocol_source="file")

    assert "protocol_path" in response.context["form"].errors


def test_choosing_the_installations_protocol_clears_the_clinic_file(
    clinic_admin, riverside, tmp_path
):
    riverside.protocol_path = str(tmp_path / "old.toml")
    riverside.save()

    settings_post(client_for(clinic_admin), riverside, protocol_path="/ignored.toml")

    riverside.refresh_from_db()
    assert riverside.protocol_path == ""


def test_a_clinic_name_cannot_be_another_chain_clinics_name(clinic_admin, riverside, hillcrest):
    response = settings_post(client_for(clinic_admin), riverside, name="Hillcrest")

    assert "name" in response.context["form"].errors


def test_reading_the_settings_page_is_audited(clinic_admin, riverside):
    client_for(clinic_admin).get(f"/clinic/{riverside.id}/")

    row = AuditEvent.objects.get(action=Action.READ)
    assert (row.target, row.clinic_id, row.actor_id) == (
        "clinic settings",
        riverside.id,
        clinic_admin.id,
    )


def test_a_clinic_name_with_markup_is_escaped(clinic_admin, riverside):
    riverside.name = XSS
    riverside.save()

    content = client_for(clinic_admin).get(f"/clinic/{riverside.id}/").content.decode()

    assert XSS not in content
    assert "&lt;img src=x onerror=alert(1)&gt;" in content
