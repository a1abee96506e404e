"""Her waitlist in the JSON API, under /api/v1/portal/waitlist: her own entries only, found
from her signed-in session."""

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from mesoclinic.portal.access import portal_actor, portal_read
from mesoclinic.validation import Id
from mesoclinic.waitlist.api import WaitlistEntryIn, WaitlistEntryOut, entry_out
from mesoclinic.waitlist.selectors import her_waitlist
from mesoclinic.waitlist.services import (
    waitlist_entry_create_by_patient,
    waitlist_entry_withdraw_by_patient,
)

router = Router(tags=["portal"])


def _hers(patient: Any, entry_id: int) -> dict[str, Any]:
    return entry_out(next(e for e in her_waitlist(patient) if e.id == entry_id))


@router.get("", response=list[WaitlistEntryOut])
def mine(request: HttpRequest) -> list[dict[str, Any]]:
    patient = portal_read(request, "portal waitlist")
    return [entry_out(e) for e in her_waitlist(patient)]


@router.post("", response={201: WaitlistEntryOut})
def ask(request: HttpRequest, payload: WaitlistEntryIn) -> Status[dict[str, Any]]:
    """Put one of her booked sessions on the waitlist, choosing among the practitioners
    her clinic lets patients book online."""
    patient = portal_read(request, "portal waitlist request")
    entry = waitlist_entry_create_by_patient(
        actor=portal_actor(request),
        patient=patient,
        appointment_id=payload.appointment_id,
        wishes=payload.wishes(),
    )
    return Status(201, _hers(patient, entry.id))


@router.post("/{entry_id}/withdraw", response=WaitlistEntryOut)
def withdraw(request: HttpRequest, entry_id: Id) -> dict[str, Any]:
    patient = portal_read(request, "portal waitlist")
    waitlist_entry_withdraw_by_patient(
        actor=portal_actor(request), patient=patient, entry_id=entry_id
    )
    return _hers(patient, entry_id)
