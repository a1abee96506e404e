"""Course forms. They only collect values; the services and the domain decide, and each
refusal is put beside the field it names."""

from datetime import date
from typing import Any, cast

from django import forms

from mesoclinic.domain.course import REASON_MAX_LENGTH, SESSIONS_MAX
from mesoclinic.domain.errors import DomainError
from mesoclinic.domain.estimate import EXPECTATIONS
from mesoclinic.domain.protocol import Protocol
from mesoclinic.pages.dates import DayField

COUNT_ERROR = "The session count must be a positive whole number."
COUNT_MESSAGES = {
    "invalid": COUNT_ERROR,
    "min_value": COUNT_ERROR,
    "max_value": f"More than {SESSIONS_MAX} sessions in one plan: check the number.",
}


def cadence_choices(protocol: Protocol) -> list[tuple[str, str]]:
    return [
        (name, f"{name.replace('_', ' ').capitalize()} (every {days} days)")
        for name, days in protocol.cadences.items()
    ]


def _sessions_field(label: str, required: bool) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=1,
        max_value=SESSIONS_MAX,
        error_messages=COUNT_MESSAGES,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 1, "min": 1}),
    )


def _expectation_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label="Patient's expectation",
        widget=forms.RadioSelect,
        choices=[(e, e.capitalize()) for e in EXPECTATIONS],
    )


def show_error(form: forms.Form, error: DomainError) -> None:
    """A domain refusal beside its field, or above the form when it has none there."""
    field = form.fields.get(error.field)
    visible = field is not None and not field.widget.is_hidden
    form.add_error(error.field if visible else None, error.message)


class CourseForm(forms.Form):
    """A new course. The estimate is shown for these values; the count may be changed
    from the recommendation only with a reason."""

    cadence = forms.ChoiceField(label="Cadence", widget=forms.RadioSelect)
    expectation = _expectation_field()
    lifestyle = forms.BooleanField(label="Follows an exercise and diet programme", required=False)
    starts_on = DayField(label="First session", widget=forms.DateInput(attrs={"type": "date"}))
    sessions = _sessions_field(
        "Sessions (a positive whole number; empty for the recommendation)", required=False
    )
    reason = forms.CharField(
        label="Reason for a count other than the recommendation",
        required=False,
        max_length=REASON_MAX_LENGTH,
    )
    # The assessment the estimate on the page came from: refused if a newer one arrives.
    assessment = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, protocol: Protocol, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.protocol = protocol
        cast(forms.ChoiceField, self.fields["cadence"]).choices = cadence_choices(protocol)

    @staticmethod
    def defaults(protocol: Protocol, first_session: date) -> dict[str, Any]:
        return {
            "cadence": next(iter(protocol.cadences)),
            "expectation": "modest",
            "lifestyle": False,
            "starts_on": first_session.isoformat(),
        }

    @property
    def cadence_days(self) -> int:
        return self.protocol.cadences[self.cleaned_data["cadence"]]

    def computed_from(self) -> str:
        """The values of a valid form in words, shown with the recommendation made from
        them, so an answer that no longer matches the fields shows it."""
        data = self.cleaned_data
        programme = "with" if data.get("lifestyle") else "without"
        return (
            f"{data['cadence']} cadence, {data['expectation']} expectation, {programme} an "
            f"exercise and diet programme, first session {data['starts_on'].isoformat()}"
        )


class StopForm(forms.Form):
    reason = forms.CharField(label="Why is the course stopped?", max_length=REASON_MAX_LENGTH)


class ChangeForm(forms.Form):
    """A new count for the current block and/or a new cadence, always with a reason."""

    sessions = _sessions_field("New session count (a positive whole number)", required=False)
    cadence = forms.ChoiceField(label="New cadence", required=False)
    reason = forms.CharField(label="Reason for the change", max_length=REASON_MAX_LENGTH)

    def __init__(self, *args: Any, protocol: Protocol, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.protocol = protocol
        cadence = cast(forms.ChoiceField, self.fields["cadence"])
        cadence.choices = [("", "keep the cadence"), *cadence_choices(protocol)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("sessions") is None and not data.get("cadence") and not self.errors:
            self.add_error("sessions", "Give a new session count or a new cadence.")
        return data

    @property
    def cadence_days(self) -> int | None:
        name = self.cleaned_data.get("cadence")
        return self.protocol.cadences[name] if name else None


class NextBlockForm(forms.Form):
    expectation = _expectation_field()
    lifestyle = forms.BooleanField(label="Follows an exercise and diet programme", required=False)
    starts_on = DayField(
        label="First session of the next block", widget=forms.DateInput(attrs={"type": "date"})
    )
