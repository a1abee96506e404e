"""Formulary forms. They check the shape of what was typed; the services decide what is
allowed and say why beside the field."""

from decimal import Decimal
from typing import Any

from django import forms

from mesoclinic.domain.stock import MECHANISM_LABELS
from mesoclinic.formulary.models import Unit
from mesoclinic.pages.dates import DayField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _ml_field(label: str, *, required: bool = True, signed: bool = False) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=7,
        decimal_places=2,
        min_value=None if signed else Decimal("0.01"),
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )


class ProductForm(forms.Form):
    name = forms.CharField(label="Product name", max_length=200)
    description = forms.CharField(
        label="Description (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    ingredients = forms.CharField(
        label="Ingredients, one per line, as the label gives them",
        max_length=6000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    mechanisms = forms.MultipleChoiceField(
        label="Intended to act on (optional)",
        required=False,
        choices=[(key.value, label) for key, label in MECHANISM_LABELS.items()],
        widget=forms.CheckboxSelectMultiple,
    )
    form = forms.CharField(
        label="Form (e.g. solution for injection)", max_length=100, initial="solution for injection"
    )
    concentration = forms.CharField(
        label="Concentration (e.g. 250 mg/5 mL, optional)", required=False, max_length=100
    )
    unit = forms.ChoiceField(label="Supplied as", choices=Unit.choices)
    volume_per_unit_ml = _ml_field("Volume per unit (mL)")

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            self.fields["active"] = forms.BooleanField(
                label="In use at this clinic (out of use: it cannot be charted or received)",
                required=False,
            )

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        fields = {
            "name": data["name"],
            "description": data["description"],
            "ingredients": data["ingredients"].splitlines(),
            "mechanisms": data["mechanisms"],
            "form": data["form"],
            "concentration": data["concentration"],
            "unit": data["unit"],
            "volume_per_unit_ml": data["volume_per_unit_ml"],
        }
        if "active" in self.fields:
            fields["active"] = data["active"]
        return fields


class SessionLimitForm(forms.Form):
    limit_ml = _ml_field(
        "Maximum per session (mL); empty: no limit, so not chartable", required=False
    )
    basis = forms.CharField(
        label="Basis for this limit (who decided it, from what)", max_length=300
    )


class LotReceiveForm(forms.Form):
    lot_number = forms.CharField(label="Lot number", max_length=60)
    expiry_date = DayField(label="Expiry date", widget=DATE)
    supplier = forms.CharField(label="Supplier", max_length=200)
    quantity_units = forms.IntegerField(label="Units received", min_value=1, max_value=10_000)
    received_on = DayField(label="Date received", widget=DATE)
    reference = forms.CharField(
        label="Delivery note or order number (optional)", required=False, max_length=100
    )


WASTED = "wasted"
ADJUSTED = "adjusted"


class MovementForm(forms.Form):
    volume_ml = _ml_field("Volume (mL): for an adjustment, negative removes stock", signed=True)
    reason = forms.CharField(label="Why", max_length=300)
    reference = forms.CharField(label="Reference (optional)", required=False, max_length=100)

    def __init__(self, *args: Any, can_adjust: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(WASTED, "Wasted: thrown away (expired, dropped, opened and not used)")]
        if can_adjust:
            choices.append((ADJUSTED, "Adjusted: corrected after a stock count"))
        else:
            self.fields["volume_ml"].label = "Volume thrown away (mL)"
        self.fields["kind"] = forms.ChoiceField(
            label="What happened", widget=forms.RadioSelect, choices=choices, initial=WASTED
        )
        self.order_fields(["kind", "volume_ml", "reason", "reference"])


class RecallForm(forms.Form):
    reason = forms.CharField(label="Reason (the recall notice, or what was found)", max_length=300)
    confirm = forms.BooleanField(
        label="I confirm: from now on no session can use this lot. A recall cannot be undone.",
        error_messages={"required": "Tick to confirm the recall."},
    )
