"""The batch optimiser: never worse than greedy, and better where greedy's order hurts."""

from dataclasses import replace
from datetime import time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from mesoclinic.protocols import load_protocol
from mesoclinic.scheduling.bounds import bounds
from mesoclinic.scheduling.checker import check
from mesoclinic.scheduling.generate import Tier, generate
from mesoclinic.scheduling.model import CourseRequest, GapRules
from mesoclinic.scheduling.optimiser import _movable_sessions, optimise, value
from mesoclinic.scheduling.schedule import WEIGHTS, Horizon, measure
from tests.scheduling.builders import MONDAY, WEEKLY, appointment, calendar, practitioner

PROTOCOL = load_protocol()
TUESDAY = MONDAY + timedelta(days=1)
WEEK = Horizon(MONDAY - timedelta(days=7), MONDAY + timedelta(days=13))
EXACT = GapRules(cadence_days=7, tolerance_days=0, min_gap_days=7)
ONE_SLOT_A_DAY = {d: ((time(9), time(10)),) for d in range(5)}


def course(name, *, rules=WEEKLY, first=TUESDAY):
    return CourseRequest(name, f"patient-{name}", "c", 1, first, rules, 60)


def one_slot_clinic(**fields):
    return calendar(practitioners=[practitioner(1, shifts=ONE_SLOT_A_DAY)], rooms=1, **fields)


def test_the_optimiser_places_a_course_the_greedy_order_squeezes_out():
    # Greedy gives the flexible course "a" the only Tuesday slot, the one "b" must have.
    asked = [course("a"), course("b", rules=EXACT)]

    result = optimise(one_slot_clinic(), asked, WEEK, time_limit=5)

    assert [u.course_id for u in result.greedy.unplaced] == ["b"]
    placed = {a.course_id: a.start.date() for a in result.schedule.placed}
    assert placed["b"] == TUESDAY
    assert placed["a"] != TUESDAY
    assert result.schedule.unplaced == ()


def test_a_running_course_keeps_the_minimum_gap_after_the_session_held_before_it():
    # "b" has Tuesday's only slot and Wednesday is closed. The session held on the Tuesday
    # before rules out Monday for "a", a day nearer its ideal date than Thursday.
    held = TUESDAY - timedelta(days=7)
    running = replace(course("a"), previous_session=held)
    clinic = one_slot_clinic(closed_days=frozenset({TUESDAY + timedelta(days=1)}))

    result = optimise(clinic, [running, course("b", rules=EXACT)], WEEK, time_limit=5)

    placed = {a.course_id: a.start.date() for a in result.schedule.placed}
    assert placed == {"a": TUESDAY + timedelta(days=2), "b": TUESDAY}
    assert check(clinic, result.schedule.placed, {"a": WEEKLY}, last_held={"a": held}) == []


def test_progress_is_reported_as_better_schedules_are_found():
    heard = []

    optimise(
        one_slot_clinic(),
        [course("a"), course("b", rules=EXACT)],
        WEEK,
        time_limit=5,
        progress=heard.append,
    )

    assert heard
    assert heard[-1].placed == 2
    assert all(event.objective <= event.bound for event in heard)


def test_a_session_left_unplaced_adds_nothing_to_the_ceiling_of_the_score():
    # Thursday and the next Monday go to the exact courses, on their ideal dates. Two
    # courses ideal on Saturday (closed) share Friday, their best day: one is left out,
    # and its score there, below nothing, must not lower the ceiling under the score.
    saturday = MONDAY + timedelta(days=5)
    asked = [
        course("thu", rules=EXACT, first=MONDAY + timedelta(days=3)),
        course("mon", rules=EXACT, first=MONDAY + timedelta(days=7)),
        course("sat1", first=saturday),
        course("sat2", first=saturday),
    ]

    result = optimise(one_slot_clinic(), asked, WEEK, time_limit=5)

    assert len(result.schedule.placed) == 3
    assert result.objective == 2 * WEIGHTS.on_ideal - WEIGHTS.per_day_off_ideal
    assert result.objective <= result.bound


def test_a_booked_session_allowed_to_move_makes_room_for_one_that_cannot():
    booked = appointment(course="m", patient="mia", day=TUESDAY, clock="09:00", ideal=TUESDAY)
    clinic = one_slot_clinic(booked=(booked,))
    rules = {"m": WEEKLY, "b": EXACT}

    fixed = optimise(clinic, [course("b", rules=EXACT)], WEEK, time_limit=5)
    moved = optimise(
        clinic, [course("b", rules=EXACT)], WEEK, time_limit=5, movable={"m"}, rules=rules
    )

    assert fixed.schedule.placed == ()
    placed = {a.course_id: a.start.date() for a in moved.schedule.placed}
    assert placed["b"] == TUESDAY
    assert placed["m"] != TUESDAY
    assert check(clinic, moved.schedule.placed, rules) == []


def test_a_movable_session_keeps_the_minimum_gap_after_a_session_held_off_the_calendar():
    # Session 1 of "m" was held last Wednesday and charted without an appointment, so it is
    # not on the calendar. "b" needs Thursday's only slot, so session 2 of "m" must move:
    # Tuesday, its ideal date, is 6 days after the session held; Wednesday is the first day.
    wednesday, thursday = TUESDAY + timedelta(days=1), TUESDAY + timedelta(days=2)
    held = {"m": wednesday - timedelta(days=7)}
    booked = appointment(
        course="m", number=2, patient="mia", day=thursday, clock="09:00", ideal=TUESDAY
    )
    clinic = one_slot_clinic(booked=(booked,))
    rules = {"m": WEEKLY, "b": EXACT}

    result = optimise(
        clinic,
        [course("b", rules=EXACT, first=thursday)],
        WEEK,
        time_limit=5,
        movable={"m"},
        rules=rules,
        last_held=held,
    )

    placed = {a.course_id: a.start.date() for a in result.schedule.placed}
    assert placed == {"m": wednesday, "b": thursday}
    assert check(clinic, result.schedule.placed, rules, last_held=held) == []


def test_a_movable_session_nothing_needs_moved_keeps_its_time_off_the_slot_grid():
    # Packed from 9:00, an hour's sessions start on the hour: 10:15 is off that grid.
    booked = appointment(course="m", patient="mia", day=TUESDAY, clock="10:15", ideal=TUESDAY)
    clinic = calendar(practitioners=1, rooms=1, booked=(booked,))
    rules = {"m": WEEKLY, "b": WEEKLY}

    result = optimise(clinic, [course("b")], WEEK, time_limit=5, movable={"m"}, rules=rules)

    assert booked in result.schedule.placed
    assert check(clinic, result.schedule.placed, rules) == []


def test_a_booked_session_moved_to_another_time_on_its_day_is_weighed_as_a_move():
    booked = appointment(course="m", patient="mia", day=TUESDAY, clock="10:15", ideal=TUESDAY)
    later = replace(
        booked, start=booked.start + timedelta(hours=3), end=booked.end + timedelta(hours=3)
    )
    [session] = _movable_sessions(calendar(booked=(booked,)), {"m"}, {"m": WEEKLY}, WEEK, {})

    kept, retimed = value([session], [booked], WEIGHTS), value([session], [later], WEIGHTS)

    assert kept[1] - retimed[1] == WEIGHTS.unchanged


def test_with_movable_sessions_the_solution_stays_under_the_bounds_of_the_problem_solved():
    # Booked "m" holds Tuesday's only slot, the one "b" must have: with "m" fixed no
    # schedule places "b"; with "m" free to move, the optimiser does.
    booked = appointment(course="m", patient="mia", day=TUESDAY, clock="09:00", ideal=TUESDAY)
    clinic = one_slot_clinic(booked=(booked,))
    asked = [course("b", rules=EXACT)]

    result = optimise(
        clinic, asked, WEEK, time_limit=5, movable={"m"}, rules={"m": WEEKLY, "b": EXACT}
    )
    limits = bounds(clinic, asked, WEEK, movable={"m"})

    new = measure(asked, result.schedule.placed)
    assert new.placed == new.on_ideal == 1
    assert new.placed <= limits.flow <= limits.capacity
    assert new.on_ideal <= limits.flow_ideal
    assert new.on_ideal <= limits.chain_ideal


def test_the_same_input_gets_the_same_schedule_when_the_work_budget_ends_the_search():
    instance = generate("S", 0.95, 1, PROTOCOL)
    movable = {a.course_id for a in instance.calendar.booked}
    asked = (instance.calendar, instance.requests, instance.horizon)

    first, second = (
        optimise(*asked, time_limit=600, work=0.2, movable=movable, rules=instance.rules)
        for _ in range(2)
    )

    assert movable
    assert "search budget was used up" in first.status
    assert first.schedule == second.schedule
    assert first.status == second.status


def test_a_search_the_time_limit_cuts_short_says_so():
    result = optimise(
        one_slot_clinic(), [course("a"), course("b", rules=EXACT)], WEEK, time_limit=0.01
    )

    assert "cut short by the time limit" in result.status
    assert "solved to optimality" not in result.status


def test_a_search_proven_optimal_says_so():
    result = optimise(
        one_slot_clinic(), [course("a"), course("b", rules=EXACT)], WEEK, time_limit=600
    )

    assert result.status == "c: 1 search, solved to optimality"


def test_on_a_crowded_clinic_the_optimiser_places_more_sessions_on_their_ideal_dates():
    instance = generate("S", 0.95, 1, PROTOCOL)

    result = optimise(instance.calendar, instance.requests, instance.horizon, time_limit=10)

    mine = measure(instance.requests, result.schedule.placed)
    baseline = measure(instance.requests, result.greedy.placed)
    assert (
        check(instance.calendar, result.schedule.placed, instance.rules, include_booked=True) == []
    )
    assert mine.placed >= baseline.placed
    assert mine.on_ideal > baseline.on_ideal


@settings(max_examples=12, deadline=None)
@given(
    practitioners=st.integers(1, 3),
    rooms=st.integers(1, 2),
    weeks=st.integers(2, 4),
    load=st.floats(0.5, 1.3),
    seed=st.integers(0, 10_000),
)
def test_whatever_the_clinic_both_schedules_pass_the_checker_and_stay_under_the_bounds(
    practitioners, rooms, weeks, load, seed
):
    instance = generate(Tier(1, practitioners, rooms, weeks), load, seed, PROTOCOL)
    calendar_, requests, horizon = instance.calendar, instance.requests, instance.horizon

    result = optimise(calendar_, requests, horizon, time_limit=1)
    limits = bounds(calendar_, requests, horizon)

    for schedule in (result.greedy, result.schedule):
        assert check(calendar_, schedule.placed, instance.rules, include_booked=True) == []
    optimised = len(result.schedule.placed)
    assert len(result.greedy.placed) <= optimised <= limits.flow <= limits.capacity


@settings(max_examples=8, deadline=None)
@given(
    practitioners=st.integers(1, 3),
    rooms=st.integers(1, 2),
    weeks=st.integers(2, 4),
    load=st.floats(0.5, 1.3),
    seed=st.integers(0, 10_000),
)
def test_with_booked_sessions_free_to_move_the_schedule_passes_and_stays_under_its_bounds(
    practitioners, rooms, weeks, load, seed
):
    instance = generate(Tier(1, practitioners, rooms, weeks), load, seed, PROTOCOL)
    calendar_, requests, horizon = instance.calendar, instance.requests, instance.horizon
    movable = {a.course_id for a in calendar_.booked}

    result = optimise(
        calendar_, requests, horizon, time_limit=1, movable=movable, rules=instance.rules
    )
    limits = bounds(calendar_, requests, horizon, movable=movable)

    assert check(calendar_, result.schedule.placed, instance.rules) == []
    asked = {(r.id, n) for r in requests for n in r.numbers()}
    new = measure(requests, [a for a in result.schedule.placed if a.key() in asked])
    assert new.placed <= limits.flow <= limits.capacity
    assert new.on_ideal <= limits.flow_ideal


@settings(max_examples=20, deadline=None)
@given(
    practitioners=st.integers(1, 3),
    rooms=st.integers(1, 2),
    weeks=st.integers(2, 4),
    load=st.floats(0.5, 1.4),
    seed=st.integers(0, 10_000),
    moving=st.booleans(),
    overdue_days=st.integers(0, 6),
)
def test_whatever_the_clinic_the_score_never_exceeds_its_ceiling(
    practitioners, rooms, weeks, load, seed, moving, overdue_days
):
    instance = generate(Tier(1, practitioners, rooms, weeks), load, seed, PROTOCOL)
    movable = {a.course_id for a in instance.calendar.booked} if moving else set()
    # Planning from a later day leaves the first sessions overdue: every day they can
    # still have is off their ideal date, as when a clinic books after a backlog.
    horizon = instance.horizon
    horizon = Horizon(horizon.first + timedelta(days=overdue_days), horizon.last)
    heard = []

    result = optimise(
        instance.calendar,
        instance.requests,
        horizon,
        time_limit=1,
        movable=movable,
        rules=instance.rules,
        progress=heard.append,
    )

    assert result.objective <= result.bound
    assert all(event.objective <= event.bound for event in heard)
