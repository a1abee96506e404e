"""Filling a freed time from the waitlist: record the opening, offer it by email in the
clinic's order, let her take or decline it by the emailed link, and move on when an offer
lapses.

A cancellation or a move queues `waitlist_opening_fill` in its own transaction
(`freed.py`), so the change stays short and the search runs on the task queue. Offers go
one at a time: first come first (`PortalSettings.waitlist_order`), or to whom the desk
chooses.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from mesoclinic.access import get_in_clinics_or_404, scoped
from mesoclinic.appointments.calendar import to_wall
from mesoclinic.appointments.changes import move_locked
from mesoclinic.appointments.models import Appointment, AppointmentStatus
from mesoclinic.appointments.selectors import SCHEDULE
from mesoclinic.audit.actor import Actor
from mesoclinic.audit.models import Action
from mesoclinic.audit.services import audit_record
from mesoclinic.domain.errors import DomainError
from mesoclinic.messaging.addresses import absolute_url
from mesoclinic.messaging.services import message_queue
from mesoclinic.portal.addresses import patient_address
from mesoclinic.portal.booking.emails import change_email_queue
from mesoclinic.portal.links import LinkRefused, link_issue, link_spend
from mesoclinic.portal.models import LinkPurpose, WaitlistOrder, settings_for
from mesoclinic.portal.reminders.confirm import link_actor
from mesoclinic.waitlist.candidates import fitting_entries, slot_for, still_fits
from mesoclinic.waitlist.models import (
    EntryState,
    OfferState,
    Opening,
    OpeningState,
    WaitlistEntry,
    WaitlistOffer,
)
from mesoclinic.waitlist.rules import offer_expires_at


def opening_fill(
    *, appointment_id: int, practitioner_id: int, room_id: int, starts_at: datetime, now: datetime
) -> Opening | None:
    """The job: record the opening with the sessions that fit it, then offer it to the
    first of them, unless the desk chooses. Running twice records and offers once."""
    if starts_at <= now:
        return None
    with transaction.atomic():
        row = Appointment.objects.select_related("clinic").get(pk=appointment_id)
        try:
            with transaction.atomic():
                opening = Opening.objects.create(
                    clinic=row.clinic,
                    freed_by=row,
                    practitioner_id=practitioner_id,
                    room_id=room_id,
                    starts_at=starts_at,
                )
        except IntegrityError:
            return Opening.objects.get(freed_by=row, starts_at=starts_at)
        opening.candidates = [entry.id for entry in fitting_entries(opening)]
        opening.save(update_fields=["candidates"])
        if not opening.candidates:
            _close(opening, OpeningState.CLOSED)
        elif settings_for(row.clinic_id).waitlist_order == WaitlistOrder.FIRST_COME:
            offer_next(opening, now)
    return opening


def _close(opening: Opening, state: str) -> None:
    opening.state = state
    opening.save(update_fields=["state"])


def _when(moment: datetime, opening: Opening) -> str:
    wall = to_wall(moment, opening.clinic)
    return f"{wall:%A} {wall.day} {wall:%B} at {wall:%H:%M}"


def _offer(
    opening: Opening, entry: WaitlistEntry, now: datetime, by: Actor | None
) -> WaitlistOffer | None:
    """Offer the opening to `entry` by email, if it still fits and she can be written to."""
    expires_at = offer_expires_at(now, opening.starts_at)
    if (
        expires_at is None
        or not patient_address(entry.patient)
        or entry.offers.filter(state=OfferState.OFFERED).exists()
    ):
        return None
    if not still_fits(opening, entry):
        return None
    offer = WaitlistOffer.objects.create(
        clinic_id=opening.clinic_id,
        patient_id=entry.patient_id,
        opening=opening,
        entry=entry,
        offered_at=now,
        expires_at=expires_at,
        offered_by=by.user if by else None,
    )
    secret = link_issue(
        patient=entry.patient,
        purpose=LinkPurpose.TAKE_WAITLIST_OFFER,
        expires_at=expires_at,
        target_id=offer.id,
    )
    message_queue(
        kind="waitlist_offer",
        key=f"waitlist_offer:{offer.id}",
        clinic=opening.clinic,
        patient=entry.patient,
        to=patient_address(entry.patient),
        template="waitlist/messages/offer",
        context={
            "clinic_name": opening.clinic.name,
            "clinic_phone": opening.clinic.phone_shown,
            "when": _when(opening.starts_at, opening),
            "until": _when(expires_at, opening),
            "link": absolute_url(f"/portal/waitlist/offers/{secret}/"),
        },
    )
    return offer


def _entries(ids: list[int]) -> dict[int, WaitlistEntry]:
    found = (
        WaitlistEntry.objects.select_for_update(of=("self",))
        .select_related("patient__account", "appointment__course__clinic")
        .filter(id__in=ids)
    )
    return {entry.id: entry for entry in found}


def offer_next(opening: Opening, now: datetime) -> WaitlistOffer | None:
    """Offer the opening to the next candidate not offered it yet; close it when none is
    left. Call inside a transaction."""
    if opening.state != OpeningState.OPEN:
        return None
    tried = set(opening.offers.values_list("entry_id", flat=True))
    waiting = [entry_id for entry_id in opening.candidates if entry_id not in tried]
    entries = _entries(waiting)
    for entry_id in waiting:
        if entry_id in entries and (offer := _offer(opening, entries[entry_id], now, None)):
            return offer
    _close(opening, OpeningState.CLOSED)
    return None


@transaction.atomic
def offer_choose(*, actor: Actor, opening_id: int, entry_id: int) -> WaitlistOffer:
    """The desk offers an opening to one of its candidates (clinics where the desk
    chooses, or to offer again after a refusal)."""
    found = get_in_clinics_or_404(scoped(Opening.objects.all(), actor, SCHEDULE), id=opening_id)
    opening = Opening.objects.select_for_update().select_related("clinic").get(pk=found.pk)
    if opening.state != OpeningState.OPEN:
        raise DomainError("opening", "This time is no longer being offered.")
    if opening.offers.filter(state=OfferState.OFFERED).exists():
        raise DomainError(
            "opening", "This time is already offered to someone: wait for her answer."
        )
    entries = _entries([entry_id]) if entry_id in opening.candidates else {}
    if entry_id not in entries:
        raise DomainError("entry", "Choose one of the patients listed for this time.")
    offer = _offer(opening, entries[entry_id], timezone.now(), actor)
    if offer is None:
        raise DomainError(
            "entry",
            "This patient can no longer be offered the time (it no longer fits her course or "
            "her wishes, she has another offer open, she has no email, or the time is too close).",
        )
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        target=f"waitlist offer {offer.id} made",
        clinic_id=offer.clinic_id,
        patient_id=offer.patient_id,
    )
    return offer


@dataclass(frozen=True)
class Answer:
    offer: WaitlistOffer
    state: str  # the offer's state after her answer


def _answered(offer: WaitlistOffer, state: str, now: datetime) -> Answer:
    offer.state = state
    offer.answered_at = now
    offer.save(update_fields=["state", "answered_at"])
    return Answer(offer=offer, state=state)


def _take(offer: WaitlistOffer, now: datetime, actor: Actor) -> Answer:
    """Move her session into the offered time through the desk's own move (course rules,
    the scheduler's checker, the audit row), and confirm it by email as the portal's own
    move does; a time no longer free ends the offer."""
    entry = offer.entry
    row = Appointment.objects.select_for_update().get(pk=entry.appointment_id)
    if row.status != AppointmentStatus.BOOKED or entry.state != EntryState.WAITING:
        return _answered(offer, OfferState.GONE, now)
    try:
        # Her old time is freed by the move, for the waitlist in its turn.
        moved = move_locked(actor=actor, row=row, slots=[slot_for(offer.opening, row)])
    except DomainError:
        _close(offer.opening, OpeningState.CLOSED)
        return _answered(offer, OfferState.GONE, now)
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        target=f"waitlist offer {offer.id} taken",
        clinic_id=offer.clinic_id,
        patient_id=offer.patient_id,
    )
    change_email_queue(patient=entry.patient, change="moved", rows=moved)
    entry.state = EntryState.MOVED
    entry.closed_at = now
    entry.save(update_fields=["state", "closed_at"])
    _close(offer.opening, OpeningState.FILLED)
    return _answered(offer, OfferState.TAKEN, now)


@transaction.atomic
def offer_answer(*, secret: str, take: bool, now: datetime, ip: str | None = None) -> Answer:
    """She takes or declines an offer by its link (spent by either). Taking moves her
    session into the time if it is still free and still keeps her course's rules; if not,
    the offer ends as "time no longer free" and she keeps her session. A declined offer
    passes to the next in line. Raises `LinkRefused` for an unknown, used or expired link."""
    link = link_spend(purpose=LinkPurpose.TAKE_WAITLIST_OFFER, secret=secret)
    if link.target_id is None:
        raise LinkRefused("unknown")
    offer = (
        WaitlistOffer.objects.select_for_update(of=("self",))
        .select_related("opening__clinic", "entry__patient__account", "entry__created_by")
        .get(pk=link.target_id, patient_id=link.patient_id)
    )
    if offer.state != OfferState.OFFERED:
        return Answer(offer=offer, state=offer.state)
    if take:
        return _take(offer, now, link_actor(offer.patient, ip))
    answer = _answered(offer, OfferState.DECLINED, now)
    _next_if_in_order(offer.opening, now)
    return answer


def _next_if_in_order(opening: Opening, now: datetime) -> None:
    if settings_for(opening.clinic_id).waitlist_order == WaitlistOrder.FIRST_COME:
        offer_next(opening, now)


def offers_expire(now: datetime) -> int:
    """Offers whose time to answer has passed lapse, and their openings go to the next in
    line; openings whose time has come close. Returns how many offers it made."""
    made = 0
    lapsed = (
        WaitlistOffer.objects.select_for_update(of=("self",))
        .select_related("opening__clinic")
        .filter(state=OfferState.OFFERED, expires_at__lte=now)
    )
    for offer in lapsed:
        offer.state = OfferState.EXPIRED
        offer.save(update_fields=["state"])
        if settings_for(offer.clinic_id).waitlist_order == WaitlistOrder.FIRST_COME:
            made += offer_next(offer.opening, now) is not None
    Opening.objects.filter(state=OpeningState.OPEN, starts_at__lte=now).update(
        state=OpeningState.CLOSED
    )
    return made
