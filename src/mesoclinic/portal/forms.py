from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.models import User

from mesoclinic.portal.models import PatientAccount


class PortalSignInForm(AuthenticationForm):
    """Email and password. A staff account is refused here: staff use their own log-in."""

    username = forms.EmailField(
        label="Email", widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True})
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "That email and password do not match an account. Check both, "
        "or ask for a sign-in link.",
        "staff": "This is the patients' sign-in. Staff log in at the staff log-in page.",
    }

    def confirm_login_allowed(self, user: User) -> None:
        super().confirm_login_allowed(user)
        if not PatientAccount.objects.filter(user_id=user.pk).exists():
            raise forms.ValidationError(self.error_messages["staff"], code="staff")
