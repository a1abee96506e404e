"""The protocol page: every number the protocol holds, grouped, each with its source named
or, for a clinic setting, why the clinic chose it; read-only, for signed-in staff."""

import html

import pytest
from django.test import Client

from mesoclinic.planning.protocol import current_protocol
from mesoclinic.protocols import DEFAULT_PROTOCOL_PATH
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

GROUPS = [
    "Sessions and cadence",
    "Sessions per grade",
    "CSS bands",
    "Screening before a course",
    "Adverse events and their expected course",
    "Reassessment and validity",
    "Body areas",
]


def page(user) -> str:
    return html.unescape(client_for(user).get("/protocol/").content.decode())


def test_every_group_of_the_protocol_has_its_heading(practitioner):
    content = page(practitioner)

    for title in GROUPS:
        assert f">{title}</h2>" in content


def test_session_length_and_cadence_name_their_source(practitioner):
    content = page(practitioner)
    seed = current_protocol().seed

    assert "Session length" in content
    assert "60 min" in content
    assert f"{seed}: 'each session lasts about an hour'" in content
    assert f"{seed}: 'performed weekly or biweekly'" in content
    assert "every 14 days" in content


def test_css_bands_screening_and_healing_windows_are_shown_with_their_sources(practitioner):
    content = page(practitioner)

    assert "Hexsel CSS bands as commonly quoted (JEADV 2009)" in content
    assert "11–15" in content
    assert "Known allergy to an ingredient" in content
    assert "Stop: no course" in content
    assert "Caution: a clinician signs off" in content
    assert "Bruising" in content
    assert "7–10 days" in content
    assert "published outbreak reports after mesotherapy" in content


def test_a_clinic_setting_says_why_it_was_chosen(practitioner):
    content = page(practitioner)
    why = current_protocol().reasons["course.screening_valid_days"]

    assert "A screening stays valid for" in content
    assert "90 days" in content
    assert f"Clinic setting: {why}" in content


def test_no_source_reads_seed_or_default(practitioner):
    content = page(practitioner)

    assert "seed:" not in content
    assert "seed;" not in content
    assert "clinic setting (default)" not in content


def test_the_page_offers_nothing_to_change(clinic_admin):
    content = page(clinic_admin)

    # The log-out button is the page's only form.
    assert content.count('method="post"') == 1


def test_the_page_is_for_signed_in_staff_only():
    response = Client().get("/protocol/")

    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def own_protocol(tmp_path, clinic) -> None:
    """Gives `clinic` its own protocol file: screenings valid for 60 days, for its reason."""
    lines = DEFAULT_PROTOCOL_PATH.read_text(encoding="utf-8").splitlines()
    [at] = [i for i, line in enumerate(lines) if line.startswith("screening_valid_days")]
    lines[at] = (
        'screening_valid_days = { value = 60, source = "clinic setting", '
        'why = "our physicians re-screen every two months" }'
    )
    path = tmp_path / "own.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    clinic.protocol_path = str(path)
    clinic.save()


def test_a_clinic_with_its_own_protocol_file_is_shown_its_own_numbers(
    practitioner, riverside, tmp_path
):
    own_protocol(tmp_path, riverside)

    content = page(practitioner)

    assert "Used at Riverside" in content
    assert "60 days" in content
    assert "Clinic setting: our physicians re-screen every two months" in content
    assert "90 days" not in content


def test_a_user_of_two_clinics_on_different_protocols_sees_each_with_its_clinic(
    practitioner, riverside, hillcrest, tmp_path
):
    from mesoclinic.clinics.models import Membership, Role

    Membership.objects.create(user=practitioner, clinic=hillcrest, role=Role.PRACTITIONER)
    own_protocol(tmp_path, hillcrest)

    content = page(practitioner)

    assert "Used at Hillcrest" in content
    assert "Used at Riverside" in content
    assert content.count(">Sessions per grade</h2>") == 2
    assert "60 days" in content
    assert "90 days" in content


def test_another_clinics_own_protocol_is_not_shown(outsider, riverside, tmp_path):
    own_protocol(tmp_path, riverside)

    content = page(outsider)

    assert "Riverside" not in content
    assert "our physicians re-screen every two months" not in content
