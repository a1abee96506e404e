"""The waitlist in the JSON API. The desk's endpoints (every role of the clinic; another
clinic's staff get 404) read the clinic's waitlist and freed times, put a session on the
waitlist, take one off, and offer a freed time to a candidate. The patient's own endpoints
are in `portal_api.py`."""

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import ConfigDict, Field

from mesoclinic.audit.actor import actor_from
from mesoclinic.portal.models import settings_for
from mesoclinic.validation import Id
from mesoclinic.waitlist.models import WaitlistEntry, WaitlistOffer
from mesoclinic.waitlist.offers import offer_choose
from mesoclinic.waitlist.selectors import OpeningView, access_entry, waitlist_board
from mesoclinic.waitlist.services import Wishes, waitlist_entry_create, waitlist_entry_withdraw

router = Router(tags=["waitlist"])


class WaitlistWishesIn(Schema):
    model_config = ConfigDict(extra="forbid")
    weekdays: list[int] = Field(default=[], description="0 = Monday; empty for any day.")
    part_of_day: str = Field(default="", description='"morning", "afternoon" or "" for any.')
    practitioner_ids: list[Id] = Field(default=[], description="Empty for any practitioner.")

    def wishes(self) -> Wishes:
        return Wishes(
            weekdays=frozenset(self.weekdays),
            part_of_day=self.part_of_day,
            practitioner_ids=frozenset(self.practitioner_ids),
        )


class WaitlistEntryIn(WaitlistWishesIn):
    appointment_id: Id


class WaitlistEntryOut(Schema):
    id: int
    patient_id: int
    appointment_id: int
    appointment_starts_at: datetime
    weekdays: list[int]
    part_of_day: str
    practitioner_ids: list[int]
    source: str = Field(description="portal or desk.")
    state: str = Field(description="waiting, moved or withdrawn.")
    created_at: datetime


class WaitlistOfferOut(Schema):
    id: int
    opening_id: int
    entry_id: int
    patient_id: int
    state: str = Field(description="offered, taken, declined, expired or gone.")
    offered_at: datetime
    expires_at: datetime
    answered_at: datetime | None
    offered_by_id: int | None = Field(description="The desk's user who chose her, if any.")


class WaitlistOpeningOut(Schema):
    id: int
    starts_at: datetime
    practitioner_id: int
    room_id: int
    state: str = Field(description="open, filled or closed.")
    candidate_entry_ids: list[int] = Field(description="In the order they are offered.")
    offers: list[WaitlistOfferOut]


class WaitlistBoardOut(Schema):
    clinic_id: int
    order: str = Field(description="first_come or desk_chooses.")
    waiting: list[WaitlistEntryOut]
    openings: list[WaitlistOpeningOut]


class WaitlistChooseIn(Schema):
    model_config = ConfigDict(extra="forbid")
    entry_id: Id


def entry_out(entry: WaitlistEntry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "patient_id": entry.patient_id,
        "appointment_id": entry.appointment_id,
        "appointment_starts_at": entry.appointment.starts_at,
        "weekdays": entry.weekdays,
        "part_of_day": entry.part_of_day,
        "practitioner_ids": [p.id for p in entry.practitioners.all()],
        "source": entry.source,
        "state": entry.state,
        "created_at": entry.created_at,
    }


def offer_out(offer: WaitlistOffer) -> dict[str, Any]:
    return {field: getattr(offer, field) for field in WaitlistOfferOut.model_fields}


def _opening_out(view: OpeningView) -> dict[str, Any]:
    o = view.opening
    return {
        "id": o.id,
        "starts_at": o.starts_at,
        "practitioner_id": o.practitioner_id,
        "room_id": o.room_id,
        "state": o.state,
        "candidate_entry_ids": [e.id for e in view.candidates],
        "offers": [offer_out(offer) for offer in view.offers],
    }


@router.get("/clinics/{clinic_id}/waitlist", response=WaitlistBoardOut)
def board(request: HttpRequest, clinic_id: Id) -> dict[str, Any]:
    found = waitlist_board(actor_from(request, via="api"), clinic_id)
    return {
        "clinic_id": found.clinic.id,
        "order": settings_for(found.clinic.id).waitlist_order,
        "waiting": [entry_out(e) for e in found.waiting],
        "openings": [_opening_out(v) for v in found.openings],
    }


@router.post("/waitlist/entries", response={201: WaitlistEntryOut})
def create_entry(request: HttpRequest, payload: WaitlistEntryIn) -> Status[dict[str, Any]]:
    actor = actor_from(request, via="api")
    entry = waitlist_entry_create(
        actor=actor, appointment_id=payload.appointment_id, wishes=payload.wishes()
    )
    return Status(201, entry_out(access_entry(actor, entry.id)))


@router.post("/waitlist/entries/{entry_id}/withdraw", response=WaitlistEntryOut)
def withdraw_entry(request: HttpRequest, entry_id: Id) -> dict[str, Any]:
    actor = actor_from(request, via="api")
    waitlist_entry_withdraw(actor=actor, entry_id=entry_id)
    return entry_out(access_entry(actor, entry_id))


@router.post("/waitlist/openings/{opening_id}/offers", response={201: WaitlistOfferOut})
def choose(
    request: HttpRequest, opening_id: Id, payload: WaitlistChooseIn
) -> Status[dict[str, Any]]:
    """Offer a freed time to one of its candidates by email (where the desk chooses, or
    again after a refusal). Refused with 422 while another offer of it is open."""
    offer = offer_choose(
        actor=actor_from(request, via="api"), opening_id=opening_id, entry_id=payload.entry_id
    )
    return Status(201, offer_out(offer))
