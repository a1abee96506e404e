"""The research export names no one: no name, contact, real date or exact age, and
nothing from a grade too small to report."""

import csv
import io
from datetime import date, timedelta

from mesoclinic.dashboard.export import HEADER, age_band, shift_days
from mesoclinic.patients.models import Patient
from tests.conftest import client_for
from tests.dashboard.conftest import BASELINE_ON, FINAL_ON, measured_course, new_patient


def export(client, clinic) -> list[dict[str, str]]:
    response = client.get(f"/dashboard/{clinic.id}/outcomes/export.csv")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_the_export_holds_no_name_contact_real_date_or_exact_age(riverside, clinic_admin):
    for _ in range(10):
        measured_course(riverside, clinic_admin)
    text = client_for(clinic_admin).get(f"/dashboard/{riverside.id}/outcomes/export.csv")
    content = text.content.decode()
    for patient in Patient.objects.filter(clinic=riverside):
        for value in (
            patient.given_name,
            patient.family_name,
            patient.email,
            patient.phone,
            patient.phone_digits,
            patient.date_of_birth.isoformat(),
        ):
            assert value not in content
    # Every patient's real dates are BASELINE_ON and FINAL_ON; no row keeps them. (A shift
    # may carry one patient's baseline onto the real final date, which reveals nothing.)
    for row in csv.DictReader(io.StringIO(content)):
        assert row["baseline date (shifted per patient)"] != BASELINE_ON.isoformat()
        assert row["final assessment date (shifted per patient)"] != FINAL_ON.isoformat()
    assert "40" not in [cell for row in csv.reader(io.StringIO(content)) for cell in row]


def test_one_patients_dates_move_together_and_keep_their_interval(riverside, clinic_admin):
    patient = new_patient(riverside, clinic_admin)
    measured_course(riverside, clinic_admin, patient=patient)
    for _ in range(9):
        measured_course(riverside, clinic_admin)
    rows = export(client_for(clinic_admin), riverside)
    for row in rows:
        baseline = date.fromisoformat(row["baseline date (shifted per patient)"])
        final = date.fromisoformat(row["final assessment date (shifted per patient)"])
        assert final - baseline == FINAL_ON - BASELINE_ON
    assert len({row["patient (random code, this file only)"] for row in rows}) == 10


def test_pseudonyms_are_new_in_every_export(riverside, clinic_admin):
    for _ in range(10):
        measured_course(riverside, clinic_admin)
    client = client_for(clinic_admin)
    first = {r["patient (random code, this file only)"] for r in export(client, riverside)}
    second = {r["patient (random code, this file only)"] for r in export(client, riverside)}
    assert not first & second


def test_ages_are_five_year_bands_at_the_baseline():
    assert age_band(date(1985, 6, 1), date(2026, 1, 5)) == "40-44"
    assert age_band(date(1986, 1, 6), date(2026, 1, 5)) == "35-39"
    assert age_band(date(1950, 1, 1), date(2026, 1, 5)) == "70 and over"


def test_a_grade_below_the_minimum_is_left_out_of_the_export(riverside, clinic_admin):
    for _ in range(10):
        measured_course(riverside, clinic_admin, grade=2)
    for _ in range(9):
        measured_course(riverside, clinic_admin, grade=3, sessions=25)
    rows = export(client_for(clinic_admin), riverside)
    assert {row["NM grade of the course"] for row in rows} == {"2"}


def test_the_responder_column_reads_the_index_area_only(riverside, clinic_admin):
    for _ in range(10):
        measured_course(riverside, clinic_admin, css=(10, 7))
    rows = export(client_for(clinic_admin), riverside)
    index = [r for r in rows if r["index area (the one that set the grade)"] == "yes"]
    others = [r for r in rows if r["index area (the one that set the grade)"] == "no"]
    assert {r["side"] for r in index} == {"left"}
    assert {r["responder by the clinic's own rule (index area only)"] for r in index} == {"yes"}
    assert {r["responder by the clinic's own rule (index area only)"] for r in others} == {""}


def test_the_header_names_every_column(riverside, clinic_admin):
    response = client_for(clinic_admin).get(f"/dashboard/{riverside.id}/outcomes/export.csv")
    assert next(csv.reader(io.StringIO(response.content.decode()))) == list(HEADER)


def test_no_patients_dates_stay_where_they_were():
    shifts = {shift_days() for _ in range(3000)}
    assert timedelta(0) not in shifts
    assert all(timedelta(days=-365) <= shift <= timedelta(days=365) for shift in shifts)
