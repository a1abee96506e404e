"""She books her course's sessions still to book with the desk's own search and checker,
within what her clinic allows online. She chooses a plan by its id with the wishes it was
found with; the server finds it again and books only what it found."""

from datetime import timedelta

import pytest
from django.http import Http404
from django.utils import timezone

from mesoclinic.appointments.models import Appointment, AppointmentStatus
from mesoclinic.appointments.services import BookingRefused
from mesoclinic.clinics.clock import clinic_today
from mesoclinic.domain.errors import DomainError
from mesoclinic.portal.booking.changes import course_book_by_patient
from mesoclinic.portal.booking.online import online_plans
from mesoclinic.scheduling.model import Preferences
from tests.appointments.booking_helpers import book_course_around, book_whole_course
from tests.conftest import actor, client_for
from tests.portal.booking.conftest import CLINIC_PHONE

ANY = Preferences()


def _book(account, patient, course, plan_id, wishes=ANY):
    return course_book_by_patient(
        actor=actor(account), patient=patient, course_id=course.id, wishes=wishes, plan_id=plan_id
    )


def test_she_is_offered_up_to_five_plans_for_every_session_still_to_book(online, next_week_course):
    found = online_plans(next_week_course, ANY, timezone.now())
    assert 1 <= len(found.plans) <= 5
    assert found.numbers == tuple(range(1, next_week_course.sessions_planned + 1))
    for plan in found.plans:
        assert [a.number for a in plan.appointments] == list(found.numbers)


def test_she_books_a_plan_by_its_id_and_the_desk_sees_it_booked_by_her(
    online, next_week_course, ada_account, patient
):
    plan = online_plans(next_week_course, ANY, timezone.now()).plans[0]
    rows = _book(ada_account, patient, next_week_course, plan.id)
    assert [r.number for r in rows] == [a.number for a in plan.appointments]
    assert all(r.booked_by == ada_account for r in rows)
    assert Appointment.objects.filter(course=next_week_course, status="booked").count() == len(rows)


def test_plans_use_only_the_practitioners_the_clinic_books_online(
    online, next_week_course, colleague, practitioner
):
    wishes = Preferences(practitioner_id=str(colleague.id))
    for plan in online_plans(next_week_course, wishes, timezone.now()).plans:
        assert {a.practitioner_id for a in plan.appointments} == {str(practitioner.id)}


def test_a_plan_whose_time_was_taken_meanwhile_is_refused_and_nothing_is_booked(
    online, next_week_course, second_course, ada_account, patient, front_desk
):
    plan = online_plans(next_week_course, ANY, timezone.now()).plans[0]
    first = plan.appointments[0]
    # Another patient takes the practitioner's hour of her plan's first session.
    book_course_around(
        second_course, front_desk, int(first.practitioner_id), int(first.room_id), first.start
    )
    with pytest.raises(BookingRefused) as refused:
        _book(ada_account, patient, next_week_course, plan.id)
    assert refused.value.taken
    assert "no longer free" in refused.value.message
    assert not Appointment.objects.filter(course=next_week_course).exists()


def test_a_made_up_plan_id_books_nothing(online, next_week_course, ada_account, patient):
    with pytest.raises(BookingRefused):
        _book(ada_account, patient, next_week_course, "0123456789abcdef")
    assert not Appointment.objects.filter(course=next_week_course).exists()


def test_with_online_booking_off_she_is_told_to_call(
    online, next_week_course, ada_account, patient
):
    plan = online_plans(next_week_course, ANY, timezone.now()).plans[0]
    online.online_booking = False
    online.save()
    with pytest.raises(DomainError) as refused:
        _book(ada_account, patient, next_week_course, plan.id)
    assert f"call the clinic on {CLINIC_PHONE}" in refused.value.message
    assert online_plans(next_week_course, ANY, timezone.now()).plans == ()


def test_a_clinic_with_no_practitioner_online_takes_no_online_booking(online, next_week_course):
    online.online_practitioners.clear()
    found = online_plans(next_week_course, ANY, timezone.now())
    assert "does not take bookings online" in found.refused


def test_where_staff_book_first_sessions_she_cannot_book_session_one(online, next_week_course):
    online.first_session_by_staff = True
    online.save()
    found = online_plans(next_week_course, ANY, timezone.now())
    assert found.plans == ()
    assert "first session is booked by the clinic" in found.refused


def test_once_staff_booked_the_first_session_she_books_the_rest(
    online, next_week_course, front_desk, practitioner, ada_account, patient
):
    online.first_session_by_staff = True
    online.save()
    rows = book_whole_course(next_week_course, front_desk, practitioner)
    for row in rows[1:]:  # the desk's later sessions cancelled, last first
        row.status = AppointmentStatus.CANCELLED_BY_CLINIC
        row.save()
    found = online_plans(next_week_course, ANY, timezone.now())
    assert found.refused == ""
    assert found.numbers[0] == 2
    assert found.plans


def test_sessions_beyond_the_days_booked_online_are_left_for_later(online, next_week_course):
    online.book_days_ahead = 30
    online.save()
    found = online_plans(next_week_course, ANY, timezone.now())
    last_day = clinic_today(next_week_course.clinic) + timedelta(days=29)
    assert found.plans
    assert found.later  # the course runs longer than 30 days
    for plan in found.plans:
        assert all(a.start.date() <= last_day for a in plan.appointments)
    assert found.numbers[-1] + 1 == found.later[0]


def test_she_books_the_sessions_within_reach_and_the_rest_stay_to_book(
    online, next_week_course, ada_account, patient
):
    online.book_days_ahead = 30
    online.save()
    found = online_plans(next_week_course, ANY, timezone.now())
    rows = _book(ada_account, patient, next_week_course, found.plans[0].id)
    assert len(rows) == len(found.numbers)
    again = online_plans(next_week_course, ANY, timezone.now())
    assert again.plans == ()
    assert again.numbers == ()
    assert again.later == found.later


def test_a_course_too_far_ahead_says_when_to_come_back(online, next_week_course):
    online.book_days_ahead = 3
    online.save()
    found = online_plans(next_week_course, ANY, timezone.now())
    assert "further ahead than the clinic books online" in found.refused


def test_her_wishes_are_kept_with_the_course(online, next_week_course, ada_account, patient):
    wishes = Preferences(weekdays=frozenset({2}))
    plan = online_plans(next_week_course, wishes, timezone.now()).plans[0]
    _book(ada_account, patient, next_week_course, plan.id, wishes)
    assert next_week_course.booking_wishes.weekdays == [2]


def test_another_patients_course_is_not_found(online, next_week_course, bea):
    with pytest.raises(Http404):
        _book(bea.created_by, bea, next_week_course, "x")


def test_the_desk_sees_a_session_she_booked_online_as_booked_by_the_patient(
    online, next_week_course, ada_account, patient, front_desk
):
    plan = online_plans(next_week_course, ANY, timezone.now()).plans[0]
    rows = _book(ada_account, patient, next_week_course, plan.id)
    page = client_for(front_desk).get(f"/appointments/{rows[0].id}/").content.decode()
    assert "by the patient, online" in page
    assert ada_account.username not in page
