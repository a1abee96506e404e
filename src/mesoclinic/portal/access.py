"""Who the portal is talking to. Every portal page and endpoint finds its patient here, from
the signed-in account, never from the URL: a URL names only records, and a record that is
not hers gives the same 404 as one that does not exist.

Staff accounts get 404 from every portal page; patient accounts get 404 (API) or the portal
(pages) from every staff path (`middleware.PatientsStayInThePortal`).
"""

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.db import models, transaction
from django.http import Http404, HttpRequest, HttpResponseBase

from mesoclinic.audit.actor import Actor, actor_from
from mesoclinic.audit.models import Action
from mesoclinic.audit.services import audit_record
from mesoclinic.patients.models import Patient, RecordStatus
from mesoclinic.portal.models import PatientAccount
from mesoclinic.portal.signals import PORTAL_SESSION_KEY

ModelT = TypeVar("ModelT", bound=models.Model)
VIA_PORTAL = "portal"


def portal_account(request: HttpRequest) -> PatientAccount:
    """The signed-in patient's account, or 404 for anyone else (staff, anonymous, a
    patient whose record was marked entered in error, a deactivated account)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_active:
        raise Http404("No such page.")
    account = (
        PatientAccount.objects.select_related("patient", "patient__clinic")
        .filter(user_id=user.pk, patient__status=RecordStatus.ACTIVE)
        .first()
    )
    if account is None:
        raise Http404("No such page.")
    return account


def portal_patient(request: HttpRequest) -> Patient:
    return portal_account(request).patient


def portal_actor(request: HttpRequest) -> Actor:
    return actor_from(request, via=VIA_PORTAL)


def portal_read(request: HttpRequest, target: str) -> Patient:
    """Her patient record, with the read written to the audit trail as a staff read is."""
    patient = portal_patient(request)
    with transaction.atomic():
        audit_record(
            actor=portal_actor(request),
            action=Action.READ,
            target=target,
            clinic_id=patient.clinic_id,
            patient_id=patient.id,
        )
    return patient


def owned_or_404(queryset: models.QuerySet[ModelT], patient: Patient, **lookup: Any) -> ModelT:
    """One of her records: `queryset` must have a `patient` field. Another patient's record
    gives the same 404 as a missing one."""
    found = queryset.filter(patient=patient, **lookup).first()
    if found is None:
        raise Http404("No such record.")
    return found


ViewT = TypeVar("ViewT", bound=Callable[..., HttpResponseBase])


def portal_view(view: ViewT) -> ViewT:
    """A portal page: signed in (else the portal's own sign-in page), and a patient's
    account (else 404). The view receives the patient as `patient=`."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        account = portal_account(request)
        request.session[PORTAL_SESSION_KEY] = account.patient_id
        return view(request, *args, patient=account.patient, **kwargs)

    return login_required(wrapped, login_url="portal:login")  # type: ignore[return-value]
