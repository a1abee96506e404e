"""The home page is the day at the clinic: the desk checks patients in, the practitioner
opens the chart of the session in front of her, the chain manager goes to the reports."""

from datetime import date, time, timedelta

import pytest
from django.db import connection
from django.db.models.signals import post_init
from django.test.utils import CaptureQueriesContext

from mesoclinic.appointments.calendar import to_wall
from mesoclinic.appointments.changes import appointment_check_in
from mesoclinic.appointments.models import Appointment
from mesoclinic.audit.models import AuditEvent
from mesoclinic.clinics.clock import clinic_today
from mesoclinic.clinics.models import Role
from mesoclinic.courses.models import Course
from mesoclinic.courses.services import course_start
from mesoclinic.patients.models import Patient
from tests.appointments.booking_helpers import book_today
from tests.conftest import actor, client_for, make_staff
from tests.courses.conftest import assess, plan
from tests.screening.conftest import screen, sign_consent

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague(riverside):
    return make_staff("riverside.colleague", riverside, Role.PRACTITIONER)


@pytest.fixture
def colleagues_course(riverside, practitioner, colleague, course):
    other = Patient.objects.create(
        clinic=riverside,
        given_name="Mary",
        family_name="Somerville",
        date_of_birth=date(1980, 1, 1),
        created_by=practitioner,
    )
    screen(other, colleague)
    sign_consent(other, colleague, template_version=1)  # the form the first patient signed
    assess(other, colleague, 2, (2, 2, 1, 1), on=clinic_today(riverside) - timedelta(days=3))
    return plan(other, colleague)


def test_the_front_desk_sees_todays_appointments_at_the_clinic_with_check_in(
    course, practitioner, front_desk
):
    booked = book_today(course, practitioner)

    page = client_for(front_desk).get("/")

    content = page.content.decode()
    assert page.status_code == 200
    assert "Today at Riverside" in content
    assert "Ada Lovelace" in content
    assert "10:00–11:00" in content
    assert f'action="/appointments/{booked.id}/check-in/"' in content
    assert "Chart this session" not in content


def test_checking_in_from_the_day_list_returns_to_the_list(course, practitioner, front_desk):
    booked = book_today(course, practitioner)
    desk = client_for(front_desk)

    response = desk.post(f"/appointments/{booked.id}/check-in/", {"next": "/"})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert Appointment.objects.get(pk=booked.pk).status == "checked_in"
    assert "Checked in at" in desk.get("/").content.decode()


def test_check_in_does_not_follow_a_next_address_off_the_site(course, practitioner, front_desk):
    booked = book_today(course, practitioner)

    response = client_for(front_desk).post(
        f"/appointments/{booked.id}/check-in/", {"next": "https://evil.example/"}
    )

    assert response["Location"] == f"/appointments/{booked.id}/"


def test_the_day_list_shows_the_recorded_check_in_time(course, practitioner, front_desk):
    booked = book_today(course, practitioner)
    row = appointment_check_in(actor=actor(front_desk), appointment_id=booked.id)

    content = client_for(front_desk).get("/").content.decode()

    assert f"Checked in at {to_wall(row.status_changed_at, row.clinic):%H:%M}" in content


def test_the_practitioner_sees_only_her_own_appointments_with_chart_this_session(
    course, colleagues_course, practitioner, colleague, front_desk
):
    mine = book_today(course, practitioner)
    book_today(colleagues_course, colleague, at=time(11))
    appointment_check_in(actor=actor(front_desk), appointment_id=mine.id)

    content = client_for(practitioner).get("/").content.decode()

    assert "Ada Lovelace" in content
    assert "Mary Somerville" not in content
    assert f"/courses/{course.id}/chart/?appointment={mine.id}" in content
    assert "Chart this session" in content


def test_a_booked_appointment_offers_no_chart_before_check_in(course, practitioner):
    book_today(course, practitioner)

    content = client_for(practitioner).get("/").content.decode()

    assert "Chart this session" not in content


def test_another_clinics_appointments_never_appear(
    course, practitioner, hillcrest, outsider, front_desk
):
    book_today(course, practitioner)
    hillcrest_desk = make_staff("hillcrest.frontdesk", hillcrest, Role.FRONT_DESK)

    for user in (outsider, hillcrest_desk):
        content = client_for(user).get("/").content.decode()
        assert "Ada Lovelace" not in content
        assert "Today at Hillcrest" in content


def test_another_clinics_day_is_not_found(riverside, outsider):
    assert client_for(outsider).get(f"/today/{riverside.id}/").status_code == 404


def test_a_user_of_several_clinics_chooses_the_clinic(riverside, hillcrest, front_desk):
    from mesoclinic.clinics.models import Membership

    Membership.objects.create(user=front_desk, clinic=hillcrest, role=Role.FRONT_DESK)
    client = client_for(front_desk)

    choice = client.get("/").content.decode()
    day = client.get(f"/today/{hillcrest.id}/").content.decode()

    assert f'href="/today/{riverside.id}/"' in choice
    assert f'href="/today/{hillcrest.id}/"' in choice
    assert "Today at Hillcrest" in day


def test_the_chain_manager_is_pointed_to_the_reports(chain_manager, riverside):
    content = client_for(chain_manager).get("/").content.decode()

    assert 'href="/reports/"' in content
    assert "Check in" not in content


def test_the_day_is_written_to_the_audit_trail(course, practitioner, front_desk, riverside):
    book_today(course, practitioner)

    client_for(front_desk).get("/")

    assert AuditEvent.objects.filter(
        actor=front_desk, action="read", target__startswith="schedule", clinic_id=riverside.id
    ).exists()


def test_the_protocol_has_its_own_page_naming_the_seed_article(practitioner):
    content = client_for(practitioner).get("/protocol/").content.decode()

    assert "Sessions per grade" in content
    assert "seed:" not in content
    assert "Arlene Connolly" in content
    assert "What Is Mesotherapy Cellulite Reduction?" in content


def test_the_home_page_no_longer_shows_the_protocol_table(practitioner, riverside):
    content = client_for(practitioner).get("/").content.decode()

    assert "Sessions per grade" not in content
    assert 'href="/protocol/"' in content


def test_the_clinic_admin_sees_the_whole_clinics_day_with_check_in(
    course, colleagues_course, practitioner, colleague, clinic_admin
):
    mine = book_today(course, practitioner)
    theirs = book_today(colleagues_course, colleague, at=time(11))

    content = client_for(clinic_admin).get("/").content.decode()

    assert "Ada Lovelace" in content
    assert "Mary Somerville" in content
    assert f'action="/appointments/{mine.id}/check-in/"' in content
    assert f'action="/appointments/{theirs.id}/check-in/"' in content


def test_the_day_list_reads_in_the_same_number_of_queries_however_many_appointments(
    course, colleagues_course, practitioner, colleague, front_desk
):
    desk = client_for(front_desk)
    first = book_today(course, practitioner)
    appointment_check_in(actor=actor(front_desk), appointment_id=first.id)
    with CaptureQueriesContext(connection) as one:
        assert "Ada Lovelace" in desk.get("/").content.decode()
    book_today(colleagues_course, colleague, at=time(11))
    with CaptureQueriesContext(connection) as two:
        assert "Mary Somerville" in desk.get("/").content.decode()

    assert len(two.captured_queries) == len(one.captured_queries)


def test_the_day_list_reads_the_days_courses_only_not_every_running_course_of_the_clinic(
    active, colleagues_course, practitioner, colleague
):
    # A colleague's course runs at the clinic with nothing booked today: its review and
    # progress are none of today's business, so the day list never reads it.
    course_start(actor=actor(colleague), course=colleagues_course)
    book_today(active, practitioner)
    read: set[int] = set()

    def note(sender, instance, **kwargs):
        read.add(instance.id)

    post_init.connect(note, sender=Course)
    try:
        assert "Ada Lovelace" in client_for(practitioner).get("/").content.decode()
    finally:
        post_init.disconnect(note, sender=Course)

    assert read == {active.id}
