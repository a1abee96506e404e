"""The safety guards of a charted session, as pure rules.

A chart is refused, with every reason at once, when it would use an expired or recalled
lot, more of a lot than is in stock, more of a product than the clinic's per-session
limit (or a product with no limit set), or treat an area sooner than the protocol's
minimum interval without a recorded override reason. Each problem names the field it
belongs to, and the product uses it concerns, and says what to do, so a page can put it
beside that field on the rows at fault.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class LotFacts:
    lot_id: int
    lot_number: str
    product_id: int
    product_name: str
    expiry: date
    recalled: bool
    on_hand_ml: Decimal
    # The clinic's per-session maximum for the product; None: the clinic has set none.
    session_limit_ml: Decimal | None


@dataclass(frozen=True)
class ProductUse:
    lot: LotFacts
    volume_ml: Decimal


@dataclass(frozen=True)
class AreaTreated:
    area: str
    side: str | None  # None: both sides, or an area without sides


@dataclass(frozen=True)
class ChartProblem:
    field: str
    message: str
    # Positions in the `uses` given to the guards of the uses at fault: a lot's stock or a
    # product's limit concerns every row of that lot or product. Empty: no use in particular.
    uses: tuple[int, ...] = ()


def _ml(value: Decimal) -> str:
    return f"{value.normalize():f} mL"


def lot_problems(uses: Iterable[ProductUse], day: date) -> list[ChartProblem]:
    problems: list[ChartProblem] = []
    used_per_lot: dict[int, Decimal] = defaultdict(Decimal)
    rows_per_lot: dict[int, list[int]] = defaultdict(list)
    lots: dict[int, LotFacts] = {}
    for row, use in enumerate(uses):
        lot = use.lot
        if use.volume_ml <= 0:
            problems.append(
                ChartProblem(
                    "volume", f"Give the volume of {lot.product_name} in mL, more than 0.", (row,)
                )
            )
        if lot.recalled:
            problems.append(
                ChartProblem(
                    "lot",
                    f"Lot {lot.lot_number} of {lot.product_name} "
                    "is recalled: it must not be used. Choose "
                    "another lot and set this one aside.",
                    (row,),
                )
            )
        elif lot.expiry < day:
            problems.append(
                ChartProblem(
                    "lot",
                    f"Lot {lot.lot_number} of {lot.product_name} "
                    f"expired on {lot.expiry.isoformat()}: choose "
                    "another lot and record this one as waste.",
                    (row,),
                )
            )
        used_per_lot[lot.lot_id] += use.volume_ml
        rows_per_lot[lot.lot_id].append(row)
        lots[lot.lot_id] = lot
    for lot_id, used in used_per_lot.items():
        lot = lots[lot_id]
        if used > lot.on_hand_ml:
            problems.append(
                ChartProblem(
                    "volume",
                    f"Lot {lot.lot_number} has {_ml(lot.on_hand_ml)} "
                    f"in stock, less than the {_ml(used)} charted: "
                    "use another lot for the rest.",
                    tuple(rows_per_lot[lot_id]),
                )
            )
    return problems


def limit_problems(uses: Iterable[ProductUse]) -> list[ChartProblem]:
    problems: list[ChartProblem] = []
    per_product: dict[int, Decimal] = defaultdict(Decimal)
    rows_per_product: dict[int, list[int]] = defaultdict(list)
    facts: dict[int, LotFacts] = {}
    for row, use in enumerate(uses):
        per_product[use.lot.product_id] += use.volume_ml
        rows_per_product[use.lot.product_id].append(row)
        facts[use.lot.product_id] = use.lot
    for product_id, total in per_product.items():
        lot = facts[product_id]
        if lot.session_limit_ml is None:
            problems.append(
                ChartProblem(
                    "product",
                    f"{lot.product_name} has no per-session "
                    "limit set by the clinic, so it cannot be "
                    "charted: ask a clinic admin to set one.",
                    tuple(rows_per_product[product_id]),
                )
            )
        elif total > lot.session_limit_ml:
            problems.append(
                ChartProblem(
                    "volume",
                    f"{_ml(total)} of {lot.product_name} is above "
                    "the clinic's per-session limit of "
                    f"{_ml(lot.session_limit_ml)}.",
                    tuple(rows_per_product[product_id]),
                )
            )
    return problems


def _overlaps(a: AreaTreated, b: AreaTreated) -> bool:
    # "Both sides" overlaps either side.
    return a.area == b.area and (a.side is None or b.side is None or a.side == b.side)


def interval_problems(
    areas: Iterable[AreaTreated],
    day: date,
    previous: Mapping[AreaTreated, date],
    min_interval_days: int,
    override_reason: str,
) -> list[ChartProblem]:
    """Areas treated sooner than the minimum interval. With an override reason recorded the
    session may go ahead, so nothing is returned."""
    if override_reason.strip():
        return []
    problems = []
    for area in areas:
        for earlier_area, earlier_day in previous.items():
            gap = (day - earlier_day).days
            if _overlaps(area, earlier_area) and 0 <= gap < min_interval_days:
                where = area.area if area.side is None else f"{area.area} ({area.side})"
                problems.append(
                    ChartProblem(
                        "areas",
                        f"{where} was treated on {earlier_day.isoformat()}, {gap} days ago; the "
                        f"protocol's minimum interval is {min_interval_days} days. Record an "
                        "override reason to treat it today.",
                    )
                )
    return problems


def chart_problems(
    *,
    day: date,
    uses: list[ProductUse],
    areas: list[AreaTreated],
    previous: Mapping[AreaTreated, date],
    min_interval_days: int,
    interval_override_reason: str = "",
    stops: Iterable[str] = (),
) -> list[ChartProblem]:
    """Every reason this chart cannot be signed; empty when it can."""
    problems = [
        ChartProblem("screening", f"{stop} Nothing may be charted while it stands.")
        for stop in stops
    ]
    if not areas:
        problems.append(ChartProblem("areas", "Choose at least one area treated."))
    if not uses:
        problems.append(ChartProblem("product", "Record at least one product, lot and volume."))
    problems += lot_problems(uses, day)
    problems += limit_problems(uses)
    problems += interval_problems(areas, day, previous, min_interval_days, interval_override_reason)
    return problems
