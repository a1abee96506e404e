"""What waits for the clinic's staff, shown beside the figures: recalls to call and
courses flagged because they show no change at their review.

Read for the viewer through the recalls', courses' and progress's own access-checked
selectors. A chain manager, who reads no patient record, gets neither; the front desk never
reaches the dashboard. Finding the flagged courses reads every running course of the
clinic, so their ids are kept with the clinic's figures and found again at most once per
freshness window; the count of recalls is one indexed count, read each time.
"""

from dataclasses import dataclass
from datetime import datetime

from mesoclinic.access import Capability
from mesoclinic.audit.actor import Actor
from mesoclinic.clinics.clock import clinic_today
from mesoclinic.clinics.models import Clinic
from mesoclinic.courses.models import Course
from mesoclinic.courses.selectors import access_courses
from mesoclinic.dashboard.models import ClinicSnapshot
from mesoclinic.dashboard.selectors import FRESH_FOR
from mesoclinic.dashboard.services import flagged_courses_store
from mesoclinic.progress.selectors import flagged_courses
from mesoclinic.recalls.selectors import RecallCounts, recalls_to_call


@dataclass(frozen=True)
class Worklists:
    recalls_to_call: RecallCounts | None  # None: not the viewer's to see
    flagged: list[Course] | None


def _flagged(actor: Actor, clinic: Clinic, now: datetime) -> list[Course]:
    kept = ClinicSnapshot.objects.filter(clinic=clinic).values("flagged_at", "flagged_course_ids")
    found = kept.first()
    if found is None or found["flagged_at"] is None or now - found["flagged_at"] > FRESH_FOR:
        flagged = [item.course for item in flagged_courses(actor, clinic)]
        flagged_courses_store(clinic=clinic, course_ids=[c.id for c in flagged], now=now)
        return flagged
    return list(
        access_courses(actor)
        .filter(clinic_id=clinic.id, id__in=found["flagged_course_ids"])
        .order_by("created_at", "id")
    )


def clinic_worklists(
    actor: Actor, clinic: Clinic, capabilities: frozenset[Capability], now: datetime
) -> Worklists:
    return Worklists(
        recalls_to_call=recalls_to_call(actor, clinic, clinic_today(clinic))
        if Capability.DEMOGRAPHICS in capabilities
        else None,
        flagged=_flagged(actor, clinic, now) if Capability.CLINICAL in capabilities else None,
    )
