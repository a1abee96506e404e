"""The course-estimator form. Ranges and rules come from the domain; the form only
collects values and puts each domain error beside the field it concerns."""

from datetime import date
from typing import Any, cast

from django import forms

from mesoclinic.domain.errors import DomainError
from mesoclinic.domain.estimate import EXPECTATIONS, PlanRequest
from mesoclinic.domain.grading import CSSScore
from mesoclinic.domain.protocol import Protocol
from mesoclinic.pages.dates import DayField
from mesoclinic.planning.inputs import plan_request_from

GRADE_CHOICES = [
    (0, "0: no dimples, even on pinch"),
    (1, "1: dimples only on pinch"),
    (2, "2: visible standing, not lying"),
    (3, "3: visible standing and lying"),
]
CSS_ITEM_FIELDS = {"A": "css_a", "B": "css_b", "C": "css_c", "D": "css_d"}
CSS_ITEM_LABELS = {
    "A": "A: number of evident depressions",
    "B": "B: depth of depressions",
    "C": "C: morphological appearance of the skin surface",
    "D": "D: laxity, flaccidity or sagging",
}
# Domain error fields that have no field of their own on this form.
FIELD_FOR_DOMAIN_FIELD = {"css": "css_total", "css.E": "grade", "side": "areas", "area": "areas"}


def _css_item_field(item: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=CSS_ITEM_LABELS[item],
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "not scored"), *((n, str(n)) for n in range(4))],
    )


class EstimateForm(forms.Form):
    grade = forms.TypedChoiceField(
        label="Nürnberger–Müller grade", choices=GRADE_CHOICES, coerce=int
    )
    css_a = _css_item_field("A")
    css_b = _css_item_field("B")
    css_c = _css_item_field("C")
    css_d = _css_item_field("D")
    css_total = forms.IntegerField(label="or CSS total (0–15)", required=False)
    areas = forms.MultipleChoiceField(
        label="Areas", required=False, widget=forms.CheckboxSelectMultiple
    )
    cadence = forms.ChoiceField(label="Cadence", widget=forms.RadioSelect)
    expectation = forms.ChoiceField(
        label="Patient's expectation",
        widget=forms.RadioSelect,
        choices=[(e, e.capitalize()) for e in EXPECTATIONS],
    )
    lifestyle = forms.BooleanField(label="Follows an exercise and diet programme", required=False)
    start = DayField(label="First session", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, protocol: Protocol, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.protocol = protocol
        self.plan_request: PlanRequest | None = None
        areas = cast(forms.ChoiceField, self.fields["areas"])
        cadence = cast(forms.ChoiceField, self.fields["cadence"])
        areas.choices = [(a.key, a.label) for a in protocol.body_areas]
        cadence.choices = [
            (name, f"{name.capitalize()} (every {days} days)")
            for name, days in protocol.cadences.items()
        ]

    @staticmethod
    def defaults(protocol: Protocol, today: date) -> dict[str, Any]:
        return {
            "grade": 2,
            "areas": [protocol.body_areas[0].key],
            "cadence": "weekly",
            "expectation": "modest",
            "start": today.isoformat(),
        }

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        if self.errors:
            return data
        try:
            self.plan_request = plan_request_from(
                protocol=self.protocol,
                grade=data["grade"],
                start=data["start"],
                css=self._css_score(data),
                css_total=data.get("css_total"),
                areas=data.get("areas") or [],
                cadence=data["cadence"],
                expectation=data["expectation"],
                lifestyle=data.get("lifestyle", False),
            )
        except DomainError as error:
            field = FIELD_FOR_DOMAIN_FIELD.get(error.field, error.field.replace(".", "_").lower())
            self.add_error(field if field in self.fields else None, error.message)
        return data

    def computed_from(self) -> str:
        """The values of a valid form in words, shown with the estimate made from them."""
        data = self.cleaned_data
        items = [data.get(name) for name in CSS_ITEM_FIELDS.values()]
        if all(score is not None for score in items):
            pairs = zip(CSS_ITEM_FIELDS, items, strict=True)
            scores = ", ".join(f"{item} {score}" for item, score in pairs)
            css = f"CSS items {scores}"
        elif data.get("css_total") is not None:
            css = f"CSS total {data['css_total']}"
        else:
            css = "no CSS"
        labels = {area.key: area.label for area in self.protocol.body_areas}
        # No area ticked: the estimate is for the protocol's first, most treated area.
        keys = data.get("areas") or [self.protocol.body_areas[0].key]
        areas = [labels[key] for key in keys]
        programme = "with" if data.get("lifestyle") else "without"
        return (
            f"grade {data['grade']}, {css}, {' and '.join(areas)}, {data['cadence']} cadence, "
            f"{data['expectation']} expectation, {programme} an exercise and diet programme, "
            f"first session {data['start'].isoformat()}"
        )

    @staticmethod
    def _css_score(data: dict[str, Any]) -> CSSScore | None:
        given = [data.get(name) for name in CSS_ITEM_FIELDS.values()]
        scores: list[int] = [score for score in given if score is not None]
        if not scores:
            return None
        if len(scores) < len(CSS_ITEM_FIELDS):
            raise DomainError("css.A", "Score all four CSS items A–D, or none of them.")
        a, b, c, d = scores
        # Item E of the Hexsel scale is the NM grade itself, so it is never typed twice.
        return CSSScore(a=a, b=b, c=c, d=d, e=data["grade"])
