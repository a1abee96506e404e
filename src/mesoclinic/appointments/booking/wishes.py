"""The patient's booking wishes, kept with the course when a plan is booked.

The booking page opens with them, and the batch optimiser, the sick-day repair and the
re-placement options rank by them. A preferred practitioner who can no longer be booked
at the clinic is dropped when the wishes are read, never refused.
"""

from collections.abc import Iterable

from mesoclinic.appointments.calendar import practitioner_ids
from mesoclinic.appointments.models import BookingWishes
from mesoclinic.audit.actor import Actor
from mesoclinic.audit.models import Action
from mesoclinic.audit.services import audit_record
from mesoclinic.clinics.models import Clinic
from mesoclinic.clinics.references import rows_at_clinic
from mesoclinic.courses.models import Course
from mesoclinic.rota.members import rota_memberships
from mesoclinic.scheduling.model import PartOfDay, Preferences

NONE = Preferences()


def _preferences(row: BookingWishes, bookable: set[int]) -> Preferences:
    return Preferences(
        weekdays=frozenset(int(day) for day in row.weekdays),
        part_of_day=PartOfDay(row.part_of_day) if row.part_of_day else None,
        practitioner_id=(str(row.practitioner_id) if row.practitioner_id in bookable else None),
    )


def wishes_by_course(clinic: Clinic, courses: Iterable[Course]) -> dict[str, Preferences]:
    """The stored wishes of `courses` (all of `clinic`, read by a caller that checked
    access), by course id as the scheduler names courses; a course without any is absent."""
    rows = BookingWishes.objects.filter(course__in=list(courses))
    bookable = set(practitioner_ids(clinic))
    return {str(row.course_id): _preferences(row, bookable) for row in rows}


def course_wishes(course: Course) -> Preferences:
    return wishes_by_course(course.clinic, [course]).get(str(course.id), NONE)


def wishes_as_form_data(wishes: Preferences) -> dict[str, object]:
    """The wishes as the booking form's fields, to open the page with them."""
    return {
        "weekdays": [str(day) for day in sorted(wishes.weekdays)],
        "part_of_day": wishes.part_of_day.value if wishes.part_of_day else "",
        "practitioner": wishes.practitioner_id or "",
    }


def keep_wishes(*, actor: Actor, course: Course, wishes: Preferences) -> None:
    """Store the wishes a plan was booked with. Called inside the booking transaction.
    A preferred practitioner must be on the course's clinic's rota."""
    if wishes.practitioner_id:
        rows_at_clinic(
            rota_memberships(course.clinic),
            clinic_id=course.clinic_id,
            ids=[int(wishes.practitioner_id)],
            field="practitioner_id",
            noun="practitioner",
            id_field="user_id",
        )
    BookingWishes.objects.update_or_create(
        course=course,
        defaults={
            "weekdays": sorted(wishes.weekdays),
            "part_of_day": wishes.part_of_day.value if wishes.part_of_day else "",
            "practitioner_id": int(wishes.practitioner_id) if wishes.practitioner_id else None,
            "updated_by": actor.user,
        },
    )
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        target=f"course {course.id} booking wishes",
        clinic_id=course.clinic_id,
        patient_id=course.patient_id,
    )
