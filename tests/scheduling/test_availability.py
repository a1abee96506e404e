"""Availability of a whole course: complete plans, best first, or the reason there are none."""

from dataclasses import replace
from datetime import time, timedelta

from mesoclinic.scheduling.anchors import anchors
from mesoclinic.scheduling.availability import find_plans
from mesoclinic.scheduling.checker import check
from mesoclinic.scheduling.model import CourseRequest, PartOfDay, Preferences, Span
from mesoclinic.scheduling.plan_score import PlanScore
from tests.scheduling.builders import (
    FORTNIGHTLY,
    MONDAY,
    WEEKLY,
    appointment,
    at,
    calendar,
    practitioner,
)


def request(sessions: int = 6, **changes) -> CourseRequest:
    base = CourseRequest(
        id="new",
        patient_id="zoe",
        clinic_id="c",
        sessions=sessions,
        first_ideal=MONDAY,
        rules=WEEKLY,
        minutes=60,
    )
    return replace(base, **changes)


def dates(plan) -> list:
    return [a.start.date() for a in plan.appointments]


def test_a_weekly_course_keeps_the_same_time_and_practitioner_when_free():
    [best, *others] = find_plans(calendar(), request(10)).plans

    assert dates(best) == [MONDAY + timedelta(weeks=n) for n in range(10)]
    assert len({(a.practitioner_id, a.room_id, a.start.time()) for a in best.appointments}) == 1
    assert best.score.summary == (
        "all on their ideal dates, same practitioner (Dr 1), 09:00 every time"
    )
    assert len(others) == 4


def test_the_plans_offered_are_real_alternatives_not_the_same_hour_a_little_later():
    plans = find_plans(calendar(), request(10)).plans

    anchors = [(p.score.main_practitioner, p.score.main_start) for p in plans]
    assert len(plans) == 5
    for n, (who, when) in enumerate(anchors):
        for other, other_when in anchors[n + 1 :]:
            apart = abs(minutes_of(when) - minutes_of(other_when))
            assert who != other or apart >= 60, f"{who} at {when} and at {other_when}"


def minutes_of(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def test_the_plans_are_distinct_complete_and_pass_the_checker():
    clinic = calendar()
    search = find_plans(clinic, request(8))

    assert len(search.plans) == 5
    assert len({plan.appointments for plan in search.plans}) == 5
    costs = [plan.score.cost for plan in search.plans]
    assert costs == sorted(costs)
    for plan in search.plans:
        assert [a.number for a in plan.appointments] == list(range(1, 9))
        assert check(clinic, plan.appointments, {"new": WEEKLY}) == []


def test_the_preferred_practitioner_comes_first():
    wishes = Preferences(practitioner_id="p2")

    [best, *_] = find_plans(calendar(), request(preferences=wishes)).plans

    assert {a.practitioner_id for a in best.appointments} == {"p2"}


def test_an_afternoon_wish_gives_afternoon_times():
    wishes = Preferences(part_of_day=PartOfDay.AFTERNOON)

    [best, *_] = find_plans(calendar(), request(preferences=wishes)).plans

    assert all(a.start.time() >= time(12) for a in best.appointments)


def test_a_weekday_wish_the_windows_allow_comes_first_a_day_off_the_ideal_dates():
    wishes = Preferences(weekdays=frozenset({1}))
    search = find_plans(calendar(), request(3, preferences=wishes))

    assert [a.start.weekday() for a in search.plans[0].appointments] == [1, 1, 1]
    assert search.plans[0].score.summary.startswith("3 of 3 off their ideal date, 3 days in all")
    assert search.wish_unmet == ""


def test_a_wish_no_plan_can_keep_is_said_plainly_with_the_nearest_plans():
    # Dr 2 never works Wednesdays: the patient asked for Wednesday mornings with her.
    staff = [practitioner(1), practitioner(2, shifts={0: ((time(9), time(17)),)})]
    wishes = Preferences(
        weekdays=frozenset({2}), part_of_day=PartOfDay.MORNING, practitioner_id="p2"
    )
    wednesday = MONDAY + timedelta(days=2)

    search = find_plans(
        calendar(practitioners=staff), request(3, first_ideal=wednesday, preferences=wishes)
    )

    assert search.wish_unmet == (
        "No plan keeps every wish (Wednesdays, mornings, with Dr 2) inside the sessions' "
        "windows: these come nearest, each keeping all of them but one."
    )
    # Nearest by the usual ranking: Wednesday mornings with Dr 1, then Dr 2 on Monday
    # mornings; all mornings, since no plan has Dr 2 on Wednesdays.
    assert len(search.plans) == 5
    assert [a.start.weekday() for a in search.plans[0].appointments] == [2, 2, 2]
    assert any({a.practitioner_id for a in plan.appointments} == {"p2"} for plan in search.plans)
    assert all(a.start.time() < time(12) for p in search.plans for a in p.appointments)


# Wednesdays are the ideal dates; nobody works Tuesdays. Dr 1 works Wednesday afternoons
# and Thursday mornings, Dr 2 Wednesday afternoons.
WEDNESDAY = MONDAY + timedelta(days=2)
AFTERNOON = ((time(13), time(17)),)
MORNING = ((time(9), time(12)),)


def tuesday_mornings() -> Preferences:
    return Preferences(weekdays=frozenset({1}), part_of_day=PartOfDay.MORNING)


def thursday_mornings_and_wednesday_afternoons(**dr1) -> list:
    return [
        practitioner(1, shifts={2: AFTERNOON, 3: MORNING}, **dr1),
        practitioner(2, shifts={2: AFTERNOON}),
    ]


def test_when_no_plan_keeps_every_wish_each_plan_offered_keeps_all_but_one():
    staff = thursday_mornings_and_wednesday_afternoons()
    wanted = request(3, first_ideal=WEDNESDAY, preferences=tuesday_mornings())

    search = find_plans(calendar(practitioners=staff), wanted)

    # Tuesdays cannot be had; mornings can, a day late: Thursday mornings with Dr 1, and
    # none of the Wednesday afternoons nearer the ideal dates, which break both wishes.
    assert search.wish_unmet == (
        "No plan keeps every wish (Tuesdays, mornings) inside the sessions' windows: "
        "these come nearest, each keeping all of them but one."
    )
    assert mains(search.plans) == [("Dr 1", "09:00"), ("Dr 1", "10:00"), ("Dr 1", "11:00")]
    for plan in search.plans:
        assert {(a.start.weekday(), a.start.time() < time(12)) for a in plan.appointments} == {
            (3, True)
        }


def test_when_no_plan_keeps_all_wishes_but_one_it_says_so_and_offers_the_nearest():
    # Dr 1 is away the second Thursday: no plan has every session in the morning.
    second_thursday = WEDNESDAY + timedelta(weeks=1, days=1)
    staff = thursday_mornings_and_wednesday_afternoons(days_off=frozenset({second_thursday}))
    wanted = request(3, first_ideal=WEDNESDAY, preferences=tuesday_mornings())

    search = find_plans(calendar(practitioners=staff), wanted)

    assert search.wish_unmet == (
        "No plan keeps every wish (Tuesdays, mornings) inside the sessions' windows, "
        "nor all of them but one: these come nearest."
    )
    assert len(search.plans) == 5
    assert [a.start.date() for a in search.plans[0].appointments] == [
        WEDNESDAY + timedelta(weeks=n) for n in range(3)
    ]


def test_a_session_whose_practitioner_is_off_goes_to_a_colleague_on_its_ideal_date():
    week_three = MONDAY + timedelta(weeks=2)
    staff = [practitioner(1, days_off=frozenset({week_three})), practitioner(2)]
    wishes = Preferences(practitioner_id="p1")

    [kept, *others] = find_plans(calendar(practitioners=staff), request(preferences=wishes)).plans

    # The wish first: Dr 1 every time, from week three a day later; then the colleague.
    assert {a.practitioner_id for a in kept.appointments} == {"p1"}
    best = next(plan for plan in others if plan.score.with_preferred < 6)
    assert dates(best) == [MONDAY + timedelta(weeks=n) for n in range(6)]
    assert [a.practitioner_id for a in best.appointments] == ["p1", "p1", "p2", "p1", "p1", "p1"]
    assert "Dr 1 for 5 of 6" in best.score.summary
    assert best.score.summary.count("Dr 1") == 1, "the practitioner asked for is named once"


def test_one_session_a_day_off_its_ideal_date_says_one_day_in_all():
    last_monday = MONDAY + timedelta(weeks=2)

    [best, *_] = find_plans(calendar(closed_days=frozenset({last_monday})), request(3)).plans

    assert best.score.summary.startswith("1 of 3 off their ideal date, 1 day in all, ")


def test_a_closed_day_pushes_the_rest_of_a_weekly_course_by_a_day():
    week_three = MONDAY + timedelta(weeks=2)

    [best, *_] = find_plans(calendar(closed_days=frozenset({week_three})), request()).plans

    assert [d.weekday() for d in dates(best)] == [0, 0, 1, 1, 1, 1]
    assert best.score.deviation_days == 4


def test_the_patients_own_appointment_is_never_double_booked():
    elsewhere = appointment(course="other", patient="zoe", practitioner="p2", room="r2")
    clinic = calendar(practitioners=1, booked=(elsewhere,))

    search = find_plans(clinic, request(1, rules=replace(WEEKLY, tolerance_days=0)))

    assert all(plan.appointments[0].start != at(MONDAY, "10:00") for plan in search.plans)
    assert all(check(clinic, p.appointments, {}) == [] for p in search.plans)


def test_a_busy_room_is_not_offered():
    taken = tuple(
        appointment(course=f"b{h}", patient=f"x{h}", practitioner="p2", clock=f"{h:02d}:00")
        for h in range(9, 17)
    )
    clinic = calendar(rooms=1, booked=taken)

    search = find_plans(clinic, request(1, rules=replace(WEEKLY, tolerance_days=0)))

    assert search.plans == ()
    [why] = search.unplaceable
    assert why.message == (
        "Session 1 (ideal Mon 1 March, window Mon 1 March to Mon 1 March): "
        "every room is taken or closed on Mon 1 March"
    )


def test_a_session_on_a_closed_day_is_reported_with_the_closure():
    closed = frozenset(MONDAY + timedelta(weeks=1, days=n) for n in range(-2, 3))

    search = find_plans(calendar(closed_days=closed), request(3))

    assert search.plans == ()
    [why] = search.unplaceable
    assert why.number == 2
    assert why.message == (
        "Session 2 (ideal Mon 8 March, window Sat 6 March to Wed 10 March): Riverside is "
        "closed on Sat 6 March, Sun 7 March, Mon 8 March, Tue 9 March and Wed 10 March"
    )


def test_a_practitioner_on_leave_is_named_when_nobody_else_can_take_the_session():
    leave = frozenset(MONDAY + timedelta(days=n) for n in range(7))
    staff = [practitioner(1, days_off=leave, name="Ms Xu")]

    [why] = find_plans(calendar(practitioners=staff), request(2)).unplaceable

    assert why.number == 1
    assert "Ms Xu is off on" in why.message
    assert "Riverside is closed on Saturdays" in why.message


def test_a_gap_that_cannot_be_kept_is_explained():
    # Session 1 can only be on Wednesday; session 2 only on Tuesday of the next week.
    closed = {MONDAY + timedelta(days=n) for n in (-2, -1, 0, 1, 5, 6, 7, 9)}

    search = find_plans(calendar(closed_days=frozenset(closed)), request(2))

    [why] = search.unplaceable
    assert why.number == 2
    assert why.message.endswith(
        "the 7-day gap after the session before it means Wed 10 March or later, "
        "and its free dates are Tue 9 March"
    )


def test_the_previous_session_and_today_bound_the_first_date():
    search = find_plans(
        calendar(),
        request(2, previous_session=MONDAY - timedelta(days=5), not_before=MONDAY),
    )

    assert dates(search.plans[0])[0] == MONDAY + timedelta(days=2)


def test_a_fortnightly_course_sits_two_weeks_apart():
    [best, *_] = find_plans(calendar(), request(4, rules=FORTNIGHTLY)).plans

    assert dates(best) == [MONDAY + timedelta(weeks=2 * n) for n in range(4)]


def test_time_away_and_a_shift_pattern_shape_the_times_offered():
    mornings = {d: ((time(9), time(12)),) for d in range(5)}
    mondays = [MONDAY + timedelta(weeks=w) for w in range(6)]
    away = tuple(Span(at(d, "09:00"), at(d, "10:00")) for d in mondays)
    staff = [practitioner(1, shifts=mornings, away=away)]
    clinic = calendar(practitioners=staff)

    search = find_plans(clinic, request(6))

    assert search.plans[0].appointments[0].start.time() == time(10)
    for plan in search.plans:
        assert check(clinic, plan.appointments, {"new": WEEKLY}) == []
        assert all(a.end.time() <= time(12) for a in plan.appointments)


def mains(plans) -> list[tuple[str, str]]:
    return [(p.score.main_practitioner, p.score.main_start) for p in plans]


def assert_real_choices(plans, minutes: int = 60) -> None:
    for n, (who, when) in enumerate(mains(plans)):
        for other, other_when in mains(plans)[n + 1 :]:
            apart = abs(minutes_of(when) - minutes_of(other_when))
            assert who != other or apart >= minutes, f"{who} at {when} and at {other_when}"


def assert_apart_on_every_shared_day(plans, minutes: int = 60) -> None:
    """Two plans with one main practitioner start a session's length apart on every day
    both have a session on."""
    for n, plan in enumerate(plans):
        for other in plans[n + 1 :]:
            if plan.score.main_practitioner != other.score.main_practitioner:
                continue
            starts = {a.start.date(): a.start for a in other.appointments}
            for a in plan.appointments:
                if a.start.date() in starts:
                    apart = abs(a.start - starts[a.start.date()])
                    assert apart >= timedelta(minutes=minutes), (
                        f"{a.start} and {starts[a.start.date()]}"
                    )


def test_two_plans_of_one_practitioner_start_an_hour_apart_on_every_day_they_share():
    # The second Monday another patient has Dr 1 at 11:15: a plan at 11:00 would take
    # 10:15 that day, 15 minutes from the 10:00 plan's session.
    busy = (appointment(patient="other", day=MONDAY + timedelta(weeks=1), clock="11:15"),)

    plans = find_plans(calendar(practitioners=1, booked=busy), request(3)).plans

    assert len(plans) == 5
    assert_apart_on_every_shared_day(plans)
    assert ("Dr 1", "10:00") in mains(plans)


def test_one_practitioner_free_all_day_gives_five_plans_an_hour_apart():
    plans = find_plans(calendar(practitioners=1), request(3)).plans

    assert mains(plans) == [("Dr 1", f"{h:02d}:00") for h in range(9, 14)]


def test_a_colleague_free_only_away_from_the_ideal_dates_still_gives_her_own_plans():
    # Dr 1 works Wednesday mornings, 09:00-11:00: two hours, two plans on the ideal dates.
    # Dr 2 works Mondays only, two days before them: her plans are the other three.
    wednesday = MONDAY + timedelta(days=2)
    staff = [
        practitioner(1, shifts={2: ((time(9), time(11)),)}),
        practitioner(2, shifts={0: ((time(9), time(17)),)}),
    ]

    plans = find_plans(calendar(practitioners=staff), request(3, first_ideal=wednesday)).plans

    assert mains(plans) == [
        ("Dr 1", "09:00"),
        ("Dr 1", "10:00"),
        ("Dr 2", "09:00"),
        ("Dr 2", "10:00"),
        ("Dr 2", "11:00"),
    ]
    assert_real_choices(plans)


def test_a_fuller_calendar_never_offers_one_practitioner_a_quarter_of_an_hour_apart():
    # Each weekday Dr 1 is free 12:00-13:30 only and Dr 2 all afternoon.
    busy = tuple(
        appointment(patient="other", number=n, day=MONDAY + timedelta(days=d), clock=clock)
        for d in range(0, 26)
        if (MONDAY + timedelta(days=d)).weekday() < 5
        for n, clock in enumerate(("09:00", "10:00", "11:00", "13:30", "14:30", "15:30"))
    )
    staff = [
        practitioner(1),
        practitioner(2, shifts={d: ((time(12), time(17)),) for d in range(5)}),
    ]

    plans = find_plans(calendar(practitioners=staff, booked=busy), request(3, minutes=60)).plans

    assert len(plans) == 5
    assert_real_choices(plans)
    assert_apart_on_every_shared_day(plans)
    assert mains(plans)[0] == ("Dr 1", "12:00")


def test_one_practitioner_free_all_day_is_tried_at_each_hour_and_a_few_starts_between():
    # Free 09:00-17:00 in quarter hours: 29 starts for an hour's session, 8 an hour apart.
    starts = list(range(9 * 60, 16 * 60 + 1, 15))
    free = {"p1": (starts, frozenset(starts))}
    course = request(3)
    options = [{course.ideal_date(n): free} for n in course.numbers()]

    tried = [(who, start) for _, who, start in anchors(course, options, near_each=5)]

    assert tried[:8] == [("p1", h * 60) for h in range(9, 17)]
    assert len(tried) == 8 + 5


def test_each_anchor_counts_the_wished_weekdays_the_windows_cannot_give():
    # Tuesdays wished, every session free on its ideal Monday only: no plan keeps the wish
    # anywhere, so no anchor can promise less, and the search stops sooner.
    free = {"p1": ([540], frozenset([540]))}
    course = request(3, preferences=Preferences(weekdays=frozenset({1})))
    options = [{course.ideal_date(n): free} for n in course.numbers()]

    assert anchors(course, options, near_each=5) == [
        (PlanScore.encode(3, 0, 0, 0, 0, 3), "p1", 540)
    ]


def test_an_anchor_of_a_colleague_free_only_off_the_ideal_dates_counts_the_sessions_without_her():
    # Dr 1 is free on each ideal date, Dr 2 the day after: her plans are a day off every
    # time, or with Dr 1 on the ideal dates, so no anchor of hers promises less.
    course = request(3)
    nine = ([540], frozenset([540]))
    options = [
        {course.ideal_date(n): {"p1": nine}, course.ideal_date(n) + timedelta(days=1): {"p2": nine}}
        for n in course.numbers()
    ]

    assert anchors(course, options, near_each=5) == [
        (0, "p1", 540),
        (PlanScore.encode(3, 0, 0, 3, 0, 0), "p2", 540),
    ]
