"""The first-fit baseline: each session at the first free slot nearest its ideal date."""

from datetime import time, timedelta

from mesoclinic.protocols import load_protocol
from mesoclinic.scheduling.checker import check
from mesoclinic.scheduling.generate import generate
from mesoclinic.scheduling.greedy import course_order, greedy
from mesoclinic.scheduling.model import CourseRequest, GapRules, PartOfDay, Preferences
from mesoclinic.scheduling.schedule import Horizon
from tests.scheduling.builders import MONDAY, WEEKLY, appointment, calendar, practitioner

HORIZON = Horizon(MONDAY, MONDAY + timedelta(weeks=8))
ONE_SLOT_A_DAY = {d: ((time(9), time(10, 10)),) for d in range(5)}


def course(sessions=1, *, first=MONDAY, name="k1", rules=WEEKLY, **fields):
    return CourseRequest(name, f"patient-{name}", "c", sessions, first, rules, 60, **fields)


def days_of(schedule):
    return [a.start.date() for a in sorted(schedule.placed, key=lambda a: a.number)]


def test_a_weekly_course_lands_on_its_ideal_dates_with_one_practitioner_when_the_clinic_is_free():
    schedule = greedy(calendar(), [course(4)], HORIZON)

    assert days_of(schedule) == [MONDAY + timedelta(weeks=n) for n in range(4)]
    assert {a.practitioner_id for a in schedule.placed} == {"p1"}
    assert schedule.unplaced == ()


def test_the_patients_practitioner_and_part_of_day_come_first():
    wishes = Preferences(part_of_day=PartOfDay.AFTERNOON, practitioner_id="p2")

    schedule = greedy(calendar(), [course(2, preferences=wishes)], HORIZON)

    assert {a.practitioner_id for a in schedule.placed} == {"p2"}
    assert all(a.start.hour >= 12 for a in schedule.placed)


def test_a_first_session_on_a_holiday_moves_to_the_nearest_open_day_and_pushes_the_next():
    schedule = greedy(calendar(closed_days=frozenset({MONDAY})), [course(2)], HORIZON)

    # Sunday is closed too, so Tuesday; the next session keeps the 7-day minimum gap.
    assert days_of(schedule) == [MONDAY + timedelta(days=1), MONDAY + timedelta(days=8)]


def test_when_the_only_practitioner_is_booked_the_session_takes_the_nearest_free_day():
    wednesday = MONDAY + timedelta(days=2)
    taken = appointment(course="other", patient="bea", day=wednesday, clock="09:00")
    clinic = calendar(practitioners=[practitioner(1, shifts=ONE_SLOT_A_DAY)], booked=(taken,))

    schedule = greedy(clinic, [course(first=wednesday)], HORIZON)

    assert days_of(schedule) == [wednesday - timedelta(days=1)]


def test_a_session_with_no_free_slot_in_its_window_is_reported_with_its_window():
    wednesday = MONDAY + timedelta(days=2)
    exact = GapRules(cadence_days=7, tolerance_days=0, min_gap_days=7)
    taken = appointment(course="other", patient="bea", day=wednesday, clock="09:00")
    clinic = calendar(practitioners=[practitioner(1, shifts=ONE_SLOT_A_DAY)], booked=(taken,))

    schedule = greedy(clinic, [course(first=wednesday, rules=exact)], HORIZON)

    assert schedule.placed == ()
    (missed,) = schedule.unplaced
    assert (missed.course_id, missed.number) == ("k1", 1)
    assert "03 Mar" in missed.reason


def test_courses_go_in_order_of_their_first_ideal_date_then_the_longest_first():
    late = course(3, first=MONDAY + timedelta(days=1), name="late")
    short, long = course(2, name="short"), course(5, name="long")

    assert [r.id for r in course_order([late, short, long])] == ["long", "short", "late"]


def test_the_greedy_schedule_of_a_generated_clinic_passes_the_checker():
    instance = generate("S", 1.05, 1, load_protocol())

    schedule = greedy(instance.calendar, instance.requests, instance.horizon)

    assert check(instance.calendar, schedule.placed, instance.rules, include_booked=True) == []
    placed = len(schedule.placed) + len(schedule.unplaced)
    assert placed == sum(r.sessions for r in instance.requests)
