"""One click from a checked-in appointment to the chart of that session: the chart shows
the check-in the desk recorded, and a planned course is started there after its checks."""

import zoneinfo
from datetime import time

import pytest
from django.utils import timezone

from mesoclinic.appointments.calendar import to_wall
from mesoclinic.appointments.changes import appointment_check_in
from mesoclinic.appointments.models import Appointment
from mesoclinic.charting.models import TreatmentSession
from mesoclinic.courses.models import Course
from mesoclinic.screening.models import Screening
from mesoclinic.screening.services import screening_mark_entered_in_error
from tests.appointments.booking_helpers import book_today
from tests.charting.conftest import chart_form
from tests.conftest import actor, client_for

pytestmark = pytest.mark.django_db


def checked_in(course, practitioner, front_desk):
    row = book_today(course, practitioner, at=time(0, 1), booked_by=front_desk)
    return appointment_check_in(actor=actor(front_desk), appointment_id=row.id)


def chart_url(row) -> str:
    return f"/courses/{row.course_id}/chart/?appointment={row.id}"


def test_the_chart_opened_from_the_appointment_shows_the_recorded_check_in(
    active, practitioner, front_desk, logged_in
):
    row = checked_in(active, practitioner, front_desk)
    recorded = to_wall(row.status_changed_at, row.clinic)

    page = logged_in.get(chart_url(row))

    assert page.status_code == 200
    assert page.context["form"]["checked_in"].value().strftime("%H:%M") == f"{recorded:%H:%M}"
    assert f"Checked in at {recorded:%H:%M} (Europe/London)" in page.content.decode()


def test_the_chart_signed_from_the_appointment_completes_it(
    active, practitioner, front_desk, logged_in, caffeine_lot, today
):
    row = checked_in(active, practitioner, front_desk)

    response = logged_in.post(chart_url(row), chart_form([(caffeine_lot, "2")], today))

    assert response.status_code == 302
    assert Appointment.objects.get(pk=row.pk).status == "completed"


def test_a_planned_course_is_started_from_the_chart_page_then_charted(
    course, practitioner, front_desk, logged_in
):
    row = checked_in(course, practitioner, front_desk)

    page = logged_in.get(chart_url(row)).content.decode()
    started = logged_in.post(chart_url(row), {"start_course": "1"})

    assert "Start the course" in page
    assert 'name="start_course"' in page
    assert started.status_code == 302
    assert started["Location"] == chart_url(row)
    assert Course.objects.get(pk=course.pk).state == "active"
    assert "Sign and save the chart" in logged_in.get(chart_url(row)).content.decode()


def test_a_planned_course_that_cannot_start_shows_the_reasons_and_stays_planned(
    course, practitioner, front_desk, logged_in, patient
):
    row = checked_in(course, practitioner, front_desk)
    screening = Screening.objects.get(patient=patient)
    screening_mark_entered_in_error(
        actor=actor(practitioner), screening=screening, reason="Taken on the wrong patient"
    )

    page = logged_in.get(chart_url(row)).content.decode()
    refused = logged_in.post(chart_url(row), {"start_course": "1"})

    assert "No screening on record" in page
    assert 'name="start_course"' not in page
    assert refused.status_code == 422
    assert "No screening on record" in refused.content.decode()
    assert Course.objects.get(pk=course.pk).state == "planned"


def test_another_clinics_staff_get_404_on_the_chart_from_an_appointment(
    active, practitioner, front_desk, outsider
):
    row = checked_in(active, practitioner, front_desk)

    assert client_for(outsider).get(chart_url(row)).status_code == 404


def test_an_unknown_appointment_is_not_found_on_the_chart(
    active, practitioner, front_desk, logged_in
):
    row = checked_in(active, practitioner, front_desk)

    unknown = f"/courses/{active.id}/chart/?appointment={row.id + 999}"

    assert logged_in.get(unknown).status_code == 404


def test_the_signed_chart_shows_the_recorded_check_in_and_signing_in_the_clinics_zone(
    active, practitioner, front_desk, logged_in, caffeine_lot, today
):
    row = checked_in(active, practitioner, front_desk)
    offered = logged_in.get(chart_url(row)).context["form"]["checked_in"].value()
    values = chart_form([(caffeine_lot, "2")], today, checked_in=f"{offered:%H:%M}")
    signed = logged_in.post(chart_url(row), values)
    session = TreatmentSession.objects.get(pk=int(signed["Location"].split("/")[2]))
    london = zoneinfo.ZoneInfo("Europe/London")

    content = logged_in.get(signed["Location"]).content.decode()

    assert session.checked_in_at is not None
    assert f"{timezone.localtime(session.checked_in_at, london):%H:%M %Z}" in content
    assert f"{timezone.localtime(session.signed_at, london):%Y-%m-%d %H:%M %Z}" in content
    assert "UTC" not in content
