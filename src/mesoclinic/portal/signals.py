"""Marks a session as a patient's at log-in, whichever page she logged in through, so the
portal middleware knows without a query on every request."""

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest

from mesoclinic.portal.models import PatientAccount

PORTAL_SESSION_KEY = "portal_patient_id"


@receiver(user_logged_in)
def mark_patient_session(
    sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any
) -> None:
    if request is None or not hasattr(request, "session"):
        return
    patient_id = (
        PatientAccount.objects.filter(user_id=user.pk).values_list("patient_id", flat=True).first()
    )
    if patient_id is None:
        request.session.pop(PORTAL_SESSION_KEY, None)
    else:
        request.session[PORTAL_SESSION_KEY] = patient_id
