"""The invitations waiting for the logged-in account's answer, and the answer, by POST.
An invitation is only ever shown to, and answered by, the account it was made for."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from mesoclinic.audit.actor import actor_from
from mesoclinic.clinics.invitations import (
    invitation_accept,
    invitation_decline,
    pending_invitations,
)


@require_GET
def invitations(request: HttpRequest) -> HttpResponse:
    waiting = list(pending_invitations(actor_from(request)))
    return render(request, "clinics/invitations.html", {"invitations": waiting})


@require_POST
def invitation_answer_accept(request: HttpRequest, invitation_id: int) -> HttpResponse:
    membership = invitation_accept(actor=actor_from(request), invitation_id=invitation_id)
    messages.success(
        request, f"You now have the role {membership.get_role_display()} at {membership.clinic}."
    )
    return redirect("clinics:invitations")


@require_POST
def invitation_answer_decline(request: HttpRequest, invitation_id: int) -> HttpResponse:
    invitation = invitation_decline(actor=actor_from(request), invitation_id=invitation_id)
    messages.success(request, f"Invitation from {invitation.clinic} declined.")
    return redirect("clinics:invitations")
