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


WRONG_PATIENT = "Charted on the wrong patient"


def chart_on_page(client, to_course, lots_and_volumes, on, **overrides):
    """Chart through the page; the chart it signed."""
    from mesoclinic.charting.models import TreatmentSession

    response = client.post(
        f"/courses/{to_course.id}/chart/", chart_form(lots_and_volumes, on, **overrides)
    )
    assert response.status_code == 302, response.context["form"].errors
    return TreatmentSession.objects.get(pk=int(response["Location"].split("/")[2]))


def mark_on_page(client, session, reason=WRONG_PATIENT):
    return client.post(f"/sessions/{session.id}/entered-in-error/", {"reason": reason})


@pytest.fixture
def wrong_chart(logged_in, active, caffeine_lot, silicon_lot, today):  # noqa: F811
    """Today's chart: 4 mL of caffeine (10 mL lot) and 2.5 mL of silicon (6 mL lot)."""
    return chart_on_page(logged_in, active, [(caffeine_lot, "4"), (silicon_lot, "2.5")], today)
