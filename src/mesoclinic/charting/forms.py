"""The chart form: it only collects values; every rule is checked by the service, and
each refusal is put beside the field or product row it concerns."""

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms

from mesoclinic.assessments.forms import consent_of_use_field
from mesoclinic.assessments.models import Pose
from mesoclinic.charting.entered_in_error import REASON_MAX, REASON_MISSING
from mesoclinic.charting.models import Technique
from mesoclinic.charting.recheck import recheck_items
from mesoclinic.charting.services import Application, ChartEntry
from mesoclinic.domain.charting import AreaTreated, ChartProblem
from mesoclinic.domain.protocol import Protocol
from mesoclinic.formulary.models import Lot
from mesoclinic.pages.dates import DayField
from mesoclinic.planning.inputs import parse_area

PRODUCT_ROWS = 4
YES_NO = [("no", "No"), ("yes", "Yes")]
# The field of a product row that each kind of guard refusal belongs to.
ROW_FIELD = {"lot": "lot", "product": "lot", "volume": "volume"}
# Refusals about the chart as a whole that have a field of their own on the form.
CHART_FIELDS = ("areas", "performed_on", "checked_in")


def area_choices(protocol: Protocol) -> list[tuple[str, str]]:
    choices = []
    for area in protocol.body_areas:
        if area.sides:
            choices += [(f"{area.key}:{side}", f"{area.label}, {side}") for side in area.sides]
        else:
            choices.append((area.key, area.label))
    return choices


def lot_label(lot: Lot, today: date) -> str:
    warning = " (RECALLED)" if lot.recalled else " (EXPIRED)" if lot.expiry_date < today else ""
    return (
        f"{lot.product.name}: lot {lot.lot_number}{warning}, expires "
        f"{lot.expiry_date.isoformat()}, {lot.on_hand_ml.normalize():f} mL left"
    )


class ChartDetailsForm(forms.Form):
    """What was done at the session, as charted and as amended."""

    technique = forms.ChoiceField(label="Technique", choices=Technique.choices)
    # The bounds on depth, needle and duration catch typing slips (a misplaced decimal
    # point); they are wider than any published technique and are not clinical limits.
    depth_mm = forms.DecimalField(
        label="Depth (mm)", min_value=Decimal("0.5"), max_value=Decimal(20), decimal_places=1
    )
    needle_gauge = forms.IntegerField(label="Needle gauge (G)", min_value=18, max_value=34)
    needle_length_mm = forms.DecimalField(
        label="Needle length (mm)", min_value=Decimal(1), max_value=Decimal(50), decimal_places=1
    )
    duration_minutes = forms.IntegerField(label="Duration (minutes)", min_value=1, max_value=240)
    notes = forms.CharField(
        label="Notes", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ChartForm(ChartDetailsForm):
    checked_in = forms.TimeField(
        label="Checked in at", required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    performed_on = DayField(
        label="Date of the session", widget=forms.DateInput(attrs={"type": "date"})
    )
    recheck_reason = forms.CharField(
        label="Reason to go ahead despite a caution (re-check or open adverse event)",
        required=False,
        max_length=300,
    )
    areas = forms.MultipleChoiceField(label="Areas treated", widget=forms.CheckboxSelectMultiple)
    interval_override_reason = forms.CharField(
        label="Reason to treat an area sooner than the minimum interval",
        required=False,
        max_length=300,
    )

    def __init__(
        self, *args: Any, protocol: Protocol, lots: list[Lot], today: date, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.recheck_keys = []
        for key, label, level in recheck_items(protocol):
            name = f"recheck_{key}"
            self.fields[name] = forms.ChoiceField(
                label=f"Since the last visit: {label}" + (" (stop)" if level == "stop" else ""),
                choices=YES_NO,
                widget=forms.RadioSelect,
            )
            self.recheck_keys.append((key, name))
        areas = self.fields["areas"]
        assert isinstance(areas, forms.MultipleChoiceField)  # noqa: S101 - narrows the type
        areas.choices = area_choices(protocol)
        lot_choices = [("", "—")] + [(str(lot.id), lot_label(lot, today)) for lot in lots]
        for row in range(PRODUCT_ROWS):
            self.fields[f"lot_{row}"] = forms.ChoiceField(
                label=f"Product and lot {row + 1}", choices=lot_choices, required=False
            )
            self.fields[f"volume_{row}"] = forms.DecimalField(
                label=f"Volume {row + 1} (mL)",
                required=False,
                min_value=Decimal("0.01"),
                max_value=Decimal(1000),
                decimal_places=2,
            )

    def product_rows(self) -> list[tuple[int, forms.BoundField, forms.BoundField, bool]]:
        """Each product row with whether it is at fault, so the page marks the row."""
        return [
            (
                row + 1,
                self[f"lot_{row}"],
                self[f"volume_{row}"],
                bool(self[f"lot_{row}"].errors or self[f"volume_{row}"].errors),
            )
            for row in range(PRODUCT_ROWS)
        ]

    def recheck_fields(self) -> list[forms.BoundField]:
        return [self[name] for _, name in self.recheck_keys]

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        for row in range(PRODUCT_ROWS):
            lot, volume = data.get(f"lot_{row}"), data.get(f"volume_{row}")
            if lot and volume is None:
                self.add_error(f"volume_{row}", "Give the volume in mL for this lot.")
            if volume is not None and not lot:
                self.add_error(f"lot_{row}", "Choose the lot this volume came from.")
        return data

    def application_rows(self) -> list[int]:
        """The product rows that make up the applications, in the applications' order."""
        data = self.cleaned_data
        return [
            row
            for row in range(PRODUCT_ROWS)
            if data.get(f"lot_{row}") and data.get(f"volume_{row}") is not None
        ]

    def _applications(self) -> list[Application]:
        data = self.cleaned_data
        return [
            Application(int(data[f"lot_{row}"]), data[f"volume_{row}"])
            for row in self.application_rows()
        ]

    def entry(self) -> ChartEntry:
        data = self.cleaned_data
        return ChartEntry(
            performed_on=data["performed_on"],
            checked_in=data.get("checked_in"),
            areas=[AreaTreated(*parse_area(spec)) for spec in data["areas"]],
            applications=self._applications(),
            technique=data["technique"],
            depth_mm=data["depth_mm"],
            needle_gauge=data["needle_gauge"],
            needle_length_mm=data["needle_length_mm"],
            duration_minutes=data["duration_minutes"],
            recheck={key: data[name] == "yes" for key, name in self.recheck_keys},
            recheck_reason=data.get("recheck_reason", ""),
            interval_override_reason=data.get("interval_override_reason", ""),
            notes=data.get("notes", ""),
        )

    def guard_inputs(self) -> dict[str, Any] | None:
        """What the chart's guards need, from the fields that are valid, so a submit with
        mistakes still shows every refusal of the guards; None without a valid date. A
        field in error is left out (a re-check not answered counts as "no"): the form
        already says what is wrong with it."""
        data = self.cleaned_data
        if "performed_on" not in data:
            return None
        return {
            "performed_on": data["performed_on"],
            "checked_in": data.get("checked_in"),
            "areas": [AreaTreated(*parse_area(spec)) for spec in data.get("areas") or []],
            "applications": self._applications(),
            "recheck": {key: data.get(name) == "yes" for key, name in self.recheck_keys},
            "recheck_reason": data.get("recheck_reason", ""),
            "interval_override_reason": data.get("interval_override_reason", ""),
        }

    def problem_places(self, problem: ChartProblem) -> list[str | None]:
        """The fields a guard's refusal goes beside: the rows of the products at fault, a
        field of the chart, or above the form (None) for the patient's stops."""
        if problem.field in ROW_FIELD:
            rows = self.application_rows()
            at_fault = [rows[use] for use in problem.uses] or [0]
            return [f"{ROW_FIELD[problem.field]}_{row}" for row in at_fault]
        return [problem.field if problem.field in CHART_FIELDS else None]


class AftercareForm(forms.Form):
    body = forms.CharField(
        label="Aftercare text given to patients after each session",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 18}),
    )


class AmendForm(ChartDetailsForm):
    reason = forms.CharField(label="Why is this chart corrected?", max_length=300)


class EnteredInErrorForm(forms.Form):
    reason = forms.CharField(
        label="Why was this chart entered in error?",
        max_length=REASON_MAX,
        error_messages={"required": REASON_MISSING},
    )


class SessionPhotoForm(forms.Form):
    pose = forms.ChoiceField(label="Pose", choices=Pose.choices)
    photo = forms.FileField(
        label="Photo",
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )
    uses = consent_of_use_field()
