"""Charting a session: the whole chart and its stock in one step, and each guard with its
reason."""

from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone

from mesoclinic.adverse_events.services import adverse_event_create
from mesoclinic.audit.models import Action, AuditEvent
from mesoclinic.charting.models import ProductApplication, TreatmentSession
from mesoclinic.formulary.models import StockMovement
from mesoclinic.formulary.services import lot_recall
from tests.charting.conftest import chart_form
from tests.conftest import actor, client_for


def chart(client, course, values):
    return client.post(f"/courses/{course.id}/chart/", values)


def errors_of(response) -> str:
    form = response.context["form"]
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


def test_a_session_with_two_products_is_charted_signed_and_taken_from_stock(
    logged_in, active, caffeine_lot, silicon_lot, today
):
    response = chart(
        logged_in, active, chart_form([(caffeine_lot, "4"), (silicon_lot, "2.5")], today)
    )

    session = TreatmentSession.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/sessions/{session.id}/"
    assert [(a.lot, a.volume_ml) for a in session.applications.order_by("lot_id")] == [
        (caffeine_lot, Decimal("4.00")),
        (silicon_lot, Decimal("2.50")),
    ]
    caffeine_lot.refresh_from_db()
    silicon_lot.refresh_from_db()
    assert (caffeine_lot.on_hand_ml, silicon_lot.on_hand_ml) == (Decimal("6"), Decimal("3.5"))
    active.refresh_from_db()
    assert active.sessions_done_total == 1
    assert AuditEvent.objects.filter(action=Action.SIGN, target=f"chart {session.id}").exists()


def test_an_expired_lot_is_refused_with_its_reason_and_nothing_is_written(
    logged_in, active, expired, today
):
    response = chart(logged_in, active, chart_form([(expired, "1")], today))

    assert response.status_code == 200
    assert f"expired on {expired.expiry_date.isoformat()}" in errors_of(response)
    assert not TreatmentSession.objects.exists()
    assert not StockMovement.objects.filter(kind="used").exists()


def test_a_lot_recalled_after_the_form_was_opened_is_refused(
    logged_in, active, caffeine_lot, clinic_admin, today
):
    lot_recall(actor=actor(clinic_admin), lot=caffeine_lot, reason="Supplier recall notice")

    response = chart(logged_in, active, chart_form([(caffeine_lot, "1")], today))

    assert "recalled" in errors_of(response)
    assert not TreatmentSession.objects.exists()


def test_a_volume_above_the_clinics_limit_is_refused_showing_the_limit(
    logged_in, active, caffeine_lot, today
):
    response = chart(logged_in, active, chart_form([(caffeine_lot, "6")], today))

    assert "per-session limit of 5 mL" in errors_of(response)
    caffeine_lot.refresh_from_db()
    assert caffeine_lot.on_hand_ml == Decimal("10")


def test_a_lot_without_enough_stock_is_refused(logged_in, active, silicon_lot, today, clinic_admin):
    from mesoclinic.formulary.services import product_set_session_limit

    product_set_session_limit(
        actor=actor(clinic_admin),
        product=silicon_lot.product,
        limit_ml=Decimal("20"),
        basis="Raised for this test",
    )

    response = chart(logged_in, active, chart_form([(silicon_lot, "7")], today))

    assert "6 mL in stock" in errors_of(response)


def test_the_same_area_again_within_seven_days_needs_an_override_reason(
    logged_in, practitioner, active, caffeine_lot, today, monkeypatch
):
    assert chart(logged_in, active, chart_form([(caffeine_lot, "1")], today)).status_code == 302
    three_days_later = timezone.now() + timedelta(days=3)
    monkeypatch.setattr(timezone, "now", lambda: three_days_later)
    logged_in = client_for(practitioner)  # the idle session ended meanwhile
    later = today + timedelta(days=3)

    refused = chart(logged_in, active, chart_form([(caffeine_lot, "1")], later))
    assert "treated on" in errors_of(refused)
    assert "minimum interval is 7 days" in errors_of(refused)

    accepted = chart(
        logged_in,
        active,
        chart_form(
            [(caffeine_lot, "1")],
            later,
            interval_override_reason="Patient away for a month from tomorrow; discussed",
        ),
    )
    assert accepted.status_code == 302
    assert TreatmentSession.objects.count() == 2


def test_a_stop_in_the_pre_session_recheck_refuses_the_session(
    logged_in, active, caffeine_lot, today
):
    response = chart(
        logged_in, active, chart_form([(caffeine_lot, "1")], today, recheck_pregnancy="yes")
    )

    assert "Re-check stop: Pregnant" in errors_of(response)
    assert not TreatmentSession.objects.exists()


def test_a_caution_in_the_recheck_needs_the_clinicians_reason(
    logged_in, active, caffeine_lot, today
):
    values = chart_form([(caffeine_lot, "1")], today, recheck_anticoagulant_or_antiplatelet="yes")

    assert "Record your reason" in errors_of(chart(logged_in, active, values))
    values["recheck_reason"] = "Low-dose aspirin, bruising explained; proceed gently"
    assert chart(logged_in, active, values).status_code == 302


def test_the_chart_page_shows_honest_aftercare_with_the_next_session(
    logged_in, active, caffeine_lot, today
):
    chart(logged_in, active, chart_form([(caffeine_lot, "1")], today))
    session = TreatmentSession.objects.get()

    page = logged_in.get(f"/sessions/{session.id}/").content.decode()

    assert "7–10 days" in page
    assert "not guaranteed" in page
    assert "Your next session" in page


@pytest.mark.parametrize("role", ["outsider", "front_desk", "chain_manager"])
def test_no_one_outside_the_clinics_clinical_staff_can_chart_or_read_a_chart(
    request, role, logged_in, active, caffeine_lot, today
):
    chart(logged_in, active, chart_form([(caffeine_lot, "1")], today))
    session = TreatmentSession.objects.get()
    other = client_for(request.getfixturevalue(role))

    assert other.get(f"/courses/{active.id}/chart/").status_code == 404
    assert chart(other, active, chart_form([(caffeine_lot, "1")], today)).status_code == 404
    assert other.get(f"/sessions/{session.id}/").status_code == 404


def test_charting_needs_the_csrf_token(practitioner, active, caffeine_lot, today):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(practitioner)

    assert chart(strict, active, chart_form([(caffeine_lot, "1")], today)).status_code == 403


def test_a_recall_can_find_every_application_of_a_lot_by_its_index(
    logged_in, active, caffeine_lot, today
):
    chart(logged_in, active, chart_form([(caffeine_lot, "1")], today))

    assert ProductApplication.objects.filter(lot=caffeine_lot).count() == 1
    assert "application_by_lot" in {i.name for i in ProductApplication._meta.indexes}


def test_an_adverse_event_still_open_at_a_treated_area_needs_a_reason(
    logged_in, practitioner, patient, active, caffeine_lot, today
):
    adverse_event_create(
        actor=actor(practitioner),
        patient=patient,
        event_type="bruising",
        severity="mild",
        onset_on=today,
        area="thighs",
        side="left",
    )
    values = chart_form([(caffeine_lot, "1")], today)

    assert "still open at a treated area" in errors_of(chart(logged_in, active, values))
    assert (
        chart(
            logged_in, active, chart_form([(caffeine_lot, "1")], today, areas=["thighs:right"])
        ).status_code
        == 302
    )


def test_the_check_in_time_is_kept_in_utc_and_shown_in_the_clinics_time(
    logged_in, active, caffeine_lot, today
):
    values = chart_form([(caffeine_lot, "1")], today, checked_in="00:01")

    logged_in.post(f"/courses/{active.id}/chart/", values)

    session = TreatmentSession.objects.get()
    local = timezone.localtime(session.checked_in_at, ZoneInfo("Europe/London"))
    assert (local.date(), local.hour, local.minute) == (today, 0, 1)
    assert b"00:01" in logged_in.get(f"/sessions/{session.id}/").content


def test_a_check_in_time_still_to_come_is_refused(
    practitioner, active, caffeine_lot, today, monkeypatch
):
    ten_oclock = datetime.combine(today, time(10, 0), tzinfo=ZoneInfo("Europe/London"))
    monkeypatch.setattr(timezone, "now", lambda: ten_oclock)
    client = client_for(practitioner)

    response = chart(client, active, chart_form([(caffeine_lot, "1")], today, checked_in="10:30"))

    assert "still to come" in errors_of(response)
    assert not TreatmentSession.objects.exists()
