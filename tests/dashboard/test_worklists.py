"""The dashboard shows what waits for the clinic: recalls to call and courses flagged for
no change, read live for the viewer through the recalls' and progress's own selectors."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mesoclinic.dashboard.models import ClinicSnapshot
from mesoclinic.dashboard.selectors import FRESH_FOR
from mesoclinic.dashboard.services import figures_refresh
from tests.conftest import client_for
from tests.dashboard.conftest import new_patient
from tests.formulary.conftest import receive
from tests.progress.conftest import (  # noqa: F401
    caffeine,
    caffeine_lot,
    flat,
    measure,
    ready,
    ready_patient,
    running_course,
)
from tests.recalls.conftest import do_not_contact, due_soon, overdue  # noqa: F401


def test_a_course_with_no_change_at_its_review_is_listed_for_the_practitioner(
    riverside,
    practitioner,
    flat,  # noqa: F811
):
    page = client_for(practitioner).get(f"/dashboard/{riverside.id}/")
    assert page.context["worklists"].flagged == [flat]
    link = reverse("progress:page", kwargs={"course_id": flat.id})
    assert f'href="{link}"'.encode() in page.content


def test_recalls_to_call_are_counted_with_a_link_to_the_list(
    riverside,
    practitioner,
    overdue,  # noqa: F811
):
    page = client_for(practitioner).get(f"/dashboard/{riverside.id}/")
    assert page.context["worklists"].recalls_to_call.to_call == 1
    assert f'href="/clinics/{riverside.id}/recalls/"'.encode() in page.content


def test_a_recall_of_a_patient_not_to_contact_is_counted_apart_on_the_page_and_api(
    riverside,
    practitioner,
    overdue,  # noqa: F811
    do_not_contact,  # noqa: F811
):
    desk = client_for(practitioner)
    page = desk.get(f"/dashboard/{riverside.id}/")
    counts = page.context["worklists"].recalls_to_call
    assert (counts.to_call, counts.not_to_contact) == (1, 1)
    assert b"1, and 1 not to contact" in page.content
    body = desk.get(f"/api/v1/clinics/{riverside.id}/dashboard").json()
    assert (body["recalls_to_call"], body["recalls_not_to_contact"]) == (1, 1)


def test_a_chain_manager_sees_neither_list(riverside, chain_manager, flat, due_soon):  # noqa: F811
    page = client_for(chain_manager).get(f"/dashboard/{riverside.id}/")
    assert page.status_code == 200
    assert page.context["worklists"].flagged is None
    assert page.context["worklists"].recalls_to_call is None
    assert b"Waiting for the clinic" not in page.content
    assert flat.patient.family_name.encode() not in page.content
    assert due_soon.patient.family_name.encode() not in page.content


def _flat_course(patient, user, lot):
    ready_patient(patient, user, consent_version=1)  # the form the first patient signed
    course = running_course(patient, user, lot)
    measure(patient, user, 10, (2, 2, 1, 1), "60.0", course=course, gais=4)
    return course


def _page_queries(client, clinic) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/dashboard/{clinic.id}/").status_code == 200
    return len(queries)


def test_the_page_costs_the_same_queries_for_one_flagged_course_or_two(
    riverside,
    practitioner,
    flat,  # noqa: F811
    caffeine,  # noqa: F811
):
    client = client_for(practitioner)
    client.get(f"/dashboard/{riverside.id}/")  # figures and flagged courses kept from here
    one = _page_queries(client, riverside)
    second_lot = receive(practitioner, caffeine, number="CAF-2", units=2)
    _flat_course(new_patient(riverside, practitioner), practitioner, second_lot)
    _age_flagged(riverside)
    assert len(client.get(f"/dashboard/{riverside.id}/").context["worklists"].flagged) == 2
    assert _page_queries(client, riverside) == one


def _age_flagged(clinic):
    ClinicSnapshot.objects.filter(clinic=clinic).update(
        flagged_at=timezone.now() - FRESH_FOR - timedelta(minutes=1)
    )


def test_the_flagged_list_is_found_again_once_the_freshness_window_has_passed(
    riverside,
    practitioner,
    flat,  # noqa: F811
):
    client = client_for(practitioner)
    client.get(f"/dashboard/{riverside.id}/")
    ClinicSnapshot.objects.filter(clinic=riverside).update(flagged_course_ids=[])
    assert client.get(f"/dashboard/{riverside.id}/").context["worklists"].flagged == []
    _age_flagged(riverside)
    assert client.get(f"/dashboard/{riverside.id}/").context["worklists"].flagged == [flat]


def test_kept_ids_are_read_through_the_viewers_own_access(
    riverside,
    hillcrest,
    practitioner,
    outsider,
    flat,  # noqa: F811
):
    client_for(practitioner).get(f"/dashboard/{riverside.id}/")
    ClinicSnapshot.objects.filter(clinic=riverside).update(flagged_course_ids=[flat.id])
    figures_refresh(clinic=hillcrest, now=timezone.now())
    ClinicSnapshot.objects.filter(clinic=hillcrest).update(
        flagged_course_ids=[flat.id], flagged_at=timezone.now()
    )
    page = client_for(outsider).get(f"/dashboard/{hillcrest.id}/")
    assert page.context["worklists"].flagged == []


def test_the_api_gives_the_same_worklists(riverside, practitioner, chain_manager, flat, due_soon):  # noqa: F811
    body = client_for(practitioner).get(f"/api/v1/clinics/{riverside.id}/dashboard").json()
    assert (body["recalls_to_call"], body["flagged_course_ids"]) == (1, [flat.id])
    body = client_for(chain_manager).get(f"/api/v1/clinics/{riverside.id}/dashboard").json()
    assert (body["recalls_to_call"], body["flagged_course_ids"]) == (None, None)
