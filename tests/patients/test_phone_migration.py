"""Phones saved before numbers were checked are normalised once, on upgrade."""

import importlib
from datetime import date

from django.apps import apps

from mesoclinic.patients.models import Patient

migration = importlib.import_module("mesoclinic.patients.migrations.0002_normalise_phone_numbers")


def old_row(clinic, phone) -> Patient:
    # Written straight to the table, as the app stored phones before.
    return Patient.objects.create(
        clinic=clinic,
        given_name="Old",
        family_name="Row",
        date_of_birth=date(1970, 1, 1),
        phone=phone,
        phone_digits="".join(ch for ch in phone if ch.isdigit()),
    )


def test_the_upgrade_stores_old_phones_in_international_form(riverside):
    national = old_row(riverside, "07700 911 889")
    spaced = old_row(riverside, "+44 (0)20 7946 0018")
    not_a_number = old_row(riverside, "ask at reception")

    migration.normalise(apps, None)

    for row in (national, spaced, not_a_number):
        row.refresh_from_db()
    assert (national.phone, national.phone_digits) == ("+447700911889", "447700911889")
    assert spaced.phone == "+442079460018"
    assert not_a_number.phone == "ask at reception"
