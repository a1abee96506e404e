"""`mesoclinic figures refresh [--clinic ID]` computes the stored figures again."""

import pytest
from django.core.management import CommandError, call_command

from mesoclinic.dashboard.models import ClinicSnapshot
from tests.dashboard.conftest import measured_course


def test_refresh_stores_every_clinics_figures(riverside, hillcrest, capsys):
    call_command("figures", "refresh")
    assert set(ClinicSnapshot.objects.values_list("clinic__name", flat=True)) == {
        "Riverside",
        "Hillcrest",
    }
    assert "Riverside: figures as of" in capsys.readouterr().out


def test_refresh_of_one_clinic_leaves_the_others(riverside, hillcrest, practitioner):
    for _ in range(10):
        measured_course(riverside, practitioner)
    call_command("figures", "refresh", "--clinic", str(riverside.id))
    (snapshot,) = ClinicSnapshot.objects.all()
    assert snapshot.clinic == riverside
    assert snapshot.figures["course_endings"]["completed"]["n"] == 10


def test_refresh_of_an_unknown_clinic_says_which_option_is_wrong(riverside):
    with pytest.raises(CommandError, match="--clinic: no clinic has the id 9999"):
        call_command("figures", "refresh", "--clinic", "9999")
