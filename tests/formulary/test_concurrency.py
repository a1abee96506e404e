"""Two uses of one lot at the same moment: the row lock makes the second wait and see the
stock the first left, so both cannot pass the check. Needs real row locks and separate
connections, so it runs on PostgreSQL (SQLite takes one writer at a time anyway)."""

import threading
import time
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection, connections

from mesoclinic.clinics.clock import clinic_today
from mesoclinic.domain.errors import DomainError
from mesoclinic.formulary import services
from mesoclinic.formulary.models import Lot
from mesoclinic.formulary.services import lot_receive, stock_use
from tests.conftest import actor
from tests.formulary.conftest import make_product

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_simultaneous_uses_cannot_both_take_the_last_stock(
    riverside, clinic_admin, practitioner, monkeypatch
):
    if connection.vendor != "postgresql":
        pytest.skip("row locks between connections are tested on PostgreSQL")
    product = make_product(clinic_admin, riverside)
    today = clinic_today(riverside)
    lot = lot_receive(
        actor=actor(practitioner),
        product=product,
        lot_number="RACE",
        expiry_date=today + timedelta(days=30),
        supplier="S",
        quantity_units=2,
        received_on=today,
    )
    real_apply = services.apply_movement

    def slow_apply(*args, **kwargs):
        # Widen the window between reading the stock and writing it.
        time.sleep(0.3)
        return real_apply(*args, **kwargs)

    monkeypatch.setattr(services, "apply_movement", slow_apply)
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def use(reference: str) -> None:
        try:
            start.wait()
            stock_use(
                actor=actor(practitioner),
                lot=lot,
                volume_ml=Decimal("6"),
                reference=reference,
            )
            outcomes.append("used")
        except DomainError as refused:
            outcomes.append(refused.message)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=use, args=(f"chart {n}",)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes)[-1] == "used"
    assert sorted(outcomes)[0].startswith("Only 4.00 mL left in lot RACE")
    fresh = Lot.objects.get(pk=lot.pk)
    assert fresh.on_hand_ml == Decimal("4.00")
    assert sum(m.quantity_ml for m in fresh.movements.all()) == Decimal("4.00")
