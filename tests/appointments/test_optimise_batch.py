"""The batch optimiser's services: a proposal that places whole courses and keeps every
rule, written only when applied, one course at a time, by clinic admins only."""

from dataclasses import replace
from datetime import timedelta

import pytest
from django.http import Http404

from mesoclinic.appointments.calendar import load_calendar, to_wall
from mesoclinic.appointments.changes import appointment_cancel
from mesoclinic.appointments.models import Appointment
from mesoclinic.appointments.optimiser.apply import batch_apply
from mesoclinic.appointments.optimiser.batch import CourseProposal, Move, batch_requests
from mesoclinic.appointments.services import course_book, course_rules, session_minutes
from mesoclinic.audit.models import AuditEvent
from mesoclinic.clinics.models import Room
from mesoclinic.courses.models import Course
from mesoclinic.domain.errors import DomainError
from mesoclinic.scheduling import model as sched
from mesoclinic.scheduling.checker import check
from tests.appointments.booking_helpers import book_course_around
from tests.appointments.optimise_helpers import (  # noqa: F401
    a_day_off_ideal,
    hillcrest_admin,
    propose,
    third_course,
)
from tests.conftest import actor

pytestmark = pytest.mark.django_db


def as_placed(proposal, course) -> list[sched.Appointment]:
    mine = next(c for c in proposal.courses if c.course_id == course.id)
    minutes = session_minutes(course)
    return [
        sched.Appointment(
            str(course.id),
            str(course.patient_id),
            s.number,
            str(s.practitioner_id),
            str(s.room_id),
            s.start,
            s.start + timedelta(minutes=minutes),
            s.ideal,
        )
        for s in mine.slots
    ]


def test_a_proposal_places_every_session_of_two_courses_and_passes_the_checker(
    next_week_course, second_course, clinic_admin, colleague, today
):
    proposal = propose(clinic_admin, next_week_course.clinic, today)

    wanted = {c.id: c.sessions_planned for c in (next_week_course, second_course)}
    assert {c.course_id: len(c.slots) for c in proposal.courses} == wanted
    assert proposal.unplaced == ()
    assert proposal.optimiser.placed == proposal.optimiser.requested == sum(wanted.values())
    assert proposal.optimiser.placed >= proposal.greedy.placed
    assert proposal.bounds.flow >= proposal.optimiser.placed
    placed = as_placed(proposal, next_week_course) + as_placed(proposal, second_course)
    calendar = load_calendar(next_week_course.clinic, today, today + timedelta(weeks=20))
    rules = {str(c.id): course_rules(c) for c in (next_week_course, second_course)}
    assert check(calendar, placed, rules) == []


def test_nothing_is_written_without_apply_but_the_read_is_audited(
    next_week_course, second_course, clinic_admin, colleague, today
):
    propose(clinic_admin, next_week_course.clinic, today)

    assert not Appointment.objects.exists()
    assert AuditEvent.objects.filter(target__startswith="optimiser proposal").count() == 1


def test_apply_books_every_course_of_the_proposal(
    next_week_course, second_course, clinic_admin, colleague, today
):
    proposal = propose(clinic_admin, next_week_course.clinic, today)

    outcomes = batch_apply(
        actor=actor(clinic_admin), clinic_id=proposal.clinic_id, proposal=proposal
    )

    assert [o.refused for o in outcomes] == ["", ""]
    for course in (next_week_course, second_course):
        booked = Appointment.objects.filter(course=course).order_by("number")
        assert booked.count() == course.sessions_planned
        mine = next(c for c in proposal.courses if c.course_id == course.id)
        assert [to_wall(a.starts_at, course.clinic) for a in booked] == [
            s.start for s in mine.slots
        ]
    written = next_week_course.sessions_planned + second_course.sessions_planned
    assert sum(o.booked for o in outcomes) == Appointment.objects.count() == written
    assert AuditEvent.objects.filter(
        target__contains=f"applied: {written} appointments created, 0 moved, 0 courses refused"
    ).exists()


def test_apply_checks_the_proposal_again_and_refuses_a_course_held_meanwhile(
    next_week_course, second_course, clinic_admin, colleague, today
):
    proposal = propose(clinic_admin, next_week_course.clinic, today)
    first = next(c for c in proposal.courses if c.course_id == next_week_course.id).slots[0]
    # Meanwhile a session is charted the day before, without an appointment.
    Course.objects.filter(id=next_week_course.id).update(
        last_session_on=first.start.date() - timedelta(days=1)
    )

    outcomes = {
        o.course_id: o
        for o in batch_apply(
            actor=actor(clinic_admin), clinic_id=proposal.clinic_id, proposal=proposal
        )
    }

    assert "after the session held on" in outcomes[next_week_course.id].refused
    assert (outcomes[next_week_course.id].booked, outcomes[next_week_course.id].moved) == (0, 0)
    assert not Appointment.objects.filter(course=next_week_course).exists()
    assert outcomes[second_course.id].refused == ""
    assert outcomes[second_course.id].booked == second_course.sessions_planned


def test_a_course_whose_time_was_taken_meanwhile_is_reported_and_the_others_still_book(
    next_week_course,
    second_course,
    third_course,  # noqa: F811
    clinic_admin,
    front_desk,
    colleague,
    today,
):
    proposal = propose(clinic_admin, next_week_course.clinic, today)
    first = next(c for c in proposal.courses if c.course_id == next_week_course.id).slots[0]
    # Meanwhile the desk books another patient into that session's practitioner and room.
    book_course_around(third_course, front_desk, first.practitioner_id, first.room_id, first.start)

    outcomes = {
        o.course_id: o
        for o in batch_apply(
            actor=actor(clinic_admin), clinic_id=proposal.clinic_id, proposal=proposal
        )
    }

    assert outcomes[next_week_course.id].refused
    assert outcomes[next_week_course.id].booked == 0
    assert not Appointment.objects.filter(course=next_week_course).exists()
    assert outcomes[second_course.id].refused == ""
    assert (
        Appointment.objects.filter(course=second_course).count() == second_course.sessions_planned
    )


def test_a_course_refused_on_apply_keeps_its_place_and_the_course_meant_for_it_is_refused_too(
    next_week_course, second_course, clinic_admin, colleague, today
):
    room = Room.objects.filter(clinic=next_week_course.clinic).first()
    slots = a_day_off_ideal(next_week_course, colleague, room)
    booked = slots[0]
    course_book(actor=actor(clinic_admin), course_id=next_week_course.id, slots=slots)
    row = Appointment.objects.get(course=next_week_course, number=booked.number)
    # Reviewed: session 1 moves back to its ideal date, and the other course takes its place.
    on_ideal = replace(booked, start=booked.start - timedelta(days=1))
    reviewed = replace(
        propose(clinic_admin, next_week_course.clinic, today),
        courses=(
            CourseProposal(
                next_week_course.id,
                next_week_course.patient_id,
                (),
                (Move(row.id, booked.start, on_ideal),),
            ),
            CourseProposal(second_course.id, second_course.patient_id, (booked,)),
        ),
    )
    # Meanwhile a session is charted six days before that ideal date.
    Course.objects.filter(id=next_week_course.id).update(
        last_session_on=on_ideal.start.date() - timedelta(days=6)
    )

    outcomes = batch_apply(
        actor=actor(clinic_admin), clinic_id=reviewed.clinic_id, proposal=reviewed
    )

    moved, taken = outcomes
    assert "after the session held on" in moved.refused
    assert "overlaps" in taken.refused
    assert (moved.moved, taken.booked) == (0, 0)
    assert to_wall(Appointment.objects.get(id=row.id).starts_at, row.clinic) == booked.start
    assert not Appointment.objects.filter(course=second_course).exists()


def test_with_movable_booked_sessions_move_to_their_ideal_dates(
    next_week_course, second_course, clinic_admin, colleague, today
):
    room = Room.objects.filter(clinic=next_week_course.clinic).first()
    slots = a_day_off_ideal(next_week_course, colleague, room)
    course_book(actor=actor(clinic_admin), course_id=next_week_course.id, slots=slots)

    proposal = propose(clinic_admin, next_week_course.clinic, today, movable=True)
    outcomes = batch_apply(
        actor=actor(clinic_admin), clinic_id=proposal.clinic_id, proposal=proposal
    )

    assert proposal.moved > 0
    assert {o.course_id: o.moved for o in outcomes}[next_week_course.id] == proposal.moved
    rows = Appointment.objects.filter(course=next_week_course)
    on_ideal = [r for r in rows if to_wall(r.starts_at, r.clinic).date() == r.ideal_date]
    assert len(on_ideal) == len(slots)
    assert rows.count() == len(slots)


def test_a_movable_session_keeps_the_minimum_interval_after_one_held_off_the_calendar(
    next_week_course, second_course, clinic_admin, colleague, today
):
    room = Room.objects.filter(clinic=next_week_course.clinic).first()
    slots = a_day_off_ideal(next_week_course, colleague, room)
    course_book(actor=actor(clinic_admin), course_id=next_week_course.id, slots=slots)
    least = course_rules(next_week_course).min_gap_days
    # A session charted without an appointment, one day too close to session 1's ideal date.
    held = slots[0].ideal - timedelta(days=least - 1)
    Course.objects.filter(id=next_week_course.id).update(last_session_on=held)

    # Session 1 is a day past its ideal date, and the sessions after it a week apart: the
    # ideal dates are all a day too close now. Proposed anyway, the check would refuse it.
    proposal = propose(clinic_admin, next_week_course.clinic, today, movable=True)

    mine = [c for c in proposal.courses if c.course_id == next_week_course.id]
    assert all((m.slot.start.date() - held).days >= least for c in mine for m in c.moves)
    assert [c.course_id for c in proposal.courses] == [second_course.id]


def test_the_same_calendar_gets_the_same_proposal(
    next_week_course, second_course, clinic_admin, colleague, today
):
    room = Room.objects.filter(clinic=next_week_course.clinic).first()
    slots = a_day_off_ideal(next_week_course, colleague, room)
    course_book(actor=actor(clinic_admin), course_id=next_week_course.id, slots=slots)

    first, second = (
        propose(clinic_admin, next_week_course.clinic, today, movable=True, time_limit=60)
        for _ in range(2)
    )

    assert first.moved > 0
    assert first.courses == second.courses
    assert (first.status, first.bounds) == (second.status, second.bounds)
    assert "cut short" not in first.status


def test_with_movable_the_comparison_counts_only_the_sessions_still_to_book(
    next_week_course, second_course, clinic_admin, colleague, today
):
    room = Room.objects.filter(clinic=next_week_course.clinic).first()
    slots = a_day_off_ideal(next_week_course, colleague, room)
    rows = course_book(actor=actor(clinic_admin), course_id=next_week_course.id, slots=slots)
    for row in rows[3:]:  # the patient keeps the first three only
        appointment_cancel(
            actor=actor(clinic_admin), appointment_id=row.id, status="cancelled_patient"
        )

    proposal = propose(clinic_admin, next_week_course.clinic, today, movable=True)

    still_to_book = next_week_course.sessions_planned - 3 + second_course.sessions_planned
    assert proposal.optimiser.requested == still_to_book
    assert proposal.optimiser.placed == still_to_book
    assert proposal.greedy.placed == still_to_book
    assert proposal.moved == 3


def test_without_movable_booked_sessions_stay_where_they_are(
    next_week_course, second_course, clinic_admin, colleague, today
):
    room = Room.objects.filter(clinic=next_week_course.clinic).first()
    slots = a_day_off_ideal(next_week_course, colleague, room)
    course_book(actor=actor(clinic_admin), course_id=next_week_course.id, slots=slots)

    proposal = propose(clinic_admin, next_week_course.clinic, today)

    assert proposal.moved == 0
    assert [c.course_id for c in proposal.courses] == [second_course.id]


def test_only_sessions_due_in_the_weeks_given_are_asked_for(next_week_course):
    # Weekly from its first day: three weeks from six days before it hold sessions one to three.
    first_day = next_week_course.starts_on - timedelta(days=6)
    requests = batch_requests(next_week_course.clinic, first_day, 3)

    assert [(r.first_number, r.sessions) for r in requests] == [(1, 3)]


def test_a_first_day_of_today_or_earlier_is_refused(next_week_course, clinic_admin, today):
    with pytest.raises(DomainError) as refused:
        propose(clinic_admin, next_week_course.clinic, today - timedelta(days=1))

    assert refused.value.field == "first_day"


@pytest.mark.parametrize("who", ["front_desk", "practitioner", "hillcrest_admin"])
def test_only_the_clinic_s_admins_may_propose_or_apply(
    who, request, next_week_course, clinic_admin, colleague, today
):
    proposal = propose(clinic_admin, next_week_course.clinic, today)
    user = request.getfixturevalue(who)

    with pytest.raises(Http404):
        propose(user, next_week_course.clinic, today)
    with pytest.raises(Http404):
        batch_apply(actor=actor(user), clinic_id=proposal.clinic_id, proposal=proposal)
    assert not Appointment.objects.exists()
