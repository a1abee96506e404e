"""The practitioner's day list marks each appointment whose course is due a reassessment,
with the reason, in the same number of queries however many appointments there are."""

from datetime import date, time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mesoclinic.assessments.services import assessment_sign
from mesoclinic.patients.models import Patient
from tests.appointments.booking_helpers import book_today
from tests.assessments.reassess_helpers import course_with_sessions, reassess
from tests.conftest import actor, client_for
from tests.courses.conftest import ready  # noqa: F401
from tests.screening.conftest import screen, sign_consent

pytestmark = pytest.mark.django_db


def _another_patient(clinic, user, given_name: str) -> Patient:
    other = Patient.objects.create(
        clinic=clinic,
        given_name=given_name,
        family_name="Somerville",
        date_of_birth=date(1980, 1, 1),
        created_by=user,
    )
    screen(other, user)
    sign_consent(other, user, template_version=1)
    return other


@pytest.fixture
def due(ready, practitioner):  # noqa: F811
    return course_with_sessions(ready, practitioner, 5)


def test_an_appointment_whose_course_is_due_shows_reassess_with_the_reason(due, practitioner):
    book_today(due, practitioner)
    content = client_for(practitioner).get("/").content.decode()
    assert "Reassess: 5 sessions done" in content
    assert f'href="/courses/{due.id}/reassess/"' in content


def test_a_course_reassessed_after_its_point_shows_no_marker(due, practitioner):
    taken = reassess(due, practitioner)
    assessment_sign(actor=actor(practitioner), assessment=taken)
    book_today(due, practitioner)
    assert "Reassess:" not in client_for(practitioner).get("/").content.decode()


def test_a_course_before_its_first_point_shows_no_marker(ready, practitioner):  # noqa: F811
    book_today(course_with_sessions(ready, practitioner, 4), practitioner)
    assert "Reassess:" not in client_for(practitioner).get("/").content.decode()


def test_the_front_desk_sees_no_clinical_marker(due, practitioner, front_desk):
    book_today(due, practitioner)
    content = client_for(front_desk).get("/").content.decode()
    assert "Ada Lovelace" in content
    assert "Reassess:" not in content


def test_the_marker_costs_the_same_queries_for_one_appointment_as_for_three(
    due, practitioner, riverside
):
    client = client_for(practitioner)
    book_today(due, practitioner)
    with CaptureQueriesContext(connection) as one:
        assert client.get("/").content.decode().count("Reassess:") == 1
    for name, hour in (("Mary", 11), ("Emmy", 12)):
        someone = _another_patient(riverside, practitioner, name)
        other = course_with_sessions(someone, practitioner, 5)
        book_today(other, practitioner, at=time(hour))
    with CaptureQueriesContext(connection) as three:
        assert client.get("/").content.decode().count("Reassess:") == 3

    assert len(three.captured_queries) == len(one.captured_queries)
