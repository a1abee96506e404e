"""Schema-driven fuzzing: Schemathesis builds requests from /api/v1/openapi.json and sends
every operation, once per role, against the demo chain. No answer may be a server error
or break the schema the document gives for its status.

`make test` runs a few derandomised examples per operation (reproducible in CI);
`make fuzz` sets API_FUZZ_EXAMPLES higher and API_FUZZ_REPORT to write the table of
operations, cases and failures per role to docs/api-fuzz.md."""

import io
import os
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import hypothesis.strategies as st
import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.test import override_settings
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as fuzz_settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from mesoclinic.adverse_events.models import AdverseEvent
from mesoclinic.api import api
from mesoclinic.appointments.models import Appointment
from mesoclinic.assessments.models import Assessment, Photo
from mesoclinic.charting.models import SessionPhoto, TreatmentSession
from mesoclinic.clinics.models import Clinic, Membership, Role, Room
from mesoclinic.consent.models import SignedConsent
from mesoclinic.courses.models import Course
from mesoclinic.formulary.models import Lot, Product
from mesoclinic.patients.models import Patient
from mesoclinic.recalls.models import Recall
from mesoclinic.screening.models import Screening
from mesoclinic.web.tokens import token_create
from tests.conftest import actor

EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "3"))
REPORT = os.environ.get("API_FUZZ_REPORT", "")
MODES = [
    GenerationMode(mode)
    for mode in os.environ.get("API_FUZZ_MODES", "positive,negative").split(",")
]
ROLES = {
    "admin": "riverside.admin",
    "practitioner": "riverside.practitioner",
    "front desk": "riverside.frontdesk",
    "chain manager": "chain.manager",
    "anonymous": None,
}
# Path ids drawn from the demo's records as well as at random, so requests reach records
# that exist (Riverside's, the callers' own) and another clinic's (Hillcrest's: a 404).
RECORDS: dict[str, Any] = {
    "patient_id": Patient,
    "course_id": Course,
    "assessment_id": Assessment,
    "screening_id": Screening,
    "consent_id": SignedConsent,
    "event_id": AdverseEvent,
    "session_id": TreatmentSession,
    "lot_id": Lot,
    "product_id": Product,
    "photo_id": Photo,
    "session_photo_id": SessionPhoto,
    "appointment_id": Appointment,
    "clinic_id": Clinic,
    "practitioner_id": Membership,
    "room_id": Room,
    "recall_id": Recall,
}
SCHEMA = schemathesis.openapi.from_dict(api.get_openapi_schema())
CHECKS = [not_a_server_error, response_schema_conformance]


@dataclass
class Tally:
    operations: int = 0
    cases: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)


@dataclass
class Demo:
    headers: dict[str, dict[str, str]]
    ids: dict[str, list[int]]


def known_ids() -> dict[str, list[int]]:
    ids: dict[str, list[int]] = {}
    for name, model in RECORDS.items():
        for clinic in Clinic.objects.order_by("id"):
            if model is Clinic:
                found = model.objects.filter(id=clinic.id).values_list("id", flat=True)
            elif model is Membership:  # a practitioner's id is her user's
                found = model.objects.filter(clinic=clinic, role=Role.PRACTITIONER).values_list(
                    "user_id", flat=True
                )
            else:
                found = model.objects.filter(clinic=clinic).values_list("id", flat=True)
            ids.setdefault(name, []).extend(found.order_by()[:4])
    return ids


def with_known_ids(value: Any, ids: dict[str, list[int]], data: Any) -> Any:
    """The generated body, with some of its record ids swapped for the demo's."""
    if isinstance(value, list):
        return [with_known_ids(item, ids, data) for item in value]
    if not isinstance(value, dict):
        return value
    return {
        key: data.draw(st.sampled_from(ids[key]) | st.just(item))
        if ids.get(key) and isinstance(item, int)
        else with_known_ids(item, ids, data)
        for key, item in value.items()
    }


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[Demo]:
    """The demo chain, loaded once for the module and rolled back after it."""
    from django.contrib.auth.models import User

    media = tmp_path_factory.mktemp("fuzz-media")
    # As Django's test client does: a request's end must not close the connection that
    # holds the module's transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        call_command("demo", stdout=io.StringIO())
        headers: dict[str, dict[str, str]] = {}
        for role, username in ROLES.items():
            if username is None:
                headers[role] = {}
                continue
            user = User.objects.get(username=username)
            _, token = token_create(actor=actor(user), user=user)
            headers[role] = {"Authorization": f"Bearer {token}"}
        yield Demo(headers=headers, ids=known_ids())
        transaction.set_rollback(True)
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(scope="module")
def tallies() -> Iterator[dict[str, Tally]]:
    found: dict[str, Tally] = {}
    yield found
    if REPORT:
        Path(REPORT).write_text(report(found))


def report(found: dict[str, Tally]) -> str:
    modes = " and ".join(mode.value for mode in MODES)
    lines = [
        "# API fuzzing",
        "",
        "Schemathesis against `/api/v1/openapi.json`, every operation once per role, on the",
        f"demo chain: {EXAMPLES} derandomised {modes} examples per operation, checks",
        "`not_a_server_error` and `response_schema_conformance`. Written by `make fuzz`.",
        "",
        "| Role | Operations | Cases | 2xx | 401 | 404 | 422 | Other answers | Failures |",
        "|---|---:|---:|---:|---:|---:|---:|---|---:|",
    ]
    for role, tally in found.items():
        seen = tally.statuses
        success = sum(count for status, count in seen.items() if status < 300)
        other = ", ".join(
            f"{status}: {count}"
            for status, count in sorted(seen.items())
            if status >= 300 and status not in (401, 404, 422)
        )
        lines.append(
            f"| {role} | {tally.operations} | {tally.cases} | {success} | {seen[401]} "
            f"| {seen[404]} | {seen[422]} | {other or '-'} | {len(tally.failures)} |"
        )
    failures = sorted({failure for tally in found.values() for failure in tally.failures})
    lines += ["", "## Failures", ""] + [f"- {failure}" for failure in failures or ["None."]]
    return "\n".join(lines) + "\n"


def fuzz(
    app: WSGIHandler,
    operation: Any,
    mode: GenerationMode,
    headers: dict[str, str],
    demo: Demo,
    tally: Tally,
) -> None:
    @fuzz_settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode), data=st.data())
    def run(case: Any, data: Any) -> None:
        for name, value in list((case.path_parameters or {}).items()):
            if demo.ids.get(name):
                chosen = st.sampled_from(demo.ids[name]) | st.just(value)
                case.path_parameters[name] = data.draw(chosen)
        if isinstance(case.body, dict | list):
            case.body = with_known_ids(case.body, demo.ids, data)
        response = case.call(app=app, headers=headers)
        tally.cases += 1
        tally.statuses[response.status_code] += 1
        if 300 <= response.status_code < 400:
            # The API never redirects: a redirect means the request never reached it.
            tally.failures.append(f"{case.method} {case.path} answered {response.status_code}")
            return
        try:
            case.validate_response(response, checks=CHECKS)
        except (AssertionError, BaseExceptionGroup) as failure:
            found = failure.exceptions if isinstance(failure, BaseExceptionGroup) else [failure]
            for one in found:
                title = getattr(one, "title", "") or str(one).strip().splitlines()[0]
                tally.failures.append(
                    f"{case.method} {case.path} ({mode.value}): {response.status_code} {title}"
                )

    run()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_no_operation_answers_a_server_error_or_breaks_its_schema(role, demo, tallies, settings):
    settings.ALLOWED_HOSTS = ["localhost"]
    # Built after the test's settings (plain HTTP): middleware reads them when it starts.
    app = WSGIHandler()
    tally = tallies.setdefault(role, Tally())

    for result in SCHEMA.get_all_operations():
        operation = result.ok()
        tally.operations += 1
        for mode in MODES:
            fuzz(app, operation, mode, demo.headers[role], demo, tally)

    assert tally.cases >= tally.operations
    assert tally.failures == []
    # Guards the fuzzer itself: a caller with a token reaches records (it is not all
    # refusals or redirects), and a caller without one reaches none.
    if demo.headers[role]:
        assert sum(count for status, count in tally.statuses.items() if status < 300) > 0
    else:
        assert set(tally.statuses) == {401}
