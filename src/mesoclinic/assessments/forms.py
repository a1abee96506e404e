"""The assessment form: the visit's details and one block per body area and side.

The form only collects values. The domain checks them and computes the grade; each error
it raises is put beside the field it names, in the block of the area it concerns.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django import forms

from mesoclinic.assessments.models import AreaScore, Assessment, AssessmentKind, PhotoUse, Pose
from mesoclinic.domain.assessment import GAIS_SCORES, LANDMARK_MAX_LENGTH, AreaEntry
from mesoclinic.domain.errors import DomainError, problems_of
from mesoclinic.domain.grading import ExamFindings
from mesoclinic.domain.protocol import Protocol
from mesoclinic.domain.reassessment_areas import SATISFACTION_SCORES
from mesoclinic.pages.dates import DayField

GRADE_CHOICES = [
    ("", "not graded"),
    (0, "0: no dimples, even on pinch"),
    (1, "1: dimples only on pinch"),
    (2, "2: visible standing, not lying"),
    (3, "3: visible standing and lying"),
]
YES_NO = [("", "not recorded"), ("yes", "Yes"), ("no", "No")]
CSS_LABELS = {
    "css_a": "CSS A: number of depressions",
    "css_b": "CSS B: depth of depressions",
    "css_c": "CSS C: surface appearance",
    "css_d": "CSS D: laxity or sagging",
}
FINDING_FIELDS = ("dimpling_on_pinch", "visible_standing", "visible_lying")
# Domain error fields that are named differently on the form.
FORM_FIELD = {f"css.{item}": f"css_{item.lower()}" for item in "ABCDE"}


def _yes_no(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        required=False,
        coerce=lambda value: value == "yes",
        empty_value=None,
    )


def _score(label: str, choices: list[tuple[Any, str]]) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label, choices=choices, required=False, coerce=int, empty_value=None
    )


def _scale(scale: dict[int, str], empty: str) -> list[tuple[Any, str]]:
    return [("", empty), *((score, f"{score}: {words}") for score, words in scale.items())]


def patient_rating_fields() -> dict[str, forms.Field]:
    """The patient's own view, asked at a reassessment of a course."""
    return {
        "patient_satisfaction": _score(
            "Patient's satisfaction with the result so far",
            _scale(SATISFACTION_SCORES, "not asked"),
        ),
        "patient_gais": _score(
            "Patient's own GAIS: the change as she sees it", _scale(GAIS_SCORES, "not asked")
        ),
    }


def _as_choice(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


class AssessmentForm(forms.Form):
    assessed_on = DayField(label="Date assessed", widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(label="Kind", choices=AssessmentKind.choices, widget=forms.RadioSelect)
    weight_kg = forms.DecimalField(
        label="Weight (kg)", required=False, max_digits=4, decimal_places=1
    )
    notes = forms.CharField(
        label="Notes", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class AreaScoreForm(forms.Form):
    nm_grade = _score("Nürnberger–Müller grade", GRADE_CHOICES)
    dimpling_on_pinch = _yes_no("Dimpling on pinch")
    visible_standing = _yes_no("Visible standing")
    visible_lying = _yes_no("Visible lying down")
    css_a = _score(CSS_LABELS["css_a"], [("", "—"), *((n, str(n)) for n in range(4))])
    css_b = _score(CSS_LABELS["css_b"], [("", "—"), *((n, str(n)) for n in range(4))])
    css_c = _score(CSS_LABELS["css_c"], [("", "—"), *((n, str(n)) for n in range(4))])
    css_d = _score(CSS_LABELS["css_d"], [("", "—"), *((n, str(n)) for n in range(4))])
    circumference_cm = forms.DecimalField(
        label="Circumference (cm)", required=False, max_digits=4, decimal_places=1
    )
    landmark = forms.CharField(
        label="Measured at (landmark)", required=False, max_length=LANDMARK_MAX_LENGTH
    )
    gais = _score(
        "GAIS (follow-ups only)",
        [("", "—"), *((score, f"{score}: {words}") for score, words in GAIS_SCORES.items())],
    )

    # Filled in, these make the block an assessed area; a landmark alone does not, since
    # it is prefilled from the last visit.
    SCORED_FIELDS = (
        "nm_grade",
        *FINDING_FIELDS,
        *CSS_LABELS,
        "circumference_cm",
        "gais",
    )

    def is_blank(self) -> bool:
        return all(self.cleaned_data.get(name) is None for name in self.SCORED_FIELDS)

    def findings(self) -> ExamFindings | None:
        answers = [self.cleaned_data.get(name) for name in FINDING_FIELDS]
        if all(answer is None for answer in answers):
            return None
        for name, answer in zip(FINDING_FIELDS, answers, strict=True):
            if answer is None:
                raise DomainError(name, "Answer all three findings, or none of them.")
        pinch, standing, lying = (bool(answer) for answer in answers)
        return ExamFindings(dimpling_on_pinch=pinch, visible_standing=standing, visible_lying=lying)


def initial_for_row(row: AreaScore) -> dict[str, Any]:
    values: dict[str, Any] = {
        name: getattr(row, name)
        for name in ("nm_grade", *CSS_LABELS, "circumference_cm", "landmark", "gais")
    }
    values.update({name: _as_choice(getattr(row, name)) for name in FINDING_FIELDS})
    return values


@dataclass
class AreaBlock:
    area: str
    side: str | None
    label: str
    form: AreaScoreForm
    last_landmark: str
    has_values: bool

    @property
    def open(self) -> bool:
        """Shown unfolded when it holds values or errors."""
        return self.has_values or bool(self.form.errors)


class AssessmentEditor:
    """The details form and every area block, validated together through the domain."""

    def __init__(
        self,
        data: Mapping[str, Any] | None,
        *,
        protocol: Protocol,
        landmarks: Mapping[tuple[str, str], str],
        assessment: Assessment | None = None,
        initial: Mapping[str, Any] | None = None,
    ) -> None:
        self.protocol = protocol
        rows = {(r.area, r.side): r for r in assessment.areas.all()} if assessment else {}
        self.existing = set(rows)
        self.amending = assessment is not None and assessment.is_signed
        header_initial = dict(initial or {})
        if assessment is not None:
            header_initial.update(
                assessed_on=assessment.assessed_on,
                kind=assessment.kind,
                weight_kg=assessment.weight_kg,
                notes=assessment.notes,
            )
        self.details = AssessmentForm(data, initial=header_initial)
        # A reassessment of a course also carries the patient's ratings.
        self.rates_patient = assessment is not None and assessment.course_id is not None
        if assessment is not None and self.rates_patient:
            self.details.fields.update(patient_rating_fields())
            self.details.initial.update(
                patient_satisfaction=assessment.patient_satisfaction,
                patient_gais=assessment.patient_gais,
            )
        if self.amending:
            # The kind decides whether GAIS belongs; a wrong kind means a new assessment.
            self.details.fields["kind"].disabled = True
        self.blocks: list[AreaBlock] = []
        for area in protocol.body_areas:
            for side in area.sides or (None,):
                key = (area.key, side or "")
                row = rows.get(key)
                area_initial = initial_for_row(row) if row else {}
                area_initial.setdefault("landmark", landmarks.get(key, ""))
                label = f"{area.label}, {side}" if side else area.label
                form = AreaScoreForm(
                    data, prefix=f"{area.key}-{side or 'all'}", initial=area_initial
                )
                self.blocks.append(
                    AreaBlock(area.key, side, label, form, landmarks.get(key, ""), row is not None)
                )
        self._given: list[AreaBlock] = []
        self._entries: list[AreaEntry] = []
        self.non_field_errors: list[str] = []

    def is_valid(self) -> bool:
        valid = self.details.is_valid()
        self._given = []
        for block in self.blocks:
            if not block.form.is_valid():
                valid = False
                block.has_values = True
                continue
            block.has_values = not block.form.is_blank()
            if block.has_values:
                self._given.append(block)
            elif self.amending and (block.area, block.side or "") in self.existing:
                block.form.add_error(
                    "nm_grade",
                    "An area of a signed assessment cannot be removed: correct its values, "
                    "or mark the assessment entered in error.",
                )
                valid = False
        if valid and not self._given:
            self.non_field_errors.append("Assess at least one body area.")
            valid = False
        if valid:
            try:
                self._entries = [self._entry(block) for block in self._given]
            except DomainError:
                valid = False
        return valid

    def _entry(self, block: AreaBlock) -> AreaEntry:
        data = block.form.cleaned_data
        try:
            findings = block.form.findings()
        except DomainError as error:
            block.form.add_error(error.field, error.message)
            raise
        return AreaEntry(
            area=block.area,
            side=block.side,
            nm_grade=data["nm_grade"],
            findings=findings,
            # Item E is the NM grade: the domain takes it from the grade, never typed again.
            css_items=(data["css_a"], data["css_b"], data["css_c"], data["css_d"], None),
            circumference_cm=data["circumference_cm"],
            landmark=data["landmark"] or "",
            gais=data["gais"],
        )

    @property
    def entries(self) -> list[AreaEntry]:
        return self._entries

    @property
    def values(self) -> dict[str, Any]:
        return dict(self.details.cleaned_data)

    def add_domain_error(self, error: DomainError) -> None:
        """Place each error from the domain or a service beside its field."""
        for problem in problems_of(error):
            self._add_problem(problem)

    def _add_problem(self, error: DomainError) -> None:
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


class AmendmentReasonForm(forms.Form):
    reason = forms.CharField(label="Why is this being corrected?", max_length=300)


class EnteredInErrorForm(forms.Form):
    reason = forms.CharField(label="Why was this entered in error?", max_length=300)


def consent_of_use_field() -> forms.MultipleChoiceField:
    """The uses the patient agreed to, beyond the clinical record (which always holds)."""
    return forms.MultipleChoiceField(
        label="The patient also agrees this photo may be used in",
        choices=[(use.value, use.label) for use in (PhotoUse.REPORT, PhotoUse.MARKETING)],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Every photo is kept in the clinical record. Tick only what the patient "
        "agreed to; it can be changed later.",
    )


class PhotoConsentForm(forms.Form):
    uses = consent_of_use_field()


class PhotoForm(forms.Form):
    pose = forms.ChoiceField(label="Pose", choices=Pose.choices)
    area = forms.TypedChoiceField(
        label="Area (optional)", required=False, coerce=int, empty_value=None
    )
    file = forms.FileField(
        label="Photo",
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )
    uses = consent_of_use_field()

    def __init__(self, *args: Any, areas: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        area_field = self.fields["area"]
        assert isinstance(area_field, forms.TypedChoiceField)  # noqa: S101 - narrows the type
        area_field.choices = [("", "the whole assessment"), *areas]
