"""A clinic ready to book: open Monday to Friday 09:00-17:00 (London time), two rooms,
two practitioners working every weekday, and a planned weekly course of the fixture patient."""

from datetime import date, time, timedelta

import pytest

from mesoclinic.clinics.models import OpeningHours, Role, Room
from mesoclinic.patients.models import Patient
from mesoclinic.rota.models import Shift
from tests.conftest import make_staff
from tests.courses.conftest import active, assess, course, grade_two, plan, ready, today  # noqa: F401
from tests.screening.conftest import screen, sign_consent

WEEKDAYS = range(5)
WEDNESDAY = 2


def open_weekdays(clinic, opens=time(9), closes=time(17)):
    for weekday in WEEKDAYS:
        OpeningHours.objects.create(clinic=clinic, weekday=weekday, opens=opens, closes=closes)


def works_weekdays(user, clinic, starts=time(9), ends=time(17)):
    for weekday in WEEKDAYS:
        Shift.objects.create(
            clinic=clinic, practitioner=user, weekday=weekday, starts=starts, ends=ends
        )


@pytest.fixture
def bookable(riverside, practitioner):
    """Riverside with hours, a second room and the practitioner's weekly shifts."""
    open_weekdays(riverside)
    Room.objects.create(clinic=riverside, name="Room 2")
    works_weekdays(practitioner, riverside)
    return riverside


@pytest.fixture
def colleague(bookable):
    user = make_staff("riverside.colleague", bookable, Role.PRACTITIONER)
    user.first_name, user.last_name = "Grace", "Hopper"
    user.save()
    works_weekdays(user, bookable)
    return user


@pytest.fixture
def hillcrest_desk(hillcrest):
    return make_staff("hillcrest.frontdesk", hillcrest, Role.FRONT_DESK)


@pytest.fixture
def second_course(bookable, practitioner, today):  # noqa: F811
    """Another Riverside patient's weekly course, starting the same day as `next_week_course`."""
    other = Patient.objects.create(
        clinic=bookable,
        given_name="Mary",
        family_name="Somerville",
        date_of_birth=date(1980, 1, 1),
        created_by=practitioner,
    )
    screen(other, practitioner)
    sign_consent(other, practitioner, template_version=1)  # the form the first patient signed
    assess(other, practitioner, 2, (2, 2, 1, 1), on=today - timedelta(days=3))
    return plan(other, practitioner, starts_on=next_week(today))


def next_week(day: date) -> date:
    """The first Wednesday at least a week after `day`. A weekly course starting then has
    open weekdays on both sides of every ideal date, so the tests see the same calendar
    whatever day they run on."""
    week_later = day + timedelta(days=7)
    return week_later + timedelta(days=(WEDNESDAY - week_later.weekday()) % 7)


@pytest.fixture
def next_week_course(bookable, grade_two, patient, practitioner, today):  # noqa: F811
    return plan(patient, practitioner, starts_on=next_week(today))
