"""The demo patient has reported a bruise in the portal after her latest session, so the
portal lists a report and the clinic's follow-up list shows one awaiting review. Recorded
through the portal's own service, as her account would."""

from django.db.models import Max

from mesoclinic.adverse_events.models import AdverseEvent
from mesoclinic.audit.actor import Actor
from mesoclinic.charting.models import TreatmentSession
from mesoclinic.patients.models import RecordStatus
from mesoclinic.portal.models import PatientAccount
from mesoclinic.portal.side_effects.services import side_effect_report


def report_demo_side_effect(account: PatientAccount) -> AdverseEvent | None:
    """Her report, on the day of her latest held session; none if she has had none."""
    patient = account.patient
    last = TreatmentSession.objects.filter(
        patient_id=patient.id, status=RecordStatus.ACTIVE
    ).aggregate(last=Max("performed_on"))["last"]
    if last is None:
        return None
    return side_effect_report(
        actor=Actor(user=account.user, via="cli"),
        patient=patient,
        event_type="bruising",
        onset_on=last,
        description="A bruise on the left thigh where I had the injections. It is not sore.",
    )
