"""Every change to the formulary and its stock: one transaction, one audit row.

Stock changes lock the lot row (`select_for_update`) before reading its stock, so two
uses at the same moment are applied one after the other and cannot both pass the check;
the stock is then written with its movement in the same transaction. The database refuses
a negative stock too (`lot_stock_never_negative`).

Clinic admins (setup) create products, set their per-session limits and adjust stock;
practitioners (clinical) receive lots, use and waste stock, return the stock of a chart
entered in error, and recall a lot: stopping the use of a suspect lot at once is a safety
act any clinician may take.
"""

import zoneinfo
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from mesoclinic.access import Capability, access_clinic, get_in_clinics_or_404, scoped
from mesoclinic.audit.actor import Actor
from mesoclinic.audit.models import Action
from mesoclinic.audit.services import audit_record
from mesoclinic.clinics.clock import clinic_today
from mesoclinic.clinics.models import Clinic
from mesoclinic.domain.errors import DomainError
from mesoclinic.domain.plausible import date_problem, text_problem
from mesoclinic.domain.stock import (
    MAX_ML,
    ZERO_ML,
    Mechanism,
    MovementKind,
    apply_movement,
    chartable_reason,
    check_use,
    format_ml,
    positive_ml,
    signed_quantity,
)
from mesoclinic.formulary.models import Lot, Product, SessionLimitChange, StockMovement, Unit
from mesoclinic.formulary.selectors import access_products, lot_facts

REASON_MAX = 300
REFERENCE_MAX = 100
DESCRIPTION_MAX = 2000
INGREDIENTS_MAX = 30
MAX_UNITS_PER_DELIVERY = 10_000


def _text(
    value: str,
    field: str,
    label: str,
    max_length: int,
    *,
    required: bool = True,
    multiline: bool = False,
) -> str:
    """Names, numbers and references are one line; descriptions and reasons may run over
    several (as the API's schemas say)."""
    value = value.strip()
    if required and not value:
        raise DomainError(field, f"Give the {label}.")
    if len(value) > max_length:
        raise DomainError(field, f"Keep the {label} to {max_length} characters.")
    if (problem := text_problem(value, multiline=multiline)) is not None:
        raise DomainError(field, problem)
    return value


def _reason(reason: str, what: str) -> str:
    reason = reason.strip()
    if not reason:
        raise DomainError("reason", f"Say why: {what}.")
    return _text(reason, "reason", "reason", REASON_MAX, multiline=True)


def _reference(reference: str) -> str:
    return _text(reference, "reference", "reference", REFERENCE_MAX, required=False)


def product_chartable(product: Product) -> str | None:
    """Why this product cannot be charted (no clinic limit, or out of use), or None."""
    return chartable_reason(product.name, product.session_limit_ml, product.active)


# -- products ---------------------------------------------------------------------------------


def _ingredients(ingredients: Sequence[str]) -> list[str]:
    cleaned: list[str] = []
    for item in ingredients:
        name = _text(item, "ingredients", "ingredient name", 200, required=False)
        if name and name.casefold() not in {seen.casefold() for seen in cleaned}:
            cleaned.append(name)
    if not cleaned:
        raise DomainError("ingredients", "List at least one ingredient, as the label gives it.")
    if len(cleaned) > INGREDIENTS_MAX:
        raise DomainError("ingredients", f"List at most {INGREDIENTS_MAX} ingredients.")
    return cleaned


def _mechanisms(mechanisms: Sequence[str]) -> list[str]:
    known = [mechanism.value for mechanism in Mechanism]
    for value in mechanisms:
        if value not in known:
            raise DomainError("mechanisms", f"{value!r} is not one of: {', '.join(known)}.")
    return [value for value in known if value in mechanisms]


def _product_fields(
    *,
    name: str,
    description: str,
    ingredients: Sequence[str],
    mechanisms: Sequence[str],
    form: str,
    concentration: str,
    unit: str,
    volume_per_unit_ml: Decimal,
) -> dict[str, object]:
    if unit not in Unit.values:
        raise DomainError("unit", f"Choose the unit: {', '.join(Unit.values)}.")
    return {
        "name": _text(name, "name", "product name", 200),
        "description": _text(
            description,
            "description",
            "description",
            DESCRIPTION_MAX,
            required=False,
            multiline=True,
        ),
        "ingredients": _ingredients(ingredients),
        "mechanisms": _mechanisms(mechanisms),
        "form": _text(form, "form", "form (e.g. solution for injection)", 100),
        "concentration": _text(
            concentration, "concentration", "concentration", 100, required=False
        ),
        "unit": unit,
        "volume_per_unit_ml": positive_ml(volume_per_unit_ml, "volume_per_unit_ml"),
    }


def _check_name_free(clinic_id: int, name: str, product_id: int | None = None) -> None:
    clash = Product.objects.filter(clinic_id=clinic_id, name__iexact=name)
    if product_id is not None:
        clash = clash.exclude(pk=product_id)
    if clash.exists():
        raise DomainError("name", f"This formulary already has a product named {name}.")


def _locked_product(actor: Actor, product: Product) -> Product:
    """The product re-read under a row lock, for a clinic admin only (404 otherwise)."""
    found = (
        scoped(Product.objects.select_for_update(), actor, Capability.SETUP)
        .filter(pk=product.pk)
        .first()
    )
    if found is None:
        raise Http404("No such record.")
    return found


def product_create(
    *,
    actor: Actor,
    clinic: Clinic,
    name: str,
    ingredients: Sequence[str],
    mechanisms: Sequence[str],
    form: str,
    unit: str,
    volume_per_unit_ml: Decimal,
    concentration: str = "",
    description: str = "",
) -> Product:
    """Add a product to a clinic's formulary. It has no per-session limit until an admin
    sets one, and cannot be charted until then."""
    fields = _product_fields(
        name=name,
        description=description,
        ingredients=ingredients,
        mechanisms=mechanisms,
        form=form,
        concentration=concentration,
        unit=unit,
        volume_per_unit_ml=volume_per_unit_ml,
    )
    with transaction.atomic():
        clinic = access_clinic(actor, clinic.id, Capability.SETUP)
        _check_name_free(clinic.id, str(fields["name"]))
        product = Product.objects.create(clinic=clinic, created_by=actor.user, **fields)
        audit_record(
            actor=actor, action=Action.CREATE, target=f"product {product.id}", clinic_id=clinic.id
        )
    return product


def product_update(
    *,
    actor: Actor,
    product: Product,
    name: str,
    ingredients: Sequence[str],
    mechanisms: Sequence[str],
    form: str,
    unit: str,
    volume_per_unit_ml: Decimal,
    concentration: str = "",
    description: str = "",
    active: bool = True,
) -> Product:
    """Change what the formulary says about a product. Lots already received keep the mL
    they were received with; a product taken out of use cannot be charted."""
    fields = _product_fields(
        name=name,
        description=description,
        ingredients=ingredients,
        mechanisms=mechanisms,
        form=form,
        concentration=concentration,
        unit=unit,
        volume_per_unit_ml=volume_per_unit_ml,
    )
    with transaction.atomic():
        locked = _locked_product(actor, product)
        _check_name_free(locked.clinic_id, str(fields["name"]), locked.pk)
        for key, value in {**fields, "active": bool(active)}.items():
            setattr(locked, key, value)
        locked.save()
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            target=f"product {locked.id}",
            clinic_id=locked.clinic_id,
        )
    return locked


def product_set_session_limit(
    *, actor: Actor, product: Product, limit_ml: Decimal | None, basis: str
) -> Product:
    """Set (or clear, with None) the clinic's maximum volume of this product per session.
    The basis says where the number comes from; it is kept with every change."""
    if limit_ml is not None:
        limit_ml = positive_ml(limit_ml, "limit_ml")
    basis = _text(
        basis,
        "basis",
        "basis for this limit (who decided it, from what)",
        REASON_MAX,
        multiline=True,
    )
    with transaction.atomic():
        locked = _locked_product(actor, product)
        if locked.session_limit_ml == limit_ml:
            raise DomainError("limit_ml", "This is the limit already set: nothing changed.")
        locked.session_limit_ml = limit_ml
        locked.session_limit_basis = basis
        locked.save(update_fields=["session_limit_ml", "session_limit_basis"])
        SessionLimitChange.objects.create(
            product=locked, limit_ml=limit_ml, basis=basis, author=actor.user
        )
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            target=f"product {locked.id} session limit",
            clinic_id=locked.clinic_id,
        )
    return locked


# -- lots and stock ---------------------------------------------------------------------------


def _locked_lot(actor: Actor, lot: Lot, capability: Capability) -> Lot:
    """The lot re-read under a row lock (404 when it is not the actor's). Call inside a
    transaction. Only the lot row is locked: no join, so nothing else waits on it."""
    found = scoped(Lot.objects.select_for_update(), actor, capability).filter(pk=lot.pk).first()
    if found is None:
        raise Http404("No such record.")
    return found


def _move(
    *,
    actor: Actor,
    lot: Lot,
    kind: MovementKind,
    quantity_ml: Decimal,
    reason: str = "",
    reference: str = "",
) -> StockMovement:
    """Apply one signed movement to a locked lot and record it. Inside the caller's
    transaction, after the lock."""
    after = apply_movement(lot.on_hand_ml, kind, quantity_ml, lot.lot_number)
    Lot.objects.filter(pk=lot.pk).update(on_hand_ml=after)
    lot.on_hand_ml = after
    movement = StockMovement.objects.create(
        lot=lot,
        clinic_id=lot.clinic_id,
        kind=kind,
        quantity_ml=quantity_ml,
        balance_after_ml=after,
        reason=reason,
        reference=reference,
        actor=actor.user,
    )
    audit_record(
        actor=actor,
        action=Action.CREATE,
        target=f"lot {lot.id} movement {movement.id}",
        clinic_id=lot.clinic_id,
    )
    return movement


def _locked_move(
    actor: Actor,
    lot: Lot,
    capability: Capability,
    kind: MovementKind,
    quantity_ml: Decimal,
    reason: str,
    reference: str,
) -> StockMovement:
    """Lock the lot for `capability` and record one movement on it, in one transaction."""
    with transaction.atomic():
        locked = _locked_lot(actor, lot, capability)
        return _move(
            actor=actor,
            lot=locked,
            kind=kind,
            quantity_ml=quantity_ml,
            reason=reason,
            reference=reference,
        )


def lot_receive(
    *,
    actor: Actor,
    product: Product,
    lot_number: str,
    expiry_date: date,
    supplier: str,
    quantity_units: int,
    received_on: date,
    reference: str = "",
) -> Lot:
    """Record a delivery of one lot: its stock in mL is the units received times the
    product's volume per unit, written as a "received" movement."""
    lot_number = _text(lot_number, "lot_number", "lot number", 60)
    supplier = _text(supplier, "supplier", "supplier", 200)
    reference = _reference(reference)
    if isinstance(quantity_units, bool) or not isinstance(quantity_units, int):
        raise DomainError("quantity_units", "Give the number of units received.")
    if not 1 <= quantity_units <= MAX_UNITS_PER_DELIVERY:
        raise DomainError(
            "quantity_units", f"Give between 1 and {MAX_UNITS_PER_DELIVERY} units received."
        )
    with transaction.atomic():
        product = get_in_clinics_or_404(access_products(actor, Capability.CLINICAL), id=product.pk)
        if not product.active:
            raise DomainError(
                "product", f"{product.name} is no longer in use: an admin can bring it back."
            )
        for field, day in (("expiry_date", expiry_date), ("received_on", received_on)):
            if (problem := date_problem(day)) is not None:
                raise DomainError(field, problem)
        if received_on > clinic_today(product.clinic):
            raise DomainError("received_on", "The date received cannot be in the future.")
        if expiry_date < received_on:
            raise DomainError(
                "expiry_date",
                "This lot had expired before it was received: do not accept expired stock.",
            )
        received_ml = product.volume_per_unit_ml * quantity_units
        if received_ml > MAX_ML:
            raise DomainError(
                "quantity_units", f"A lot can hold at most {format_ml(MAX_ML)}: record fewer units."
            )
        if Lot.objects.filter(product=product, lot_number__iexact=lot_number).exists():
            raise DomainError(
                "lot_number",
                f"Lot {lot_number} of {product.name} is already recorded: open it and record "
                "more stock of it as an adjustment.",
            )
        try:
            with transaction.atomic():
                lot = Lot.objects.create(
                    product=product,
                    clinic_id=product.clinic_id,
                    lot_number=lot_number,
                    expiry_date=expiry_date,
                    supplier=supplier,
                    quantity_received_units=quantity_units,
                    received_ml=received_ml,
                    received_on=received_on,
                    received_by=actor.user,
                    on_hand_ml=ZERO_ML,
                )
        except IntegrityError:  # recorded by someone else a moment ago
            raise DomainError(
                "lot_number", f"Lot {lot_number} of {product.name} is already recorded."
            ) from None
        plural = "" if quantity_units == 1 else "s"
        _move(
            actor=actor,
            lot=lot,
            kind=MovementKind.RECEIVED,
            quantity_ml=received_ml,
            reason=f"{quantity_units} {product.get_unit_display().lower()}{plural} received",
            reference=reference,
        )
        audit_record(
            actor=actor, action=Action.CREATE, target=f"lot {lot.id}", clinic_id=lot.clinic_id
        )
    return lot


def stock_use(
    *, actor: Actor, lot: Lot, volume_ml: Decimal, reference: str, on: date | None = None
) -> StockMovement:
    """Take `volume_ml` of a lot for a patient's session. Refused, with a DomainError that
    says why and what to do, when the lot is recalled or expired on `on` (default: today
    at the clinic) ("lot"), when the product cannot be charted ("product"), or when the lot
    holds less than that ("volume_ml", stating the stock left).

    Call it inside the charting transaction: the lot stays locked until that commits. When
    a chart uses several lots, call it in order of lot id so two charts never wait on each
    other."""
    reference = _reference(reference)
    with transaction.atomic():
        locked = _locked_lot(actor, lot, Capability.CLINICAL)
        product = Product.objects.get(pk=locked.product_id)
        reason = product_chartable(product)
        if reason is not None:
            raise DomainError("product", reason)
        day = on if on is not None else clinic_today(locked.clinic)
        check_use(lot_facts(locked), day, volume_ml)
        movement = _move(
            actor=actor,
            lot=locked,
            kind=MovementKind.USED,
            quantity_ml=signed_quantity(MovementKind.USED, volume_ml),
            reference=reference,
        )
    return movement


def stock_waste(
    *, actor: Actor, lot: Lot, volume_ml: Decimal, reason: str, reference: str = ""
) -> StockMovement:
    """Record stock thrown away (expired, dropped, opened and not used), with why. Allowed
    on an expired or recalled lot: that is how such stock leaves the shelf."""
    reason = _reason(reason, "why was this stock wasted")
    reference = _reference(reference)
    quantity = signed_quantity(MovementKind.WASTED, volume_ml)
    return _locked_move(
        actor, lot, Capability.CLINICAL, MovementKind.WASTED, quantity, reason, reference
    )


def stock_adjust(
    *, actor: Actor, lot: Lot, change_ml: Decimal, reason: str, reference: str = ""
) -> StockMovement:
    """Correct the stock after a count (positive adds, negative removes), with a reason.
    A clinic admin's act: an adjustment is how stock would disappear unexplained."""
    reason = _reason(reason, "an adjustment needs a reason, e.g. the stock count")
    reference = _reference(reference)
    quantity = signed_quantity(MovementKind.ADJUSTED, change_ml)
    return _locked_move(
        actor, lot, Capability.SETUP, MovementKind.ADJUSTED, quantity, reason, reference
    )


def stock_return(
    *, actor: Actor, lot: Lot, volume_ml: Decimal, reason: str, reference: str
) -> StockMovement:
    """Put back on its lot the volume a chart took, when that chart is marked entered in
    error: an "adjusted" movement, for the clinician correcting the chart. It corrects the
    record, so a recalled or expired lot gets its stock back too, and stays unusable.

    Call it inside the charting transaction, in order of lot id, like `stock_use`."""
    reason = _reason(reason, "say which record is corrected")
    reference = _reference(reference)
    quantity = positive_ml(volume_ml)
    return _locked_move(
        actor, lot, Capability.CLINICAL, MovementKind.ADJUSTED, quantity, reason, reference
    )


def _clinic_date(moment: datetime, clinic: Clinic) -> date:
    return timezone.localtime(moment, zoneinfo.ZoneInfo(clinic.time_zone)).date()


def lot_recall(*, actor: Actor, lot: Lot, reason: str) -> Lot:
    """Mark a lot recalled (who, when, why). From that moment no use of it is accepted;
    its stock stays on record until it is wasted or adjusted out."""
    reason = _reason(reason, "give the recall notice or what was found")
    with transaction.atomic():
        locked = _locked_lot(actor, lot, Capability.CLINICAL)
        if locked.recalled_at is not None:
            raise DomainError(
                "lot",
                f"Lot {locked.lot_number} was already recalled on "
                f"{_clinic_date(locked.recalled_at, locked.clinic).isoformat()}.",
            )
        locked.recalled_at = timezone.now()
        locked.recalled_by = actor.user
        locked.recall_reason = reason
        locked.save(update_fields=["recalled_at", "recalled_by", "recall_reason"])
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            target=f"lot {locked.id} recall",
            clinic_id=locked.clinic_id,
        )
    return locked
