"""Patients sign in with the email address of their account (staff sign in with a user
name). Goes after django-axes' backend, so lock-outs apply as they do to staff.

An address is unique within a clinic, not across clinics: a patient of two clinics may
have an account at each with one address. The password chooses: the first account (oldest
first) with that address whose password matches is signed in. If she chose one password for
both, that is the older account; she reaches the other with an emailed sign-in link, which
names each clinic. Both accounts are hers (each password was set from a link sent to that
address), so signing in to either discloses nothing to anyone else.
"""

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import User
from django.http import HttpRequest

from mesoclinic.portal.models import PatientAccount


class PatientEmailBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if not username or not password or "@" not in username:
            return None
        accounts = (
            PatientAccount.objects.select_related("user")
            .filter(email=username.strip().lower(), user__is_active=True)
            .order_by("created_at", "pk")
        )
        checked = False
        for account in accounts:
            checked = True
            if account.user.check_password(password) and self.user_can_authenticate(account.user):
                return account.user
        if not checked:
            # As slow as a wrong password, so timing does not tell which addresses exist.
            User().set_password(password)
        return None
