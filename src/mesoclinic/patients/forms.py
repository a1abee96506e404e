from typing import Any

from django import forms

from mesoclinic.clinics.models import Clinic
from mesoclinic.patients.models import Patient


class PatientForm(forms.ModelForm):
    # Shown only beside the look-alikes the service named (patients/_look_alikes.html).
    different_person = forms.BooleanField(
        required=False, label="I checked: this is a different person from those listed"
    )

    class Meta:
        model = Patient
        fields = [
            "given_name",
            "family_name",
            "date_of_birth",
            "sex",
            "phone",
            "email",
            "preferred_language",
            "may_contact",
        ]
        labels = {
            "may_contact": "May we send reminders?",
            "preferred_language": "Preferred language",
        }
        widgets = {
            "date_of_birth": forms.DateInput(attrs={"type": "date"}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        }
        help_texts = {
            "phone": "As dialled in the clinic's country, or in international form with +.",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Stored in E.164; edited the way the clinic writes it.
            self.initial["phone"] = self.instance.phone_shown


class NewPatientForm(PatientForm):
    clinic = forms.ModelChoiceField(queryset=Clinic.objects.none(), label="Clinic")

    def __init__(self, *args: Any, clinics: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        clinic_field = self.fields["clinic"]
        assert isinstance(clinic_field, forms.ModelChoiceField)  # noqa: S101 - narrows the type
        clinic_field.queryset = clinics
        if clinics.count() == 1:
            clinic_field.initial = clinics.first()
            clinic_field.widget = forms.HiddenInput()

    class Meta(PatientForm.Meta):
        fields = ["clinic", *PatientForm.Meta.fields]


class EnteredInErrorForm(forms.Form):
    reason = forms.CharField(max_length=300, label="Why was this record entered in error?")


class SearchForm(forms.Form):
    q = forms.CharField(
        required=False,
        max_length=100,
        label="Name, date of birth or phone",
        help_text="A name in any order or as Family, Given; a birth date as the clinic "
        "writes it (see its settings) or as 1996-02-20; a phone number however it is typed.",
    )
