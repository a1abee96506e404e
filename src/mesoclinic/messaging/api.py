"""The clinic's messages to patients in the JSON API, as the desk's page shows them: the
failed ones first, then the newest. Every role of the clinic reads them (demographics)."""

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import ConfigDict, Field

from mesoclinic.audit.actor import actor_from
from mesoclinic.messaging.models import Message
from mesoclinic.messaging.selectors import MAX_PER_PAGE, PER_PAGE, access_message, message_list
from mesoclinic.messaging.services import message_resend
from mesoclinic.validation import Id

router = Router(tags=["messages"])


class MessageListQuery(Schema):
    model_config = ConfigDict(extra="forbid")
    page: int = Field(default=1, ge=1, le=100_000)
    per_page: int = Field(default=PER_PAGE, ge=1, le=MAX_PER_PAGE)


class MessageOut(Schema):
    id: int
    clinic_id: int
    patient_id: int | None
    kind: str
    channel: str
    to: str
    subject: str
    status: str = Field(description="queued, sent or failed.")
    attempts: int
    last_error: str = Field(description="The error's kind and SMTP code, if any.")
    created_at: datetime
    sent_at: datetime | None
    next_try_at: datetime | None = Field(description="When a queued message is tried again.")


class MessageListOut(Schema):
    clinic_id: int
    count: int
    failed: int
    page: int
    per_page: int
    pages: int
    messages: list[MessageOut]


def _out(message: Message) -> dict[str, Any]:
    return {field: getattr(message, field) for field in MessageOut.model_fields}


@router.get("/clinics/{clinic_id}/messages", response=MessageListOut)
def list_messages(
    request: HttpRequest, clinic_id: Id, query: Query[MessageListQuery]
) -> dict[str, Any]:
    found = message_list(
        actor_from(request, via="api"), clinic_id, page=query.page, per_page=query.per_page
    )
    return {
        "clinic_id": found.clinic.id,
        "count": found.count,
        "failed": found.failed,
        "page": found.page,
        "per_page": found.per_page,
        "pages": found.pages,
        "messages": [_out(message) for message in found.messages],
    }


@router.post("/messages/{message_id}/resend", response=MessageOut)
def resend_message(request: HttpRequest, message_id: Id) -> dict[str, Any]:
    """Send a failed message again (the same content, a fresh round of tries). A message
    that was sent or is still being tried is refused with 422."""
    actor = actor_from(request, via="api")
    message_resend(actor=actor, message_id=message_id)
    return _out(access_message(actor, message_id))
