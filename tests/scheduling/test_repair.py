"""Repairs: a cancelled session placed again, and a practitioner's sick day, each moving as
little as possible."""

from dataclasses import replace
from datetime import timedelta

import pytest

from mesoclinic.scheduling.checker import check
from mesoclinic.scheduling.model import GapRules, Preferences
from mesoclinic.scheduling.repair import repair_absence, replace_session
from tests.scheduling.builders import (
    FORTNIGHTLY,
    MONDAY,
    WEEKDAYS_9_TO_5,
    WEEKLY,
    appointment,
    at,
    calendar,
    practitioner,
    weekly_course,
)

NO_WISHES = Preferences()


def day(n: int):
    return MONDAY + timedelta(days=n)


def without(course, number):
    return tuple(a for a in course if a.number != number)


def test_a_cancelled_session_is_placed_again_on_its_ideal_date_with_nothing_else_moving():
    course = weekly_course(4)
    clinic = calendar(booked=without(course, 2))

    result = replace_session(clinic, course, 2, WEEKLY, NO_WISHES, not_before=MONDAY)

    first = result.options[0]
    assert first.session.start.date() == day(7)
    assert first.session.practitioner_id == "p1"
    assert first.session.start != course[1].start  # not the very slot that was cancelled
    assert first.moves == ()
    assert len(result.options) == 5


def test_a_first_session_placed_again_keeps_the_gap_after_the_session_held_before_it():
    # The session held five days before Monday is history, not on the calendar.
    course = weekly_course(3)
    clinic = calendar(booked=without(course, 1))

    result = replace_session(
        clinic, course, 1, WEEKLY, NO_WISHES, not_before=MONDAY, last_held=day(-5)
    )

    assert result.options
    assert {o.session.start.date() for o in result.options} == {day(2)}


def test_a_cap_per_day_lets_a_short_list_offer_several_days():
    course = weekly_course(4)
    clinic = calendar(booked=without(course, 2))

    options = replace_session(
        clinic, course, 2, WEEKLY, NO_WISHES, not_before=MONDAY, limit=6, per_day=2
    ).options

    days = [option.session.start.date() for option in options]
    assert len(set(days)) >= 3
    assert all(days.count(d) <= 2 for d in days)


def test_a_no_show_placed_late_in_its_window_pushes_later_sessions_only_as_far_as_the_gap_needs():
    course = weekly_course(4)
    clinic = calendar(booked=without(course, 2))

    result = replace_session(clinic, course, 2, WEEKLY, NO_WISHES, not_before=day(9))

    first = result.options[0]
    assert first.session.start.date() == day(9)
    assert [(m.before.number, m.after.start - m.before.start) for m in first.moves] == [
        (3, timedelta(days=2)),
        (4, timedelta(days=2)),
    ]
    assert all(m.after.practitioner_id == "p1" for m in first.moves)
    proposal = [first.session, *(m.after for m in first.moves)]
    assert check(clinic, proposal, {"k1": WEEKLY}) == []


def test_options_that_move_no_later_session_come_first():
    course = weekly_course(3)
    tuesday = timedelta(days=1)
    course[2] = replace(course[2], start=course[2].start + tuesday, end=course[2].end + tuesday)
    # Session 2 can go on Tuesday (session 3 is a Tuesday) or on Wednesday (pushing it).
    clinic = calendar(practitioners=1, booked=without(course, 2), closed_days=frozenset({day(7)}))

    options = replace_session(
        clinic, course, 2, WEEKLY, NO_WISHES, not_before=MONDAY, limit=40
    ).options

    moved = [len(option.moves) for option in options]
    assert moved == sorted(moved)
    assert (moved[0], moved[-1]) == (0, 1)


def test_a_fortnightly_session_moves_within_its_window_without_pushing_the_next():
    course = [appointment(number=n + 1, day=day(14 * n), ideal=day(14 * n)) for n in range(3)]
    clinic = calendar(booked=without(course, 2))

    options = replace_session(clinic, course, 2, FORTNIGHTLY, NO_WISHES, not_before=day(15)).options

    assert [o.session.start.date() for o in options][:1] == [day(15)]
    assert all(o.moves == () for o in options)


def test_a_session_that_cannot_be_placed_again_says_why():
    course = weekly_course(2)
    closed = frozenset(day(n) for n in range(5, 10))
    clinic = calendar(booked=without(course, 2), closed_days=closed)

    result = replace_session(clinic, course, 2, WEEKLY, NO_WISHES, not_before=MONDAY)

    assert result.options == ()
    assert result.why_none.startswith("Session 2 cannot be placed again: Riverside is closed on")


def test_a_session_number_the_course_does_not_have_is_refused():
    with pytest.raises(ValueError, match="no session 7"):
        replace_session(calendar(), weekly_course(2), 7, WEEKLY, NO_WISHES, not_before=MONDAY)


def sick(clinic, practitioner_id, *days):
    staff = dict(clinic.practitioners)
    staff[practitioner_id] = replace(staff[practitioner_id], days_off=frozenset(days))
    return replace(clinic, practitioners=staff)


def test_a_sick_day_hands_each_session_to_a_free_colleague_at_the_same_time():
    booked = tuple(
        appointment(course=f"k{h}", patient=f"pt{h}", clock=f"{h:02d}:00", ideal=MONDAY)
        for h in (9, 11, 14)
    )
    clinic = sick(calendar(booked=booked), "p1", MONDAY)
    rules = {a.course_id: WEEKLY for a in booked}

    proposal = repair_absence(clinic, "p1", frozenset({MONDAY}), rules, not_before=MONDAY)

    assert [(m.after.practitioner_id, m.after.start) for m in proposal.moves] == [
        ("p2", a.start) for a in booked
    ]
    assert proposal.collateral == 0
    assert proposal.patients == ("pt11", "pt14", "pt9")
    assert check(clinic, proposal.changed, rules) == []


def test_without_a_colleague_free_at_that_time_the_session_moves_to_another_time_that_day():
    colleague_busy = appointment(course="b", patient="bo", practitioner="p2", room="r2")
    course = weekly_course(3, patient="ann")
    clinic = sick(calendar(booked=(colleague_busy, *course)), "p1", MONDAY)

    proposal = repair_absence(clinic, "p1", frozenset({MONDAY}), {"k1": WEEKLY}, not_before=MONDAY)

    [move] = proposal.moves
    assert move.before == course[0]
    # An hour away from 10:00, after the colleague's own 10:00 session or before it.
    assert (move.after.practitioner_id, move.after.start) == ("p2", at(MONDAY, "09:00"))
    assert proposal.collateral == 0


def colleague_busy_all_day():
    return tuple(
        appointment(
            course=f"b{h}", patient=f"x{h}", practitioner="p2", room="r2", clock=f"{h:02d}:00"
        )
        for h in range(9, 17)
    )


def test_a_sick_day_move_keeps_the_gap_after_the_session_held_before_it():
    # Fortnightly, so Tuesday or Wednesday keep the next session's gap; the session held
    # on the Wednesday before rules Tuesday out.
    course = [
        appointment(number=1, day=MONDAY, ideal=MONDAY),
        appointment(number=2, day=day(14), ideal=day(14)),
    ]
    clinic = sick(calendar(booked=(*colleague_busy_all_day(), *course)), "p1", MONDAY)
    rules = {"k1": FORTNIGHTLY}

    free = repair_absence(clinic, "p1", frozenset({MONDAY}), rules, not_before=MONDAY)
    held = repair_absence(
        clinic, "p1", frozenset({MONDAY}), rules, not_before=MONDAY, last_held={"k1": day(-5)}
    )

    assert [m.after.start.date() for m in free.moves] == [day(1)]
    assert [m.after.start.date() for m in held.moves] == [day(2)]
    assert check(clinic, held.changed, rules, last_held={"k1": day(-5)}) == []


def test_with_nobody_free_that_day_the_session_goes_to_the_end_of_the_course():
    course = weekly_course(3, patient="ann")  # Mondays 1, 8 and 15 at 10:00 with Dr 1
    clinic = sick(calendar(booked=(*colleague_busy_all_day(), *course)), "p1", MONDAY)

    proposal = repair_absence(clinic, "p1", frozenset({MONDAY}), {"k1": WEEKLY}, not_before=MONDAY)

    # Ann misses a week: the session moves to Monday 22 with Dr 1, as the course's third.
    [move] = proposal.moves
    assert (move.before.number, move.after.number) == (1, 3)
    assert (move.after.start, move.after.practitioner_id) == (at(day(21), "10:00"), "p1")
    assert move.after.ideal == day(21)
    # Her other sessions keep their times and take the numbers before theirs.
    assert [(m.before.number, m.after.number) for m in proposal.renumbered] == [(2, 1), (3, 2)]
    assert all(m.after.start == m.before.start for m in proposal.renumbered)
    assert proposal.collateral == 0
    assert proposal.patients == ("ann",)
    assert check(clinic, proposal.changed, {"k1": WEEKLY}) == []


def test_a_session_waiting_to_be_placed_again_keeps_the_course_from_being_renumbered():
    # Session 3 was cancelled and waits to be placed again: sending session 1 to the end
    # would number Ann's sessions 1, 2 and 4 out of date order around it.
    course = without(weekly_course(4, patient="ann"), 3)
    clinic = sick(calendar(booked=(*colleague_busy_all_day(), *course)), "p1", MONDAY)

    proposal = repair_absence(clinic, "p1", frozenset({MONDAY}), {"k1": WEEKLY}, not_before=MONDAY)

    assert proposal.renumbered == ()
    assert proposal.moves
    assert all(m.after.number == m.before.number for m in proposal.moves)
    assert check(clinic, proposal.changed, {"k1": WEEKLY}) == []


def test_when_the_end_of_the_course_is_full_too_the_session_moves_a_day_and_pushes_the_course():
    course = weekly_course(3, patient="ann")
    closed = frozenset({day(21), day(22), day(23)})  # the days a fourth week could take
    clinic = sick(
        calendar(booked=(*colleague_busy_all_day(), *course), closed_days=closed), "p1", MONDAY
    )

    proposal = repair_absence(clinic, "p1", frozenset({MONDAY}), {"k1": WEEKLY}, not_before=MONDAY)

    # Dr 1 is back on Tuesday: each session keeps her and 10:00, one day later.
    assert [
        (m.after.practitioner_id, m.after.start - m.before.start, m.direct) for m in proposal.moves
    ] == [
        ("p1", timedelta(days=1), True),
        ("p1", timedelta(days=1), False),
        ("p1", timedelta(days=1), False),
    ]
    assert proposal.renumbered == ()
    assert proposal.collateral == 2
    assert check(clinic, proposal.changed, {"k1": WEEKLY}) == []


def test_a_sick_week_sends_the_weeks_session_to_the_end_of_the_course():
    course = weekly_course(3, first=day(2))  # Wednesdays 3, 10 and 17
    week = [day(n) for n in range(7)]
    clinic = sick(calendar(practitioners=1, booked=tuple(course)), "p1", *week)

    proposal = repair_absence(clinic, "p1", frozenset(week), {"k1": WEEKLY}, not_before=MONDAY)

    # Its window runs to Friday, all days away, so the course gains a Wednesday instead.
    [move] = proposal.moves
    assert (move.after.number, move.after.start) == (3, at(day(23), "10:00"))
    assert proposal.stranded == ()
    assert check(clinic, proposal.changed, {"k1": WEEKLY}) == []


def test_a_session_with_no_free_day_in_its_window_or_after_its_course_is_stranded_with_why():
    course = weekly_course(3, first=day(2))
    week = [day(n) for n in range(7)]
    after_the_course = frozenset(day(n) for n in range(21, 26))
    clinic = sick(
        calendar(practitioners=1, booked=tuple(course), closed_days=after_the_course),
        "p1",
        *week,
    )

    proposal = repair_absence(clinic, "p1", frozenset(week), {"k1": WEEKLY}, not_before=MONDAY)

    assert [s.appointment.number for s in proposal.stranded] == [1]
    assert "Dr 1 is off on" in proposal.stranded[0].reason
    assert proposal.moves == proposal.renumbered == ()


def test_a_sick_monday_and_tuesday_skip_a_week_rather_than_move_two_sessions():
    course = weekly_course(2)  # Mondays at 10:00 with Dr 1, the only practitioner
    clinic = sick(calendar(practitioners=1, booked=tuple(course)), "p1", MONDAY, day(1))
    off = frozenset({MONDAY, day(1)})

    proposal = repair_absence(clinic, "p1", off, {"k1": WEEKLY}, not_before=MONDAY)

    # Wednesday would fit session 1 but push session 2 by two days; the end moves nobody.
    [move] = proposal.moves
    assert (move.after.number, move.after.start) == (2, at(day(14), "10:00"))
    assert [m.after.start for m in proposal.renumbered] == [course[1].start]
    assert proposal.collateral == 0
    assert check(clinic, proposal.changed, {"k1": WEEKLY}) == []


def test_two_sick_weeks_send_both_sessions_to_the_end_in_their_order():
    course = weekly_course(4)  # Mondays 1, 8, 15 and 22
    away = [day(n) for n in range(14)]
    clinic = sick(calendar(practitioners=1, booked=tuple(course)), "p1", *away)

    proposal = repair_absence(clinic, "p1", frozenset(away), {"k1": WEEKLY}, not_before=MONDAY)

    assert sorted((m.after.number, m.after.start) for m in proposal.moves) == [
        (3, at(day(28), "10:00")),
        (4, at(day(35), "10:00")),
    ]
    assert [(m.before.number, m.after.number) for m in proposal.renumbered] == [(3, 1), (4, 2)]
    assert proposal.collateral == 0
    assert check(clinic, proposal.changed, {"k1": WEEKLY}) == []


def test_a_session_renumbered_then_stranded_stays_out_of_the_proposal_checked():
    mondays_only = practitioner(1, shifts={0: WEEKDAYS_9_TO_5[0]})
    exact = GapRules(cadence_days=7, tolerance_days=0, min_gap_days=7)
    course = weekly_course(2)  # Mondays 1 and 8, each on its ideal date exactly
    off = frozenset({MONDAY, day(7)})
    clinic = sick(
        calendar(
            practitioners=[mondays_only], booked=tuple(course), closed_days=frozenset({day(21)})
        ),
        "p1",
        *off,
    )

    proposal = repair_absence(clinic, "p1", off, {"k1": exact}, not_before=MONDAY)

    # Session 1 goes to Monday 15 as the second; the first is now the one on the 8th,
    # which nothing can take (the 22nd is closed): it is left for the desk.
    [move] = proposal.moves
    assert (move.after.number, move.after.start) == (2, at(day(14), "10:00"))
    assert [(m.before.number, m.after.number) for m in proposal.renumbered] == [(2, 1)]
    assert [s.appointment.number for s in proposal.stranded] == [2]
    assert proposal.changed == [move.after]
    after = replace(clinic, booked=proposal.untouched(clinic.booked))
    assert check(after, proposal.changed, {"k1": exact}) == []


def test_the_absence_counts_even_when_the_calendar_does_not_show_it_yet():
    course = weekly_course(1)

    proposal = repair_absence(
        calendar(booked=tuple(course)), "p1", frozenset({MONDAY}), {"k1": WEEKLY}, not_before=MONDAY
    )

    assert proposal.moves[0].after.practitioner_id == "p2"
