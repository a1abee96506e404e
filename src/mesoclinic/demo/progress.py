"""Demo decisions on courses that show no change at their review: one answered through
the real service, the others left flagged for the practitioner to decide."""

from django.contrib.auth.models import User

from mesoclinic.audit.actor import Actor
from mesoclinic.clinics.models import Clinic
from mesoclinic.progress.models import Decision, NonResponderDecision
from mesoclinic.progress.selectors import flagged_courses
from mesoclinic.progress.services import non_responder_decision_record

DECIDED_AT = "Hillcrest"  # Riverside's flat course is left flagged, to be seen and decided
REASON = (
    "No change on the left thigh after six sessions. Agreed with the patient to move to a "
    "fortnightly cadence with another product and reassess at session ten; demo example."
)


def create_decisions() -> list[NonResponderDecision]:
    clinic = Clinic.objects.get(name=DECIDED_AT)
    user = User.objects.get(username=f"{clinic.name.lower()}.practitioner")
    actor = Actor(user=user, via="cli")
    flagged = flagged_courses(actor, clinic)
    return (
        [
            non_responder_decision_record(
                actor=actor, course=flagged[0].course, decision=Decision.CHANGE, reason=REASON
            )
        ]
        if flagged
        else []
    )
