"""The rota API: the same rules, the same access and the same numbers as the pages."""

from datetime import time, timedelta

from django.test import Client

from mesoclinic.audit.models import Action, AuditEvent
from mesoclinic.clinics.clock import clinic_today
from mesoclinic.rota.models import Absence, Shift
from mesoclinic.web.tokens import token_create
from tests.conftest import actor, client_for
from tests.rota.conftest import MONDAY, SATURDAY, post_json


def rota_url(clinic, **query):
    url = f"/api/v1/rota/clinics/{clinic.id}"
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_the_rota_lists_shifts_days_off_absences_and_room_closures_in_the_range(
    front_desk, riverside, shift, absence, room, room_closure
):
    body = (
        client_for(front_desk)
        .get(rota_url(riverside, first_day="2031-03-01", last_day="2031-03-04"))
        .json()
    )

    assert (body["first_day"], body["last_day"]) == ("2031-03-01", "2031-03-04")
    [person] = body["practitioners"]
    assert person["shifts"] == [{"weekday": MONDAY, "starts": "09:00:00", "ends": "17:00:00"}]
    assert person["days_off"] == ["2031-03-03", "2031-03-04"]
    [away] = body["absences"]
    assert (away["id"], away["kind"]) == (absence.id, "sickness")
    [listed_room] = body["rooms"]
    assert listed_room["closed_days"] == ["2031-03-03"]
    assert listed_room["closures"][0]["reason"] == "Floor repairs"


def test_a_colleague_reads_away_instead_of_the_kind(colleague, riverside, absence):
    body = client_for(colleague).get(rota_url(riverside, first_day="2031-03-01")).json()

    assert body["absences"][0]["kind"] == "away"


def test_the_default_range_is_four_weeks_from_the_clinics_today(practitioner, riverside):
    body = client_for(practitioner).get(rota_url(riverside)).json()

    today = clinic_today(riverside)
    assert body["first_day"] == str(today)
    assert body["last_day"] == str(today + timedelta(days=27))


def test_a_range_backwards_or_over_a_year_is_refused(practitioner, riverside):
    client = client_for(practitioner)

    backwards = client.get(rota_url(riverside, first_day="2031-03-02", last_day="2031-03-01"))
    too_long = client.get(rota_url(riverside, first_day="2031-01-01", last_day="2032-01-05"))

    assert backwards.status_code == too_long.status_code == 422
    assert "last_day" in backwards.json()["errors"]


def test_front_desk_records_an_absence(front_desk, practitioner, riverside):
    response = post_json(
        client_for(front_desk),
        f"/api/v1/rota/clinics/{riverside.id}/absences",
        {
            "practitioner_id": practitioner.id,
            "first_day": "2031-06-02",
            "last_day": "2031-06-02",
            "kind": "training",
        },
    )

    assert response.status_code == 201
    absence = Absence.objects.get()
    assert response.json()["id"] == absence.id
    assert absence.recorded_by == front_desk
    assert AuditEvent.objects.get(action=Action.CREATE).via == "api"


def test_an_absence_refusal_names_its_field(front_desk, practitioner, riverside):
    response = post_json(
        client_for(front_desk),
        f"/api/v1/rota/clinics/{riverside.id}/absences",
        {
            "practitioner_id": practitioner.id,
            "first_day": "2031-06-02",
            "last_day": "2031-06-01",
            "kind": "leave",
        },
    )

    assert response.status_code == 422
    assert response.json()["errors"] == {"last_day": "The last day cannot be before the first day."}


def test_fields_the_server_owns_are_refused(front_desk, practitioner, riverside):
    response = post_json(
        client_for(front_desk),
        f"/api/v1/rota/clinics/{riverside.id}/absences",
        {
            "practitioner_id": practitioner.id,
            "first_day": "2031-06-02",
            "last_day": "2031-06-02",
            "kind": "leave",
            "recorded_by": 1,
        },
    )

    assert response.status_code == 422
    assert not Absence.objects.exists()


def test_an_admin_sets_shifts_and_gets_the_rota_back(
    clinic_admin, practitioner, riverside, opening_hours
):
    response = post_json(
        client_for(clinic_admin),
        f"/api/v1/rota/clinics/{riverside.id}/practitioners/{practitioner.id}/shifts",
        {"spans": [{"weekday": SATURDAY, "starts": "09:00", "ends": "13:00"}]},
    )

    assert response.status_code == 200
    [person] = response.json()["practitioners"]
    assert person["shifts"] == [{"weekday": SATURDAY, "starts": "09:00:00", "ends": "13:00:00"}]
    assert Shift.objects.get().starts == time(9)


def test_shift_refusals_are_keyed_by_span_and_field(
    clinic_admin, practitioner, riverside, opening_hours
):
    response = post_json(
        client_for(clinic_admin),
        f"/api/v1/rota/clinics/{riverside.id}/practitioners/{practitioner.id}/shifts",
        {
            "spans": [
                {"weekday": MONDAY, "starts": "09:00", "ends": "13:00"},
                {"weekday": MONDAY, "starts": "12:00", "ends": "19:00"},
                {"weekday": SATURDAY, "starts": "12:00", "ends": "14:00"},
            ]
        },
    )

    assert response.status_code == 422
    errors = response.json()["errors"]
    assert set(errors) == {"spans.1.starts", "spans.2.ends"}
    assert errors["spans.2.ends"] == (
        "Outside opening hours: on Saturday the clinic is open 09:00–13:00."
    )
    assert not Shift.objects.exists()


def test_a_token_works_and_its_read_is_audited_as_api(practitioner, riverside):
    _, token = token_create(actor=actor(practitioner), user=practitioner)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")

    assert client.get(rota_url(riverside, first_day="2031-03-01")).status_code == 200
    read = AuditEvent.objects.get(action=Action.READ)
    assert (read.target, read.via, read.clinic_id) == (
        "rota 2031-03-01 to 2031-03-28",
        "api",
        riverside.id,
    )


def test_the_openapi_document_lists_the_rota_endpoints(practitioner):
    paths = client_for(practitioner).get("/api/v1/openapi.json").json()["paths"]

    assert set(paths["/api/v1/rota/clinics/{clinic_id}"]) == {"get"}
    assert set(paths["/api/v1/rota/clinics/{clinic_id}/absences"]) == {"post"}
    shifts = "/api/v1/rota/clinics/{clinic_id}/practitioners/{practitioner_id}/shifts"
    assert set(paths[shifts]) == {"post"}
