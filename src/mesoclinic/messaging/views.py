"""The desk's messages page: what was sent to the clinic's patients, the failed ones first,
and "Send again". Every role of the clinic (demographics); others get 404. Ids only in URLs;
the change is a POST."""

from django.contrib import messages as notices
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from mesoclinic.access import Capability, access_clinics
from mesoclinic.audit.actor import actor_from
from mesoclinic.domain.errors import DomainError
from mesoclinic.messaging.selectors import access_message, message_list
from mesoclinic.messaging.services import message_resend
from mesoclinic.pages.clinic_choice import clinic_choice


@never_cache
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    clinics = access_clinics(actor_from(request), Capability.DEMOGRAPHICS).order_by("name")
    return clinic_choice(
        request, clinics, page="messaging:list", template="messaging/choose_clinic.html"
    )


def _page(request: HttpRequest) -> int:
    try:
        return max(1, int(request.GET.get("page", "1")))
    except ValueError:
        return 1


@never_cache
@require_GET
def clinic_list(request: HttpRequest, clinic_id: int) -> HttpResponse:
    found = message_list(actor_from(request), clinic_id, page=_page(request))
    return render(request, "messaging/list.html", {"found": found})


@require_POST
def resend(request: HttpRequest, message_id: int) -> HttpResponse:
    actor = actor_from(request)
    try:
        message = message_resend(actor=actor, message_id=message_id)
    except DomainError as refused:
        notices.error(request, refused.message)
        return redirect("messaging:list", clinic_id=access_message(actor, message_id).clinic_id)
    notices.success(request, f"The message to {message.to} will be sent again.")
    return redirect("messaging:list", clinic_id=message.clinic_id)
