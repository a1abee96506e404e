"""The portal's booking limits as pure rules: how far ahead she may book, how many of her
sessions still to book that reaches, and when the clinic books a first session itself."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from mesoclinic.portal.booking.rules import (
    first_session_waits_for_staff,
    last_bookable_day,
    sessions_within_reach,
)

MONDAY = date(2026, 3, 2)


def test_booking_ninety_days_ahead_counts_today_as_the_first_day():
    assert last_bookable_day(MONDAY, 90) == MONDAY + timedelta(days=89)
    assert last_bookable_day(MONDAY, 1) == MONDAY


def test_only_the_sessions_whose_whole_window_is_within_reach_are_booked_online():
    ends = [MONDAY + timedelta(days=9 + 7 * n) for n in range(5)]  # each window's last day
    assert sessions_within_reach(ends, MONDAY + timedelta(days=23)) == 3
    assert sessions_within_reach(ends, MONDAY) == 0
    assert sessions_within_reach(ends, MONDAY + timedelta(days=400)) == 5


@given(
    ends=st.lists(st.integers(min_value=0, max_value=400), max_size=30),
    reach=st.integers(min_value=0, max_value=400),
)
def test_the_sessions_booked_online_are_a_run_from_the_first_each_within_reach(ends, reach):
    days = [MONDAY + timedelta(days=d) for d in sorted(ends)]
    last = MONDAY + timedelta(days=reach)
    count = sessions_within_reach(days, last)
    assert all(day <= last for day in days[:count])
    assert count == len(days) or days[count] > last


def test_the_clinic_books_a_course_s_first_session_only_when_it_says_so():
    assert first_session_waits_for_staff(True, 1)
    assert not first_session_waits_for_staff(True, 2)
    assert not first_session_waits_for_staff(False, 1)
