"""The portal's health questions form. Fields are built from the clinic's
questions (`answer_<key>`, yes or no with no default: each needs her answer, and
`note_<key>`, optional); nothing the server knows (clinic, date, the age question) is a
field."""

from collections.abc import Iterable
from typing import Any

from django import forms

from mesoclinic.portal.intake.questions import NOTE_MAX, Question

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
