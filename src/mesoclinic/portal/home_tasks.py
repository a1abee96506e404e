"""What her home page asks of her before treatment: the health questions and the consent.

Before her first session is held both show, done or not, under "Before your first visit".
Once a session is held that heading no longer fits: only consent can still be to do (the
clinic moved to a new version of its form, which she signs before a course starts again),
under "Still to do". The health questions are not asked of her again at home: no course
starts without the clinic's own screening, and the practitioner re-checks them at every
visit.
"""

from dataclasses import dataclass

from mesoclinic.charting.models import TreatmentSession
from mesoclinic.patients.models import Patient, RecordStatus
from mesoclinic.portal.intake.consent import ConsentStatus, consent_status
from mesoclinic.portal.intake.questions import IntakeState, intake_state

BEFORE_FIRST_VISIT = "Before your first visit"
STILL_TO_DO = "Still to do"


@dataclass(frozen=True)
class HomeTasks:
    title: str
    intake: IntakeState | None  # None: not shown
    consent: ConsentStatus | None


def home_tasks(patient: Patient) -> HomeTasks | None:
    """Her home page's card of tasks before treatment, or None when it has nothing to say.
    Not audited: her home page audits its read."""
    held = TreatmentSession.objects.filter(patient=patient, status=RecordStatus.ACTIVE)
    consent = consent_status(patient)
    if not held.exists():
        return HomeTasks(BEFORE_FIRST_VISIT, intake_state(patient), consent)
    if consent.signed is None:
        return HomeTasks(STILL_TO_DO, None, consent)
    return None
