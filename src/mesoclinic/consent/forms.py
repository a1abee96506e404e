from django import forms

from mesoclinic.consent.models import SignatureKind


class ShownVersionForm(forms.Form):
    """A signing form names the consent version the patient was shown (empty while the
    clinic still has the default form), so a version changed meanwhile is caught."""

    template_version = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_template_version(self) -> int | None:
        value = self.cleaned_data["template_version"].strip()
        if not value:
            return None
        if not value.isdigit():
            raise forms.ValidationError("Reload the page and read the current form.")
        return int(value)


class SignForm(ShownVersionForm):
    read_confirmed = forms.BooleanField(
        label="The patient has read this form and had their questions answered",
        error_messages={"required": "Confirm the patient has read the form."},
    )
    expected_sessions = forms.CharField(
        max_length=100,
        label="Expected number of sessions, as discussed (e.g. 10–15)",
    )
    cost = forms.CharField(max_length=100, label="Cost of the course")
    patient_typed_name = forms.CharField(
        max_length=200,
        label="Patient's full name, typed by the patient (or the representative's own name, "
        "typed by them, when a representative signs)",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    # Only when someone signs on the patient's behalf; the service checks the pair.
    representative_name = forms.CharField(
        max_length=200,
        required=False,
        label="Representative signing for the patient (leave empty when the patient signs)",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    representative_relation = forms.CharField(
        max_length=100,
        required=False,
        label="Representative's relation to the patient (e.g. her mother, his guardian)",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    signature_kind = forms.ChoiceField(
        choices=SignatureKind.choices,
        widget=forms.RadioSelect,
        initial=SignatureKind.TYPED,
        label="Signature",
    )
    signature_png = forms.CharField(required=False, widget=forms.HiddenInput)


class EnteredInErrorForm(forms.Form):
    reason = forms.CharField(max_length=300, label="Why was this consent entered in error?")


class TemplateForm(forms.Form):
    title = forms.CharField(max_length=200, label="Title")
    body = forms.CharField(
        max_length=20_000,
        label="Text",
        widget=forms.Textarea(attrs={"rows": 24}),
        help_text="Keep {{expected_sessions}} and {{cost}}: they are filled in for each patient.",
    )
