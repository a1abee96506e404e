"""Adverse event forms. Types and body areas come from the clinic's protocol, so their
choices are built per form. Every rule beyond the field types lives in the services."""

from collections.abc import Sequence
from datetime import date
from typing import Any

from django import forms

from mesoclinic.adverse_events.models import Outcome, Severity
from mesoclinic.adverse_events.presenters import session_label
from mesoclinic.charting.models import TreatmentSession
from mesoclinic.domain.adverse import CTCAE_GRADES, window_text
from mesoclinic.domain.errors import DomainError
from mesoclinic.domain.protocol import Protocol
from mesoclinic.pages.dates import DayField

DATE = forms.DateInput(attrs={"type": "date"})
SIDES = [("", "Not specified, or both"), ("left", "Left"), ("right", "Right")]


def _type_choices(protocol: Protocol) -> list[tuple[str, str]]:
    choices = []
    for event in protocol.adverse_events:
        course = (
            f"usually {window_text(event.expected_days)}" if event.expected_days else "no day count"
        )
        serious = "; serious" if event.serious else ""
        choices.append((event.key, f"{event.label} ({course}{serious})"))
    return choices


class DomainErrorsMixin:
    """Shows a service's refusal beside the field it names, or above the form."""

    def show(self, error: DomainError) -> None:
        assert isinstance(self, forms.Form)  # noqa: S101 - narrows the type
        self.add_error(error.field if error.field in self.fields else None, error.message)


class AdverseEventForm(DomainErrorsMixin, forms.Form):
    event_type = forms.ChoiceField(label="Type of event")
    severity = forms.ChoiceField(
        choices=Severity.choices, widget=forms.RadioSelect, label="Severity"
    )
    ctcae_grade = forms.TypedChoiceField(
        choices=[("", "Not graded"), *((g, f"{g}: {text}") for g, text in CTCAE_GRADES.items())],
        coerce=int,
        empty_value=None,
        required=False,
        label="CTCAE grade (optional)",
    )
    area = forms.ChoiceField(required=False, label="Body area")
    side = forms.ChoiceField(choices=SIDES, required=False, label="Side")
    onset_on = DayField(label="Onset date", widget=DATE)
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        required=False,
        label="Description (optional)",
    )
    # The lots are not asked for: those used in the ticked sessions are recorded.
    follows_sessions = forms.TypedMultipleChoiceField(
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Charted sessions it may follow (the lots used in them are recorded too)",
    )

    def __init__(
        self,
        *args: Any,
        protocol: Protocol,
        today: date | None = None,
        sessions: Sequence[TreatmentSession] = (),
        **kw: Any,
    ) -> None:
        super().__init__(*args, **kw)
        if sessions:
            follows = self.fields["follows_sessions"]
            assert isinstance(follows, forms.ChoiceField)  # noqa: S101 - narrows the type
            follows.choices = [(session.id, session_label(session)) for session in sessions]
        else:
            del self.fields["follows_sessions"]
        field = self.fields["event_type"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 - narrows the type
        field.choices = [("", "Choose the type"), *_type_choices(protocol)]
        area = self.fields["area"]
        assert isinstance(area, forms.ChoiceField)  # noqa: S101 - narrows the type
        area.choices = [
            ("", "None: not at one site"),
            *((a.key, a.label) for a in protocol.body_areas),
        ]
        if today is not None:
            self.fields["onset_on"].initial = today

    def values(self) -> dict[str, Any]:
        """The cleaned values as the services take them."""
        data = self.cleaned_data
        values = {name: data[name] for name in self.fields if name in data}
        if "follows_sessions" in values:
            values["follows_session_ids"] = values.pop("follows_sessions")
        return values


class AmendForm(AdverseEventForm):
    """Starts from the event as it stands; only the values changed are recorded."""

    resolved_on = DayField(
        required=False,
        label="Resolved on (clear it to reopen an event resolved by mistake)",
        widget=DATE,
    )
    reason = forms.CharField(max_length=300, label="Reason for the amendment")

    def __init__(self, *args: Any, resolved: bool, **kw: Any) -> None:
        super().__init__(*args, **kw)
        if not resolved:
            del self.fields["resolved_on"]


class FollowUpForm(DomainErrorsMixin, forms.Form):
    noted_on = DayField(label="Date of the follow-up", widget=DATE)
    outcome = forms.ChoiceField(choices=Outcome.choices, widget=forms.RadioSelect, label="Outcome")
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        label="What you found (needed unless resolved)",
    )


class ResolveForm(DomainErrorsMixin, forms.Form):
    resolved_on = DayField(label="Resolved on", widget=DATE)
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
        label="Note (optional)",
    )


class ReviewForm(DomainErrorsMixin, forms.Form):
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        label="Review note: what was checked, decided or done",
    )


class EnteredInErrorForm(DomainErrorsMixin, forms.Form):
    reason = forms.CharField(max_length=300, label="Why was this event entered in error?")


class ReportReviewForm(AdverseEventForm):
    """A practitioner's review of a patient's report: the type she chose (to confirm or
    correct), the severity and site she could not give, and an optional note."""

    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
        label="Review note (optional)",
    )

    def __init__(self, *args: Any, protocol: Protocol, **kw: Any) -> None:
        super().__init__(*args, protocol=protocol, **kw)
        # She gave the onset and the description; the sessions follow from the onset.
        for name in ("onset_on", "description"):
            del self.fields[name]
