"""The portal's health questions and consent forms. Fields are built from the clinic's
questions (`answer_<key>`, yes or no with no default: each needs her answer, and
`note_<key>`, optional); nothing the server knows (clinic, date, the age question) is a
field."""

from collections.abc import Iterable
from typing import Any

from django import forms

from mesoclinic.consent.models import SignatureKind
from mesoclinic.portal.intake import NOTE_MAX, Question

YES_NO = [("yes", "Yes"), ("no", "No")]


class HealthQuestionsForm(forms.Form):
    def __init__(
        self,
        *args: Any,
        questions: Iterable[Question],
        previous: dict[str, tuple[bool, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.questions = tuple(questions)
        previous = previous or {}
        for question in self.questions:
            answer = forms.ChoiceField(
                choices=YES_NO,
                widget=forms.RadioSelect,
                label=question.question,
                error_messages={"required": "Please answer yes or no."},
            )
            note = forms.CharField(
                required=False,
                max_length=NOTE_MAX,
                label="Anything the clinic should know about this (optional)",
                widget=forms.Textarea(attrs={"rows": 2}),
                error_messages={"max_length": f"Please keep this to {NOTE_MAX} characters."},
            )
            if question.key in previous:
                before, before_note = previous[question.key]
                answer.initial = "yes" if before else "no"
                note.initial = before_note
            self.fields[f"answer_{question.key}"] = answer
            self.fields[f"note_{question.key}"] = note

    def rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"answer_{q.key}"], self[f"note_{q.key}"]) for q in self.questions]

    def answers(self) -> dict[str, bool]:
        return {q.key: self.cleaned_data[f"answer_{q.key}"] == "yes" for q in self.questions}

    def notes(self) -> dict[str, str]:
        return {
            q.key: self.cleaned_data[f"note_{q.key}"]
            for q in self.questions
            if self.cleaned_data[f"note_{q.key}"].strip()
        }

    def field_for(self, key: str) -> str | None:
        """The field a refusal about question `key` belongs beside."""
        return f"answer_{key}" if f"answer_{key}" in self.fields else None


class PortalConsentForm(forms.Form):
    # The version she was shown; empty while the clinic still has its default form.
    template_version = forms.CharField(required=False, widget=forms.HiddenInput)
    read_confirmed = forms.BooleanField(
        label="I have read the whole form above",
        error_messages={"required": "Please confirm you have read the form."},
    )
    typed_name = forms.CharField(
        max_length=200,
        label="Your full name",
        help_text="Typing your name is your signature.",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": "Type your full name to sign."},
    )
    signature_kind = forms.ChoiceField(
        choices=[
            (SignatureKind.TYPED, "My typed name is my signature"),
            (SignatureKind.DRAWN, "I will also draw my signature"),
        ],
        widget=forms.RadioSelect,
        initial=SignatureKind.TYPED,
        label="How you sign",
    )
    signature_png = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_template_version(self) -> int | None:
        value = self.cleaned_data["template_version"].strip()
        if not value:
            return None
        if not value.isdigit():
            raise forms.ValidationError("Reload the page and read the current form.")
        return int(value)
