"""Stock of injectable products, in millilitres: what a movement may do to a lot, when a lot
may be used, and whether a product may be charted at all.

Every change to a lot's stock is a signed movement (received +, used −, wasted −,
adjusted ±); the stock on hand is their sum and is never below zero. A lot is usable on a
day when it was not recalled, has not expired (it is usable through its expiry date) and
has stock left. No dose is invented here: the per-session maximum volume of a product is
the clinic's to set, and a product without one cannot be charted.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from mesoclinic.domain.errors import DomainError

# Volumes are kept to a hundredth of a millilitre: the smallest volumes charted are about
# 0.1 mL per injection point (DOMAIN.md §3).
ML_PLACES = Decimal("0.01")
ZERO_ML = Decimal("0.00")
# The largest volume a stored field holds (7 digits, 2 of them decimals).
MAX_ML = Decimal("99999.99")


class MovementKind(StrEnum):
    RECEIVED = "received"
    USED = "used"
    WASTED = "wasted"
    ADJUSTED = "adjusted"


class Mechanism(StrEnum):
    """The three characteristics a product is meant to act on (DOMAIN.md §1)."""

    CIRCULATION = "circulation"
    CONNECTIVE_TISSUE = "connective_tissue"
    FAT = "fat"


MECHANISM_LABELS: dict[Mechanism, str] = {
    Mechanism.CIRCULATION: "Circulation",
    Mechanism.CONNECTIVE_TISSUE: "Connective tissue (collagen)",
    Mechanism.FAT: "Excess fat",
}


def format_ml(volume: Decimal) -> str:
    """A volume as the pages and messages show it, e.g. "2.50 mL" (the API sends "2.50")."""
    return f"{volume.quantize(ML_PLACES)} mL"


def parse_ml(value: Decimal | int | str, field: str = "volume_ml") -> Decimal:
    """A volume in mL to two decimal places. More places are refused, not rounded: a
    rounded volume would no longer be what was measured."""
    try:
        volume = Decimal(str(value).strip()) if not isinstance(value, Decimal) else value
    except InvalidOperation:
        raise DomainError(field, "Give the volume in mL as a number, e.g. 2.5.") from None
    if not volume.is_finite():
        raise DomainError(field, "Give the volume in mL as a number, e.g. 2.5.")
    if volume != volume.quantize(ML_PLACES):
        raise DomainError(field, "Give the volume in mL to at most two decimal places.")
    if abs(volume) > MAX_ML:
        raise DomainError(field, f"A volume cannot be more than {format_ml(MAX_ML)}.")
    return volume.quantize(ML_PLACES)


def positive_ml(value: Decimal | int | str, field: str = "volume_ml") -> Decimal:
    volume = parse_ml(value, field)
    if volume <= 0:
        raise DomainError(field, "Give a volume above 0 mL.")
    return volume


def signed_quantity(kind: MovementKind, volume_ml: Decimal) -> Decimal:
    """The change a movement makes to the stock. Received, used and wasted take a positive
    volume (used and wasted take it away); an adjustment is signed as given."""
    if kind is MovementKind.ADJUSTED:
        change = parse_ml(volume_ml)
        if change == 0:
            raise DomainError("volume_ml", "An adjustment of 0 mL changes nothing.")
        return change
    volume = positive_ml(volume_ml)
    return volume if kind is MovementKind.RECEIVED else -volume


def apply_movement(
    on_hand_ml: Decimal, kind: MovementKind, quantity_ml: Decimal, lot_number: str
) -> Decimal:
    """The stock left after a signed movement; refused when it would go below zero, saying
    how much the lot holds."""
    expected_sign = {MovementKind.RECEIVED: 1, MovementKind.USED: -1, MovementKind.WASTED: -1}
    sign = 1 if quantity_ml > 0 else -1 if quantity_ml < 0 else 0
    if sign == 0 or (kind in expected_sign and sign != expected_sign[kind]):
        raise DomainError("volume_ml", f"A {kind} movement cannot change stock by {quantity_ml}.")
    after = on_hand_ml + quantity_ml
    if after < 0:
        left = format_ml(on_hand_ml)
        if kind is MovementKind.ADJUSTED:
            raise DomainError(
                "volume_ml",
                f"Lot {lot_number} holds {left}: an adjustment can remove at most that.",
            )
        if on_hand_ml <= 0:
            raise DomainError(
                "volume_ml", f"Lot {lot_number} has no stock left ({left}): choose another lot."
            )
        raise DomainError(
            "volume_ml",
            f"Only {left} left in lot {lot_number}: record at most that, "
            "or take the rest from another lot.",
        )
    if after > MAX_ML:
        raise DomainError("volume_ml", f"A lot cannot hold more than {format_ml(MAX_ML)}.")
    return after


@dataclass(frozen=True)
class LotFacts:
    lot_number: str
    expiry_date: date
    on_hand_ml: Decimal
    recalled: bool = False
    recall_reason: str = ""


def is_expired(expiry_date: date, day: date) -> bool:
    """A lot is usable through its expiry date and expired from the day after."""
    return day > expiry_date


def lot_unusable_reason(lot: LotFacts, day: date) -> str | None:
    """Why this lot cannot be used on `day` (recall first: it matters most), or None."""
    if lot.recalled:
        why = f" ({lot.recall_reason})" if lot.recall_reason else ""
        return (
            f"Lot {lot.lot_number} was recalled{why}: do not use it. "
            "Choose another lot of this product."
        )
    if is_expired(lot.expiry_date, day):
        return (
            f"Lot {lot.lot_number} expired on {lot.expiry_date.isoformat()}: do not use it. "
            "Choose an in-date lot, and record the expired stock as waste."
        )
    if lot.on_hand_ml <= 0:
        return f"Lot {lot.lot_number} has no stock left (0.00 mL): choose another lot."
    return None


def lot_is_usable(lot: LotFacts, day: date) -> bool:
    return lot_unusable_reason(lot, day) is None


def check_use(lot: LotFacts, day: date, volume_ml: Decimal) -> Decimal:
    """The stock left after using `volume_ml` of this lot on `day`, or a DomainError naming
    the field and saying why (recalled or expired: "lot"; not enough stock: "volume_ml")."""
    volume = positive_ml(volume_ml)
    if lot.recalled or is_expired(lot.expiry_date, day):
        raise DomainError("lot", lot_unusable_reason(lot, day) or "")
    return apply_movement(lot.on_hand_ml, MovementKind.USED, -volume, lot.lot_number)


def days_to_expiry(expiry_date: date, day: date) -> int:
    """Days from `day` until the expiry date (0 on the day itself, negative once expired)."""
    return (expiry_date - day).days


def soonest_expiry_first(lots: Iterable[LotFacts], day: date) -> list[LotFacts]:
    """The lots usable on `day`, the one that expires first at the top, so stock is used
    before it expires."""
    usable = [lot for lot in lots if lot_is_usable(lot, day)]
    return sorted(usable, key=lambda lot: lot.expiry_date)


def chartable_reason(
    product_name: str, session_limit_ml: Decimal | None, active: bool = True
) -> str | None:
    """Why a product cannot be charted, or None. A product with no clinic limit cannot be
    charted: nothing here supplies a default dose."""
    if not active:
        return f"{product_name} is no longer in use at this clinic."
    if session_limit_ml is None:
        return (
            f"{product_name} has no per-session limit: a clinic admin sets one on the "
            "formulary page before it can be charted."
        )
    return None


def check_session_volume(
    product_name: str, total_ml: Decimal, session_limit_ml: Decimal | None
) -> None:
    """Refuse a session's total volume of one product above the clinic's limit for it."""
    if session_limit_ml is None:
        raise DomainError("product", chartable_reason(product_name, None) or "")
    if total_ml > session_limit_ml:
        raise DomainError(
            "volume_ml",
            f"{format_ml(total_ml)} of {product_name} is above this clinic's per-session "
            f"limit of {format_ml(session_limit_ml)}: record no more than the limit.",
        )


@dataclass(frozen=True)
class Movement:
    kind: MovementKind
    quantity_ml: Decimal


def replay(movements: Iterable[Movement], lot_number: str = "") -> Decimal:
    """The stock a list of movements leaves, checking each step as it was made."""
    on_hand = ZERO_ML
    for movement in movements:
        on_hand = apply_movement(on_hand, movement.kind, movement.quantity_ml, lot_number)
    return on_hand
