"""Reading messages: the desk's work. Who was emailed, when and about what kind of thing is
demographics, so every role of the clinic (front desk, practitioner, admin) reads its
messages; another clinic's staff and chain managers read none (404). A list read is
audited for the clinic."""

from dataclasses import dataclass

from django.db import models, transaction
from django.db.models import Case, IntegerField, Value, When

from mesoclinic.access import Capability, access_clinic, get_in_clinics_or_404, scoped
from mesoclinic.audit.actor import Actor
from mesoclinic.audit.models import Action
from mesoclinic.audit.services import audit_record
from mesoclinic.clinics.models import Clinic
from mesoclinic.messaging.models import Message, MessageStatus

PER_PAGE = 50
MAX_PER_PAGE = 100


def access_messages(actor: Actor) -> models.QuerySet[Message]:
    """Every message the actor may read; unaudited."""
    return scoped(Message.objects.select_related("patient"), actor, Capability.DEMOGRAPHICS)


def access_message(actor: Actor, message_id: int) -> Message:
    """One message, or 404 when it is not the actor's to read; the read is audited."""
    with transaction.atomic():
        message = get_in_clinics_or_404(access_messages(actor), id=message_id)
        audit_record(
            actor=actor,
            action=Action.READ,
            target=f"message {message.id}",
            clinic_id=message.clinic_id,
            patient_id=message.patient_id,
        )
    return message


@dataclass(frozen=True)
class MessagePage:
    clinic: Clinic
    messages: list[Message]
    count: int
    failed: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.count // self.per_page))


def message_list(
    actor: Actor, clinic_id: int, page: int = 1, per_page: int = PER_PAGE
) -> MessagePage:
    """One page of the clinic's messages: the failed ones first (the desk acts on them),
    then the newest first. A page past the end is empty."""
    per_page = min(max(per_page, 1), MAX_PER_PAGE)
    page = max(page, 1)
    with transaction.atomic():
        clinic = access_clinic(actor, clinic_id, Capability.DEMOGRAPHICS)
        audit_record(actor=actor, action=Action.READ, target="messages", clinic_id=clinic.id)
    found = access_messages(actor).filter(clinic=clinic)
    failed_first = Case(
        When(status=MessageStatus.FAILED, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    start = (page - 1) * per_page
    rows = list(found.order_by(failed_first, "-created_at", "-id")[start : start + per_page])
    return MessagePage(
        clinic=clinic,
        messages=rows,
        count=found.count(),
        failed=failed_messages_count(clinic),
        page=page,
        per_page=per_page,
    )


def failed_messages_count(clinic: Clinic) -> int:
    """How many of the clinic's messages failed, in one query. The caller has already read
    `clinic` through an access check (the day list's `clinic_day`, `message_list`)."""
    return Message.objects.filter(clinic=clinic, status=MessageStatus.FAILED).count()
