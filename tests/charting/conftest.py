from datetime import timedelta
from decimal import Decimal

import pytest

from tests.courses.conftest import active, assess, course, grade_two, plan, ready, today  # noqa: F401
from tests.formulary.conftest import make_product, receive


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def caffeine(clinic_admin, riverside):
    """5 mL ampoules, and the clinic's limit: 5 mL a session."""
    return make_product(clinic_admin, riverside)


@pytest.fixture
def silicon(clinic_admin, riverside):
    return make_product(
        clinic_admin, riverside, name="Organic silicon 0.5%", limit="4", unit_ml="2"
    )


@pytest.fixture
def caffeine_lot(caffeine, practitioner):
    return receive(practitioner, caffeine, number="CAF-1", units=2)  # 10 mL


@pytest.fixture
def silicon_lot(silicon, practitioner):
    return receive(practitioner, silicon, number="SIL-1", units=3)  # 6 mL


@pytest.fixture
def expired(caffeine, practitioner, today):  # noqa: F811
    from mesoclinic.formulary.models import Lot

    lot = receive(
        practitioner, caffeine, number="CAF-OLD", units=1, expiry=today + timedelta(days=30)
    )
    Lot.objects.filter(pk=lot.pk).update(expiry_date=today - timedelta(days=1))
    lot.refresh_from_db()
    return lot


def chart_form(lots_and_volumes, today, **overrides):  # noqa: F811
    values = {
        "performed_on": today.isoformat(),
        "areas": ["thighs:left", "thighs:right"],
        "technique": "nappage",
        "depth_mm": "3",
        "needle_gauge": "30",
        "needle_length_mm": "4",
        "duration_minutes": "60",
        "recheck_pregnancy": "no",
        "recheck_breastfeeding": "no",
        "recheck_anticoagulant_or_antiplatelet": "no",
    }
    for row, (lot, volume) in enumerate(lots_and_volumes):
        values[f"lot_{row}"] = str(lot.id)
        values[f"volume_{row}"] = str(Decimal(volume))
    values.update(overrides)
    return values
