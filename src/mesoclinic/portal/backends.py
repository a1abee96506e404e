"""Patients sign in with the email address of their account (staff sign in with a user
name). Goes after django-axes' backend, so lock-outs apply as they do to staff."""

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
        account = (
            PatientAccount.objects.select_related("user")
            .filter(email=username.strip().lower())
            .first()
        )
        if account is None:
            # As slow as a wrong password, so timing does not tell which addresses exist.
            User().set_password(password)
            return None
        user = account.user
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
