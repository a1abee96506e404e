"""The reassessment form: one block per area and side of the course's baseline, already
there (not chosen again), each measured at the baseline's landmark, which is shown and
not typed. Scores are not copied from the baseline: a reassessment records what is seen
now, and a form that starts from the old scores invites leaving them unchanged. The
baseline's values are shown beside each block for reference instead.

As with the assessment form, the form only collects; the domain checks, and each error
goes beside the field it names.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django import forms

from mesoclinic.assessments.forms import FORM_FIELD, AreaScoreForm, patient_rating_fields
from mesoclinic.assessments.models import Assessment
from mesoclinic.assessments.presenters import AreaView
from mesoclinic.domain.assessment import AreaEntry
from mesoclinic.domain.errors import DomainError
from mesoclinic.web.dates import DayField


class ReassessmentForm(forms.Form):
    assessed_on = DayField(label="Date assessed", widget=forms.DateInput(attrs={"type": "date"}))
    weight_kg = forms.DecimalField(
        label="Weight (kg)", required=False, max_digits=4, decimal_places=1
    )
    notes = forms.CharField(
        label="Notes", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(patient_rating_fields())


class ReassessAreaForm(AreaScoreForm):
    """An area block without the landmark: it is the baseline's."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["landmark"]
        self.fields["gais"].label = "Clinician's GAIS against the baseline"


@dataclass
class ReassessBlock:
    baseline: AreaView
    form: ReassessAreaForm

    @property
    def label(self) -> str:
        return self.baseline.label

    @property
    def landmark(self) -> str:
        return self.baseline.row.landmark


class ReassessmentEditor:
    """The visit's details and one block per baseline area, validated together."""

    def __init__(
        self,
        data: Mapping[str, Any] | None,
        *,
        baseline: Assessment,
        baseline_areas: list[AreaView],
        initial: Mapping[str, Any],
    ) -> None:
        self.baseline = baseline
        self.details = ReassessmentForm(data, initial=dict(initial))
        self.blocks = [
            ReassessBlock(view, ReassessAreaForm(data, prefix=f"{view.row.area}-{view.row.side}"))
            for view in baseline_areas
        ]
        self._given: list[ReassessBlock] = []
        self.non_field_errors: list[str] = []

    def is_valid(self) -> bool:
        valid = self.details.is_valid()
        valid = all([block.form.is_valid() for block in self.blocks]) and valid
        # A block left blank is left out, so that the service names it as missing.
        self._given = [b for b in self.blocks if b.form.is_valid() and not b.form.is_blank()]
        self._entries: list[AreaEntry] = []
        if valid:
            try:
                self._entries = [self._entry(block) for block in self._given]
            except DomainError:
                valid = False
        return valid

    def _entry(self, block: ReassessBlock) -> AreaEntry:
        data = block.form.cleaned_data
        try:
            findings = block.form.findings()
        except DomainError as error:
            block.form.add_error(error.field, error.message)
            raise
        return AreaEntry(
            area=block.baseline.row.area,
            side=block.baseline.row.side or None,
            nm_grade=data["nm_grade"],
            findings=findings,
            css_items=(data["css_a"], data["css_b"], data["css_c"], data["css_d"], None),
            circumference_cm=data["circumference_cm"],
            gais=data["gais"],
        )

    @property
    def entries(self) -> list[AreaEntry]:
        return self._entries

    @property
    def values(self) -> dict[str, Any]:
        return dict(self.details.cleaned_data)

    def add_domain_error(self, error: DomainError) -> None:
        parts = error.field.split(".", 2)
        if parts[0] == "areas" and len(parts) == 3 and parts[1].isdigit():
            index = int(parts[1])
            if index < len(self._given):
                form = self._given[index].form
                field = FORM_FIELD.get(parts[2], parts[2])
                form.add_error(field if field in form.fields else None, error.message)
                return
        if error.field in self.details.fields:
            self.details.add_error(error.field, error.message)
            return
        self.non_field_errors.append(error.message)
