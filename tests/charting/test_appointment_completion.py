"""A signed chart completes the session's appointment of that day; the front desk checks
the patient in on the day itself."""

from datetime import timedelta

import pytest
from django.utils import timezone

from mesoclinic.appointments.changes import appointment_check_in
from mesoclinic.appointments.models import Appointment
from mesoclinic.clinics.models import Room
from mesoclinic.domain.errors import DomainError
from tests.charting.conftest import chart_form, chart_on_page, mark_on_page
from tests.charting.test_charting import chart
from tests.conftest import actor

pytestmark = pytest.mark.django_db


def appointment(course, user, starts_at):
    return Appointment.objects.create(
        clinic=course.clinic,
        patient=course.patient,
        course=course,
        number=1,
        practitioner=user,
        room=Room.objects.filter(clinic=course.clinic).first(),
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=1),
        held_until=starts_at + timedelta(hours=1),
        booked_by=user,
    )


def test_charting_the_session_completes_that_days_appointment(
    logged_in, active, caffeine_lot, today, practitioner, front_desk
):
    booked = appointment(active, practitioner, timezone.now())
    appointment_check_in(actor=actor(front_desk), appointment_id=booked.id)

    chart(logged_in, active, chart_form([(caffeine_lot, "2")], today))

    assert Appointment.objects.get(pk=booked.pk).status == "completed"


def test_an_appointment_on_another_day_stays_booked(
    logged_in, active, caffeine_lot, today, practitioner
):
    booked = appointment(active, practitioner, timezone.now() + timedelta(days=2))

    chart(logged_in, active, chart_form([(caffeine_lot, "2")], today))

    assert Appointment.objects.get(pk=booked.pk).status == "booked"


def test_a_patient_is_checked_in_only_on_the_day(active, practitioner, front_desk):
    booked = appointment(active, practitioner, timezone.now() + timedelta(days=2))

    with pytest.raises(DomainError, match="on the day of the appointment"):
        appointment_check_in(actor=actor(front_desk), appointment_id=booked.id)


def test_a_chart_marked_entered_in_error_no_longer_completes_its_appointment(
    logged_in, active, caffeine_lot, today, practitioner, front_desk
):
    booked = appointment(active, practitioner, timezone.now())
    appointment_check_in(actor=actor(front_desk), appointment_id=booked.id)
    wrong = chart_on_page(logged_in, active, [(caffeine_lot, "2")], today)

    mark_on_page(logged_in, wrong)

    # The patient was there: the appointment waits, checked in, for the right chart.
    assert Appointment.objects.get(pk=booked.pk).status == "checked_in"
    chart_on_page(logged_in, active, [(caffeine_lot, "2")], today)
    assert Appointment.objects.get(pk=booked.pk).status == "completed"
