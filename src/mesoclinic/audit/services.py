from collections.abc import Iterable

from mesoclinic.audit.actor import Actor
from mesoclinic.audit.models import Action, AuditEvent


def audit_record(
    *,
    actor: Actor,
    action: Action,
    target: str,
    clinic_id: int | None = None,
    patient_id: int | None = None,
) -> AuditEvent:
    """Write one audit row. Call it inside the transaction of the read or write it records."""
    row = _row(actor, action, target, clinic_id, patient_id)
    row.save(force_insert=True)
    return row


def _row(
    actor: Actor, action: Action, target: str, clinic_id: int | None, patient_id: int | None
) -> AuditEvent:
    return AuditEvent(
        actor=actor.user,
        actor_name=actor.user.get_username(),
        action=action,
        clinic_id=clinic_id,
        patient_id=patient_id,
        target=target,
        ip=actor.ip,
        via=actor.via,
    )


def audit_record_patients(
    *,
    actor: Actor,
    action: Action,
    target: str,
    clinic_id: int,
    patient_ids: Iterable[int],
) -> list[AuditEvent]:
    """One audit row per patient, written in one insert: a read that shows many patients
    (a lot's recall report) records each of them without a query per patient. Call it
    inside the transaction of the read it records."""
    rows = [
        _row(actor, action, target, clinic_id, patient_id)
        for patient_id in sorted(set(patient_ids))
    ]
    return AuditEvent.objects.bulk_create(rows)
