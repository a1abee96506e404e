"""The front desk books a course from the booking page: wishes in, complete plans out,
one click books a plan. A stale plan is refused with fresh plans; other clinics get 404."""

import re
from datetime import datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from mesoclinic.appointments.booking.forms import parse_slot
from mesoclinic.appointments.changes import appointment_cancel
from mesoclinic.appointments.models import Appointment
from mesoclinic.appointments.services import course_book
from mesoclinic.clinics.models import Room
from tests.appointments.booking_helpers import book_course_around, course_slots
from tests.conftest import actor, client_for

pytestmark = pytest.mark.django_db


def booking_url(course) -> str:
    return reverse("appointments:course", kwargs={"course_id": course.id})


def plan_tokens(html: str, plan: int = 1) -> list[str]:
    forms = re.findall(r"<form[^>]*>(.*?)</form>", html, re.S)
    plans = [form for form in forms if "Book plan" in form]
    return re.findall(r'name="slots" value="([^"]+)"', plans[plan - 1])


def test_the_desk_sees_complete_plans_and_books_one(next_week_course, front_desk, colleague):
    desk = client_for(front_desk)

    page = desk.get(booking_url(next_week_course), {"search": "1"})

    html = page.content.decode()
    assert page.status_code == 200
    assert "Plan 1" in html
    assert "Plan 5" in html
    assert "every time" in html
    assert not re.search(r"\([+-]\d+ days?\)", html)  # "1 day early", never "(-1 days)"
    tokens = plan_tokens(html)
    booked = desk.post(booking_url(next_week_course), {"slots": tokens})
    assert booked.status_code == 302
    assert Appointment.objects.filter(course=next_week_course).count() == len(tokens)
    assert "Nothing booked yet" not in desk.get(booking_url(next_week_course)).content.decode()


def test_a_plan_taken_meanwhile_is_refused_with_fresh_plans(
    next_week_course, second_course, front_desk, practitioner, colleague
):
    desk = client_for(front_desk)
    html = desk.get(booking_url(next_week_course), {"search": "1"}).content.decode()
    tokens = plan_tokens(html)
    # Another desk books the other patient into the first session's time and practitioner.
    first = parse_slot(tokens[0])
    book_course_around(second_course, front_desk, first.practitioner_id, first.room_id, first.start)

    answer = desk.post(booking_url(next_week_course), {"slots": tokens})

    assert answer.status_code == 409
    body = answer.content.decode()
    assert "is booked" in body
    assert "Plan 1" in body
    assert not Appointment.objects.filter(course=next_week_course).exists()


def test_a_damaged_plan_is_refused_with_a_message(next_week_course, front_desk):
    answer = client_for(front_desk).post(booking_url(next_week_course), {"slots": ["1|x|y"]})

    assert "The options shown were damaged" in answer.content.decode()
    assert not Appointment.objects.exists()


def test_a_plan_in_year_9999_is_refused_as_damaged(next_week_course, front_desk, practitioner):
    room = Room.objects.get(clinic=next_week_course.clinic, name="Room 1")
    token = f"1|{practitioner.id}|{room.id}|9999-12-31T23:30"

    answer = client_for(front_desk).post(booking_url(next_week_course), {"slots": [token]})

    assert "The options shown were damaged" in answer.content.decode()
    assert not Appointment.objects.exists()


def test_when_nothing_fits_the_page_says_which_sessions_and_why(next_week_course, front_desk):
    Room.objects.filter(clinic=next_week_course.clinic).update(active=False)

    page = client_for(front_desk).get(booking_url(next_week_course), {"search": "1"})

    assert "No complete plan" in page.content.decode()


@pytest.mark.parametrize("who", ["outsider", "chain_manager", "hillcrest_desk"])
def test_another_clinics_staff_get_404(next_week_course, who, request):
    other = client_for(request.getfixturevalue(who))

    assert other.get(booking_url(next_week_course), {"search": "1"}).status_code == 404
    assert other.post(booking_url(next_week_course), {"slots": []}).status_code == 404


def test_booking_needs_the_csrf_token(next_week_course, front_desk):
    desk = Client(enforce_csrf_checks=True)
    desk.force_login(front_desk)

    assert desk.post(booking_url(next_week_course), {"slots": []}).status_code == 403


def test_the_day_view_shows_rooms_by_hour(next_week_course, front_desk, practitioner):
    room = Room.objects.get(clinic=next_week_course.clinic, name="Room 1")
    [first, *_] = course_book(
        actor=actor(front_desk),
        course_id=next_week_course.id,
        slots=course_slots(next_week_course, practitioner, room),
    )
    day = first.starts_at.date().isoformat()
    desk = client_for(front_desk)

    page = desk.get(reverse("appointments:day", args=[next_week_course.clinic_id, day]))
    week = desk.get(reverse("appointments:week", args=[next_week_course.clinic_id, day]))

    for answer in (page, week):
        assert answer.status_code == 200
        assert "Ada Lovelace" in answer.content.decode()
    assert "Room 2" in page.content.decode()


def test_the_schedule_of_another_clinic_is_404(next_week_course, outsider, today):
    url = reverse("appointments:day", args=[next_week_course.clinic_id, today.isoformat()])

    assert client_for(outsider).get(url).status_code == 404


def test_the_week_view_for_a_stranger_practitioner_is_404(
    next_week_course, front_desk, outsider, today
):
    url = reverse("appointments:week", args=[next_week_course.clinic_id, today.isoformat()])

    answer = client_for(front_desk).get(url, {"practitioner": outsider.id})

    assert answer.status_code == 404


def test_a_day_that_is_not_a_date_is_404(next_week_course, front_desk):
    url = reverse("appointments:day", args=[next_week_course.clinic_id, "tomorrow"])

    assert client_for(front_desk).get(url).status_code == 404


@pytest.mark.parametrize("view", ["day", "week"])
@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1899-12-31", "2101-01-01"])
def test_a_day_outside_1900_to_2100_is_404_like_a_day_that_does_not_exist(
    view, day, next_week_course, front_desk
):
    url = reverse(f"appointments:{view}", args=[next_week_course.clinic_id, day])

    assert client_for(front_desk).get(url).status_code == 404


@pytest.mark.parametrize("view", ["day", "week"])
@pytest.mark.parametrize("day", ["1900-01-01", "2100-12-31"])
def test_the_first_and_last_days_of_the_range_are_shown(view, day, next_week_course, front_desk):
    url = reverse(f"appointments:{view}", args=[next_week_course.clinic_id, day])

    assert client_for(front_desk).get(url).status_code == 200


def test_the_plans_start_tomorrow_at_the_earliest(next_week_course, front_desk, today):
    html = client_for(front_desk).get(booking_url(next_week_course), {"search": "1"}).content
    starts = [t.split("|")[3][:10] for t in plan_tokens(html.decode())]

    assert min(starts) > today.isoformat()


def test_a_session_cancelled_in_the_middle_is_listed_to_place_again(
    next_week_course, front_desk, practitioner
):
    room = Room.objects.get(clinic=next_week_course.clinic, name="Room 1")
    rows = course_book(
        actor=actor(front_desk),
        course_id=next_week_course.id,
        slots=course_slots(next_week_course, practitioner, room),
    )
    appointment_cancel(
        actor=actor(front_desk), appointment_id=rows[3].id, status="cancelled_patient"
    )

    html = client_for(front_desk).get(booking_url(next_week_course)).content.decode()

    assert "Place session 4 again" in html
    assert "is done or booked" not in html


def test_one_session_left_to_book_is_named_alone(next_week_course, front_desk, practitioner):
    room = Room.objects.get(clinic=next_week_course.clinic, name="Room 1")
    slots = course_slots(next_week_course, practitioner, room)
    *_, last = course_book(actor=actor(front_desk), course_id=next_week_course.id, slots=slots)
    appointment_cancel(actor=actor(front_desk), appointment_id=last.id, status="cancelled_patient")

    html = client_for(front_desk).get(booking_url(next_week_course)).content.decode()

    assert f"Book session {len(slots)}<" in html
    assert "Book sessions" not in html


def test_the_plans_tokens_carry_no_ideal_date_and_one_that_does_is_refused(
    next_week_course, front_desk
):
    desk = client_for(front_desk)
    tokens = plan_tokens(desk.get(booking_url(next_week_course), {"search": "1"}).content.decode())
    assert all(len(token.split("|")) == 4 for token in tokens)
    # Each session four weeks late, each claiming that day as its ideal date.
    late = []
    for token in tokens:
        number, who, room, start = token.split("|")
        when = datetime.fromisoformat(start) + timedelta(weeks=4)
        late.append(f"{number}|{who}|{room}|{when.isoformat(timespec='minutes')}|{when.date()}")

    answer = desk.post(booking_url(next_week_course), {"slots": late})

    assert "The options shown were damaged" in answer.content.decode()
    assert not Appointment.objects.exists()


def test_a_part_of_the_plan_is_refused_on_the_page(next_week_course, front_desk):
    desk = client_for(front_desk)
    tokens = plan_tokens(desk.get(booking_url(next_week_course), {"search": "1"}).content.decode())

    answer = desk.post(booking_url(next_week_course), {"slots": tokens[-1:]})

    assert f"add sessions 1–{len(tokens) - 1}" in answer.content.decode()
    assert not Appointment.objects.exists()


def test_a_start_off_the_grid_is_refused_on_the_page(next_week_course, front_desk):
    desk = client_for(front_desk)
    tokens = plan_tokens(desk.get(booking_url(next_week_course), {"search": "1"}).content.decode())
    number, who, room, start = tokens[0].split("|")
    tokens[0] = f"{number}|{who}|{room}|{start[:11]}09:07"

    answer = desk.post(booking_url(next_week_course), {"slots": tokens})

    assert "off Riverside&#x27;s 15-minute booking grid" in answer.content.decode()
    assert not Appointment.objects.exists()
