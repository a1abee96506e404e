"""Formulary endpoints: products, lots, stock movements and recalls. Volumes are decimal
strings in mL to two places ("2.50"), the digits the pages show. Clinic, authors, times,
stock and recall state belong to the server: input schemas refuse unknown fields."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import ConfigDict, Field

from mesoclinic.access import Capability, access_clinic
from mesoclinic.audit.actor import actor_from
from mesoclinic.clinics.clock import clinic_today
from mesoclinic.formulary.lot_history import access_lot_history
from mesoclinic.formulary.models import Lot, Product, StockMovement
from mesoclinic.formulary.selectors import (
    LotRow,
    ProductStock,
    access_formulary,
    access_lot,
    access_product,
    access_product_detail,
    formulary_clinics,
)
from mesoclinic.formulary.services import (
    MAX_UNITS_PER_DELIVERY,
    lot_recall,
    lot_receive,
    product_chartable,
    product_create,
    product_set_session_limit,
    stock_adjust,
    stock_waste,
)
from mesoclinic.validation import Day, Id, Line, Text, Volume, VolumeChange

router = Router(tags=["formulary"])


class ProductIn(Schema):
    model_config = ConfigDict(extra="forbid")
    name: Line = Field(min_length=1, max_length=200)
    description: Text = Field(default="", max_length=2000)
    ingredients: list[Line] = Field(min_length=1, max_length=30)
    mechanisms: list[Literal["circulation", "connective_tissue", "fat"]] = Field(default=[])
    form: Line = Field(min_length=1, max_length=100, description="e.g. solution for injection")
    concentration: Line = Field(default="", max_length=100, description="e.g. 250 mg/5 mL")
    unit: Literal["vial", "ampoule", "syringe"]
    volume_per_unit_ml: Volume


class SessionLimitIn(Schema):
    model_config = ConfigDict(extra="forbid")
    limit_ml: Volume | None = Field(description="null clears it: the product cannot be charted")
    basis: Text = Field(min_length=1, max_length=300, description="who decided it, from what")


class LotIn(Schema):
    model_config = ConfigDict(extra="forbid")
    lot_number: Line = Field(min_length=1, max_length=60)
    expiry_date: Day
    supplier: Line = Field(min_length=1, max_length=200)
    quantity_units: int = Field(
        ge=1, le=MAX_UNITS_PER_DELIVERY, description="vials, ampoules or syringes received"
    )
    received_on: Day | None = Field(default=None, description="default: today at the clinic")
    reference: Line = Field(default="", max_length=100, description="e.g. delivery note")


class MovementIn(Schema):
    model_config = ConfigDict(extra="forbid")
    kind: Literal["wasted", "adjusted"]
    volume_ml: VolumeChange = Field(
        description="wasted: the volume thrown away (> 0); adjusted: the change, signed",
    )
    reason: Text = Field(min_length=1, max_length=300)
    reference: Line = Field(default="", max_length=100)


class RecallIn(Schema):
    model_config = ConfigDict(extra="forbid")
    reason: Text = Field(min_length=1, max_length=300)


class RecallOut(Schema):
    at: datetime
    by: str
    reason: str


class LotOut(Schema):
    id: int
    product_id: int
    clinic_id: int
    lot_number: str
    expiry_date: date
    supplier: str
    quantity_received_units: int
    received_ml: Decimal
    received_on: date
    received_by: str
    on_hand_ml: Decimal
    status: Literal["usable", "empty", "expired", "recalled"]
    usable: bool
    unusable_reason: str | None
    days_to_expiry: int
    recall: RecallOut | None


class MovementOut(Schema):
    id: int
    kind: str
    quantity_ml: Decimal
    balance_after_ml: Decimal
    reason: str
    reference: str
    actor: str
    at: datetime


class LotDetailOut(LotOut):
    product_name: str
    movements: list[MovementOut]


class ProductOut(Schema):
    id: int
    clinic_id: int
    name: str
    description: str
    ingredients: list[str]
    mechanisms: list[str]
    form: str
    concentration: str
    unit: str
    volume_per_unit_ml: Decimal
    session_limit_ml: Decimal | None
    session_limit_basis: str
    active: bool
    chartable: bool
    not_chartable_reason: str | None
    usable_ml: Decimal
    on_hand_ml: Decimal


class ProductDetailOut(ProductOut):
    lots: list[LotOut]


def _lot(row: LotRow) -> dict[str, Any]:
    lot = row.lot
    return {
        "id": lot.id,
        "product_id": lot.product_id,
        "clinic_id": lot.clinic_id,
        "lot_number": lot.lot_number,
        "expiry_date": lot.expiry_date,
        "supplier": lot.supplier,
        "quantity_received_units": lot.quantity_received_units,
        "received_ml": lot.received_ml,
        "received_on": lot.received_on,
        "received_by": lot.received_by.get_username(),
        "on_hand_ml": lot.on_hand_ml,
        "status": row.status,
        "usable": row.usable,
        "unusable_reason": row.unusable_reason,
        "days_to_expiry": row.days_to_expiry,
        "recall": None
        if lot.recalled_at is None or lot.recalled_by is None
        else {
            "at": lot.recalled_at,
            "by": lot.recalled_by.get_username(),
            "reason": lot.recall_reason,
        },
    }


def _product(stock: ProductStock, with_lots: bool = False) -> dict[str, Any]:
    product: Product = stock.product
    reason = product_chartable(product)
    body: dict[str, Any] = {
        "id": product.id,
        "clinic_id": product.clinic_id,
        "name": product.name,
        "description": product.description,
        "ingredients": product.ingredients,
        "mechanisms": product.mechanisms,
        "form": product.form,
        "concentration": product.concentration,
        "unit": product.unit,
        "volume_per_unit_ml": product.volume_per_unit_ml,
        "session_limit_ml": product.session_limit_ml,
        "session_limit_basis": product.session_limit_basis,
        "active": product.active,
        "chartable": reason is None,
        "not_chartable_reason": reason,
        "usable_ml": stock.usable_ml,
        "on_hand_ml": stock.on_hand_ml,
    }
    if with_lots:
        body["lots"] = [_lot(row) for row in stock.lots]
    return body


def _movement(movement: StockMovement) -> dict[str, Any]:
    return {
        "id": movement.id,
        "kind": movement.kind,
        "quantity_ml": movement.quantity_ml,
        "balance_after_ml": movement.balance_after_ml,
        "reason": movement.reason,
        "reference": movement.reference,
        "actor": movement.actor.get_username(),
        "at": movement.at,
    }


def _product_detail(request: HttpRequest, product_id: Id) -> dict[str, Any]:
    return _product(access_product_detail(actor_from(request, via="api"), product_id).stock, True)


def _lot_detail(request: HttpRequest, lot_id: Id) -> dict[str, Any]:
    history = access_lot_history(actor_from(request, via="api"), lot_id)
    return {
        **_lot(history.row),
        "product_name": history.lot.product.name,
        "movements": [_movement(movement) for movement in history.movements],
    }


@router.get("/formulary/products", response=list[ProductOut])
def list_products(request: HttpRequest, clinic_id: Id | None = None) -> list[dict[str, Any]]:
    """Products of the caller's clinics (or of one, with `clinic_id`), with usable stock."""
    actor = actor_from(request, via="api")
    clinic_ids = (
        [clinic_id]
        if clinic_id is not None
        else list(formulary_clinics(actor).values_list("id", flat=True))
    )
    return [
        _product(stock)
        for one_clinic in clinic_ids
        for stock in access_formulary(actor, one_clinic).products
    ]


@router.post("/formulary/clinics/{clinic_id}/products", response={201: ProductDetailOut})
def create_product(
    request: HttpRequest, clinic_id: Id, payload: ProductIn
) -> Status[dict[str, Any]]:
    """A clinic admin adds a product. It has no per-session limit, so it cannot be
    charted until one is set."""
    actor = actor_from(request, via="api")
    product = product_create(
        actor=actor,
        clinic=access_clinic(actor, clinic_id, Capability.SETUP),
        **payload.model_dump(),
    )
    return Status(201, _product_detail(request, product.id))


@router.get("/formulary/products/{product_id}", response=ProductDetailOut)
def read_product(request: HttpRequest, product_id: Id) -> dict[str, Any]:
    """One product with its lots, soonest expiry first."""
    return _product_detail(request, product_id)


@router.post("/formulary/products/{product_id}/session-limit", response=ProductDetailOut)
def set_session_limit(
    request: HttpRequest, product_id: Id, payload: SessionLimitIn
) -> dict[str, Any]:
    """A clinic admin sets (or clears) the clinic's maximum volume per session."""
    actor = actor_from(request, via="api")
    product = access_product(actor, product_id, Capability.SETUP)
    product_set_session_limit(
        actor=actor, product=product, limit_ml=payload.limit_ml, basis=payload.basis
    )
    return _product_detail(request, product_id)


@router.post("/formulary/products/{product_id}/lots", response={201: LotDetailOut})
def receive_lot(request: HttpRequest, product_id: Id, payload: LotIn) -> Status[dict[str, Any]]:
    """Record a delivery of one lot; its stock is units × the product's volume per unit."""
    actor = actor_from(request, via="api")
    product = access_product(actor, product_id)
    lot = lot_receive(
        actor=actor,
        product=product,
        lot_number=payload.lot_number,
        expiry_date=payload.expiry_date,
        supplier=payload.supplier,
        quantity_units=payload.quantity_units,
        received_on=payload.received_on or clinic_today(product.clinic),
        reference=payload.reference,
    )
    return Status(201, _lot_detail(request, lot.id))


@router.get("/formulary/lots/{lot_id}", response=LotDetailOut)
def read_lot(request: HttpRequest, lot_id: Id) -> dict[str, Any]:
    """One lot with every movement of its stock, oldest first."""
    return _lot_detail(request, lot_id)


@router.post("/formulary/lots/{lot_id}/movements", response={201: LotDetailOut})
def record_movement(
    request: HttpRequest, lot_id: Id, payload: MovementIn
) -> Status[dict[str, Any]]:
    """Record waste (any clinician) or an adjustment after a count (clinic admins).
    Use in a session is recorded by charting the session."""
    actor = actor_from(request, via="api")
    lot: Lot = access_lot(actor, lot_id)
    if payload.kind == "wasted":
        stock_waste(
            actor=actor,
            lot=lot,
            volume_ml=payload.volume_ml,
            reason=payload.reason,
            reference=payload.reference,
        )
    else:
        stock_adjust(
            actor=actor,
            lot=lot,
            change_ml=payload.volume_ml,
            reason=payload.reason,
            reference=payload.reference,
        )
    return Status(201, _lot_detail(request, lot_id))


@router.post("/formulary/lots/{lot_id}/recall", response=LotDetailOut)
def recall_lot(request: HttpRequest, lot_id: Id, payload: RecallIn) -> dict[str, Any]:
    """Mark the lot recalled: from now on no session can use it."""
    actor = actor_from(request, via="api")
    lot_recall(actor=actor, lot=access_lot(actor, lot_id), reason=payload.reason)
    return _lot_detail(request, lot_id)
