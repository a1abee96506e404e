"""The audit trail's filters. They hold ids, action names and dates, never clinical content,
so they travel in the query string."""

from typing import Any

from django import forms
from django.contrib.auth.models import User

from mesoclinic.audit.models import Action
from mesoclinic.clinics.models import Clinic
from mesoclinic.pages.dates import DayField


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        name = obj.get_full_name()
        return f"{name} ({obj.get_username()})" if name else obj.get_username()


class AuditFilterForm(forms.Form):
    clinic = forms.ModelChoiceField(
        queryset=Clinic.objects.none(),
        required=False,
        label="Clinic",
        empty_label="All my clinics",
    )
    user = StaffChoiceField(
        queryset=User.objects.none(), required=False, label="Who", empty_label="Anyone"
    )
    action = forms.ChoiceField(
        choices=[("", "Any action"), *Action.choices], required=False, label="Action"
    )
    patient = forms.IntegerField(required=False, min_value=1, label="Patient id")
    first_day = DayField(
        required=False, label="From", widget=forms.DateInput(attrs={"type": "date"})
    )
    last_day = DayField(required=False, label="To", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, clinics: Any, staff: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        clinic_field = self.fields["clinic"]
        user_field = self.fields["user"]
        assert isinstance(clinic_field, forms.ModelChoiceField)  # noqa: S101 - narrows the type
        assert isinstance(user_field, forms.ModelChoiceField)  # noqa: S101 - narrows the type
        clinic_field.queryset = clinics
        user_field.queryset = staff

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("first_day"), data.get("last_day")
        if first and last and first > last:
            self.add_error("last_day", "The last day cannot be before the first day.")
        return data


class PatientFindForm(forms.Form):
    """A patient's name, date of birth or phone, to filter the trail by that patient."""

    q = forms.CharField(max_length=100, label="Find a patient", strip=True)
