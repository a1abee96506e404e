"""Recalls open when a course completes, by every path that completes one, and the desk's
calls and postponements change them, each in one transaction with its audit row."""

from datetime import timedelta

import pytest
from django.http import Http404

from mesoclinic.audit.models import Action, AuditEvent
from mesoclinic.charting.entered_in_error import session_mark_entered_in_error
from mesoclinic.courses.services import course_change, course_complete, course_start, course_stop
from mesoclinic.courses.session_count import course_record_session_done
from mesoclinic.domain.errors import DomainError
from mesoclinic.domain.recall import NO_ANSWER_RETRY_DAYS
from mesoclinic.protocols import DEFAULT_PROTOCOL_PATH
from mesoclinic.recalls.models import Recall, RecallEntry
from mesoclinic.recalls.services import recall_postpone, recall_record_call
from tests.charting.conftest import chart_on_page
from tests.conftest import actor
from tests.courses.conftest import assess, plan, record_sessions
from tests.formulary.conftest import make_product, receive
from tests.recalls.conftest import YEAR, completed_preventive, recall_of

# -- opening a recall ---------------------------------------------------------------------------


def test_the_last_charted_session_opens_a_recall_a_year_after_it(patient, practitioner, today):
    course = completed_preventive(patient, practitioner, session_days_ago=4)

    recall = Recall.objects.get(course=course)
    assert (recall.state, recall.patient, recall.clinic) == ("open", patient, patient.clinic)
    assert recall.due_on == recall.call_on == today - timedelta(days=4) + timedelta(days=YEAR)
    assert (recall.interval_days, recall.completed_on) == (YEAR, today)
    assert AuditEvent.objects.filter(
        action=Action.CREATE, target=f"recall {recall.id} from course {course.id}"
    ).exists()


def test_lowering_the_count_to_the_sessions_done_opens_one_recall(active, practitioner, today):
    course = record_sessions(active, practitioner, 2)

    course_change(actor=actor(practitioner), course=course, reason="satisfied", sessions=2)

    assert Recall.objects.get(course=course).due_on == today + timedelta(days=YEAR)


def test_completing_a_course_in_blocks_by_hand_opens_one_recall(ready, practitioner, today):
    assess(ready, practitioner, 3, (2, 2, 2, 2), on=today - timedelta(days=70))
    course = plan(ready, practitioner, starts_on=today - timedelta(days=63))
    course = course_start(actor=actor(practitioner), course=course)
    course = record_sessions(course, practitioner, course.sessions_planned)
    assert Recall.objects.filter(course=course).count() == 0  # a block ended, not the course

    course_complete(actor=actor(practitioner), course=course)

    recall = Recall.objects.get(course=course)
    assert recall.due_on == course.last_session_on + timedelta(days=YEAR)


def test_a_stopped_course_has_no_recall(active, practitioner):
    course = record_sessions(active, practitioner, 2)

    course_stop(actor=actor(practitioner), course=course, reason="Patient moved away")

    assert not Recall.objects.exists()


def test_a_grade_whose_protocol_sets_no_maintenance_has_no_recall(
    patient, practitioner, riverside, tmp_path
):
    # The clinic's own protocol file, grade 1 without its yearly maintenance visit.
    grade_one = (
        "maintenance_days = { value = 365, source = \"seed: a 'yearly' preventive treatment\" }\n"
    )
    packaged = DEFAULT_PROTOCOL_PATH.read_text(encoding="utf-8")
    assert grade_one in packaged
    path = tmp_path / "no_grade_one_maintenance.toml"
    path.write_text(packaged.replace(grade_one, ""), encoding="utf-8")
    riverside.protocol_path = str(path)
    riverside.save()

    course = completed_preventive(patient, practitioner, session_days_ago=1)

    assert course.state == "completed"
    assert not Recall.objects.exists()


# -- a chart entered in error -------------------------------------------------------------------


def test_a_chart_entered_in_error_reopening_the_course_cancels_its_recall_until_it_completes_again(
    reopened_by_error, practitioner, today
):
    course, first = reopened_by_error
    first.refresh_from_db()
    assert first.state == "cancelled"
    assert first.entries.get().kind == "cancelled"

    course_record_session_done(actor=actor(practitioner), course=course, on=today)

    assert Recall.objects.filter(course=course).count() == 2
    assert recall_of(course).due_on == today + timedelta(days=YEAR)


@pytest.fixture
def reopened_by_error(logged_in, active, practitioner, clinic_admin, today):
    """A course its one chart completed, that chart then marked entered in error."""
    lot = receive(practitioner, make_product(clinic_admin, active.clinic), units=2)
    course_change(actor=actor(practitioner), course=active, reason="One session only", sessions=1)
    chart = chart_on_page(logged_in, active, [(lot, "1")], today)
    recall = recall_of(active)
    session_mark_entered_in_error(actor=actor(practitioner), session=chart, reason="Wrong patient")
    active.refresh_from_db()
    assert active.state == "active"
    return active, recall


# -- calls --------------------------------------------------------------------------------------


def test_a_declined_call_closes_the_recall_with_its_note_kept(overdue, front_desk):
    recall = recall_record_call(
        actor=actor(front_desk), recall=overdue, outcome="declined", note="Happy for now"
    )

    assert (recall.state, recall.closed_by) == ("declined", front_desk)
    entry = recall.entries.get()
    assert (entry.kind, entry.outcome, entry.note, entry.author) == (
        "call",
        "declined",
        "Happy for now",
        front_desk,
    )
    assert AuditEvent.objects.filter(target=f"recall {recall.id} call declined").exists()


def test_an_unanswered_call_is_kept_and_tried_again_a_few_days_on(overdue, front_desk, today):
    recall = recall_record_call(actor=actor(front_desk), recall=overdue, outcome="no_answer")
    recall = recall_record_call(
        actor=actor(front_desk),
        recall=recall,
        outcome="left_message",
        next_try_on=today + timedelta(days=5),
    )

    assert recall.state == "open"
    assert recall.call_on == recall.next_try_on == today + timedelta(days=5)
    assert [(e.outcome, e.next_try_on) for e in recall.entries.all()] == [
        ("no_answer", today + timedelta(days=NO_ANSWER_RETRY_DAYS)),
        ("left_message", today + timedelta(days=5)),
    ]


def test_a_patient_who_does_not_allow_contact_is_refused_with_the_reason(
    do_not_contact, front_desk
):
    with pytest.raises(DomainError, match="does not allow contact"):
        recall_record_call(actor=actor(front_desk), recall=do_not_contact, outcome="no_answer")

    assert not RecallEntry.objects.exists()


def test_a_closed_recall_takes_no_more_calls(overdue, front_desk):
    recall_record_call(actor=actor(front_desk), recall=overdue, outcome="declined")

    with pytest.raises(DomainError, match="already closed"):
        recall_record_call(actor=actor(front_desk), recall=overdue, outcome="no_answer")


def test_a_booked_call_needs_an_appointment(overdue, front_desk):
    with pytest.raises(DomainError) as refused:
        recall_record_call(actor=actor(front_desk), recall=overdue, outcome="booked")

    assert refused.value.field == "appointment_id"
    overdue.refresh_from_db()
    assert overdue.state == "open"


@pytest.mark.parametrize("who", ["outsider", "chain_manager"])
def test_someone_from_another_clinic_cannot_record_a_call(overdue, who, request):
    with pytest.raises(Http404):
        recall_record_call(
            actor=actor(request.getfixturevalue(who)), recall=overdue, outcome="declined"
        )


def test_a_postponement_moves_the_due_date_and_keeps_the_reason(overdue, front_desk, today):
    before = overdue.due_on

    recall = recall_postpone(
        actor=actor(front_desk),
        recall=overdue,
        due_on=today + timedelta(days=60),
        reason="Travelling until spring",
    )

    assert recall.due_on == recall.call_on == today + timedelta(days=60)
    entry = recall.entries.get()
    assert (entry.kind, entry.due_before, entry.due_after, entry.note) == (
        "postponed",
        before,
        today + timedelta(days=60),
        "Travelling until spring",
    )


def test_asking_again_for_a_completed_courses_recall_returns_its_open_one(overdue, practitioner):
    from mesoclinic.recalls.services import recall_open_for_course

    again = recall_open_for_course(actor=actor(practitioner), course=overdue.course)

    assert again == overdue
    assert Recall.objects.filter(course=overdue.course).count() == 1


def test_the_database_itself_refuses_a_second_open_recall_for_a_course(overdue):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Recall.objects.create(
            clinic=overdue.clinic,
            patient=overdue.patient,
            course=overdue.course,
            completed_on=overdue.completed_on,
            interval_days=overdue.interval_days,
            due_on=overdue.due_on,
            call_on=overdue.call_on,
            state="open",
            created_by=overdue.created_by,
        )
