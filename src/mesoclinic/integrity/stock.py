"""A lot's stock is the sum of its movements and never below zero: the stock services
change both under one row lock, so a difference means a write was half done or made
outside them."""

from decimal import Decimal

from django.db.models import Q, Sum

from mesoclinic.domain.stock import ML_PLACES, ZERO_ML
from mesoclinic.formulary.models import Lot, StockMovement
from mesoclinic.integrity.problem import Problem

CHECK = "lot_stock"


def _ml(value: Decimal | float | None) -> Decimal:
    # SQLite hands sums back as floats: compare to the hundredth the fields hold.
    return Decimal(str(value or 0)).quantize(ML_PLACES)


def lot_stock_matches_movements() -> list[Problem]:
    problems: list[Problem] = []
    sums = dict(
        StockMovement.objects.order_by()
        .values("lot_id")
        .annotate(total=Sum("quantity_ml"))
        .values_list("lot_id", "total")
    )
    for lot_id, on_hand in Lot.objects.order_by("id").values_list("id", "on_hand_ml"):
        total = _ml(sums.get(lot_id))
        if _ml(on_hand) != total:
            problems.append(
                Problem(
                    CHECK,
                    f"lot {lot_id} holds {_ml(on_hand)} mL but its movements add up to {total} mL",
                )
            )
        if _ml(on_hand) < ZERO_ML:
            problems.append(Problem(CHECK, f"lot {lot_id} holds a negative stock"))
    negative = StockMovement.objects.filter(Q(balance_after_ml__lt=0)).values_list("id", "lot_id")
    problems += [Problem(CHECK, f"movement {m} left lot {lot} below zero") for m, lot in negative]
    return problems
