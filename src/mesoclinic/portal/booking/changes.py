"""The patient's own changes to her sessions: cancel, move and book, within what her clinic
allows online (`PortalSettings`).

Each service finds the record through her ownership (never a clinic membership: a patient
has none), applies the portal's limits, then goes through the same inner function the desk
uses, so every course rule and the scheduler's checker apply to her changes unchanged.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from mesoclinic.appointments.changes import cancel_locked, move_locked
from mesoclinic.appointments.models import Appointment, AppointmentStatus
from mesoclinic.appointments.services import (
    BookingRefused,
    book_locked,
    lock_open_course,
    slot_of,
)
from mesoclinic.audit.actor import Actor
from mesoclinic.clinics.models import Clinic
from mesoclinic.courses.models import Course
from mesoclinic.domain.errors import DomainError
from mesoclinic.patients.models import Patient, RecordStatus
from mesoclinic.portal.access import owned_or_404
from mesoclinic.portal.booking.emails import change_email_queue
from mesoclinic.portal.booking.online import (
    Offer,
    call_the_clinic,
    online_move_options,
    online_plans,
)
from mesoclinic.portal.booking.rules import may_change_online
from mesoclinic.portal.models import settings_for
from mesoclinic.scheduling.model import Preferences

PLAN_GONE = (
    "One of the times in the plan you chose is no longer free, so nothing was booked. "
    "Choose one of the fresh plans below."
)
OPTION_GONE = (
    "The time you chose is no longer free, so your session was not moved. Choose one of "
    "the times below."
)


def window_closed_message(clinic: Clinic, hours: int) -> str:
    return (
        f"Online changes close {hours} hours before the appointment: to change or cancel "
        f"it now, please {call_the_clinic(clinic)}."
    )


def her_booked_appointment(patient: Patient, appointment_id: int) -> Appointment:
    """Her booked appointment, locked for the change; any other (hers but already
    cancelled or held, or not hers) is 404."""
    row = owned_or_404(
        Appointment.objects.filter(status=AppointmentStatus.BOOKED), patient, id=appointment_id
    )
    return Appointment.objects.select_for_update().select_related("clinic").get(pk=row.pk)


def check_window(row: Appointment, now: datetime) -> None:
    """Refuse once the clinic's cancellation window has closed."""
    hours = settings_for(row.clinic_id).cancel_hours_before
    if not may_change_online(row.starts_at, now, hours):
        raise DomainError("appointment", window_closed_message(row.clinic, hours))


@transaction.atomic
def appointment_cancel_by_patient(
    *, actor: Actor, patient: Patient, appointment_id: int, now: datetime | None = None
) -> Appointment:
    """She cancels one of her booked sessions while the window is open, through the desk's
    own cancellation rules. The session then waits to be booked again, as after any
    cancellation."""
    row = her_booked_appointment(patient, appointment_id)
    check_window(row, now or timezone.now())
    row = cancel_locked(
        actor=actor, row=row, status=AppointmentStatus.CANCELLED_BY_PATIENT, reason=""
    )
    change_email_queue(patient=patient, change="cancelled", rows=[row])
    return row


def her_course(patient: Patient, course_id: int) -> Course:
    """One of her courses (not one entered in error); any other is 404."""
    courses = Course.objects.select_related("clinic").filter(status=RecordStatus.ACTIVE)
    return owned_or_404(courses, patient, id=course_id)


def course_book_by_patient(
    *,
    actor: Actor,
    patient: Patient,
    course_id: int,
    wishes: Preferences,
    plan_id: str,
    now: datetime | None = None,
) -> list[Appointment]:
    """She books the plan `plan_id` of those found for `wishes`: the search runs again
    here, and only a plan it finds again is booked, so a plan whose time someone took
    meanwhile is refused (`BookingRefused.taken`) and she chooses among fresh ones."""
    course = her_course(patient, course_id)
    # Searched before the write transaction, which then holds the course's lock only for
    # the booking itself; the checker approves the times again inside it.
    found = online_plans(course, wishes, now or timezone.now())
    if found.refused:
        raise DomainError("plan", found.refused)
    chosen = next((plan for plan in found.plans if plan.id == plan_id), None)
    if chosen is None:
        raise BookingRefused([PLAN_GONE], taken=True)
    return _book(actor, course.id, chosen, wishes)


@transaction.atomic
def _book(actor: Actor, course_id: int, chosen: Offer, wishes: Preferences) -> list[Appointment]:
    course = lock_open_course(course_id)
    slots = [slot_of(a) for a in chosen.appointments]
    rows = book_locked(actor=actor, course=course, slots=slots, wishes=wishes, whole=False)
    change_email_queue(patient=course.patient, change="booked", rows=rows)
    return rows


def appointment_move_by_patient(
    *,
    actor: Actor,
    patient: Patient,
    appointment_id: int,
    option_id: str,
    now: datetime | None = None,
) -> list[Appointment]:
    """She moves one of her booked sessions to the option `option_id`, while the window is
    open, through the desk's move rules; later sessions move with it when the gap rules
    need it (the option lists them). A time taken meanwhile is refused as for a plan."""
    now = now or timezone.now()
    row = owned_or_404(
        Appointment.objects.select_related("clinic", "course").filter(
            status=AppointmentStatus.BOOKED
        ),
        patient,
        id=appointment_id,
    )
    check_window(row, now)
    offers, why_none = online_move_options(row, now)
    if why_none and not offers:
        raise DomainError("option", why_none)
    chosen = next((offer for offer in offers if offer.id == option_id), None)
    if chosen is None:
        raise BookingRefused([OPTION_GONE], taken=True)
    return _move(actor, patient, appointment_id, chosen, now)


@transaction.atomic
def _move(
    actor: Actor, patient: Patient, appointment_id: int, chosen: Offer, now: datetime
) -> list[Appointment]:
    row = her_booked_appointment(patient, appointment_id)
    check_window(row, now)
    rows = move_locked(actor=actor, row=row, slots=[slot_of(a) for a in chosen.appointments])
    change_email_queue(patient=patient, change="moved", rows=rows)
    return rows
