"""A Riverside chart draws only on Riverside lots, whoever charts it and however: a user
with roles at both clinics cannot move Hillcrest stock onto a Riverside patient."""

import json
from decimal import Decimal

import pytest
from django.test import Client

from mesoclinic.charting.models import TreatmentSession
from mesoclinic.charting.services import Application, ChartEntry, session_chart
from mesoclinic.domain.charting import AreaTreated
from mesoclinic.domain.errors import DomainError
from mesoclinic.domain.stock import MovementKind
from mesoclinic.formulary.models import StockMovement
from tests.charting.conftest import chart_form
from tests.charting.test_api import bearer, body
from tests.conftest import actor, client_for

NOT_HERE = "No such lot at this clinic"


def _untouched(lot):
    lot.refresh_from_db()
    assert lot.on_hand_ml == Decimal("10")
    assert not StockMovement.objects.filter(lot=lot, kind=MovementKind.USED).exists()
    assert not TreatmentSession.objects.exists()


def test_a_lot_of_another_clinic_is_refused_on_the_chart_api(
    both_clinics, active, hillcrest_lot, today
):
    response = Client().post(
        f"/api/v1/courses/{active.id}/sessions",
        json.dumps(body([(hillcrest_lot, "0.50")], today)),
        content_type="application/json",
        headers=bearer(both_clinics),
    )

    assert response.status_code == 422
    assert NOT_HERE in response.json()["errors"]["lot"]
    _untouched(hillcrest_lot)


def test_a_lot_of_another_clinic_is_refused_by_the_chart_service(
    both_clinics, active, caffeine_lot, hillcrest_lot, today
):
    entry = ChartEntry(
        performed_on=today,
        areas=[AreaTreated("thighs", "left")],
        applications=[
            Application(caffeine_lot.id, Decimal("1")),
            Application(hillcrest_lot.id, Decimal("0.5")),
        ],
        technique="papule",
        depth_mm=Decimal("1.5"),
        needle_gauge=30,
        needle_length_mm=Decimal("4"),
        duration_minutes=60,
        recheck={
            "pregnancy": False,
            "breastfeeding": False,
            "anticoagulant_or_antiplatelet": False,
        },
    )

    with pytest.raises(DomainError) as refused:
        session_chart(actor=actor(both_clinics), course=active, entry=entry)

    assert refused.value.field == "lot"
    assert NOT_HERE in refused.value.message
    _untouched(hillcrest_lot)


def test_a_lot_of_another_clinic_is_not_offered_nor_taken_on_the_chart_page(
    both_clinics, active, hillcrest_lot, today
):
    client = client_for(both_clinics)
    page = client.get(f"/courses/{active.id}/chart/")
    assert "HILL-1" not in page.content.decode()

    response = client.post(
        f"/courses/{active.id}/chart/", chart_form([(hillcrest_lot, "0.5")], today)
    )

    assert response.status_code == 200
    assert response.context["form"].errors
    _untouched(hillcrest_lot)
