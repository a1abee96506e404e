"""Nothing a logged-in user is shown stays in a browser's or proxy's cache. Walks every URL
of the site and the API, as the clinic admin, and checks each answer says no-store."""

import pytest
from django.contrib.auth.models import User
from django.http import HttpResponse
from django.test import Client
from django.urls import get_resolver

from mesoclinic.clinics.models import Membership, Room
from mesoclinic.web.middleware import NO_STORE_EXCEPTIONS, NoStoreForAuthenticated
from mesoclinic.web.tokens import token_create
from tests.charting.conftest import (  # noqa: F401
    active,
    assess,
    caffeine,
    caffeine_lot,
    course,
    grade_two,
    plan,
    ready,
    today,
)
from tests.conftest import actor, client_for
from tests.security.test_every_patient_url_is_audited import (  # noqa: F401
    concrete,
    records,
    walk,
)

# An id no row has: routes about things the fixtures do not make still answer (404), and
# that answer must not be kept either.
MISSING = 999999


@pytest.fixture
def ids(records, clinic_admin, caffeine_lot):  # noqa: F811
    clinic_id = records["clinic_id"]
    known = dict(records)
    known.update(
        product_id=caffeine_lot.product_id,
        room_id=Room.objects.filter(clinic_id=clinic_id).first().id,
        membership_id=Membership.objects.get(user=clinic_admin).id,
        practitioner_id=User.objects.get(username="riverside.practitioner").id,
        token="not-a-feed-token",
        app_label="auth",
        url="x",
    )
    return known


class Filled(dict):
    def __missing__(self, key):
        return MISSING


def every_route() -> list[str]:
    return sorted(set(walk(get_resolver().url_patterns)))


def test_every_answer_to_a_logged_in_user_says_no_store(ids, clinic_admin):
    client = client_for(clinic_admin)
    _, token = token_create(actor=actor(clinic_admin), user=clinic_admin)
    kinds = {"text/html": 0, "application/json": 0}
    for route in every_route():
        url = concrete(route, Filled(ids))
        headers = {"Authorization": f"Bearer {token}"} if route.startswith("api/") else {}
        response = client.get(url, headers=headers)

        cache_control = response.get("Cache-Control", "")
        assert "no-store" in cache_control, (url, response.status_code, cache_control)
        assert "private" in cache_control, url
        kind = response.get("Content-Type", "").split(";")[0]
        if response.status_code == 200 and kind in kinds:
            kinds[kind] += 1

    # The walk really reached pages and API reads, not only refusals.
    assert kinds["text/html"] >= 60
    assert kinds["application/json"] >= 20


def test_an_api_read_with_only_a_bearer_token_says_no_store(ids, clinic_admin):
    _, token = token_create(actor=actor(clinic_admin), user=clinic_admin)

    response = Client().get(
        f"/api/v1/patients/{ids['patient_id']}", headers={"Authorization": f"Bearer {token}"}
    )

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_static_files_stay_cacheable_for_a_logged_in_user(logged_in):
    response = logged_in.get("/static/web/site.css")

    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_the_only_exception_is_the_static_files_path(rf, practitioner):
    # Whitenoise answers most static requests before this middleware; when Django serves
    # them itself (a development server), the middleware must leave them cacheable too.
    middleware = NoStoreForAuthenticated(lambda request: HttpResponse("body"))

    def served(path):
        request = rf.get(path)
        request.user = practitioner
        return middleware(request).get("Cache-Control", "")

    assert NO_STORE_EXCEPTIONS == ("/static/",)
    assert "no-store" not in served("/static/web/site.css")
    assert "no-store" in served("/staticky/")
    assert "no-store" in served("/patients/")
