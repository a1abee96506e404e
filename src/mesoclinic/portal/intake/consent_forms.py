"""The portal's consent form: what she confirms, types and draws. The form's version is
the one she was shown; the sessions, cost, clinic and time are the server's."""

from django import forms

from mesoclinic.consent.forms import ShownVersionForm
from mesoclinic.consent.models import SignatureKind


class PortalConsentForm(ShownVersionForm):
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
