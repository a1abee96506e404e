"""Whatever the calendar and the request: every plan and every repair passes the checker."""

from dataclasses import replace
from datetime import date, time, timedelta

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from mesoclinic.scheduling.availability import find_plans
from mesoclinic.scheduling.checker import check
from mesoclinic.scheduling.model import (
    Appointment,
    Calendar,
    CourseRequest,
    GapRules,
    PartOfDay,
    Preferences,
    Span,
)
from mesoclinic.scheduling.repair import repair_absence, replace_session
from tests.scheduling.builders import MONDAY, WEEKLY, appointment, calendar, practitioner, room
from tests.scheduling.test_availability import assert_apart_on_every_shared_day

DAYS = [MONDAY + timedelta(days=n) for n in range(42)]
FULL = ((time(9), time(17)),)
SPLIT = ((time(8), time(12)), (time(13), time(18)))
MORNINGS = ((time(9), time(13)),)
AFTERNOONS = ((time(13), time(17, 30)),)
CLOCKS = [f"{h:02d}:{m:02d}" for h in range(8, 17) for m in (0, 15, 30, 45)]
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def spans(draw: st.DrawFn, most: int) -> tuple[Span, ...]:
    found = []
    for _ in range(draw(st.integers(0, most))):
        start = appointment(day=draw(st.sampled_from(DAYS)), clock=draw(st.sampled_from(CLOCKS)))
        found.append(Span(start.start, start.start + timedelta(minutes=draw(st.integers(15, 600)))))
    return tuple(found)


@st.composite
def calendars(draw: st.DrawFn) -> Calendar:
    hours = draw(st.sampled_from([FULL, SPLIT]))
    weekly = {d: hours for d in range(draw(st.sampled_from([5, 6])))}
    staff = []
    for n in range(1, draw(st.integers(1, 3)) + 1):
        shift = draw(st.sampled_from([FULL, SPLIT, MORNINGS, AFTERNOONS]))
        days = draw(st.sets(st.integers(0, 5), min_size=1))
        staff.append(
            practitioner(
                n,
                shifts={d: shift for d in days},
                days_off=frozenset(draw(st.sets(st.sampled_from(DAYS), max_size=6))),
                away=spans(draw, 2),
            )
        )
    places = [room(n, closed=spans(draw, 1)) for n in range(1, draw(st.integers(1, 2)) + 1)]
    base = calendar(
        practitioners=staff,
        rooms=places,
        hours=weekly,
        closed_days=frozenset(draw(st.sets(st.sampled_from(DAYS), max_size=5))),
        buffer_minutes=draw(st.sampled_from([0, 5, 10])),
        slot_minutes=draw(st.sampled_from([15, 30])),
    )
    booked = tuple(
        appointment(
            course=f"other{n}",
            patient=draw(st.sampled_from(["ann", "bea", "cy"])),
            practitioner=draw(st.sampled_from([p.id for p in staff])),
            room=draw(st.sampled_from([r.id for r in places])),
            day=draw(st.sampled_from(DAYS)),
            clock=draw(st.sampled_from(CLOCKS)),
            minutes=draw(st.sampled_from([30, 60, 90])),
        )
        for n in range(draw(st.integers(0, 40)))
    )
    return replace(base, booked=booked)


@st.composite
def requests(draw: st.DrawFn) -> CourseRequest:
    cadence = draw(st.sampled_from([7, 14]))
    rules = GapRules(cadence, draw(st.integers(0, 3)), draw(st.sampled_from([1, 5, 7])))
    first = draw(st.sampled_from(DAYS[:10]))
    wishes = Preferences(
        weekdays=frozenset(draw(st.sets(st.integers(0, 4), max_size=2))),
        part_of_day=draw(st.none() | st.sampled_from(list(PartOfDay))),
        practitioner_id=draw(st.none() | st.sampled_from(["p1", "p2"])),
    )
    return CourseRequest(
        id="new",
        patient_id=draw(st.sampled_from(["ann", "zoe"])),
        clinic_id="c",
        sessions=draw(st.integers(1, 5)),
        first_ideal=first,
        rules=rules,
        minutes=draw(st.sampled_from([30, 45, 60, 90])),
        preferences=wishes,
        previous_session=draw(st.none() | st.just(first - timedelta(days=cadence))),
        not_before=draw(st.none() | st.sampled_from(DAYS[:8])),
    )


@FAST
@given(calendars(), requests())
def test_every_plan_passes_the_checker_and_none_means_a_reason(clinic, request):
    search = find_plans(clinic, request)
    event(f"{len(search.plans)} plans")

    assert search.plans or search.unplaceable
    keeping = [keeps_every_wish(plan.score) for plan in search.plans]
    if search.wish_unmet:
        assert not any(keeping)
    else:
        # Plans keeping every wish first, each group cheapest first.
        ranks = [
            (not keeps, plan.score.cost) for keeps, plan in zip(keeping, search.plans, strict=True)
        ]
        assert ranks == sorted(ranks)
    assert len({plan.appointments for plan in search.plans}) == len(search.plans)
    assert_apart_on_every_shared_day(search.plans, request.minutes)
    for plan in search.plans:
        assert [a.number for a in plan.appointments] == list(request.numbers())
        assert check(clinic, plan.appointments, {"new": request.rules}) == []
        if request.previous_session is not None:
            first = plan.appointments[0].start.date()
            assert (first - request.previous_session).days >= request.rules.min_gap_days
        if request.not_before is not None:
            assert plan.appointments[0].start.date() >= request.not_before


def keeps_every_wish(score) -> bool:
    return (
        score.weekday_misses == 0
        and score.part_of_day_misses == 0
        and (score.preferred_practitioner is None or score.with_preferred == score.sessions)
    )


def booked_course(
    clinic: Calendar, request: CourseRequest, data: st.DataObject
) -> tuple[Calendar, tuple[Appointment, ...], GapRules]:
    """The request's best plan, booked, and its rules: often a weekly course whose gap
    equals its cadence, where any delay pushes the sessions after it."""
    if data.draw(st.booleans()):
        request = replace(request, rules=WEEKLY, sessions=max(request.sessions, 3))
    search = find_plans(clinic, replace(request, previous_session=None), limit=1)
    course = search.plans[0].appointments if search.plans else ()
    return replace(clinic, booked=clinic.booked + course), course, request.rules


@FAST
@given(calendars(), requests(), st.data())
def test_every_replacement_of_a_cancelled_session_passes_the_checker(clinic, request, data):
    clinic, course, rules = booked_course(clinic, request, data)
    if not course:
        return
    cancelled = data.draw(st.sampled_from(course))
    # From the session's own date on, as after a no-show, so later sessions get pushed.
    not_before = cancelled.start.date() + timedelta(days=data.draw(st.integers(-3, 4)))
    remaining = replace(clinic, booked=tuple(a for a in clinic.booked if a != cancelled))

    result = replace_session(
        remaining,
        course,
        cancelled.number,
        rules,
        request.preferences,
        not_before=not_before,
    )

    event("some option pushes a later session" if any(o.moves for o in result.options) else "-")
    assert result.options or result.why_none
    for option in result.options:
        proposal = [option.session, *(m.after for m in option.moves)]
        assert option.session.start.date() >= not_before
        assert check(remaining, proposal, {"new": rules}) == []


@FAST
@given(calendars(), requests(), st.data())
def test_every_sick_day_repair_passes_the_checker(clinic, request, data):
    clinic, course, course_rules = booked_course(clinic, request, data)
    # Mostly the practitioner of one of the course's sessions, off on its day.
    hit = data.draw(st.none() | st.sampled_from(course)) if course else None
    who = hit.practitioner_id if hit else data.draw(st.sampled_from(sorted(clinic.practitioners)))
    off = frozenset(data.draw(st.sets(st.sampled_from(DAYS[:21]), max_size=4)))
    first = hit.start.date() if hit else DAYS[0]
    off |= {first + timedelta(days=n) for n in range(data.draw(st.integers(1, 4)))}
    away = replace(clinic.practitioners[who], days_off=clinic.practitioners[who].days_off | off)
    sick = replace(clinic, practitioners={**clinic.practitioners, who: away})
    rules = {"new": course_rules}

    proposal = repair_absence(sick, who, off, rules, not_before=MONDAY)

    event("collateral moves" if proposal.collateral else "no collateral")
    event("some stranded" if proposal.stranded else "none stranded")
    event("some sent to the end of the course" if proposal.renumbered else "no renumbering")
    hit = [a for a in sick.booked if a.practitioner_id == who and a.start.date() in off]
    assert proposal.directly_affected == len(hit)
    assert sum(m.direct for m in proposal.moves) + len(proposal.stranded) == len(hit)
    after = replace(sick, booked=proposal.untouched(sick.booked))
    assert check(after, proposal.changed, rules) == []
    assert all(m.after.start == m.before.start for m in proposal.renumbered)
    assert all(
        m.after.practitioner_id != who or m.after.start.date() not in off for m in proposal.moves
    )


def test_the_properties_cover_dates_from_a_monday():
    assert DAYS[0] == MONDAY == date(2027, 3, 1)
