"""The treatment plan a patient takes home: the course's stored estimate in the
estimator's own words, the appointments booked, and what the patient can do alongside."""

import zoneinfo
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from mesoclinic.appointments.models import HOLDING, AppointmentStatus
from mesoclinic.appointments.selectors import course_appointments
from mesoclinic.courses.models import Course
from mesoclinic.courses.presenters import cadence_label, change_rows, planned_days, snapshot_rows
from mesoclinic.documents.honesty import EVIDENCE
from mesoclinic.planning.protocol import clinic_protocol

ALONGSIDE_WITH_PROGRAMME = (
    "You told us you follow an exercise and diet programme: keep to it during the course "
    "and after it. It is good for your health whatever the course does."
)
ALONGSIDE_WITHOUT_PROGRAMME = (
    "Regular exercise and a balanced diet are worth keeping up alongside the course: they "
    "are good for your health whatever the course does. Ask your practitioner if you would "
    "like a programme; it is noted in your plan."
)


@dataclass(frozen=True)
class BookedVisit:
    number: int
    starts_at: datetime  # in the clinic's time zone
    attended: bool


def booked_visits(course: Course) -> list[BookedVisit]:
    """The course's appointments that stand (booked, checked in or attended), in order, in
    the clinic's local time. The caller read the course through `access_course`."""
    zone = zoneinfo.ZoneInfo(course.clinic.time_zone)
    return [
        BookedVisit(
            number=row.number,
            starts_at=row.starts_at.astimezone(zone),
            attended=row.status == AppointmentStatus.COMPLETED,
        )
        for row in sorted(course_appointments(course), key=lambda row: row.starts_at)
        if row.status in HOLDING
    ]


def plan_context(course: Course) -> dict[str, Any]:
    protocol = clinic_protocol(course.clinic)
    return {
        "course": course,
        "cadence": cadence_label(protocol, course.cadence_days),
        "session_minutes": course.estimate.get("session_minutes", protocol.session_minutes),
        "snapshot": snapshot_rows(course.estimate),
        "explanation": course.estimate.get("explanation", []),
        "changes": change_rows(course, protocol),
        "visits": booked_visits(course),
        "days": planned_days(course),
        "alongside": (
            ALONGSIDE_WITH_PROGRAMME if course.lifestyle else ALONGSIDE_WITHOUT_PROGRAMME
        ),
        "evidence": EVIDENCE,
    }
