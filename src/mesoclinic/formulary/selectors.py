"""Reading the formulary: only in the actor's clinics, and each read of a page's data
written to the audit trail in the same transaction.

Practitioners and clinic admins read products and stock (the clinical capability); only
admins (setup) change products and limits. Front desk and chain managers get 404.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import models, transaction
from django.db.models import Prefetch

from mesoclinic.access import (
    Capability,
    access_clinic,
    access_clinics,
    capabilities_at,
    get_in_clinics_or_404,
    scoped,
)
from mesoclinic.audit.actor import Actor
from mesoclinic.audit.models import Action
from mesoclinic.audit.services import audit_record
from mesoclinic.clinics.clock import clinic_today
from mesoclinic.clinics.models import Clinic
from mesoclinic.domain.stock import (
    ZERO_ML,
    LotFacts,
    days_to_expiry,
    is_expired,
    lot_unusable_reason,
)
from mesoclinic.formulary.models import Lot, Product, SessionLimitChange


def access_products(
    actor: Actor, capability: Capability = Capability.CLINICAL
) -> models.QuerySet[Product]:
    """Products of the actor's clinics. Not audited on its own: callers audit the read."""
    return scoped(Product.objects.select_related("clinic"), actor, capability)


def access_product(
    actor: Actor,
    product_id: int,
    capability: Capability = Capability.CLINICAL,
    target: str = "",
) -> Product:
    """One product, or 404 when it is not the actor's to read; the read is audited."""
    with transaction.atomic():
        product = get_in_clinics_or_404(access_products(actor, capability), id=product_id)
        audit_record(
            actor=actor,
            action=Action.READ,
            target=target or f"product {product.id}",
            clinic_id=product.clinic_id,
        )
    return product


def access_lots(actor: Actor, capability: Capability = Capability.CLINICAL) -> models.QuerySet[Lot]:
    """Lots of the actor's clinics. Not audited on its own: callers audit the read."""
    lots = Lot.objects.select_related("product", "clinic", "received_by", "recalled_by")
    return scoped(lots, actor, capability)


def access_lot(
    actor: Actor,
    lot_id: int,
    capability: Capability = Capability.CLINICAL,
    target: str = "",
) -> Lot:
    """One lot, or 404 when it is not the actor's to read; the read is audited."""
    with transaction.atomic():
        lot = get_in_clinics_or_404(access_lots(actor, capability), id=lot_id)
        audit_record(
            actor=actor,
            action=Action.READ,
            target=target or f"lot {lot.id}",
            clinic_id=lot.clinic_id,
        )
    return lot


def usable_lots(actor: Actor, product: Product, day: date) -> models.QuerySet[Lot]:
    """Lots of the product that may be used on `day`: not expired, not recalled, with
    stock left; the soonest expiry first, so stock is used before it expires. Not audited
    on its own: the charting page that offers them audits its read."""
    return (
        access_lots(actor)
        .filter(
            product_id=product.id,
            expiry_date__gte=day,
            recalled_at__isnull=True,
            on_hand_ml__gt=0,
        )
        .order_by("expiry_date", "received_on", "id")
    )


def formulary_clinics(actor: Actor) -> models.QuerySet[Clinic]:
    """The clinics whose formulary this actor reads (by name, for a chooser)."""
    return access_clinics(actor, Capability.CLINICAL).order_by("name")


def access_formulary_clinic(
    actor: Actor, clinic_id: int, capability: Capability, target: str
) -> Clinic:
    """One clinic for a formulary page (e.g. the new-product form), the read audited."""
    with transaction.atomic():
        clinic = access_clinic(actor, clinic_id, capability)
        audit_record(actor=actor, action=Action.READ, target=target, clinic_id=clinic.id)
    return clinic


def can_manage(actor: Actor, clinic_id: int) -> bool:
    """Whether the actor changes products and limits and adjusts stock at this clinic."""
    return Capability.SETUP in capabilities_at(actor, clinic_id)


def lot_facts(lot: Lot) -> LotFacts:
    return LotFacts(
        lot_number=lot.lot_number,
        expiry_date=lot.expiry_date,
        on_hand_ml=lot.on_hand_ml,
        recalled=lot.recalled_at is not None,
        recall_reason=lot.recall_reason,
    )


@dataclass(frozen=True)
class LotRow:
    """A lot as the pages show it on a given day."""

    lot: Lot
    status: str  # recalled, expired, empty or usable
    days_to_expiry: int
    unusable_reason: str | None

    @property
    def usable(self) -> bool:
        return self.status == "usable"

    @property
    def days_since_expiry(self) -> int:
        return -self.days_to_expiry


def lot_row(lot: Lot, day: date) -> LotRow:
    if lot.recalled_at is not None:
        status = "recalled"
    elif is_expired(lot.expiry_date, day):
        status = "expired"
    elif lot.on_hand_ml <= 0:
        status = "empty"
    else:
        status = "usable"
    return LotRow(
        lot=lot,
        status=status,
        days_to_expiry=days_to_expiry(lot.expiry_date, day),
        unusable_reason=lot_unusable_reason(lot_facts(lot), day),
    )


@dataclass(frozen=True)
class ProductStock:
    product: Product
    lots: list[LotRow]

    @property
    def usable_ml(self) -> Decimal:
        """Stock that may be charted today: in-date, not recalled."""
        return sum((row.lot.on_hand_ml for row in self.lots if row.usable), ZERO_ML)

    @property
    def on_hand_ml(self) -> Decimal:
        """All stock held, usable or not (expired or recalled stock waits to be disposed of)."""
        return sum((row.lot.on_hand_ml for row in self.lots), ZERO_ML)


def _stock(products: list[Product], day: date) -> list[ProductStock]:
    return [
        ProductStock(product=product, lots=[lot_row(lot, day) for lot in product.lots.all()])
        for product in products
    ]


@dataclass(frozen=True)
class Formulary:
    clinic: Clinic
    today: date
    products: list[ProductStock]
    can_manage: bool

    @property
    def without_limit(self) -> list[Product]:
        """Products in use that cannot be charted until an admin sets their limit."""
        return [
            stock.product
            for stock in self.products
            if stock.product.active and stock.product.session_limit_ml is None
        ]


def access_formulary(actor: Actor, clinic_id: int) -> Formulary:
    """A clinic's products with their stock today, read once and audited."""
    with transaction.atomic():
        clinic = access_clinic(actor, clinic_id, Capability.CLINICAL)
        products = list(
            access_products(actor)
            .filter(clinic=clinic)
            .prefetch_related(Prefetch("lots", Lot.objects.order_by("expiry_date", "id")))
            .order_by("-active", "name", "id")
        )
        audit_record(actor=actor, action=Action.READ, target="formulary", clinic_id=clinic.id)
    today = clinic_today(clinic)
    return Formulary(
        clinic=clinic,
        today=today,
        products=_stock(products, today),
        can_manage=can_manage(actor, clinic.id),
    )


@dataclass(frozen=True)
class ProductDetail:
    stock: ProductStock
    limit_changes: list[SessionLimitChange]
    today: date
    can_manage: bool

    @property
    def product(self) -> Product:
        return self.stock.product


def access_product_detail(actor: Actor, product_id: int) -> ProductDetail:
    """One product with its lots (soonest expiry first) and its limit history, audited."""
    with transaction.atomic():
        product = get_in_clinics_or_404(
            access_products(actor).prefetch_related(
                Prefetch(
                    "lots",
                    Lot.objects.select_related("recalled_by").order_by("expiry_date", "id"),
                ),
                Prefetch("limit_changes", SessionLimitChange.objects.select_related("author")),
            ),
            id=product_id,
        )
        audit_record(
            actor=actor,
            action=Action.READ,
            target=f"product {product.id}",
            clinic_id=product.clinic_id,
        )
    today = clinic_today(product.clinic)
    return ProductDetail(
        stock=_stock([product], today)[0],
        limit_changes=list(product.limit_changes.all()),
        today=today,
        can_manage=can_manage(actor, product.clinic_id),
    )
