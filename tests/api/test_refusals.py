"""Requests that used to crash the server or store nonsense: each is refused with 422 and
the field named (or 404 where the path names no record), and nothing is written."""

import pytest
from django.contrib.auth.models import User

from mesoclinic.audit.models import AuditEvent
from mesoclinic.formulary.models import Lot
from mesoclinic.patients.models import Patient
from mesoclinic.rota.models import Absence
from tests.api.conftest import send
from tests.conftest import PASSWORD
from tests.formulary.conftest import make_product, receive

pytestmark = pytest.mark.django_db

BEYOND_64_BITS = 2**64 + 1
NEW_PATIENT = {"given_name": "Mary", "family_name": "Somerville", "date_of_birth": "1980-12-26"}


def refused(response, field: str) -> str:
    assert response.status_code == 422, response.content
    return response.json()["errors"][field]


@pytest.mark.parametrize(
    "field", ["given_name", "phone", "email", "sex", "date_of_birth", "may_contact"]
)
def test_a_null_in_a_patient_patch_is_refused_naming_the_field(practitioner, patient, field):
    response = send("patch", f"/api/v1/patients/{patient.id}", {field: None}, practitioner)

    refused(response, field)
    patient.refresh_from_db()
    assert patient.family_name == "Lovelace"


def test_a_patient_patch_without_nulls_still_changes_what_is_sent(practitioner, patient):
    response = send("patch", f"/api/v1/patients/{patient.id}", {"email": ""}, practitioner)

    assert response.status_code == 200
    assert response.json()["email"] == ""
    assert response.json()["phone"] == "+44 7700 900123"


@pytest.mark.parametrize(
    "name",
    ["Mary\r\nBcc: x", "Mary\x00", "Mary\u202eyrnaM", "\u2066Mary", "Mary\tSomerville"],
    ids=["line break", "nul", "right-to-left override", "isolate", "tab"],
)
def test_a_name_with_control_or_direction_characters_is_refused(practitioner, name):
    response = send("post", "/api/v1/patients", {**NEW_PATIENT, "given_name": name}, practitioner)

    assert "Remove" in refused(response, "given_name") or "one line" in refused(
        response, "given_name"
    )
    assert not Patient.objects.exists()


def test_notes_keep_their_line_breaks_but_not_a_nul(practitioner, patient):
    body = {"reason": "Typed\nover two lines", "answers": [{"item": "pregnancy", "answer": True}]}
    nul = {**body, "reason": "Typed\x00"}

    # The screening does not exist: a well-formed body reaches the access check (404).
    assert send("post", "/api/v1/screenings/999/amendments", body, practitioner).status_code == 404
    refused(send("post", "/api/v1/screenings/999/amendments", nul, practitioner), "reason")


def test_a_clinic_of_zero_is_refused_for_a_user_without_clinics(db):
    nobody = User.objects.create_user("no.clinic", password=PASSWORD)

    with_zero = send("post", "/api/v1/patients?clinic=0", NEW_PATIENT, nobody)
    without = send("post", "/api/v1/patients", NEW_PATIENT, nobody)

    refused(with_zero, "clinic")
    assert "clinic" in refused(without, "clinic")
    assert not Patient.objects.exists()


@pytest.mark.parametrize(
    "path",
    [
        f"/api/v1/patients/{BEYOND_64_BITS}",
        f"/api/v1/patients/{2**63}",
        "/api/v1/patients/0",
        f"/api/v1/courses/{BEYOND_64_BITS}",
        f"/api/v1/formulary/lots/{BEYOND_64_BITS}",
        f"/api/v1/rota/clinics/{BEYOND_64_BITS}",
    ],
)
def test_an_id_no_database_can_hold_is_not_found(practitioner, path):
    response = send("get", path, None, practitioner)

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_an_id_beyond_64_bits_in_a_body_is_refused_naming_the_field(
    practitioner, riverside, clinic_admin
):
    body = {
        "practitioner_id": BEYOND_64_BITS,
        "first_day": "2026-12-01",
        "last_day": "2026-12-02",
        "kind": "leave",
    }

    response = send("post", f"/api/v1/rota/clinics/{riverside.id}/absences", body, clinic_admin)

    refused(response, "practitioner_id")


@pytest.mark.parametrize("volume", [1e30, 1.6e308])
def test_a_huge_volume_is_refused_for_products_limits_and_stock(
    clinic_admin, practitioner, riverside, volume
):
    product = make_product(clinic_admin, riverside)
    lot = receive(practitioner, product)
    new = {
        "name": "Big",
        "ingredients": ["caffeine"],
        "form": "solution",
        "unit": "vial",
        "volume_per_unit_ml": volume,
    }
    clinic = f"/api/v1/formulary/clinics/{riverside.id}/products"
    limit = {"limit_ml": volume, "basis": "policy"}
    waste = {"kind": "wasted", "volume_ml": volume, "reason": "dropped"}

    refused(send("post", clinic, new, clinic_admin), "volume_per_unit_ml")
    limit_path = f"/api/v1/formulary/products/{product.id}/session-limit"
    refused(send("post", limit_path, limit, clinic_admin), "limit_ml")
    movement_path = f"/api/v1/formulary/lots/{lot.id}/movements"
    refused(send("post", movement_path, waste, practitioner), "volume_ml")
    lot.refresh_from_db()
    assert lot.on_hand_ml == lot.received_ml


def test_a_received_on_of_zero_is_not_the_first_of_january_1970(
    clinic_admin, practitioner, riverside
):
    product = make_product(clinic_admin, riverside)
    lot = {
        "lot_number": "Z1",
        "expiry_date": "2027-06-30",
        "supplier": "Acme",
        "quantity_units": 2,
        "received_on": 0,
    }

    response = send("post", f"/api/v1/formulary/products/{product.id}/lots", lot, practitioner)

    assert refused(response, "received_on") == "Write the date as YYYY-MM-DD."
    assert not Lot.objects.exists()


def test_dates_in_year_one_are_refused_for_lots_onsets_assessments_and_absences(
    clinic_admin, practitioner, riverside, patient
):
    product = make_product(clinic_admin, riverside)
    lot = {
        "lot_number": "Z1",
        "expiry_date": "0001-01-01",
        "supplier": "Acme",
        "quantity_units": 2,
    }
    onset = {"event_type": "bruising", "severity": "mild", "onset_on": "0001-01-01"}
    assessment = {
        "assessed_on": "0001-01-01",
        "kind": "initial",
        "areas": [{"area": "thighs", "side": "left", "nm_grade": 2}],
    }
    absence = {
        "practitioner_id": practitioner.id,
        "first_day": "0001-01-01",
        "last_day": "0001-01-02",
        "kind": "leave",
    }

    lots = f"/api/v1/formulary/products/{product.id}/lots"
    events = f"/api/v1/patients/{patient.id}/adverse-events"
    assessments = f"/api/v1/patients/{patient.id}/assessments"
    absences = f"/api/v1/rota/clinics/{riverside.id}/absences"
    assert "1900" in refused(send("post", lots, lot, practitioner), "expiry_date")
    refused(send("post", events, onset, practitioner), "onset_on")
    refused(send("post", assessments, assessment, practitioner), "assessed_on")
    refused(send("post", absences, absence, clinic_admin), "first_day")
    assert not Absence.objects.exists()


@pytest.mark.parametrize("starts", ["09:00Z", "09:00+02:00", "09:00:00.5", "9am"])
def test_a_shift_time_with_an_offset_is_refused_naming_the_field(clinic_admin, riverside, starts):
    body = {"spans": [{"weekday": 0, "starts": starts, "ends": "13:00"}]}
    path = f"/api/v1/rota/clinics/{riverside.id}/practitioners/{clinic_admin.id}/shifts"

    message = refused(send("post", path, body, clinic_admin), "spans.0.starts")

    assert "without an offset" in message


def test_year_9999_is_refused_for_the_rota_the_schedule_and_a_booking(
    front_desk, riverside, practitioner
):
    rota = f"/api/v1/rota/clinics/{riverside.id}?first_day=9999-12-31"
    schedule = f"/api/v1/clinics/{riverside.id}/schedule?first=9999-12-01&last=9999-12-31"
    booking = {
        "sessions": [
            {
                "number": 1,
                "practitioner_id": practitioner.id,
                "room_id": riverside.rooms.get().id,
                "start": "9999-12-31T23:00",
            }
        ]
    }

    refused(send("get", rota, None, front_desk), "first_day")
    refused(send("get", schedule, None, front_desk), "first")
    refused(send("post", "/api/v1/courses/1/appointments", booking, front_desk), "sessions.0.start")
    assert not AuditEvent.objects.filter(target__contains="appointment").exists()
