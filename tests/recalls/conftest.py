"""Completed courses and their recalls for the tests, written through the real services:
screening, consent, a signed assessment, a course started and its sessions recorded."""

from datetime import date, time, timedelta

import pytest

from mesoclinic.clinics.clock import clinic_today
from mesoclinic.consent.selectors import current_template
from mesoclinic.courses.services import course_start
from mesoclinic.courses.session_count import course_record_session_done
from mesoclinic.patients.models import Patient
from mesoclinic.recalls.models import Recall
from tests.conftest import actor
from tests.courses.conftest import active, assess, course, grade_two, plan, ready, today  # noqa: F401
from tests.screening.conftest import screen, sign_consent

YEAR = 365  # the protocol's maintenance interval for every grade with a course


def make_patient(clinic, user, given: str, family: str, *, may_contact: bool = True) -> Patient:
    return Patient.objects.create(
        clinic=clinic,
        given_name=given,
        family_name=family,
        date_of_birth=date(1980, 5, 17),
        phone="+447700900456",
        phone_digits="447700900456",
        email=f"{given.lower()}@example.org",
        may_contact=may_contact,
        created_by=user,
    )


def completed_preventive(patient: Patient, user, *, session_days_ago: int):
    """A grade-1 course whose one preventive session was held `session_days_ago` days ago:
    it completed with that session, so its recall is due a year after it."""
    held_on = clinic_today(patient.clinic) - timedelta(days=session_days_ago)
    screen(patient, user)
    form = current_template(patient.clinic_id)
    sign_consent(patient, user, template_version=form.version if form else None)
    assess(patient, user, 1, on=held_on - timedelta(days=3))
    planned = course_start(actor=actor(user), course=plan(patient, user, starts_on=held_on))
    return course_record_session_done(actor=actor(user), course=planned, on=held_on)


def recall_of(of_course) -> Recall:
    return Recall.objects.get(course=of_course, state="open")


@pytest.fixture
def overdue(patient, practitioner):
    """Ada's recall, its day 10 days past."""
    return recall_of(completed_preventive(patient, practitioner, session_days_ago=YEAR + 10))


@pytest.fixture
def due_soon(riverside, practitioner):
    """Mary's recall, due in 5 days."""
    mary = make_patient(riverside, practitioner, "Mary", "Somerville")
    return recall_of(completed_preventive(mary, practitioner, session_days_ago=YEAR - 5))


@pytest.fixture
def do_not_contact(riverside, practitioner):
    """Emmy's recall, due in 2 days; she has not agreed to be contacted."""
    emmy = make_patient(riverside, practitioner, "Emmy", "Noether", may_contact=False)
    return recall_of(completed_preventive(emmy, practitioner, session_days_ago=YEAR - 2))


def book_visit(patient: Patient, practitioner, desk, at: time = time(10)):
    """The patient's maintenance visit booked on the schedule: a new preventive course
    planned from a fresh assessment, its one session booked next week."""
    from mesoclinic.appointments.services import course_book
    from mesoclinic.clinics.models import Room
    from tests.appointments.booking_helpers import course_slots
    from tests.appointments.conftest import next_week

    on = clinic_today(patient.clinic)
    assess(patient, practitioner, 1, on=on)
    visit_course = plan(patient, practitioner, starts_on=next_week(on))
    room = Room.objects.get(clinic=patient.clinic, name="Room 1")
    [visit] = course_book(
        actor=actor(desk),
        course_id=visit_course.id,
        slots=course_slots(visit_course, practitioner, room, at=at),
    )
    return visit


@pytest.fixture
def upcoming_visit(overdue, patient, practitioner, front_desk):
    """Ada's maintenance visit, booked next week."""
    from tests.appointments.conftest import open_weekdays, works_weekdays

    open_weekdays(patient.clinic)
    works_weekdays(practitioner, patient.clinic)
    return book_visit(patient, practitioner, front_desk)
