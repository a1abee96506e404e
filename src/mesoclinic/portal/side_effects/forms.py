"""Her side-effect report form. The choices are the clinic's protocol types in plain words;
every rule beyond the field types (dates, sessions, photo) lives in the service."""

from datetime import date
from typing import Any

from django import forms

from mesoclinic.domain.errors import DomainError
from mesoclinic.domain.protocol import Protocol
from mesoclinic.pages.dates import DayField
from mesoclinic.portal.side_effects.services import DESCRIPTION_MAX, plain_words, reportable_types


class SideEffectForm(forms.Form):
    event_type = forms.ChoiceField(widget=forms.RadioSelect, label="What have you noticed?")
    onset_on = DayField(
        label="When did it start?",
        help_text="The day you first noticed it. It cannot be in the future.",
        # The date box sends this form; a day typed by hand is read the same way only, so
        # 03/12 is never taken for the 12th of March.
        input_formats=["%Y-%m-%d"],
        error_messages={"required": "Enter the day it started."},
    )
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=DESCRIPTION_MAX,
        label="Tell us about it",
        help_text="Where it is, how big, whether it is getting better or worse.",
    )
    photo = forms.FileField(
        required=False,
        label="A photo (optional)",
        help_text="Only your clinic sees it. Location and camera details are removed.",
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/heic"}),
    )

    def __init__(self, *args: Any, protocol: Protocol, today: date, **kw: Any) -> None:
        super().__init__(*args, **kw)
        field = self.fields["event_type"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 - narrows the type
        field.choices = [(t.key, plain_words(t)) for t in reportable_types(protocol)]
        onset = self.fields["onset_on"]
        onset.widget.attrs["max"] = today.isoformat()
        onset.error_messages["invalid"] = (
            f"Enter the date as YYYY-MM-DD, for example {today.isoformat()} for today."
        )

    def show(self, error: DomainError) -> None:
        """A service's refusal beside the field it names, or above the form."""
        self.add_error(error.field if error.field in self.fields else None, error.message)
