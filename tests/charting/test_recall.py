"""Recalling a lot stops its use at once, and the report lists everyone who received it."""

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from mesoclinic.adverse_events.services import adverse_event_create
from mesoclinic.audit.models import Action, AuditEvent
from mesoclinic.formulary.services import lot_recall
from tests.charting.conftest import chart_form
from tests.conftest import actor, client_for


@pytest.fixture
def charted(logged_in, active, caffeine_lot, today):
    response = logged_in.post(
        f"/courses/{active.id}/chart/", chart_form([(caffeine_lot, "2")], today)
    )
    assert response.status_code == 302
    return caffeine_lot


def test_the_recall_report_lists_the_patient_session_area_volume_and_contact(
    logged_in, charted, patient, today
):
    response = logged_in.get(f"/lots/{charted.id}/recall-report/")

    [row] = response.context["rows"]
    assert (row.patient, row.phone, row.session_on) == ("Ada Lovelace", patient.phone, today)
    assert row.areas == "thighs left, thighs right"
    assert str(row.volume_ml) == "2.00"
    assert AuditEvent.objects.filter(
        action=Action.READ, patient_id=patient.id, target=f"recall report lot {charted.id}"
    ).exists()


def test_the_recall_page_shows_the_phone_as_the_clinic_writes_it_and_the_csv_keeps_e164(
    logged_in, charted, patient
):
    patient.phone = "+447700900123"
    patient.save()

    page = logged_in.get(f"/lots/{charted.id}/recall-report/").content.decode()
    exported = logged_in.get(f"/lots/{charted.id}/recall-report.csv").content.decode()

    assert "07700 900123" in page
    assert "+447700900123" not in page
    assert "+447700900123" in exported


def test_adverse_events_after_the_session_are_listed_with_the_patient(
    logged_in, charted, patient, practitioner, today
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

    [row] = logged_in.get(f"/lots/{charted.id}/recall-report/").context["rows"]

    assert "Bruising" in row.events_after


def test_after_a_recall_the_lot_can_no_longer_be_charted(
    logged_in, charted, clinic_admin, active, today, monkeypatch
):
    from django.utils import timezone

    lot_recall(actor=actor(clinic_admin), lot=charted, reason="Supplier notice 2027-04")
    later = timezone.now() + timedelta(days=8)
    monkeypatch.setattr(timezone, "now", lambda: later)
    client = client_for(active.author)

    response = client.post(
        f"/courses/{active.id}/chart/", chart_form([(charted, "1")], today + timedelta(days=8))
    )

    # Beside the row of the recalled lot.
    assert "recalled" in " ".join(response.context["form"].errors["lot_0"])


def test_the_csv_download_is_private_and_safe_to_open_in_a_spreadsheet(logged_in, charted, patient):
    patient.given_name = "=HYPERLINK(1)"
    patient.save()

    response = logged_in.get(f"/lots/{charted.id}/recall-report.csv")

    assert "no-store" in response["Cache-Control"]
    assert response["Content-Disposition"] == f'attachment; filename="recall-lot-{charted.id}.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1][1].startswith("'=HYPERLINK")


@pytest.mark.parametrize("role", ["outsider", "front_desk", "chain_manager"])
def test_only_the_clinics_clinical_staff_read_the_recall_report(request, role, charted):
    other = client_for(request.getfixturevalue(role))

    assert other.get(f"/lots/{charted.id}/recall-report/").status_code == 404
    assert other.get(f"/lots/{charted.id}/recall-report.csv").status_code == 404


def test_a_hostile_name_is_escaped_in_the_report(logged_in, charted, patient):
    patient.given_name = "<img src=x onerror=alert(1)>"
    patient.save()

    content = logged_in.get(f"/lots/{charted.id}/recall-report/").content

    assert b"<img src=x" not in content


def test_the_report_needs_a_login(charted):
    assert Client().get(f"/lots/{charted.id}/recall-report/").status_code == 302


def test_the_report_reads_only_the_columns_it_shows_not_whole_patient_and_chart_rows(
    logged_in, charted
):
    # A lot reaches hundreds of people: reading each one's whole record (birth date,
    # chart notes) would cost more than the report and read what it never shows.
    with CaptureQueriesContext(connection) as captured:
        assert logged_in.get(f"/lots/{charted.id}/recall-report/").status_code == 200

    read = " ".join(q["sql"] for q in captured.captured_queries)
    assert '"patients_patient"."date_of_birth"' not in read
    assert '"charting_treatmentsession"."notes"' not in read
