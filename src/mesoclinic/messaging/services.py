"""Writing messages: queue one (every sender), send one (the queued job), send one again
(the desk)."""

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction

from mesoclinic.access import Capability, get_in_clinics_or_404, scoped
from mesoclinic.audit.actor import Actor
from mesoclinic.audit.models import Action
from mesoclinic.audit.services import audit_record
from mesoclinic.clinics.models import Clinic
from mesoclinic.domain.errors import DomainError
from mesoclinic.messaging.channels import SendFailed, channel_for
from mesoclinic.messaging.models import Message, MessageStatus
from mesoclinic.messaging.rendering import render_message, without_link_secrets
from mesoclinic.patients.models import Patient

# Waits before the second, third and fourth try of a temporary failure; then it has failed.
RETRY_AFTER = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30))
MAX_ATTEMPTS = len(RETRY_AFTER) + 1


def _enqueue(message: Message, run_after: datetime | None = None) -> None:
    # Imported here: the job's module imports this one.
    from mesoclinic.messaging.tasks import message_send

    job = message_send if run_after is None else message_send.using(run_after=run_after)
    # The database queue writes its job row in the caller's transaction: the job exists
    # exactly when the message does, and a rolled-back message leaves no job behind.
    job.enqueue(message_id=message.id)


def message_queue(
    *,
    kind: str,
    key: str,
    clinic: Clinic,
    patient: Patient | None,
    to: str,
    template: str,
    context: dict[str, object],
) -> Message:
    """Record a message and queue its sending; call it inside the sender's transaction.
    The same `key` again returns the message first queued under it and sends nothing."""
    existing = Message.objects.filter(key=key).first()
    if existing is not None:
        return existing
    address = to.strip()
    if not address:
        raise ValueError("A message needs an address to go to.")
    rendered = render_message(template, context)
    with transaction.atomic():
        try:
            with transaction.atomic():  # a savepoint: a concurrent twin's key wins
                message = Message.objects.create(
                    clinic=clinic,
                    patient=patient,
                    kind=kind,
                    key=key,
                    to=address,
                    subject=rendered.subject,
                    text=rendered.text,
                    html=rendered.html,
                )
        except IntegrityError:
            return Message.objects.get(key=key)
        _enqueue(message)
    return message


def message_send(*, message_id: int, now: datetime) -> Message | None:
    """Send a queued message once. The row stays locked while it is sent, so two runs of
    the job (a duplicate, a second worker) cannot both send it; a message already sent or
    failed is left alone. A temporary failure queues the next try after a back-off; the
    last try, or a permanent failure, marks it failed for the desk."""
    with transaction.atomic():
        message = Message.objects.select_for_update().filter(id=message_id).first()
        if message is None or message.status != MessageStatus.QUEUED:
            return message
        message.attempts += 1
        message.next_try_at = None
        try:
            channel_for(message).send(message)
        except SendFailed as failure:
            message.last_error = failure.reason[:120]
            if failure.retry and message.attempts < MAX_ATTEMPTS:
                message.next_try_at = now + RETRY_AFTER[message.attempts - 1]
                _enqueue(message, run_after=message.next_try_at)
            else:
                message.status = MessageStatus.FAILED
        else:
            message.status = MessageStatus.SENT
            message.sent_at = now
            message.last_error = ""
            message.text = without_link_secrets(message.text)
            message.html = without_link_secrets(message.html)
        message.save()
    return message


def message_resend(*, actor: Actor, message_id: int) -> Message:
    """The desk sends a failed message again: the same content, a fresh round of tries.
    Only a failed message: one sent, or still being tried, is refused (a second email would
    reach the patient)."""
    with transaction.atomic():
        message = get_in_clinics_or_404(
            scoped(Message.objects.select_for_update(), actor, Capability.DEMOGRAPHICS),
            id=message_id,
        )
        if message.status != MessageStatus.FAILED:
            state = "was sent" if message.status == MessageStatus.SENT else "is still being tried"
            raise DomainError(
                "status", f"Only a message that failed can be sent again; this one {state}."
            )
        message.status = MessageStatus.QUEUED
        message.attempts = 0
        message.next_try_at = None
        message.save()
        _enqueue(message)
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            target=f"message {message.id} sent again",
            clinic_id=message.clinic_id,
            patient_id=message.patient_id,
        )
    return message
