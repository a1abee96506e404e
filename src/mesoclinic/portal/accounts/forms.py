"""Forms of the patient's account pages and of the staff pages that manage portal access."""

from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.core.validators import MaxValueValidator, MinValueValidator

from mesoclinic.clinics.models import Clinic
from mesoclinic.portal.accounts.clinic_settings import (
    LIMITS,
    NO_PRACTITIONER_ONLINE,
    clinic_practitioners,
)
from mesoclinic.portal.models import PortalSettings


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label="Email she will sign in with",
        help_text="Prefilled from her record; change it if she gives another address.",
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )


class SetPasswordForm(forms.Form):
    password = forms.CharField(
        label="Choose a password",
        help_text="At least 12 characters; not only numbers, not a common password.",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_again = forms.CharField(
        label="Type it again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password") and data.get("password_again") not in (None, data["password"]):
            self.add_error("password_again", "The two passwords differ: type the same one twice.")
        return data


class ChangePasswordForm(forms.Form):
    current_password = forms.CharField(
        label="Current password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    new_password = forms.CharField(
        label="New password",
        help_text="At least 12 characters; not only numbers, not a common password.",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    new_password_again = forms.CharField(
        label="Type the new password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, need_current: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not need_current:
            del self.fields["current_password"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        new, again = data.get("new_password"), data.get("new_password_again")
        if new and again is not None and new != again:
            self.add_error("new_password_again", "The two new passwords differ.")
        return data


class SignInLinkForm(forms.Form):
    email = forms.EmailField(
        label="Email",
        help_text="The address the clinic has for your portal account.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class PortalSettingsForm(forms.ModelForm):
    """Every setting, with what it does. Practitioners are chosen among the clinic's own."""

    class Meta:
        model = PortalSettings
        fields = [
            "online_booking",
            "online_practitioners",
            "book_days_ahead",
            "first_session_by_staff",
            "cancel_hours_before",
            "reminder_hours_before",
            "waitlist_order",
        ]
        labels = {
            "online_booking": "Patients may book online",
            "online_practitioners": "Practitioners patients may book online",
            "book_days_ahead": "How far ahead patients may book (days)",
            "first_session_by_staff": "The first session of a course is booked by staff",
            "cancel_hours_before": "Online moving and cancelling closes (hours before)",
            "reminder_hours_before": "Reminder email (hours before the appointment)",
            "waitlist_order": "Waitlist offers",
        }
        help_texts = {
            "online_booking": "Off: patients see their sessions but book by calling.",
            "online_practitioners": "Only these practitioners' times are offered online; "
            "none chosen means none.",
            "book_days_ahead": "From 1 to 730. Times further ahead are not offered online.",
            "first_session_by_staff": "On: a consultation comes first, so patients book "
            "only the sessions after the first.",
            "cancel_hours_before": "Later than this, the portal asks her to call the clinic. "
            "At most 336 (two weeks); 0 lets her cancel until the appointment starts.",
            "reminder_hours_before": "0 sends no reminders. At most 336 (two weeks).",
            "waitlist_order": "When a time frees up: offer it to the first on the waitlist, "
            "or let the desk choose whom to offer it to.",
        }
        widgets = {"online_practitioners": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, clinic: Clinic, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["online_practitioners"]
        field.queryset = User.objects.filter(  # type: ignore[attr-defined]
            pk__in=[user.pk for user in clinic_practitioners(clinic)]
        ).order_by("last_name", "first_name", "username")
        field.label_from_instance = (  # type: ignore[attr-defined]
            lambda user: user.get_full_name() or user.get_username()
        )
        # The service's limits, checked here too so each is said beside its field. They
        # replace the field's own bounds ("Ensure this value is greater than or equal to
        # 0."), so a value out of range gets one message, not two saying it twice.
        for name, (low, high, message) in LIMITS.items():
            field = self.fields[name]
            field.validators = [
                validator
                for validator in field.validators
                if not isinstance(validator, MinValueValidator | MaxValueValidator)
            ] + [MinValueValidator(low, message), MaxValueValidator(high, message)]
            field.widget.attrs.update(min=low, max=high)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # A refused choice (not this clinic's practitioner) is already said beside the field.
        refused = "online_practitioners" in self.errors
        if data.get("online_booking") and not data.get("online_practitioners") and not refused:
            self.add_error("online_practitioners", NO_PRACTITIONER_ONLINE)
        return data
