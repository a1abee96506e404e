"""The adverse event pages as staff use them, and who may not see them."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from mesoclinic.adverse_events.models import (
    AdverseEvent,
    AdverseEventAmendment,
    AdverseEventFollowUp,
    SeriousEventReview,
)
from mesoclinic.adverse_events.services import adverse_event_review, follow_up_create
from mesoclinic.audit.models import Action, AuditEvent
from mesoclinic.charting.models import TreatmentSession
from mesoclinic.clinics.clock import clinic_today
from mesoclinic.patients.models import Patient
from tests.adverse_events.conftest import ESCAPED, XSS, chart, record
from tests.conftest import actor, client_for
from tests.formulary.conftest import make_product, receive

REAL_NOW = timezone.now


def new_event_data(today, **extra) -> dict[str, str]:
    return {
        "event_type": "bruising",
        "severity": "mild",
        "ctcae_grade": "",
        "area": "thighs",
        "side": "left",
        "onset_on": today.isoformat(),
        "description": "",
        **extra,
    }


def page_urls(patient, event) -> list[str]:
    return [
        f"/patients/{patient.id}/adverse-events/",
        f"/patients/{patient.id}/adverse-events/new/",
        f"/adverse-events/{event.id}/",
        f"/adverse-events/{event.id}/amend/",
        f"/clinics/{patient.clinic_id}/adverse-events/follow-up/",
    ]


def post_urls(patient, event) -> list[str]:
    return [
        f"/patients/{patient.id}/adverse-events/new/",
        f"/adverse-events/{event.id}/follow-ups/",
        f"/adverse-events/{event.id}/resolve/",
        f"/adverse-events/{event.id}/review/",
        f"/adverse-events/{event.id}/amend/",
        f"/adverse-events/{event.id}/entered-in-error/",
    ]


def moved_clock(monkeypatch, days_ahead: int, user) -> Client:
    """Every clock the app reads (the clinic's today included) moved `days_ahead` days
    from now, and a client logged in at that moment (an idle session would have ended)."""
    moved = REAL_NOW() + timedelta(days=days_ahead)
    monkeypatch.setattr(timezone, "now", lambda: moved)
    return client_for(user)


# -- what staff see and do ---------------------------------------------------------------------


def test_the_patient_page_links_to_adverse_events_for_clinical_staff(patient, logged_in):
    response = logged_in.get(f"/patients/{patient.id}/")

    assert f'href="/patients/{patient.id}/adverse-events/"'.encode() in response.content


def test_the_list_shows_each_event_with_its_state(old_bruise, serious, patient, logged_in):
    content = logged_in.get(f"/patients/{patient.id}/adverse-events/").content.decode()

    assert f'href="/adverse-events/{old_bruise.id}/"' in content
    assert "Thighs, left" in content
    assert "follow-up due: 1 day past its expected course" in content
    assert "Allergic reaction" in content
    assert "Serious, awaiting the admin's review" in content


def test_a_new_event_is_recorded_from_the_form(patient, logged_in, today):
    response = logged_in.post(
        f"/patients/{patient.id}/adverse-events/new/",
        new_event_data(today, description="Bruise at the injection point", ctcae_grade="1"),
    )

    event = AdverseEvent.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/adverse-events/{event.id}/"
    assert (event.event_type, event.ctcae_grade, event.side) == ("bruising", 1, "left")


def test_the_form_offers_the_protocols_types_with_their_course(patient, logged_in):
    content = logged_in.get(f"/patients/{patient.id}/adverse-events/new/").content.decode()

    assert "Bruising (usually 7–10 days)" in content
    assert "Skin necrosis (no day count; serious)" in content
    assert 'value="upper_arms"' in content


def test_a_future_onset_is_refused_beside_the_onset(patient, logged_in, today):
    response = logged_in.post(
        f"/patients/{patient.id}/adverse-events/new/",
        new_event_data(today, onset_on=(today + timedelta(days=1)).isoformat()),
    )

    assert response.status_code == 422
    assert "cannot be in the future" in response.context["form"].errors["onset_on"][0]
    assert b'id="id_onset_on-error"' in response.content
    assert not AdverseEvent.objects.exists()


def test_a_grade_that_contradicts_the_severity_is_refused_beside_the_grade(
    patient, logged_in, today
):
    response = logged_in.post(
        f"/patients/{patient.id}/adverse-events/new/", new_event_data(today, ctcae_grade="4")
    )

    assert response.status_code == 422
    assert "grade 4 means life-threatening" in response.context["form"].errors["ctcae_grade"][0]


def test_the_detail_page_shows_the_course_the_follow_ups_and_the_forms(
    bruise, practitioner, logged_in, today
):
    follow_up_create(
        actor=actor(practitioner), event=bruise, noted_on=today, outcome="improving", note="Fading"
    )

    content = logged_in.get(f"/adverse-events/{bruise.id}/").content.decode()

    assert "7–10 days; follow-up due after" in content
    assert "Fading" in content
    assert f'action="/adverse-events/{bruise.id}/follow-ups/"' in content
    assert f'action="/adverse-events/{bruise.id}/resolve/"' in content
    assert "/review/" not in content  # a minor event has no review


def test_a_follow_up_is_added_from_the_page(bruise, logged_in, today):
    response = logged_in.post(
        f"/adverse-events/{bruise.id}/follow-ups/",
        {"noted_on": today.isoformat(), "outcome": "worse", "note": "Larger"},
    )

    assert response.status_code == 302
    assert AdverseEventFollowUp.objects.get().note == "Larger"


def test_a_follow_up_without_a_note_shows_the_error_beside_the_note(bruise, logged_in, today):
    response = logged_in.post(
        f"/adverse-events/{bruise.id}/follow-ups/",
        {"noted_on": today.isoformat(), "outcome": "unchanged", "note": ""},
    )

    assert response.status_code == 422
    assert b'id="id_followup_note-error"' in response.content
    assert not AdverseEventFollowUp.objects.exists()


def test_resolving_from_the_page_marks_the_event_resolved(bruise, logged_in, today):
    response = logged_in.post(
        f"/adverse-events/{bruise.id}/resolve/", {"resolved_on": today.isoformat(), "note": ""}
    )

    assert response.status_code == 302
    bruise.refresh_from_db()
    assert (bruise.event_status, bruise.resolved_on) == ("resolved", today)
    page = logged_in.get(f"/adverse-events/{bruise.id}/").content.decode()
    assert f"Resolved {today:%Y-%m-%d}" in page
    assert "/follow-ups/" not in page


def test_a_resolved_date_before_the_onset_shows_beside_the_date(bruise, logged_in):
    response = logged_in.post(
        f"/adverse-events/{bruise.id}/resolve/",
        {"resolved_on": (bruise.onset_on - timedelta(days=1)).isoformat()},
    )

    assert response.status_code == 422
    assert b'id="id_resolve_resolved_on-error"' in response.content


def test_an_amendment_from_the_page_shows_beside_the_original(bruise, logged_in):
    form = logged_in.get(f"/adverse-events/{bruise.id}/amend/").context["form"]
    assert form["severity"].initial == "mild"
    data = {name: form[name].value() or "" for name in form.fields}

    response = logged_in.post(
        f"/adverse-events/{bruise.id}/amend/",
        {**data, "severity": "moderate", "reason": "Looked again"},
    )

    assert response.status_code == 302
    assert AdverseEventAmendment.objects.get().changes == {"severity": ["mild", "moderate"]}
    page = logged_in.get(f"/adverse-events/{bruise.id}/").content.decode()
    assert "Looked again" in page
    assert "Severity: mild → moderate" in page


def test_an_amendment_that_changes_nothing_says_so(bruise, logged_in):
    form = logged_in.get(f"/adverse-events/{bruise.id}/amend/").context["form"]
    data = {name: form[name].value() or "" for name in form.fields}

    response = logged_in.post(f"/adverse-events/{bruise.id}/amend/", {**data, "reason": "x"})

    assert response.status_code == 422
    assert b"Nothing changed" in response.content


def test_marking_entered_in_error_keeps_the_event_visible(bruise, logged_in):
    response = logged_in.post(
        f"/adverse-events/{bruise.id}/entered-in-error/", {"reason": "wrong patient"}
    )
    assert response.status_code == 302

    page = logged_in.get(f"/adverse-events/{bruise.id}/").content.decode()
    assert "Entered in error: wrong patient" in page
    assert f"/adverse-events/{bruise.id}/amend/" not in page


def test_an_event_entered_in_error_cannot_be_amended_from_the_page(bruise, logged_in):
    logged_in.post(f"/adverse-events/{bruise.id}/entered-in-error/", {"reason": "dup"})

    response = logged_in.get(f"/adverse-events/{bruise.id}/amend/")

    assert response.status_code == 302
    assert response["Location"] == f"/adverse-events/{bruise.id}/"


def test_entered_in_error_without_a_reason_shows_the_error_beside_it(bruise, logged_in):
    response = logged_in.post(f"/adverse-events/{bruise.id}/entered-in-error/", {"reason": ""})

    assert response.status_code == 422
    assert b'id="id_error_reason-error"' in response.content
    bruise.refresh_from_db()
    assert bruise.status == "active"


# -- the sessions an event follows ------------------------------------------------------------


def unsigned_sessions(
    course, patient, days_ago: list[int], first_number: int = 100
) -> list[TreatmentSession]:
    """Bare session rows (no products) for what the form lists, without charting each."""
    today = clinic_today(patient.clinic)
    return [
        TreatmentSession.objects.create(
            patient=patient,
            clinic=patient.clinic,
            author=course.author,
            course=course,
            number=first_number + index,
            performed_on=today - timedelta(days=ago),
            recheck={},
            technique="nappage",
            depth_mm=Decimal("3"),
            needle_gauge=30,
            needle_length_mm=Decimal("4"),
            duration_minutes=60,
            signed_at=timezone.now(),
        )
        for index, ago in enumerate(days_ago)
    ]


def checked_sessions(content: str) -> list[int]:
    return [
        int(value)
        for value in re.findall(r'name="follows_sessions" value="(\d+)"[^>]*checked', content)
    ]


def test_the_form_offers_the_patients_sessions_with_their_lots_and_ticks_the_latest(
    patient, logged_in, session, today
):
    content = logged_in.get(f"/patients/{patient.id}/adverse-events/new/").content.decode()

    assert (
        f"Session 1, {today.isoformat()}: Caffeine 250 mg/5 mL (lot CAF-1), "
        "Organic silicon 0.5% (lot SIL-1)"
    ) in content
    assert checked_sessions(content) == [session.id]
    assert 'name="follows_lots"' not in content


def test_the_form_offers_the_ten_latest_sessions_of_this_patient_up_to_today(
    patient, practitioner, riverside, active, logged_in
):
    other = Patient.objects.create(
        clinic=riverside,
        given_name="Mary",
        family_name="Somerville",
        date_of_birth=date(1980, 12, 26),
        created_by=practitioner,
    )
    sessions = unsigned_sessions(active, patient, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])
    unsigned_sessions(active, patient, [-1], first_number=200)  # tomorrow
    unsigned_sessions(active, other, [0], first_number=300)

    form = logged_in.get(f"/patients/{patient.id}/adverse-events/new/").context["form"]

    offered = [value for value, _ in form.fields["follows_sessions"].choices]
    assert offered == [s.id for s in sessions[:10]]
    assert form["follows_sessions"].initial == [sessions[0].id]


def test_a_patient_without_charted_sessions_gets_no_session_choice(patient, logged_in):
    content = logged_in.get(f"/patients/{patient.id}/adverse-events/new/").content.decode()

    assert 'name="follows_sessions"' not in content
    assert "No charted session of this patient" in content


def test_an_event_from_the_form_follows_the_ticked_session_and_its_lots(
    patient, logged_in, session, caffeine_lot, silicon_lot, today
):
    response = logged_in.post(
        f"/patients/{patient.id}/adverse-events/new/",
        new_event_data(today, follows_sessions=[session.id]),
    )

    assert response.status_code == 302
    event = AdverseEvent.objects.get()
    assert list(event.follows_sessions.all()) == [session]
    assert {lot.id for lot in event.follows_lots.all()} == {caffeine_lot.id, silicon_lot.id}


def test_a_session_after_the_onset_is_refused_beside_the_sessions(
    patient, logged_in, session, today
):
    response = logged_in.post(
        f"/patients/{patient.id}/adverse-events/new/",
        new_event_data(
            today, onset_on=(today - timedelta(days=1)).isoformat(), follows_sessions=[session.id]
        ),
    )

    assert response.status_code == 422
    assert b'id="id_follows_sessions-error"' in response.content
    assert "After the onset" in response.context["form"].errors["follows_sessions"][0]
    assert not AdverseEvent.objects.exists()


@pytest.mark.parametrize("onset_on", ["0001-01-01", "9999-12-31"])
def test_an_onset_outside_1900_to_2100_is_refused_beside_the_onset_alone(
    onset_on, patient, logged_in, session, today
):
    response = logged_in.post(
        f"/patients/{patient.id}/adverse-events/new/",
        new_event_data(today, onset_on=onset_on, follows_sessions=[session.id]),
    )

    errors = response.context["form"].errors
    assert response.status_code == 422
    assert errors["onset_on"] == ["Use a date between 1900 and 2100."]
    assert "follows_sessions" not in errors
    assert not AdverseEvent.objects.exists()


def test_an_amended_onset_in_year_0001_is_refused_beside_the_onset(bruise, logged_in):
    form = logged_in.get(f"/adverse-events/{bruise.id}/amend/").context["form"]
    values = {name: form[name].value() for name in form.fields if form[name].value() is not None}

    response = logged_in.post(
        f"/adverse-events/{bruise.id}/amend/",
        {**values, "onset_on": "0001-01-01", "reason": "Typed the wrong day"},
    )

    assert response.context["form"].errors["onset_on"] == ["Use a date between 1900 and 2100."]
    bruise.refresh_from_db()
    assert bruise.onset_on.year > 1900


@pytest.mark.parametrize(
    ("path", "data", "slot"),
    [
        ("follow-ups", {"outcome": "worse", "note": "Larger"}, "followup_noted_on"),
        ("resolve", {}, "resolve_resolved_on"),
    ],
)
def test_a_follow_up_or_resolution_in_year_9999_is_refused_beside_its_date(
    path, data, slot, bruise, logged_in
):
    field = slot.split("_", 1)[1]

    response = logged_in.post(f"/adverse-events/{bruise.id}/{path}/", {field: "9999-12-31", **data})

    content = response.content.decode()
    assert response.status_code == 422
    start = content.index(f'id="id_{slot}-error"')
    assert "Use a date between 1900 and 2100." in content[start : content.index("</p>", start)]
    bruise.refresh_from_db()
    assert bruise.resolved_on is None
    assert not AdverseEventFollowUp.objects.exists()


def test_the_detail_page_links_the_sessions_and_names_the_lots(
    patient, practitioner, logged_in, session, caffeine_lot, today
):
    event = record(patient, practitioner, follows_session_ids=[session.id])

    content = logged_in.get(f"/adverse-events/{event.id}/").content.decode()

    assert f'<a href="/sessions/{session.id}/">Session 1, {today.isoformat()}</a>' in content
    assert (
        f'<a href="/lots/{caffeine_lot.id}/recall-report/">lot CAF-1</a> (Caffeine 250 mg/5 mL)'
        in content
    )
    assert "lot SIL-1</a> (Organic silicon 0.5%)" in content


def test_unticking_the_session_on_the_amend_page_records_it_by_name(
    patient, practitioner, logged_in, session, today
):
    event = record(patient, practitioner, follows_session_ids=[session.id])
    form = logged_in.get(f"/adverse-events/{event.id}/amend/").context["form"]
    assert form["follows_sessions"].initial == [session.id]
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}

    response = logged_in.post(
        f"/adverse-events/{event.id}/amend/",
        {**data, "follows_sessions": [], "reason": "Not from the session"},
    )

    assert response.status_code == 302
    assert not event.follows_sessions.exists()
    assert not event.follows_lots.exists()
    page = logged_in.get(f"/adverse-events/{event.id}/").content.decode()
    assert f"Sessions it follows: Session 1, {today.isoformat()} → —" in page
    assert "Product lots it follows: CAF-1 (Caffeine 250 mg/5 mL); SIL-1" in page


def test_hostile_product_names_and_lot_numbers_are_escaped_in_the_form_and_the_event(
    patient, practitioner, clinic_admin, riverside, active, logged_in
):
    product = make_product(clinic_admin, riverside, name=XSS)
    lot = receive(practitioner, product, number=XSS, units=1)
    session = chart(active, practitioner, [lot])
    event = record(patient, practitioner, follows_session_ids=[session.id])

    for url in (f"/patients/{patient.id}/adverse-events/new/", f"/adverse-events/{event.id}/"):
        response = logged_in.get(url)
        assert XSS.encode() not in response.content, url
        assert ESCAPED in response.content, url


# -- the clinic's follow-up list, with the clock moved -----------------------------------------


def test_a_bruise_eleven_days_old_is_on_the_follow_up_list_with_days_overdue(
    old_bruise, riverside, logged_in
):
    content = logged_in.get(f"/clinics/{riverside.id}/adverse-events/follow-up/").content.decode()

    assert "1 event to follow up" in content
    assert f'href="/adverse-events/{old_bruise.id}/"' in content
    assert "Ada Lovelace" in content


def test_with_the_clock_moved_eleven_days_a_new_bruise_is_on_the_list(
    patient, practitioner, riverside, monkeypatch
):
    bruise = record(patient, practitioner, days_ago=0)
    url = f"/clinics/{riverside.id}/adverse-events/follow-up/"

    nine_days_on = moved_clock(monkeypatch, 9, practitioner)
    assert "0 events to follow up" in nine_days_on.get(url).content.decode()

    eleven_days_on = moved_clock(monkeypatch, 11, practitioner)
    response = eleven_days_on.get(url)
    assert [row.event.id for row in response.context["found"].rows] == [bruise.id]
    assert response.context["found"].rows[0].days_overdue == 1


def test_the_dashboard_links_practitioners_to_the_follow_up_list(riverside, logged_in):
    content = logged_in.get("/").content.decode()

    assert f'href="/clinics/{riverside.id}/adverse-events/follow-up/"' in content
    assert "/adverse-events/serious/" not in content


# -- serious events on the admin's dashboard ---------------------------------------------------


def test_a_serious_event_stays_on_the_admins_dashboard_until_reviewed(serious, clinic_admin):
    admin = client_for(clinic_admin)
    for _ in range(2):
        content = admin.get("/").content.decode()
        assert "1 serious event awaiting your review" in content
        assert f'href="/adverse-events/{serious.id}/"' in content

    response = admin.post(f"/adverse-events/{serious.id}/review/", {"note": "Called, settling"})

    assert response.status_code == 302
    content = admin.get("/").content.decode()
    assert "No serious event is awaiting review" in content
    assert f'href="/adverse-events/{serious.id}/"' not in content
    detail = admin.get(f"/adverse-events/{serious.id}/").content.decode()
    assert "Reviewed by riverside.admin" in detail
    assert "Called, settling" in detail


def test_a_severe_bruise_is_flagged_too(patient, practitioner, clinic_admin):
    record(patient, practitioner, days_ago=1, severity="severe")

    assert b"1 serious event awaiting your review" in client_for(clinic_admin).get("/").content


def test_the_admin_sees_the_review_form_and_the_practitioner_does_not(
    serious, clinic_admin, logged_in
):
    admin_page = client_for(clinic_admin).get(f"/adverse-events/{serious.id}/").content.decode()
    practitioner_page = logged_in.get(f"/adverse-events/{serious.id}/").content.decode()

    assert f'action="/adverse-events/{serious.id}/review/"' in admin_page
    assert f'action="/adverse-events/{serious.id}/review/"' not in practitioner_page
    assert "Awaiting the clinic admin's review" in practitioner_page


def test_only_the_admin_can_review_a_serious_event(serious, logged_in):
    response = logged_in.post(f"/adverse-events/{serious.id}/review/", {"note": "ok"})

    assert response.status_code == 404
    assert not SeriousEventReview.objects.exists()


def test_practitioners_and_front_desk_see_no_serious_events_on_the_dashboard(
    serious, logged_in, front_desk
):
    assert b"awaiting your review" not in logged_in.get("/").content
    front = client_for(front_desk).get("/").content
    assert b"awaiting your review" not in front
    assert b"Adverse events" not in front


def test_a_review_without_a_note_shows_the_error_beside_it(serious, clinic_admin):
    response = client_for(clinic_admin).post(f"/adverse-events/{serious.id}/review/", {"note": ""})

    assert response.status_code == 422
    assert b'id="id_review_note-error"' in response.content


def test_the_serious_events_page_lists_those_awaiting_and_those_reviewed(
    serious, patient, practitioner, clinic_admin, riverside
):
    reviewed = record(patient, practitioner, days_ago=3, event_type="scarring", area="")
    adverse_event_review(actor=actor(clinic_admin), event=reviewed, note="Seen in clinic")

    response = client_for(clinic_admin).get(f"/clinics/{riverside.id}/adverse-events/serious/")

    assert response.status_code == 200
    assert [view.event for view in response.context["awaiting"]] == [serious]
    assert [event for event, _ in response.context["reviewed"]] == [reviewed]
    assert b"Seen in clinic" in response.content


def test_the_serious_events_page_is_the_admins_only(serious, riverside, logged_in, front_desk):
    url = f"/clinics/{riverside.id}/adverse-events/serious/"

    assert logged_in.get(url).status_code == 404
    assert client_for(front_desk).get(url).status_code == 404


# -- who may not -------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["outsider", "front_desk", "chain_manager"])
def test_adverse_event_pages_are_not_found_for_anyone_without_clinical_access(
    serious, patient, who, request
):
    client = client_for(request.getfixturevalue(who))
    for url in [
        *page_urls(patient, serious),
        f"/clinics/{patient.clinic_id}/adverse-events/serious/",
    ]:
        assert client.get(url).status_code == 404, url
    for url in post_urls(patient, serious):
        data = {"reason": "x", "note": "x", "outcome": "worse", "noted_on": "2020-01-01"}
        assert client.post(url, data).status_code == 404, url
    assert AdverseEvent.objects.count() == 1
    assert not AdverseEventFollowUp.objects.exists()
    assert not SeriousEventReview.objects.exists()


def test_an_unknown_event_is_not_found(logged_in):
    assert logged_in.get("/adverse-events/999999/").status_code == 404


def test_another_clinics_event_is_not_found(hillcrest_event, logged_in):
    assert logged_in.get(f"/adverse-events/{hillcrest_event.id}/").status_code == 404


def test_changes_are_posts(bruise, logged_in):
    for action in ("follow-ups", "resolve", "review", "entered-in-error"):
        assert logged_in.get(f"/adverse-events/{bruise.id}/{action}/").status_code == 405


def test_every_state_change_needs_the_csrf_token(serious, patient, clinic_admin):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(clinic_admin)
    for url in post_urls(patient, serious):
        assert strict.post(url, {"reason": "x", "note": "x"}).status_code == 403, url
    assert not SeriousEventReview.objects.exists()


def test_the_pages_carry_the_csrf_token_in_their_forms(serious, patient, clinic_admin):
    admin = client_for(clinic_admin)
    for url in (
        f"/patients/{patient.id}/adverse-events/new/",
        f"/adverse-events/{serious.id}/",
        f"/adverse-events/{serious.id}/amend/",
    ):
        assert b"csrfmiddlewaretoken" in admin.get(url).content, url


def test_every_page_writes_a_read_row_to_the_audit_trail(serious, patient, clinic_admin):
    admin = client_for(clinic_admin)
    urls = [*page_urls(patient, serious), f"/clinics/{patient.clinic_id}/adverse-events/serious/"]
    for url in urls:
        before = AuditEvent.objects.filter(action=Action.READ).count()
        assert admin.get(url).status_code == 200, url
        assert AuditEvent.objects.filter(action=Action.READ).count() > before, url


def test_the_dashboard_audits_the_serious_events_it_shows(serious, clinic_admin, riverside):
    client_for(clinic_admin).get("/")

    assert AuditEvent.objects.filter(
        action=Action.READ, target="serious adverse events awaiting review", clinic_id=riverside.id
    ).exists()


def test_hostile_names_descriptions_and_notes_are_escaped(
    riverside, practitioner, clinic_admin, today
):
    from mesoclinic.patients.models import Patient

    hostile = Patient.objects.create(
        clinic=riverside,
        given_name=XSS,
        family_name=XSS,
        date_of_birth=today.replace(year=today.year - 40),
        created_by=practitioner,
    )
    event = record(
        hostile,
        practitioner,
        days_ago=20,
        event_type="ulceration",
        area="",
        description=XSS,
    )
    follow_up_create(
        actor=actor(practitioner), event=event, noted_on=today, outcome="worse", note=XSS
    )
    admin = client_for(clinic_admin)
    urls = [*page_urls(hostile, event), "/", f"/clinics/{riverside.id}/adverse-events/serious/"]
    for url in urls:
        response = admin.get(url)
        assert XSS.encode() not in response.content, url
        assert ESCAPED in response.content, url

    adverse_event_review(actor=actor(clinic_admin), event=event, note=XSS)
    for url in (f"/adverse-events/{event.id}/", f"/clinics/{riverside.id}/adverse-events/serious/"):
        response = admin.get(url)
        assert XSS.encode() not in response.content, url
