"""A clinic's formulary: the products it injects, the lots it holds and every change to
their stock. Stock is kept in mL on the lot and every change is a movement row written in
the same transaction, so the stock on hand is always the sum of the lot's movements."""

from django.conf import settings
from django.db import models

from mesoclinic.clinics.models import Clinic
from mesoclinic.domain.stock import MovementKind
from mesoclinic.records import AppendOnlyManager, WriteOnce


class Unit(models.TextChoices):
    VIAL = "vial", "Vial"
    AMPOULE = "ampoule", "Ampoule"
    SYRINGE = "syringe", "Pre-filled syringe"


# Volumes are in mL, to a hundredth, up to 99999.99 (MAX_ML in the domain).


class Product(models.Model):
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="products")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    # Ingredient names as the label gives them, in label order.
    ingredients = models.JSONField(default=list)
    # Values of `mesoclinic.domain.stock.Mechanism`.
    mechanisms = models.JSONField(default=list)
    form = models.CharField(max_length=100)
    concentration = models.CharField(max_length=100, blank=True)
    unit = models.CharField(max_length=20, choices=Unit.choices)
    volume_per_unit_ml = models.DecimalField(max_digits=7, decimal_places=2)
    # The clinic's own maximum per session; none means the product cannot be charted.
    session_limit_ml = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    session_limit_basis = models.CharField(max_length=300, blank=True)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["clinic", "name"], name="product_name_unique_in_clinic"
            ),
            models.CheckConstraint(
                condition=models.Q(volume_per_unit_ml__gt=0), name="product_unit_volume_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(session_limit_ml__isnull=True)
                | models.Q(session_limit_ml__gt=0),
                name="product_session_limit_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class History(WriteOnce):
    """A history row: inserted once, never changed or deleted, one by one or in bulk."""

    objects = AppendOnlyManager()

    class Meta:
        abstract = True


class SessionLimitChange(History):
    """Each time an admin sets or clears a product's per-session limit, and why."""

    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="limit_changes")
    limit_ml = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    basis = models.CharField(max_length=300, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]


class Lot(models.Model):
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="lots")
    # Copied from the product so every read is scoped by clinic in one indexed filter.
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    lot_number = models.CharField(max_length=60)
    expiry_date = models.DateField()
    supplier = models.CharField(max_length=200)
    quantity_received_units = models.PositiveIntegerField()
    received_ml = models.DecimalField(max_digits=7, decimal_places=2)
    received_on = models.DateField()
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # The sum of the lot's movements, changed only by the stock services under a row lock.
    on_hand_ml = models.DecimalField(max_digits=7, decimal_places=2)
    recalled_at = models.DateTimeField(null=True, blank=True)
    recalled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recall_reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["expiry_date", "id"]
        indexes = [models.Index(fields=["clinic", "product", "expiry_date"])]
        constraints = [
            models.UniqueConstraint(
                fields=["product", "lot_number"], name="lot_number_unique_per_product"
            ),
            models.CheckConstraint(
                condition=models.Q(on_hand_ml__gte=0), name="lot_stock_never_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(quantity_received_units__gt=0),
                name="lot_received_some_units",
            ),
        ]

    def __str__(self) -> str:
        return f"lot {self.lot_number}"

    @property
    def recalled(self) -> bool:
        return self.recalled_at is not None


class StockMovement(History):
    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="movements")
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(
        max_length=20, choices=[(kind.value, kind.value.capitalize()) for kind in MovementKind]
    )
    # Signed: received adds, used and wasted take away, an adjustment does either.
    quantity_ml = models.DecimalField(max_digits=7, decimal_places=2)
    balance_after_ml = models.DecimalField(max_digits=7, decimal_places=2)
    reason = models.CharField(max_length=300, blank=True)
    # What the movement belongs to, e.g. "chart 12" or a delivery note number.
    reference = models.CharField(max_length=100, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["lot", "at"]), models.Index(fields=["clinic", "at"])]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind=MovementKind.RECEIVED, quantity_ml__gt=0)
                    | models.Q(kind__in=[MovementKind.USED, MovementKind.WASTED], quantity_ml__lt=0)
                    | (models.Q(kind=MovementKind.ADJUSTED) & ~models.Q(quantity_ml=0))
                ),
                name="movement_sign_matches_kind",
            ),
            models.CheckConstraint(
                condition=models.Q(balance_after_ml__gte=0),
                name="movement_balance_never_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.quantity_ml} mL"
