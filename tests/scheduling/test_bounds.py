"""Upper bounds on what any schedule can place: capacity, flow and chain."""

from datetime import time, timedelta

from mesoclinic.scheduling.bounds import bounds
from mesoclinic.scheduling.model import CourseRequest, GapRules
from mesoclinic.scheduling.schedule import Horizon
from tests.scheduling.builders import MONDAY, WEEKLY, calendar, practitioner

ONE_DAY = Horizon(MONDAY, MONDAY)
EXACT = GapRules(cadence_days=7, tolerance_days=0, min_gap_days=7)


def course(name, sessions=1, *, first=MONDAY, rules=WEEKLY):
    return CourseRequest(name, f"patient-{name}", "c", sessions, first, rules, 60)


def test_a_day_holds_as_many_sessions_as_fit_with_the_buffer_on_the_grid():
    # 9:00-17:00 with a 10-minute buffer on a 15-minute grid: starts 9:00, 10:15, ... 15:15.
    clinic = calendar(practitioners=1, rooms=1, buffer_minutes=10)
    asked = [course(f"k{n}") for n in range(10)]

    found = bounds(clinic, asked, ONE_DAY)

    assert (found.requested, found.capacity, found.flow) == (10, 6, 6)


def test_the_fewer_rooms_the_fewer_sessions_at_most():
    clinic = calendar(practitioners=3, rooms=1)
    asked = [course(f"k{n}") for n in range(20)]

    assert bounds(clinic, asked, ONE_DAY).flow == 8  # one room, eight hours


def test_the_flow_bound_sees_two_courses_wanting_one_slot_that_capacity_cannot():
    one_slot = {d: ((time(9), time(10)),) for d in range(5)}
    clinic = calendar(practitioners=[practitioner(1, shifts=one_slot)], rooms=1)
    week = Horizon(MONDAY, MONDAY + timedelta(days=6))
    asked = [course("a", rules=EXACT), course("b", rules=EXACT)]

    found = bounds(clinic, asked, week)

    assert found.capacity == 2  # five slots in the week, two sessions
    assert found.flow == 1  # but both want Monday only


def test_only_sessions_whose_ideal_day_is_open_count_towards_the_ideal_date_bound():
    clinic = calendar(closed_days=frozenset({MONDAY}))
    week = Horizon(MONDAY, MONDAY + timedelta(days=6))

    found = bounds(clinic, [course("a")], week)

    assert (found.flow, found.flow_ideal) == (1, 0)


def test_the_chain_bound_follows_a_holiday_through_a_weekly_course():
    # Session 2's ideal Monday is a holiday. Session 1 cannot move earlier (Sunday is
    # closed) and session 2 cannot come back to its weekday once it moves later.
    holiday = MONDAY + timedelta(weeks=1)
    clinic = calendar(closed_days=frozenset({holiday}))
    four_weeks = Horizon(MONDAY - timedelta(days=3), MONDAY + timedelta(weeks=4))

    found = bounds(clinic, [course("a", 4)], four_weeks)

    assert found.flow_ideal == 3  # the flow lets sessions 3 and 4 keep their Mondays
    assert found.chain_ideal == 1  # every session after the holiday is pushed late
