"""Logs carry no patient's name, birth date or phone, on the API's error paths too: a
refusal that quotes what was sent, a failure whose message holds a patient's details."""

import json
import logging
import warnings

import pytest
from django.test import Client

from tests.conftest import client_for
from tests.safety.error_urls import SECRET
from tests.safety.log_capture import every_log_line, patient_data_in


@pytest.fixture(autouse=True)
def _production_errors(settings):
    settings.DEBUG = False


def test_a_refused_api_request_with_a_patients_name_logs_no_patient_data(patient, practitioner):
    body = {
        "given_name": patient.given_name,
        "family_name": patient.family_name,
        "date_of_birth": "not a date",
        "phone": patient.phone,
    }
    with every_log_line() as lines:
        response = client_for(practitioner).post(
            "/api/v1/patients",
            json.dumps(body),
            content_type="application/json",
        )

    assert response.status_code == 422
    assert lines, "the refusal is logged (django.request), so the check reads something"
    assert patient_data_in(lines) == []


def test_an_api_search_for_a_patient_logs_no_patient_data(patient, practitioner):
    with every_log_line() as lines:
        for q in (patient.family_name, patient.date_of_birth.isoformat(), patient.phone):
            response = client_for(practitioner).post(
                "/api/v1/patients/search", json.dumps({"q": q}), content_type="application/json"
            )
            assert response.status_code == 200

    assert patient_data_in(lines) == []


def test_a_failure_whose_message_holds_a_patients_details_logs_the_failure_not_them(
    patient, practitioner, settings
):
    settings.ROOT_URLCONF = "tests.safety.error_urls"
    client = client_for(practitioner)
    client.raise_request_exception = False

    with every_log_line() as lines:
        page = client.get("/failing/boom/")
        api = client.get("/api/v1/failing/boom")

    assert (page.status_code, api.status_code) == (500, 500)
    logged = "\n".join(lines)
    assert "RuntimeError" in logged, "the log still says what failed and where"
    assert "page_boom" in logged
    assert SECRET not in logged
    assert patient_data_in(lines) == []


def test_an_api_failure_is_logged_once_with_its_traceback(practitioner, settings):
    settings.ROOT_URLCONF = "tests.safety.error_urls"
    client = client_for(practitioner)
    client.raise_request_exception = False

    with every_log_line() as lines:
        client.get("/api/v1/failing/boom")

    logged = [line for line in lines if "Internal Server Error: /api/v1/failing/boom" in line]
    assert len(logged) == 1
    assert "Traceback" in logged[0]


def test_the_check_finds_a_name_a_birth_date_and_a_phone(patient):
    lines = [
        f"INFO x looked up {patient.family_name.upper()}",
        f"INFO x born {patient.date_of_birth:%d/%m/%Y}",
        f"INFO x born {patient.date_of_birth.day} {patient.date_of_birth:%b %Y}",
        "INFO x rang 07700 900123",
        "INFO x patient 12 read by user 3",
    ]

    found = patient_data_in(lines)

    assert [entry.split(" of ")[0] for entry in found] == [
        "name",
        "birth date",
        "birth date",
        "phone",
    ]


def test_warnings_are_read_too(patient):
    # every_log_line passes the warning on after reading it; pytest.warns takes it there.
    with pytest.warns(UserWarning, match="odd value"), every_log_line() as lines:
        warnings.warn(f"odd value for {patient.given_name}", UserWarning, stacklevel=1)

    assert len(patient_data_in(lines)) == 1


def test_an_anonymous_visitor_posting_a_name_is_not_logged_with_it(patient):
    with every_log_line() as lines:
        Client().post(
            "/api/v1/patients/search",
            json.dumps({"q": patient.family_name}),
            content_type="application/json",
        )

    assert patient_data_in(lines) == []


def test_a_logger_that_keeps_its_records_apart_is_read_too(patient):
    with every_log_line() as lines:
        logging.getLogger("django.server").info("GET /x from %s", patient.family_name)

    assert len(patient_data_in(lines)) == 1


def test_a_name_put_in_an_address_by_mistake_is_not_logged_with_it(patient, practitioner):
    client = client_for(practitioner)

    with every_log_line() as lines:
        client.get(f"/api/v1/patients?q={patient.family_name}")
        client.get(f"/patients/no-such-page/?q={patient.family_name}")

    assert lines, "the refusal and the missing page are logged"
    assert patient_data_in(lines) == []
