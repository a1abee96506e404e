"""Screening forms. Questions come from the protocol, so the fields are built per item:
`answer_<key>` (yes/no, no default: every item needs an active answer) and `note_<key>`."""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django import forms

from mesoclinic.domain.protocol import ScreeningItem
from mesoclinic.pages.dates import DayField

YES_NO = [("yes", "Yes"), ("no", "No")]
LEVEL_HINT = {"stop": "a stop", "caution": "a caution: needs a sign-off"}


class _AnswersForm(forms.Form):
    def __init__(self, *args: Any, items: Iterable[ScreeningItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = tuple(items)
        for item in self.items:
            self.fields[f"answer_{item.key}"] = forms.ChoiceField(
                choices=YES_NO,
                widget=forms.RadioSelect,
                label=f"{item.label} (if yes: {LEVEL_HINT[item.level]})",
                error_messages={"required": "Answer yes or no."},
            )
            self.fields[f"note_{item.key}"] = forms.CharField(
                required=False, max_length=300, label=f"Note on “{item.label}” (optional)"
            )

    def answer_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"answer_{item.key}"], self[f"note_{item.key}"]) for item in self.items]

    def answers(self) -> dict[str, bool]:
        return {item.key: self.cleaned_data[f"answer_{item.key}"] == "yes" for item in self.items}

    def notes(self) -> dict[str, str]:
        return {item.key: self.cleaned_data[f"note_{item.key}"] for item in self.items}

    def field_for(self, key: str) -> str | None:
        """The form field a domain error about `key` belongs beside."""
        if key in self.fields:
            return key
        if f"answer_{key}" in self.fields:
            return f"answer_{key}"
        return None


class ScreeningForm(_AnswersForm):
    taken_on = DayField(
        label="Date of the screening", widget=forms.DateInput(attrs={"type": "date"})
    )
    # A convenience of the form only: each item is still recorded, one by one, as "no".
    none_apply = forms.BooleanField(
        required=False,
        label="None of these apply",
        help_text="Each question left unanswered is recorded as “No”.",
    )

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["taken_on"].initial = today
        self.order_fields(["taken_on", "none_apply"])
        if self.is_bound and self.fields["none_apply"].widget.value_from_datadict(
            self.data, self.files, self.add_prefix("none_apply")
        ):
            for item in self.items:
                self.fields[f"answer_{item.key}"].required = False

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("none_apply"):
            return data
        for item in self.items:
            name = f"answer_{item.key}"
            if data.get(name) == "yes":
                self.add_error(
                    name,
                    "“None of these apply” is ticked, but this is answered yes: "
                    "answer no, or untick “None of these apply”.",
                )
            elif not data.get(name):
                data[name] = "no"
        return data


class AmendForm(_AnswersForm):
    """Starts from the answers as they stand; only the items changed are recorded."""

    reason = forms.CharField(max_length=300, label="Reason for the amendment")

    def __init__(self, *args: Any, current: dict[str, tuple[bool, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, (answer, note) in current.items():
            if f"answer_{key}" in self.fields:
                self.fields[f"answer_{key}"].initial = "yes" if answer else "no"
                self.fields[f"note_{key}"].initial = note

    def changes(self) -> dict[str, tuple[bool, str]]:
        notes = self.notes()
        return {key: (answer, notes[key]) for key, answer in self.answers().items()}


class SignOffForm(forms.Form):
    item = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(max_length=300, label="Reason for accepting this caution")


class EnteredInErrorForm(forms.Form):
    reason = forms.CharField(max_length=300, label="Why was this screening entered in error?")
