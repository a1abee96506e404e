from datetime import date

import pytest

from mesoclinic.patients.models import Patient


@pytest.fixture
def mary(riverside, practitioner) -> Patient:
    """A second Riverside patient, who looks like nobody until she is edited."""
    return Patient.objects.create(
        clinic=riverside,
        given_name="Mary",
        family_name="Somerville",
        date_of_birth=date(1980, 12, 26),
        phone="+442079460000",
        phone_digits="442079460000",
        created_by=practitioner,
    )
