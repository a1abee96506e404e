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
    return AuditEvent.objects.create(
        actor=actor.user,
        actor_name=actor.user.get_username(),
        action=action,
        clinic_id=clinic_id,
        patient_id=patient_id,
        target=target,
        ip=actor.ip,
        via=actor.via,
    )
