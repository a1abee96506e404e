"""A chart written on the wrong patient or course, or by mistake, is marked entered in
error: kept and marked, its stock back on its lots, its session off the course's count."""

from datetime import timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from mesoclinic.audit.models import Action, AuditEvent
from mesoclinic.charting import entered_in_error
from mesoclinic.charting.entered_in_error import session_mark_entered_in_error
from mesoclinic.charting.recall import recall_report
from mesoclinic.courses.services import (
    course_change,
    course_plan_next_block,
    course_start,
    course_stop,
)
from mesoclinic.domain.errors import DomainError
from mesoclinic.formulary.models import StockMovement
from mesoclinic.formulary.services import lot_recall
from mesoclinic.patients.models import RecordStatus
from tests.charting.conftest import WRONG_PATIENT as REASON
from tests.charting.conftest import chart_form
from tests.charting.conftest import chart_on_page as chart
from tests.charting.conftest import mark_on_page as mark
from tests.conftest import actor
from tests.courses.conftest import assess, plan, record_sessions
from tests.screening.conftest import screen, sign_consent


@pytest.fixture
def session(wrong_chart):
    return wrong_chart


def test_marking_a_chart_keeps_it_with_who_when_and_why(logged_in, session, practitioner):
    response = mark(logged_in, session)

    assert response.status_code == 302
    assert response["Location"] == f"/sessions/{session.id}/"
    session.refresh_from_db()
    assert (session.status, session.status_reason, session.status_changed_by) == (
        RecordStatus.ENTERED_IN_ERROR,
        REASON,
        practitioner,
    )
    assert session.status_changed_at is not None
    assert session.applications.count() == 2


def test_the_stock_goes_back_on_each_lot_as_an_adjustment_with_its_reason(
    logged_in, session, caffeine_lot, silicon_lot
):
    mark(logged_in, session)

    caffeine_lot.refresh_from_db()
    silicon_lot.refresh_from_db()
    assert (caffeine_lot.on_hand_ml, silicon_lot.on_hand_ml) == (Decimal("10"), Decimal("6"))
    returned = StockMovement.objects.filter(kind="adjusted").order_by("lot_id")
    assert [(m.lot_id, m.quantity_ml, m.balance_after_ml) for m in returned] == [
        (caffeine_lot.id, Decimal("4.00"), Decimal("10.00")),
        (silicon_lot.id, Decimal("2.50"), Decimal("6.00")),
    ]
    assert {m.reference for m in returned} == {f"chart {session.id}"}
    assert all(f"Chart {session.id} entered in error" in m.reason for m in returned)


def test_a_recalled_lot_gets_its_stock_back_and_stays_unusable(
    logged_in, session, caffeine_lot, clinic_admin, active, today
):
    lot_recall(actor=actor(clinic_admin), lot=caffeine_lot, reason="Supplier recall notice")

    assert mark(logged_in, session).status_code == 302

    caffeine_lot.refresh_from_db()
    assert (caffeine_lot.on_hand_ml, caffeine_lot.recalled) == (Decimal("10"), True)
    again = logged_in.post(f"/courses/{active.id}/chart/", chart_form([(caffeine_lot, "1")], today))
    assert again.status_code == 200
    assert "recalled" in str(again.context["form"].errors)


def test_the_course_page_lists_the_marked_chart_struck_through_before_its_replacement(
    logged_in, active, session, caffeine_lot, today
):
    mark(logged_in, session)
    replacement = chart(logged_in, active, [(caffeine_lot, "1")], today)

    page = logged_in.get(f"/courses/{active.id}/").content.decode()

    marked_at = page.index(f'href="/sessions/{session.id}/"><s>Session 1')
    assert "</s></a> (entered in error)" in page[marked_at:]
    assert marked_at < page.index(f'href="/sessions/{replacement.id}/">Session 1')


def test_the_session_comes_off_the_course_count_and_the_plan_is_as_before(
    logged_in, active, caffeine_lot, today
):
    planned = active.dates
    session = chart(logged_in, active, [(caffeine_lot, "1")], today)
    active.refresh_from_db()
    assert (active.sessions_done, active.sessions_done_total) == (1, 1)

    mark(logged_in, session)

    active.refresh_from_db()
    assert (active.state, active.sessions_done, active.sessions_done_total) == ("active", 0, 0)
    assert active.last_session_on is None
    assert active.dates == planned
    assert active.blocks.get().sessions_done == 0


def test_a_course_the_wrong_chart_completed_reopens(
    logged_in, active, caffeine_lot, practitioner, today
):
    course_change(actor=actor(practitioner), course=active, reason="One session only", sessions=1)
    session = chart(logged_in, active, [(caffeine_lot, "1")], today)
    active.refresh_from_db()
    assert (active.state, active.ended_by) == ("completed", practitioner)

    mark(logged_in, session)

    active.refresh_from_db()
    assert (active.state, active.sessions_done, active.ended_at, active.ended_by) == (
        "active",
        0,
        None,
        None,
    )
    assert active.dates == (today,)


def test_a_stopped_course_stays_stopped_with_one_session_fewer(
    logged_in, session, active, practitioner
):
    course_stop(actor=actor(practitioner), course=active, reason="Patient moved away")

    assert mark(logged_in, session).status_code == 302

    active.refresh_from_db()
    assert (active.state, active.sessions_done, active.sessions_done_total) == ("stopped", 0, 0)
    assert active.stop_reason == "Patient moved away"


def test_the_same_area_can_be_charted_again_within_seven_days_once_the_wrong_chart_is_marked(
    logged_in, session, active, caffeine_lot, today
):
    refused = logged_in.post(
        f"/courses/{active.id}/chart/", chart_form([(caffeine_lot, "1")], today)
    )
    assert refused.status_code == 200

    mark(logged_in, session)
    replacement = chart(logged_in, active, [(caffeine_lot, "1")], today)

    assert replacement.number == session.number == 1
    active.refresh_from_db()
    assert (active.sessions_done, active.last_session_on) == (1, today)


@pytest.fixture
def week_old(patient, practitioner, today):
    """An active course whose first session was due a week ago."""
    screen(patient, practitioner, taken_on=today - timedelta(days=10))
    sign_consent(patient, practitioner)
    assess(patient, practitioner, 2, (2, 2, 1, 1), on=today - timedelta(days=10))
    course = plan(patient, practitioner, starts_on=today - timedelta(days=7))
    return course_start(actor=actor(practitioner), course=course)


def test_a_later_chart_keeps_its_number_and_the_next_one_follows_it(
    logged_in, week_old, caffeine_lot, today
):
    first = chart(logged_in, week_old, [(caffeine_lot, "1")], today - timedelta(days=7))
    second = chart(logged_in, week_old, [(caffeine_lot, "1")], today)

    mark(logged_in, first)

    week_old.refresh_from_db()
    assert (week_old.sessions_done, week_old.last_session_on) == (1, today)
    assert week_old.dates[:2] == (today, today + timedelta(days=7))
    assert "Chart session 3" in logged_in.get(f"/courses/{week_old.id}/chart/").content.decode()
    assert second.number == 2


@pytest.fixture
def block_ended(ready, logged_in, practitioner, caffeine_lot, today):
    """A grade-3 course whose first block of 10 ends with today's chart."""
    assess(ready, practitioner, 3, (2, 2, 2, 2), on=today - timedelta(days=70))
    course = plan(ready, practitioner, starts_on=today - timedelta(days=63))
    course = course_start(actor=actor(practitioner), course=course)
    first = course.dates[0]
    course = record_sessions(course, practitioner, course.sessions_planned - 1, first=first)
    last = chart(logged_in, course, [(caffeine_lot, "1")], today)
    course.refresh_from_db()
    assert (course.block_number, course.awaiting_reassessment) == (1, True)
    return course, last


def test_the_chart_that_ended_a_block_reopens_the_block(logged_in, block_ended, today):
    course, last = block_ended

    mark(logged_in, last)

    course.refresh_from_db()
    assert (course.state, course.sessions_done) == ("active", 9)
    assert not course.awaiting_reassessment
    assert (course.sessions_done_total, course.last_session_on) == (9, today - timedelta(days=7))
    assert course.dates[-1] == today
    assert course.blocks.get(number=1).sessions_done == 9


def test_a_chart_of_an_earlier_block_comes_off_that_blocks_count_only(
    logged_in, block_ended, patient, practitioner, today
):
    course, last = block_ended
    assess(patient, practitioner, 3, (1, 1, 1, 1), kind="follow_up", on=today)
    course = course_plan_next_block(
        actor=actor(practitioner), course=course, starts_on=today + timedelta(days=1)
    )

    mark(logged_in, last)

    course.refresh_from_db()
    assert (course.block_number, course.sessions_done, course.sessions_done_total) == (2, 0, 9)
    assert course.dates[0] == today + timedelta(days=1)
    assert [b.sessions_done for b in course.blocks.order_by("number")] == [9, 0]


def test_the_recall_report_leaves_out_a_chart_entered_in_error(
    logged_in, session, caffeine_lot, practitioner
):
    assert len(recall_report(actor(practitioner), caffeine_lot.id)[1]) == 1

    mark(logged_in, session)

    _, rows = recall_report(actor(practitioner), caffeine_lot.id)
    assert rows == []
    page = logged_in.get(f"/lots/{caffeine_lot.id}/recall-report/").content.decode()
    assert "No patient has received this lot." in page


def test_the_chart_page_shows_it_struck_through_with_reason_author_and_local_time(
    logged_in, session, riverside
):
    riverside.time_zone = "Asia/Tokyo"
    riverside.save()

    mark(logged_in, session)

    session.refresh_from_db()
    page = logged_in.get(f"/sessions/{session.id}/").content.decode()
    assert f"<s>Session {session.number}," in page
    assert f"Entered in error: {REASON} (riverside.practitioner, " in page
    local = session.status_changed_at.astimezone(ZoneInfo("Asia/Tokyo"))
    assert local.strftime("%Y-%m-%d %H:%M JST") in page
    for gone in ("Mark this chart as entered in error", "Amend this chart", "Upload photo"):
        assert gone not in page
    assert "Aftercare for the patient" not in page


def test_a_chart_already_marked_is_refused_saying_so(logged_in, session, practitioner):
    mark(logged_in, session)

    again = mark(logged_in, session, reason="Again")

    assert again.status_code == 302
    assert "already marked entered in error" in logged_in.get(again["Location"]).content.decode()
    with pytest.raises(DomainError, match="already marked entered in error"):
        session_mark_entered_in_error(actor=actor(practitioner), session=session, reason="x")
    assert StockMovement.objects.filter(kind="adjusted").count() == 2


@pytest.mark.parametrize("reason", ["", "   "])
def test_an_empty_reason_is_refused_beside_the_field_saying_what_to_write(
    logged_in, session, caffeine_lot, reason
):
    response = mark(logged_in, session, reason=reason)

    assert response.status_code == 422
    assert response.context["error_form"].errors["reason"] == [
        "Say why this chart was entered in error, e.g. charted on the wrong patient."
    ]
    assert 'id="id_error_reason-error"' in response.content.decode()
    session.refresh_from_db()
    assert session.status == RecordStatus.ACTIVE
    caffeine_lot.refresh_from_db()
    assert caffeine_lot.on_hand_ml == Decimal("6")


def test_a_chart_entered_in_error_cannot_be_amended_or_given_photos(logged_in, session):
    mark(logged_in, session)

    amend = logged_in.get(f"/sessions/{session.id}/amend/", follow=True)
    photo = logged_in.post(f"/sessions/{session.id}/photos/", {"pose": "front"}, follow=True)

    for response in (amend, photo):
        assert "entered in error: it cannot be changed" in response.content.decode()
    assert not session.amendments.exists()
    assert not session.photos.exists()


def test_marking_writes_its_audit_rows(logged_in, session, active):
    mark(logged_in, session)

    assert AuditEvent.objects.filter(
        action=Action.ENTERED_IN_ERROR,
        target=f"chart {session.id}",
        patient_id=session.patient_id,
        clinic_id=session.clinic_id,
    ).exists()
    assert AuditEvent.objects.filter(
        action=Action.UPDATE, target__startswith=f"course {active.id} session of"
    ).exists()
    for movement in StockMovement.objects.filter(kind="adjusted"):
        assert AuditEvent.objects.filter(
            action=Action.CREATE, target=f"lot {movement.lot_id} movement {movement.id}"
        ).exists()


def _nothing_written(session, caffeine_lot, silicon_lot, active):
    session.refresh_from_db()
    caffeine_lot.refresh_from_db()
    silicon_lot.refresh_from_db()
    active.refresh_from_db()
    assert session.status == RecordStatus.ACTIVE
    assert (caffeine_lot.on_hand_ml, silicon_lot.on_hand_ml) == (Decimal("6"), Decimal("3.5"))
    assert not StockMovement.objects.filter(kind="adjusted").exists()
    assert active.sessions_done_total == 1
    assert not AuditEvent.objects.filter(action=Action.ENTERED_IN_ERROR).exists()


def test_when_the_last_step_fails_nothing_is_written(
    session, caffeine_lot, silicon_lot, active, practitioner, monkeypatch
):
    def broken(**_):
        raise RuntimeError("audit trail unavailable")

    monkeypatch.setattr(entered_in_error, "audit_record", broken)

    with pytest.raises(RuntimeError):
        session_mark_entered_in_error(actor=actor(practitioner), session=session, reason=REASON)

    _nothing_written(session, caffeine_lot, silicon_lot, active)


def test_a_completed_course_that_cannot_reopen_refuses_the_mark_and_writes_nothing(
    logged_in, session, caffeine_lot, silicon_lot, active, practitioner, patient
):
    course_change(actor=actor(practitioner), course=active, reason="One session only", sessions=1)
    newer = plan(patient, practitioner)

    response = mark(logged_in, session)

    assert response.status_code == 422
    assert f"the patient has a planned course (course {newer.id})" in response.content.decode()
    _nothing_written(session, caffeine_lot, silicon_lot, active)
    active.refresh_from_db()
    assert active.state == "completed"
