"""The decision form: it only collects the choice and the reason; the service decides."""

from django import forms

from mesoclinic.domain.course import REASON_MAX_LENGTH
from mesoclinic.progress.models import Decision


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision", choices=Decision.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label="Reason for the decision",
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why this decision; it stays in the course's history. Stopping also "
        "stops the course with this reason.",
    )


# The pages the decision form sits on, by the name its hidden `next` field posts: a fixed
# list, so a failed submit comes back to its own page and never to an address a client chose.
PAGES = ("course", "progress")


def page_of(posted: str | None) -> str:
    """The page a decision was posted from: one of `PAGES`, the course page otherwise."""
    return posted if posted in PAGES else "course"
