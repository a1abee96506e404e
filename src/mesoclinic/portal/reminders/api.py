"""Her Confirm in the portal's JSON API: the same service as the portal's button."""

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema

from mesoclinic.portal.access import portal_actor, portal_patient
from mesoclinic.portal.reminders.confirm import appointment_confirm_by_patient
from mesoclinic.validation import Id

router = Router(tags=["portal"])


class ConfirmedOut(Schema):
    appointment_id: int
    confirmed_at: datetime | None


@router.post("/appointments/{appointment_id}/confirm", response=ConfirmedOut)
def confirm(request: HttpRequest, appointment_id: Id) -> ConfirmedOut:
    """Say she is coming to one of her booked appointments. Confirming again keeps the
    first time; another patient's appointment, or one not booked, is 404."""
    row = appointment_confirm_by_patient(
        actor=portal_actor(request), patient=portal_patient(request), appointment_id=appointment_id
    )
    return ConfirmedOut(appointment_id=row.id, confirmed_at=row.confirmed_at)
