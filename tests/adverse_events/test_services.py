"""Recording and following up adverse events through the services: the rules, the
snapshot from the protocol, the follow-up list with the clock moved, and who may do what."""

from datetime import date, timedelta

import pytest
from django.http import Http404

from mesoclinic.adverse_events.models import (
    AdverseEvent,
    AdverseEventAmendment,
    AdverseEventFollowUp,
    SeriousEventReview,
)
from mesoclinic.adverse_events.selectors import (
    access_adverse_event,
    dashboard_panel,
    follow_up_list,
    ongoing_adverse_events,
    patient_adverse_events,
    serious_events_awaiting_review,
)
from mesoclinic.adverse_events.services import (
    adverse_event_amend,
    adverse_event_mark_entered_in_error,
    adverse_event_resolve,
    adverse_event_review,
    follow_up_create,
)
from mesoclinic.audit.models import Action
from mesoclinic.charting.models import TreatmentSession
from mesoclinic.domain.errors import DomainError
from mesoclinic.patients.models import Patient, RecordStatus
from tests.adverse_events.conftest import audit_count, chart, record
from tests.conftest import actor

# -- recording ---------------------------------------------------------------------------------


def test_an_event_keeps_the_type_label_window_and_serious_flag_from_the_protocol(bruise):
    assert bruise.event_type == "bruising"
    assert bruise.type_label == "Bruising"
    assert bruise.window == (7, 10)
    assert not bruise.type_serious
    assert not bruise.serious
    assert bruise.event_status == "ongoing"
    assert bruise.resolved_on is None
    assert bruise.protocol_name == "Mesotherapy for cellulite"


def test_a_type_without_a_day_count_is_stored_without_a_window(patient, practitioner):
    event = record(patient, practitioner, event_type="hyperpigmentation")

    assert event.window is None
    assert (event.expected_days_min, event.expected_days_max) == (None, None)


def test_an_event_of_a_serious_type_is_serious_even_when_mild(serious):
    assert serious.type_serious
    assert serious.serious


def test_any_severe_event_is_serious(patient, practitioner):
    event = record(patient, practitioner, severity="severe", ctcae_grade=3)

    assert not event.type_serious
    assert event.serious


def test_recording_writes_a_create_row_to_the_audit_trail(bruise, patient):
    assert (
        audit_count(
            action=Action.CREATE,
            target=f"adverse event {bruise.id}",
            clinic_id=patient.clinic_id,
            patient_id=patient.id,
        )
        == 1
    )


def test_an_onset_in_the_future_on_the_clinics_date_is_refused(patient, practitioner):
    with pytest.raises(DomainError, match="future") as refused:
        record(patient, practitioner, days_ago=-1)

    assert refused.value.field == "onset_on"
    assert not AdverseEvent.objects.exists()


def test_an_onset_today_is_accepted(patient, practitioner, today):
    assert record(patient, practitioner, days_ago=0).onset_on == today


def test_a_type_not_in_the_protocol_is_refused(patient, practitioner):
    with pytest.raises(DomainError, match="Unknown adverse event") as refused:
        record(patient, practitioner, event_type="sunburn")

    assert refused.value.field == "event_type"


def test_an_area_not_in_the_protocol_or_a_wrong_side_is_refused(patient, practitioner):
    with pytest.raises(DomainError, match="Unknown body area"):
        record(patient, practitioner, area="ankles", side="")
    with pytest.raises(DomainError, match="no left or right"):
        record(patient, practitioner, area="abdomen", side="left")


def test_a_description_over_two_thousand_characters_is_refused(patient, practitioner):
    with pytest.raises(DomainError, match="2000 characters") as refused:
        record(patient, practitioner, description="x" * 2001)

    assert refused.value.field == "description"


def test_a_systemic_event_needs_no_site(serious):
    assert (serious.area, serious.side) == ("", "")


def test_a_ctcae_grade_that_contradicts_the_severity_is_refused(patient, practitioner):
    with pytest.raises(DomainError, match="grade 3 means severe"):
        record(patient, practitioner, severity="mild", ctcae_grade=3)


def test_the_front_desk_and_other_clinics_cannot_record_an_event(
    patient, front_desk, outsider, chain_manager
):
    for user in (front_desk, outsider, chain_manager):
        with pytest.raises(Http404):
            record(patient, user)
    assert not AdverseEvent.objects.exists()


def test_an_event_for_a_patient_entered_in_error_is_refused(patient, practitioner):
    patient.status = RecordStatus.ENTERED_IN_ERROR
    patient.save()

    with pytest.raises(DomainError, match="entered in error"):
        record(patient, practitioner)


# -- the sessions and lots an event follows -----------------------------------------------------


def lot_ids(event) -> set[int]:
    return {lot.id for lot in event.follows_lots.all()}


def test_an_event_follows_its_sessions_and_every_lot_used_in_them_by_default(
    patient, practitioner, session, caffeine_lot, silicon_lot
):
    event = record(patient, practitioner, follows_session_ids=[session.id])

    assert list(event.follows_sessions.all()) == [session]
    assert lot_ids(event) == {caffeine_lot.id, silicon_lot.id}
    assert list(session.adverse_events.all()) == [event]


def test_an_event_may_follow_only_some_of_the_lots_used_in_its_sessions(
    patient, practitioner, session, caffeine_lot
):
    event = record(
        patient,
        practitioner,
        follows_session_ids=[session.id],
        follows_lot_ids=[caffeine_lot.id],
    )

    assert lot_ids(event) == {caffeine_lot.id}


def test_a_session_charted_on_the_onset_day_is_accepted(patient, practitioner, session, today):
    event = record(patient, practitioner, days_ago=0, follows_session_ids=[session.id])

    assert (event.onset_on, session.performed_on) == (today, today)


def test_another_patients_session_is_refused(patient, practitioner, session, riverside):
    other = Patient.objects.create(
        clinic=riverside,
        given_name="Mary",
        family_name="Somerville",
        date_of_birth=date(1980, 12, 26),
        created_by=practitioner,
    )

    with pytest.raises(
        DomainError, match=f"Not a charted session of this patient: id {session.id}"
    ) as refused:
        record(other, practitioner, follows_session_ids=[session.id])

    assert refused.value.field == "follows_sessions"
    assert not AdverseEvent.objects.exists()


def test_another_clinics_practitioner_cannot_link_a_session_they_cannot_see(
    session, hillcrest_patient, outsider
):
    with pytest.raises(DomainError, match="Not a charted session of this patient"):
        record(hillcrest_patient, outsider, follows_session_ids=[session.id])


def test_a_session_after_the_onset_is_refused_naming_the_session(
    patient, practitioner, session, today
):
    yesterday = today - timedelta(days=1)

    with pytest.raises(DomainError) as refused:
        record(patient, practitioner, days_ago=1, follows_session_ids=[session.id])

    assert refused.value.field == "follows_sessions"
    assert refused.value.message.startswith(
        f"After the onset on {yesterday.isoformat()}: session 1 of {today.isoformat()}."
    )
    assert not AdverseEvent.objects.exists()


def test_a_session_entered_in_error_is_refused(patient, practitioner, session):
    TreatmentSession.objects.filter(pk=session.pk).update(status=RecordStatus.ENTERED_IN_ERROR)

    with pytest.raises(DomainError, match="Entered in error: session 1 of") as refused:
        record(patient, practitioner, follows_session_ids=[session.id])

    assert refused.value.field == "follows_sessions"


def test_a_lot_not_used_in_those_sessions_is_refused_naming_the_lot(
    patient, practitioner, active, caffeine_lot, silicon_lot
):
    only_caffeine = chart(active, practitioner, [caffeine_lot])

    with pytest.raises(DomainError) as refused:
        record(
            patient,
            practitioner,
            follows_session_ids=[only_caffeine.id],
            follows_lot_ids=[caffeine_lot.id, silicon_lot.id],
        )

    assert refused.value.field == "follows_lots"
    assert refused.value.message == "Not used in the chosen sessions: lot SIL-1."
    assert not AdverseEvent.objects.exists()


def test_lots_without_a_session_are_refused(patient, practitioner, session, caffeine_lot):
    with pytest.raises(DomainError, match="Choose the sessions first") as refused:
        record(patient, practitioner, follows_lot_ids=[caffeine_lot.id])

    assert refused.value.field == "follows_lots"


def test_an_event_without_sessions_follows_nothing(bruise):
    assert not bruise.follows_sessions.exists()
    assert not bruise.follows_lots.exists()


def test_amending_the_sessions_records_the_ids_and_takes_the_new_sessions_lots(
    patient, practitioner, session, caffeine_lot, silicon_lot
):
    event = record(patient, practitioner)

    amendment = adverse_event_amend(
        actor=actor(practitioner),
        event=event,
        reason="It followed the session",
        follows_session_ids=[session.id],
    )

    assert amendment.changes == {
        "follows_sessions": [[], [session.id]],
        "follows_lots": [[], sorted([caffeine_lot.id, silicon_lot.id])],
    }
    assert list(event.follows_sessions.all()) == [session]
    assert lot_ids(event) == {caffeine_lot.id, silicon_lot.id}


def test_amending_the_lots_alone_keeps_the_sessions(
    patient, practitioner, session, caffeine_lot, silicon_lot
):
    event = record(patient, practitioner, follows_session_ids=[session.id])

    amendment = adverse_event_amend(
        actor=actor(practitioner),
        event=event,
        reason="Only caffeine",
        follows_lot_ids=[caffeine_lot.id],
    )

    assert amendment.changes == {
        "follows_lots": [sorted([caffeine_lot.id, silicon_lot.id]), [caffeine_lot.id]]
    }
    assert list(event.follows_sessions.all()) == [session]


def test_amending_the_onset_to_before_a_followed_session_is_refused_beside_the_onset(
    patient, practitioner, session, today
):
    event = record(patient, practitioner, follows_session_ids=[session.id])

    with pytest.raises(DomainError, match="After the onset") as refused:
        adverse_event_amend(
            actor=actor(practitioner),
            event=event,
            reason="typo",
            onset_on=today - timedelta(days=1),
        )

    assert refused.value.field == "onset_on"
    event.refresh_from_db()
    assert event.onset_on == today


def test_an_event_keeps_a_session_later_entered_in_error_through_other_amendments(
    patient, practitioner, session
):
    event = record(patient, practitioner, follows_session_ids=[session.id])
    TreatmentSession.objects.filter(pk=session.pk).update(status=RecordStatus.ENTERED_IN_ERROR)

    amendment = adverse_event_amend(
        actor=actor(practitioner),
        event=event,
        reason="Looked again",
        severity="moderate",
        follows_session_ids=[session.id],
    )

    assert amendment.changes == {"severity": ["mild", "moderate"]}
    assert list(event.follows_sessions.all()) == [session]


def test_unlinking_every_session_unlinks_their_lots(
    patient, practitioner, session, caffeine_lot, silicon_lot
):
    event = record(patient, practitioner, follows_session_ids=[session.id])

    amendment = adverse_event_amend(
        actor=actor(practitioner), event=event, reason="Not related", follows_session_ids=[]
    )

    assert amendment.changes == {
        "follows_sessions": [[session.id], []],
        "follows_lots": [sorted([caffeine_lot.id, silicon_lot.id]), []],
    }
    assert not event.follows_lots.exists()


# -- follow-up ---------------------------------------------------------------------------------


def test_a_follow_up_note_is_added_with_its_outcome(bruise, practitioner, today):
    follow_up = follow_up_create(
        actor=actor(practitioner),
        event=bruise,
        noted_on=today,
        outcome="improving",
        note="Fading",
    )

    assert (follow_up.outcome, follow_up.note, follow_up.noted_on) == ("improving", "Fading", today)
    bruise.refresh_from_db()
    assert bruise.event_status == "ongoing"
    assert audit_count(action=Action.CREATE, target=f"adverse event {bruise.id} follow-up") == 1


def test_a_follow_up_with_the_outcome_resolved_resolves_the_event(bruise, practitioner, today):
    follow_up_create(
        actor=actor(practitioner), event=bruise, noted_on=today, outcome="resolved", note=""
    )

    bruise.refresh_from_db()
    assert bruise.event_status == "resolved"
    assert bruise.resolved_on == today
    assert audit_count(action=Action.UPDATE, target=f"adverse event {bruise.id} resolved") == 1


def test_a_follow_up_other_than_resolved_needs_a_note(bruise, practitioner, today):
    with pytest.raises(DomainError, match="Say what you found") as refused:
        follow_up_create(
            actor=actor(practitioner), event=bruise, noted_on=today, outcome="worse", note="  "
        )

    assert refused.value.field == "note"
    assert not AdverseEventFollowUp.objects.exists()


def test_a_follow_up_before_the_onset_or_in_the_future_is_refused(bruise, practitioner, today):
    for noted_on in (bruise.onset_on - timedelta(days=1), today + timedelta(days=1)):
        with pytest.raises(DomainError) as refused:
            follow_up_create(
                actor=actor(practitioner),
                event=bruise,
                noted_on=noted_on,
                outcome="unchanged",
                note="x",
            )
        assert refused.value.field == "noted_on"


def test_an_unknown_outcome_is_refused(bruise, practitioner, today):
    with pytest.raises(DomainError, match="improving, unchanged, worse or resolved"):
        follow_up_create(
            actor=actor(practitioner), event=bruise, noted_on=today, outcome="better", note="x"
        )


def test_follow_up_notes_are_append_only(bruise, practitioner, today):
    follow_up = follow_up_create(
        actor=actor(practitioner), event=bruise, noted_on=today, outcome="unchanged", note="Same"
    )

    follow_up.note = "rewritten"
    with pytest.raises(PermissionError):
        follow_up.save()
    assert AdverseEventFollowUp.objects.get().note == "Same"


def test_a_resolved_event_takes_no_more_follow_ups(bruise, practitioner, today):
    adverse_event_resolve(actor=actor(practitioner), event=bruise, resolved_on=today)

    with pytest.raises(DomainError, match="This event is resolved"):
        follow_up_create(
            actor=actor(practitioner), event=bruise, noted_on=today, outcome="worse", note="x"
        )


def test_resolving_records_a_resolved_follow_up_dated_on_the_day(bruise, practitioner, today):
    adverse_event_resolve(
        actor=actor(practitioner), event=bruise, resolved_on=today, note="All gone"
    )

    bruise.refresh_from_db()
    assert (bruise.event_status, bruise.resolved_on) == ("resolved", today)
    follow_up = AdverseEventFollowUp.objects.get()
    assert (follow_up.outcome, follow_up.note) == ("resolved", "All gone")


def test_a_resolved_date_before_the_onset_is_refused_beside_the_resolved_date(bruise, practitioner):
    with pytest.raises(DomainError, match="before the onset") as refused:
        adverse_event_resolve(
            actor=actor(practitioner),
            event=bruise,
            resolved_on=bruise.onset_on - timedelta(days=1),
        )

    assert refused.value.field == "resolved_on"
    bruise.refresh_from_db()
    assert bruise.event_status == "ongoing"


def test_others_cannot_follow_up_or_resolve(bruise, front_desk, outsider, chain_manager, today):
    for user in (front_desk, outsider, chain_manager):
        with pytest.raises(Http404):
            follow_up_create(
                actor=actor(user), event=bruise, noted_on=today, outcome="worse", note="x"
            )
        with pytest.raises(Http404):
            adverse_event_resolve(actor=actor(user), event=bruise, resolved_on=today)
    assert not AdverseEventFollowUp.objects.exists()


# -- the follow-up list with the clock moved ------------------------------------------------------


def test_a_bruise_with_onset_eleven_days_ago_is_on_the_follow_up_list(
    old_bruise, practitioner, riverside
):
    found = follow_up_list(actor(practitioner), riverside.id)

    assert [row.event.id for row in found.rows] == [old_bruise.id]
    assert found.rows[0].days_overdue == 1


def test_a_bruise_with_onset_nine_days_ago_is_not(patient, practitioner, riverside):
    record(patient, practitioner, days_ago=9)

    assert follow_up_list(actor(practitioner), riverside.id).rows == []


def test_moving_the_clock_puts_a_recent_bruise_on_the_list(bruise, practitioner, riverside, today):
    on_day_ten = today + timedelta(days=8)  # onset was two days ago
    on_day_eleven = today + timedelta(days=9)

    assert follow_up_list(actor(practitioner), riverside.id, today=on_day_ten).rows == []
    rows = follow_up_list(actor(practitioner), riverside.id, today=on_day_eleven).rows
    assert [(row.event.id, row.days_overdue) for row in rows] == [(bruise.id, 1)]


def test_a_resolved_or_erroneous_event_leaves_the_follow_up_list(
    old_bruise, patient, practitioner, riverside, today
):
    wrong = record(patient, practitioner, days_ago=15)
    adverse_event_resolve(actor=actor(practitioner), event=old_bruise, resolved_on=today)
    adverse_event_mark_entered_in_error(actor=actor(practitioner), event=wrong, reason="dup")

    assert follow_up_list(actor(practitioner), riverside.id).rows == []


def test_a_follow_up_note_does_not_take_an_event_off_the_list(
    old_bruise, practitioner, riverside, today
):
    follow_up_create(
        actor=actor(practitioner), event=old_bruise, noted_on=today, outcome="unchanged", note="x"
    )

    rows = follow_up_list(actor(practitioner), riverside.id).rows
    assert rows[0].event.id == old_bruise.id
    assert rows[0].last_follow_up.outcome == "unchanged"


def test_an_event_without_a_day_count_is_listed_after_the_review_interval(
    patient, practitioner, riverside
):
    record(patient, practitioner, days_ago=7, event_type="nodules_itching")
    due = record(patient, practitioner, days_ago=8, event_type="nodules_itching")

    found = follow_up_list(actor(practitioner), riverside.id)

    assert found.review_days == 7
    assert [row.event.id for row in found.rows] == [due.id]


def test_the_follow_up_list_shows_the_oldest_first(patient, practitioner, riverside):
    newer = record(patient, practitioner, days_ago=12)
    older = record(patient, practitioner, days_ago=30)
    middle = record(patient, practitioner, days_ago=20, event_type="redness_swelling", area="")

    rows = follow_up_list(actor(practitioner), riverside.id).rows

    assert [row.event.id for row in rows] == [older.id, middle.id, newer.id]
    assert [row.days_overdue for row in rows] == [20, 15, 2]


def test_the_follow_up_list_holds_only_the_clinics_own_events(
    old_bruise, hillcrest_event, practitioner, outsider, riverside, hillcrest
):
    assert [r.event.id for r in follow_up_list(actor(practitioner), riverside.id).rows] == [
        old_bruise.id
    ]
    assert [r.event.id for r in follow_up_list(actor(outsider), hillcrest.id).rows] == [
        hillcrest_event.id
    ]


def test_the_follow_up_list_of_another_clinic_or_role_is_not_found(
    riverside, outsider, front_desk, chain_manager
):
    for user in (outsider, front_desk, chain_manager):
        with pytest.raises(Http404):
            follow_up_list(actor(user), riverside.id)


def test_reading_the_follow_up_list_is_audited_for_the_clinic(practitioner, riverside):
    follow_up_list(actor(practitioner), riverside.id)

    assert (
        audit_count(
            action=Action.READ, target="adverse event follow-up list", clinic_id=riverside.id
        )
        == 1
    )


# -- serious events and the admin's review -------------------------------------------------------


def test_a_serious_event_awaits_review_until_the_admin_reviews_it(serious, clinic_admin):
    assert serious_events_awaiting_review(actor(clinic_admin)) == [serious]

    review = adverse_event_review(actor=actor(clinic_admin), event=serious, note="Called her")

    assert (review.author, review.note) == (clinic_admin, "Called her")
    assert serious_events_awaiting_review(actor(clinic_admin)) == []
    assert audit_count(action=Action.SIGN, target=f"adverse event {serious.id} review") == 1


def test_a_resolved_serious_event_still_awaits_review(serious, practitioner, clinic_admin, today):
    adverse_event_resolve(actor=actor(practitioner), event=serious, resolved_on=today)

    assert serious_events_awaiting_review(actor(clinic_admin)) == [serious]


def test_only_the_clinic_admin_can_review(
    serious, practitioner, front_desk, outsider, chain_manager
):
    for user in (practitioner, front_desk, outsider, chain_manager):
        with pytest.raises(Http404):
            adverse_event_review(actor=actor(user), event=serious, note="ok")
    assert not SeriousEventReview.objects.exists()


def test_practitioners_see_no_review_queue(serious, practitioner):
    assert serious_events_awaiting_review(actor(practitioner)) == []
    assert dashboard_panel(actor(practitioner)).review_clinics == []


def test_a_review_needs_a_note(serious, clinic_admin):
    with pytest.raises(DomainError, match="Say what was reviewed"):
        adverse_event_review(actor=actor(clinic_admin), event=serious, note=" ")


def test_an_event_is_reviewed_once(serious, clinic_admin):
    adverse_event_review(actor=actor(clinic_admin), event=serious, note="first")

    with pytest.raises(DomainError, match="already been reviewed"):
        adverse_event_review(actor=actor(clinic_admin), event=serious, note="second")


def test_a_minor_event_needs_no_review(bruise, clinic_admin):
    with pytest.raises(DomainError, match="Only serious events"):
        adverse_event_review(actor=actor(clinic_admin), event=bruise, note="ok")


def test_the_review_queue_holds_only_the_admins_own_clinics(serious, hillcrest_event, clinic_admin):
    assert serious_events_awaiting_review(actor(clinic_admin)) == [serious]


def test_showing_the_review_queue_is_audited_per_clinic_shown(serious, clinic_admin, riverside):
    serious_events_awaiting_review(actor(clinic_admin))

    assert (
        audit_count(
            action=Action.READ,
            target="serious adverse events awaiting review",
            clinic_id=riverside.id,
        )
        == 1
    )


def test_an_event_entered_in_error_leaves_the_review_queue(serious, practitioner, clinic_admin):
    adverse_event_mark_entered_in_error(actor=actor(practitioner), event=serious, reason="dup")

    assert serious_events_awaiting_review(actor(clinic_admin)) == []


# -- amendments and entered in error ----------------------------------------------------------


def test_an_amendment_keeps_the_before_and_after_with_the_reason(bruise, practitioner):
    amendment = adverse_event_amend(
        actor=actor(practitioner),
        event=bruise,
        reason="Looked again",
        severity="moderate",
        side="right",
    )

    assert amendment.changes == {"severity": ["mild", "moderate"], "side": ["left", "right"]}
    assert amendment.reason == "Looked again"
    bruise.refresh_from_db()
    assert (bruise.severity, bruise.side) == ("moderate", "right")
    assert audit_count(action=Action.AMEND, target=f"adverse event {bruise.id}") == 1


def test_amending_to_severe_makes_the_event_serious_and_flags_it(
    bruise, practitioner, clinic_admin
):
    amendment = adverse_event_amend(
        actor=actor(practitioner), event=bruise, reason="Spread", severity="severe"
    )

    assert amendment.changes["serious"] == [False, True]
    bruise.refresh_from_db()
    assert serious_events_awaiting_review(actor(clinic_admin)) == [bruise]


def test_amending_the_type_takes_the_new_types_label_and_window(bruise, practitioner):
    amendment = adverse_event_amend(
        actor=actor(practitioner),
        event=bruise,
        reason="Not a bruise",
        event_type="redness_swelling",
    )

    bruise.refresh_from_db()
    assert (bruise.type_label, bruise.window) == ("Redness or swelling", (1, 5))
    assert amendment.changes["event_type"] == ["bruising", "redness_swelling"]


def test_an_amendment_that_changes_nothing_is_refused(bruise, practitioner):
    with pytest.raises(DomainError, match="Nothing changed"):
        adverse_event_amend(
            actor=actor(practitioner), event=bruise, reason="x", severity="mild", area="thighs"
        )
    assert not AdverseEventAmendment.objects.exists()


def test_an_amendment_needs_a_reason(bruise, practitioner):
    with pytest.raises(DomainError, match="Say why"):
        adverse_event_amend(actor=actor(practitioner), event=bruise, reason="", severity="severe")


def test_an_amendment_cannot_move_the_onset_into_the_future(bruise, practitioner, today):
    with pytest.raises(DomainError, match="future"):
        adverse_event_amend(
            actor=actor(practitioner),
            event=bruise,
            reason="typo",
            onset_on=today + timedelta(days=1),
        )


def test_an_amendment_can_reopen_an_event_resolved_by_mistake(bruise, practitioner, today):
    adverse_event_resolve(actor=actor(practitioner), event=bruise, resolved_on=today)

    amendment = adverse_event_amend(
        actor=actor(practitioner), event=bruise, reason="wrong patient", resolved_on=None
    )

    bruise.refresh_from_db()
    assert (bruise.event_status, bruise.resolved_on) == ("ongoing", None)
    assert amendment.changes["event_status"] == ["resolved", "ongoing"]


def test_an_amended_onset_after_the_resolved_date_is_refused(bruise, practitioner, today):
    adverse_event_resolve(actor=actor(practitioner), event=bruise, resolved_on=bruise.onset_on)

    with pytest.raises(DomainError, match="before the onset"):
        adverse_event_amend(actor=actor(practitioner), event=bruise, reason="typo", onset_on=today)


def test_an_ongoing_event_is_resolved_by_a_follow_up_not_an_amendment(bruise, practitioner, today):
    with pytest.raises(DomainError, match="resolve it with a follow-up"):
        adverse_event_amend(actor=actor(practitioner), event=bruise, reason="x", resolved_on=today)


def test_entered_in_error_keeps_the_event_with_who_when_and_why(bruise, practitioner):
    adverse_event_mark_entered_in_error(actor=actor(practitioner), event=bruise, reason="dup")

    bruise.refresh_from_db()
    assert bruise.status == RecordStatus.ENTERED_IN_ERROR
    assert (bruise.status_reason, bruise.status_changed_by) == ("dup", practitioner)
    assert audit_count(action=Action.ENTERED_IN_ERROR, target=f"adverse event {bruise.id}") == 1


def test_an_event_entered_in_error_takes_no_changes(bruise, practitioner, clinic_admin, today):
    adverse_event_mark_entered_in_error(actor=actor(practitioner), event=bruise, reason="dup")

    with pytest.raises(DomainError, match="entered in error"):
        adverse_event_amend(actor=actor(practitioner), event=bruise, reason="x", severity="severe")
    with pytest.raises(DomainError, match="entered in error"):
        follow_up_create(
            actor=actor(practitioner), event=bruise, noted_on=today, outcome="worse", note="x"
        )
    with pytest.raises(DomainError, match="entered in error"):
        adverse_event_mark_entered_in_error(actor=actor(practitioner), event=bruise, reason="x")


def test_others_cannot_amend_or_mark_in_error(bruise, front_desk, outsider, chain_manager):
    for user in (front_desk, outsider, chain_manager):
        with pytest.raises(Http404):
            adverse_event_amend(actor=actor(user), event=bruise, reason="x", severity="severe")
        with pytest.raises(Http404):
            adverse_event_mark_entered_in_error(actor=actor(user), event=bruise, reason="x")


# -- reading -----------------------------------------------------------------------------------


def test_reading_an_event_is_audited_and_others_get_not_found(
    bruise, practitioner, front_desk, outsider, chain_manager
):
    assert access_adverse_event(actor(practitioner), bruise.id) == bruise
    assert audit_count(action=Action.READ, target=f"adverse event {bruise.id}") == 1
    for user in (front_desk, outsider, chain_manager):
        with pytest.raises(Http404):
            access_adverse_event(actor(user), bruise.id)


def test_a_patients_events_are_listed_latest_onset_first(patient, practitioner):
    older = record(patient, practitioner, days_ago=20)
    newer = record(patient, practitioner, days_ago=1)

    assert patient_adverse_events(actor(practitioner), patient) == [newer, older]
    assert audit_count(action=Action.READ, target="adverse event list", patient_id=patient.id) == 1


def test_ongoing_events_at_a_site_count_an_event_without_a_side_for_both(patient, practitioner):
    left = record(patient, practitioner, days_ago=1, side="left")
    either = record(patient, practitioner, days_ago=2, side="")
    record(patient, practitioner, days_ago=3, side="right")
    record(patient, practitioner, days_ago=3, area="buttocks", side="left")

    found = ongoing_adverse_events(actor(practitioner), patient, area="thighs", side="left")

    assert {event.id for event in found} == {left.id, either.id}
