"""The reassessment form: one block per area and side of the course's baseline, already
there (not chosen again), each measured at the baseline's landmark, which is shown and
not typed. Scores are not copied from the baseline: a reassessment records what is seen
now, and a form that starts from the old scores invites leaving them unchanged. The
baseline's values are shown beside each block for reference instead.

As with the assessment form, the form only collects; the domain checks, and each error
goes beside the field it names.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms

from mesoclinic.assessments.forms import FORM_FIELD, AreaScoreForm, patient_rating_fields
from mesoclinic.assessments.models import Assessment
from mesoclinic.assessments.presenters import AreaView
from mesoclinic.domain.assessment import AreaEntry
from mesoclinic.domain.errors import DomainError, problems_of
from mesoclinic.domain.grading import ExamFindings
from mesoclinic.pages.dates import DayField
from mesoclinic.pages.form_errors import add_refusal

# Said in the label itself (text, not colour), so every field says whether it must be given.
REQUIRED = " (required)"
OPTIONAL = " (optional)"


def _plain(label: Any) -> str:
    return str(label).removesuffix(REQUIRED).removesuffix(OPTIONAL)


class ReassessmentForm(forms.Form):
    assessed_on = DayField(
        label="Date assessed" + REQUIRED, widget=forms.DateInput(attrs={"type": "date"})
    )
    weight_kg = forms.DecimalField(
        label="Weight (kg)" + OPTIONAL, required=False, max_digits=4, decimal_places=1
    )
    notes = forms.CharField(
        label="Notes" + OPTIONAL,
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(patient_rating_fields())
        for name in ("patient_satisfaction", "patient_gais"):
            self.fields[name].label = f"{self.fields[name].label}{OPTIONAL}"


class ReassessAreaForm(AreaScoreForm):
    """An area block without the landmark: it is the baseline's."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["landmark"]
        self.fields["nm_grade"].label = f"{self.fields['nm_grade'].label}{REQUIRED}"
        self.fields["nm_grade"].help_text = "Or answer the three findings, which give it."
        self.fields["gais"].label = "Clinician's GAIS against the baseline" + REQUIRED
        self.fields["circumference_cm"].label = "Circumference (cm)" + OPTIONAL


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


@dataclass(frozen=True)
class SummaryLine:
    """One error in the summary at the top, linking to its field (`anchor` "" for one
    about the whole form)."""

    anchor: str
    text: str


class ReassessmentEditor:
    """The visit's details and one block per baseline area, validated together. Every
    block is passed on, a blank one too, so the service names what each block lacks."""

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
        self._entries: list[AreaEntry] = []
        self.non_field_errors: list[str] = []

    def is_valid(self) -> bool:
        """The form's own checks (what could be read). The entries and values are built
        either way, from what could be read, for the service to check the rest."""
        valid = self.details.is_valid()
        valid = all([block.form.is_valid() for block in self.blocks]) and valid
        self._entries = []
        for block in self.blocks:
            try:
                findings = block.form.findings()
            except DomainError as error:
                block.form.add_error(error.field, error.message)
                findings, valid = None, False
            self._entries.append(self._entry(block, findings))
        return valid

    def _entry(self, block: ReassessBlock, findings: ExamFindings | None) -> AreaEntry:
        data = block.form.cleaned_data
        return AreaEntry(
            area=block.baseline.row.area,
            side=block.baseline.row.side or None,
            nm_grade=data.get("nm_grade"),
            findings=findings,
            css_items=(
                data.get("css_a"),
                data.get("css_b"),
                data.get("css_c"),
                data.get("css_d"),
                None,
            ),
            circumference_cm=data.get("circumference_cm"),
            gais=data.get("gais"),
        )

    @property
    def entries(self) -> list[AreaEntry]:
        return self._entries

    @property
    def values(self) -> dict[str, Any]:
        """The visit's values that could be read; one that could not is None (not checked
        again by the service: the form already said what is wrong with it)."""
        data = self.details.cleaned_data
        return {
            "assessed_on": data.get("assessed_on"),
            "weight_kg": data.get("weight_kg"),
            "notes": data.get("notes") or "",
            "patient_satisfaction": data.get("patient_satisfaction"),
            "patient_gais": data.get("patient_gais"),
        }

    def add_domain_error(self, error: DomainError) -> None:
        self.add_problems(problems_of(error))

    def add_problems(self, problems: Iterable[DomainError]) -> None:
        """Each problem beside the field it names, or above the form. A field the form
        refused keeps its own message: the service did not see what was typed there."""
        refused = {(id(form), field) for form in self._forms() for field in form.errors}
        for problem in problems:
            form, field = self._place(problem.field)
            if form is None:
                if problem.message not in self.non_field_errors:
                    self.non_field_errors.append(problem.message)
            elif (id(form), field) not in refused:
                add_refusal(form, field, problem.message)

    def _place(self, field: str) -> tuple[forms.Form | None, str | None]:
        parts = field.split(".", 2)
        if parts[0] == "areas" and len(parts) == 3 and parts[1].isdigit():
            index = int(parts[1])
            if index < len(self.blocks):
                name = FORM_FIELD.get(parts[2], parts[2])
                return self.blocks[index].form, name
        if field in self.details.fields:
            return self.details, field
        return None, None

    def _forms(self) -> list[forms.Form]:
        return [self.details, *(block.form for block in self.blocks)]

    @property
    def summary(self) -> list[SummaryLine]:
        """Every error, in the order of the page, each linking to its field."""
        lines = [SummaryLine("", message) for message in self.non_field_errors]
        lines += [SummaryLine("", str(m)) for m in self.details.non_field_errors()]
        lines += _field_lines(self.details, "")
        for block in self.blocks:
            lines += [SummaryLine("", f"{block.label}: {m}") for m in block.form.non_field_errors()]
            lines += _field_lines(block.form, f"{block.label}, ")
        return lines


def _field_lines(form: forms.Form, where: str) -> list[SummaryLine]:
    return [
        SummaryLine(f"#{form[name].auto_id}", f"{where}{_plain(form[name].label)}: {message}")
        for name in form.fields
        for message in form.errors.get(name, [])
    ]
