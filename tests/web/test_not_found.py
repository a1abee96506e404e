"""A missing page keeps the site's navigation, with DEBUG off as in production; the chain
manager, who has no clinic to add patients to, is offered no form to add one."""

import pytest

from tests.conftest import client_for


@pytest.fixture(autouse=True)
def _production_errors(settings):
    settings.DEBUG = False


def test_a_missing_page_shows_the_navigation(practitioner):
    response = client_for(practitioner).get("/no/such/page/")

    content = response.content.decode()
    assert response.status_code == 404
    assert "Not found" in content
    assert 'aria-label="Main"' in content
    assert 'href="/patients/"' in content


def test_a_record_not_yours_shows_the_same_page_with_the_navigation(riverside, outsider):
    response = client_for(outsider).get(f"/today/{riverside.id}/")

    assert response.status_code == 404
    assert 'aria-label="Main"' in response.content.decode()


def test_a_missing_page_for_a_visitor_offers_the_login(client, db):
    response = client.get("/no/such/page/")

    assert response.status_code == 404
    assert 'href="/login/"' in response.content.decode()


def test_the_chain_manager_sees_no_add_a_patient_form(chain_manager):
    client = client_for(chain_manager)

    assert client.get("/patients/new/").status_code == 404
    assert "Add a patient" not in client.get("/patients/").content.decode()
    assert 'href="/patients/"' not in client.get("/reports/").content.decode()


def test_the_front_desk_still_adds_patients(front_desk):
    client = client_for(front_desk)

    assert client.get("/patients/new/").status_code == 200
    assert "Add a patient" in client.get("/patients/").content.decode()
