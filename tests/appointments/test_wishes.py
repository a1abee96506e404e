"""The patient's booking wishes are kept with the course when a plan is booked: the
booking page opens with them, and the optimiser, the sick-day repair and the re-placement
options follow them."""

from datetime import time, timedelta

import pytest

from mesoclinic.appointments.absence_repair import absence_repair_preview
from mesoclinic.appointments.booking.options import session_options
from mesoclinic.appointments.booking.wishes import course_wishes
from mesoclinic.appointments.changes import appointment_cancel
from mesoclinic.appointments.models import Appointment, BookingWishes
from mesoclinic.appointments.optimiser.batch import batch_requests
from mesoclinic.appointments.services import Slot, course_book
from mesoclinic.audit.models import AuditEvent
from mesoclinic.clinics.models import Role, Room
from mesoclinic.rota.models import Shift
from mesoclinic.scheduling.model import PartOfDay, Preferences
from tests.appointments.booking_helpers import away, book_whole_course, course_slots, day_of
from tests.appointments.conftest import works_weekdays
from tests.appointments.test_api import first_plan, post
from tests.appointments.test_booking_page import booking_url, plan_tokens
from tests.conftest import actor, client_for, make_staff

pytestmark = pytest.mark.django_db

TUESDAY_AND_THURSDAY = ["1", "3"]


@pytest.fixture
def third(bookable):
    user = make_staff("riverside.third", bookable, Role.PRACTITIONER)
    works_weekdays(user, bookable)
    return user


def test_booking_a_plan_keeps_the_wishes_it_was_found_with(next_week_course, front_desk, colleague):
    desk = client_for(front_desk)
    wishes = {"weekdays": TUESDAY_AND_THURSDAY, "part_of_day": "morning"}
    wishes["practitioner"] = str(colleague.id)
    html = desk.get(booking_url(next_week_course), {"search": "1", **wishes}).content.decode()

    desk.post(booking_url(next_week_course), {"slots": plan_tokens(html), **wishes})

    assert course_wishes(next_week_course) == Preferences(
        weekdays=frozenset({1, 3}),
        part_of_day=PartOfDay.MORNING,
        practitioner_id=str(colleague.id),
    )
    assert AuditEvent.objects.filter(target=f"course {next_week_course.id} booking wishes")


def test_the_booking_page_opens_with_the_wishes_kept(next_week_course, front_desk, colleague):
    desk = client_for(front_desk)
    wishes = {"weekdays": TUESDAY_AND_THURSDAY, "part_of_day": "afternoon"}
    html = desk.get(booking_url(next_week_course), {"search": "1", **wishes}).content.decode()
    desk.post(booking_url(next_week_course), {"slots": plan_tokens(html), **wishes})
    third_session = Appointment.objects.get(course=next_week_course, number=3)
    appointment_cancel(
        actor=actor(front_desk), appointment_id=third_session.id, status="cancelled_patient"
    )

    form = desk.get(booking_url(next_week_course)).context["form"]

    assert form.cleaned_data["weekdays"] == [1, 3]
    assert form.cleaned_data["part_of_day"] == "afternoon"
    # Asking again with other wishes searches with those.
    searched = desk.get(booking_url(next_week_course), {"search": "1", "part_of_day": ""})
    assert searched.context["form"].cleaned_data["weekdays"] == []


def test_the_api_keeps_wishes_given_and_leaves_them_when_none_are(next_week_course, front_desk):
    desk = client_for(front_desk)
    url = f"/api/v1/courses/{next_week_course.id}/appointments"
    sessions = first_plan(desk, next_week_course, part_of_day="morning")

    post(desk, url, {"sessions": sessions, "wishes": {"part_of_day": "morning"}})
    post(desk, url, {"sessions": sessions})  # refused now: nothing is left to book

    assert course_wishes(next_week_course).part_of_day == PartOfDay.MORNING


def test_the_optimiser_asks_for_each_courses_wishes(next_week_course, front_desk, today):
    BookingWishes.objects.create(
        course=next_week_course, weekdays=[4], part_of_day="afternoon", updated_by=front_desk
    )

    [request] = batch_requests(next_week_course.clinic, today + timedelta(days=1), weeks=4)

    assert request.preferences == Preferences(
        weekdays=frozenset({4}), part_of_day=PartOfDay.AFTERNOON
    )


def test_a_preferred_practitioner_no_longer_on_the_rota_is_dropped(
    next_week_course, front_desk, colleague
):
    BookingWishes.objects.create(
        course=next_week_course, practitioner=colleague, weekdays=[0], updated_by=front_desk
    )
    Shift.objects.filter(practitioner=colleague).delete()

    assert course_wishes(next_week_course) == Preferences(weekdays=frozenset({0}))


def test_a_sick_day_hands_the_session_to_the_practitioner_the_patient_asked_for(
    next_week_course, front_desk, practitioner, colleague, third
):
    booked = book_whole_course(next_week_course, front_desk, practitioner)
    BookingWishes.objects.create(course=next_week_course, practitioner=third, updated_by=front_desk)
    absence = away(next_week_course, front_desk, practitioner, day_of(booked[1]))

    [move] = absence_repair_preview(actor(front_desk), absence.id).moves

    # Both colleagues are free at that time; without the wish the first on the list gets it.
    assert move.after.practitioner_id == str(third.id)


def test_re_placement_options_put_the_practitioner_asked_for_first(
    next_week_course, front_desk, practitioner, third
):
    booked = book_whole_course(next_week_course, front_desk, practitioner)
    BookingWishes.objects.create(course=next_week_course, practitioner=third, updated_by=front_desk)
    row = appointment_cancel(
        actor=actor(front_desk), appointment_id=booked[3].id, status="cancelled_patient"
    )

    options, _why = session_options(row)

    assert options[0].appointments[0].practitioner_id == str(third.id)
    assert options[0].appointments[0].start.time() == time(10)


def test_the_wishes_are_not_kept_for_a_booking_made_without_them(
    next_week_course, front_desk, practitioner
):
    book_whole_course(next_week_course, front_desk, practitioner)

    assert not BookingWishes.objects.filter(course=next_week_course).exists()
    assert course_wishes(next_week_course) == Preferences()


def test_re_placement_options_put_the_patients_usual_day_time_and_practitioner_first(
    next_week_course, front_desk, practitioner, colleague
):
    # Every session on Wednesdays at 10:00 with the practitioner but the fourth, which was
    # with the colleague at 14:00; the fourth is then cancelled.
    room = Room.objects.get(clinic=next_week_course.clinic, name="Room 1")
    slots = course_slots(next_week_course, practitioner, room)
    fourth = slots[3]
    slots[3] = Slot(4, colleague.id, room.id, fourth.start.replace(hour=14))
    booked = course_book(actor=actor(front_desk), course_id=next_week_course.id, slots=slots)
    row = appointment_cancel(
        actor=actor(front_desk), appointment_id=booked[3].id, status="cancelled_patient"
    )

    options, _why = session_options(row)

    first = options[0].appointments[0]
    assert (first.start, first.practitioner_id) == (fourth.start, str(practitioner.id))
    days = [(o.appointments[0].start.date(), o.appointments[0].practitioner_id) for o in options]
    assert len(days) == len(set(days)), "one option a day per practitioner"
