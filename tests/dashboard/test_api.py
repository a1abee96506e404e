"""The dashboard over the API: the page's figures to the digit, small groups suppressed,
and the research export for the clinic's admin only."""

import csv
import io

import pytest
from django.http import Http404
from django.utils import timezone

from mesoclinic.dashboard.selectors import access_dashboard
from tests.conftest import actor, client_for
from tests.dashboard.conftest import measured_course


def api(clinic, what="dashboard"):
    return f"/api/v1/clinics/{clinic.id}/{what}"


def test_the_api_gives_the_figures_the_page_shows(riverside, practitioner):
    for _ in range(10):
        measured_course(riverside, practitioner)
    client = client_for(practitioner)
    page = client.get(f"/dashboard/{riverside.id}/outcomes/")
    body = client.get(api(riverside)).json()
    assert body["clinic_id"] == riverside.id
    assert body["figures"]["outcomes"] == page.context["outcomes"]
    grade_two = next(g for g in body["figures"]["outcomes"]["grades"] if g["grade"] == 2)
    shown = f"{grade_two['responders']['percent']} %"
    assert shown in page.content.decode()


def test_the_api_suppresses_small_groups_as_the_page_does(riverside, practitioner):
    for _ in range(4):
        measured_course(riverside, practitioner, grade=3, sessions=25)
    body = client_for(practitioner).get(api(riverside)).json()
    grade_three = next(g for g in body["figures"]["outcomes"]["grades"] if g["grade"] == 3)
    assert grade_three == {
        "grade": 3,
        "courses": None,
        "responders": {"too_few": True, "text": "too few to say"},
        "css_change": {"too_few": True, "text": "too few to say"},
        "circumference_change_cm": {"too_few": True, "text": "too few to say"},
    }


def test_another_clinics_user_gets_404_on_the_dashboard_api(riverside, outsider):
    assert client_for(outsider).get(api(riverside)).status_code == 404


def test_a_clinic_that_does_not_exist_gives_the_same_404(riverside, practitioner):
    response = client_for(practitioner).get(f"/api/v1/clinics/{riverside.id + 999}/dashboard")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_a_chain_manager_reads_each_clinic_of_her_chain(riverside, hillcrest, chain_manager):
    client = client_for(chain_manager)
    assert client.get(api(riverside)).status_code == 200
    assert client.get(api(hillcrest)).status_code == 200


def test_only_the_clinics_admin_may_export(riverside, practitioner, outsider, chain_manager):
    for user in (practitioner, outsider, chain_manager):
        assert client_for(user).get(api(riverside, "outcomes/export")).status_code == 404
        page = client_for(user).get(f"/dashboard/{riverside.id}/outcomes/export.csv")
        assert page.status_code == 404


def test_the_export_over_the_api_is_csv_with_its_header(riverside, clinic_admin):
    for _ in range(10):
        measured_course(riverside, clinic_admin)
    response = client_for(clinic_admin).get(api(riverside, "outcomes/export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "patient (random code, this file only)"
    assert len(rows) == 1 + 10 * 2  # a row per course and area measured


def test_the_selector_refuses_another_clinic_as_not_found(riverside, outsider):
    with pytest.raises(Http404):
        access_dashboard(actor(outsider), riverside.id, timezone.now())
