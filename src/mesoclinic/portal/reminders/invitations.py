"""Invitations to come back: a maintenance recall falling due, and an adverse event whose
follow-up is overdue. Only to patients who allow contact and have an address; one email
per recall (and due date: a postponed recall is invited again at its new date) and one per
event.

Nothing clinical goes in them, not even that there was a side effect: "the clinic would
like to see you", the clinic, and how to book. The desk's lists (recalls, follow-ups) still
show every one of them for a call, invited or not.
"""

import zoneinfo
from datetime import date, datetime, timedelta

from django.urls import reverse

from mesoclinic.adverse_events.models import AdverseEvent, EventStatus
from mesoclinic.clinics.models import Clinic
from mesoclinic.domain import recall as recall_rules
from mesoclinic.domain.adverse import follow_up_due, needs_follow_up
from mesoclinic.messaging.addresses import absolute_url
from mesoclinic.messaging.due import due_producer
from mesoclinic.messaging.models import Message
from mesoclinic.messaging.services import message_queue
from mesoclinic.patients.models import Patient, RecordStatus
from mesoclinic.planning.protocol import clinic_protocol
from mesoclinic.portal.addresses import has_address, patient_address
from mesoclinic.portal.reminders.due import clinic_context
from mesoclinic.recalls.models import Recall, RecallState

# A recall is invited when its day to call is this close: about the time the desk would
# start calling, early enough to book a visit by the due date.
RECALL_INVITE_DAYS_BEFORE = 14
# Nothing is invited this long after its date: an invitation for something months old
# (a clinic turning the worker on with an old backlog) reads as a mistake. The desk's
# lists keep showing them for a call.
TOO_LATE = timedelta(days=60)


def _today(clinic: Clinic, now: datetime) -> date:
    return now.astimezone(zoneinfo.ZoneInfo(clinic.time_zone)).date()


def _reachable() -> dict[str, object]:
    """The patient filter every invitation shares, as lookups on a `patient` relation."""
    return {
        "patient__may_contact": True,
        "patient__status": RecordStatus.ACTIVE,
    }


def _new(keys: list[str]) -> set[str]:
    """The keys not yet queued (one query for a run)."""
    return set(keys) - set(Message.objects.filter(key__in=keys).values_list("key", flat=True))


def _invite(kind: str, key: str, patient: Patient, clinic: Clinic) -> None:
    message_queue(
        kind=kind,
        key=key,
        clinic=clinic,
        patient=patient,
        to=patient_address(patient),
        template=f"portal/messages/{kind}",
        context={**clinic_context(clinic), "portal_url": absolute_url(reverse("portal:home"))},
    )


def recall_invitation_key(recall: Recall) -> str:
    return f"recall_invitation:{recall.id}:{recall.due_on.isoformat()}"


@due_producer
def recall_invitations_due(now: datetime) -> int:
    """Open recalls whose day to call is near or past (due or overdue on the desk's
    list), not older than TOO_LATE."""
    rows = (
        Recall.objects.filter(state=RecallState.OPEN, **_reachable())
        .filter(call_on__lte=now.date() + timedelta(days=RECALL_INVITE_DAYS_BEFORE + 1))
        .filter(has_address("patient__"))
        .select_related("clinic", "patient__account")
        .order_by("call_on", "id")
    )
    due = []
    for recall in rows:
        today = _today(recall.clinic, now)
        standing = recall_rules.standing(
            due_on=recall.due_on,
            call_on=recall.call_on,
            today=today,
            within_days=RECALL_INVITE_DAYS_BEFORE,
        )
        if standing != "later" and today - recall.due_on <= TOO_LATE:
            due.append(recall)
    new = _new([recall_invitation_key(r) for r in due])
    invited = [r for r in due if recall_invitation_key(r) in new]
    for recall in invited:
        _invite("recall_invitation", recall_invitation_key(recall), recall.patient, recall.clinic)
    return len(invited)


def follow_up_invitation_key(event: AdverseEvent) -> str:
    return f"follow_up_invitation:{event.id}"


def _overdue_events(now: datetime) -> list[AdverseEvent]:
    """Ongoing events past their expected course with no follow-up noted since, within
    TOO_LATE of the day they fell due."""
    events = (
        AdverseEvent.objects.filter(
            status=RecordStatus.ACTIVE, event_status=EventStatus.ONGOING, **_reachable()
        )
        .filter(onset_on__gte=now.date() - timedelta(days=366))
        .filter(has_address("patient__"))
        .select_related("clinic", "patient__account")
        .prefetch_related("follow_ups")
        .order_by("onset_on", "id")
    )
    review_days: dict[int, int] = {}
    overdue = []
    for event in events:
        if event.clinic_id not in review_days:
            review_days[event.clinic_id] = clinic_protocol(event.clinic).adverse_event_review_days
        days, today = review_days[event.clinic_id], _today(event.clinic, now)
        due = follow_up_due(event.onset_on, event.window, days)
        seen_since = any(f.noted_on > due for f in event.follow_ups.all())
        if (
            needs_follow_up(
                event.event_status, event.onset_on, event.window, today, review_days=days
            )
            and not seen_since
            and today - due <= TOO_LATE
        ):
            overdue.append(event)
    return overdue


@due_producer
def follow_up_invitations_due(now: datetime) -> int:
    """Ongoing adverse events whose follow-up is overdue: invite the patient for a check."""
    due = _overdue_events(now)
    new = _new([follow_up_invitation_key(e) for e in due])
    invited = [e for e in due if follow_up_invitation_key(e) in new]
    for event in invited:
        _invite(
            "follow_up_invitation", follow_up_invitation_key(event), event.patient, event.clinic
        )
    return len(invited)
