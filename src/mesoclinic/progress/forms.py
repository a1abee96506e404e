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
        help_text="Kept with the course. Stopping also stops the course with this reason.",
    )
