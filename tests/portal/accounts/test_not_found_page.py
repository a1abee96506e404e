"""A missing page on the portal's paths is the portal's own 404: its frame and a way back to
her home (or to the sign-in), not the staff page's "Back to today". DEBUG off, as in
production."""

import pytest
from django.test import Client

from tests.conftest import client_for


@pytest.fixture(autouse=True)
def _production_errors(settings):
    settings.DEBUG = False


def test_a_patient_on_a_missing_portal_page_gets_the_portal_404_with_a_way_home(ada_client):
    response = ada_client.get("/portal/no/such/page/")

    text = response.content.decode()
    assert response.status_code == 404
    assert "<title>Page not found · Riverside</title>" in text
    assert 'class="portal"' in text
    assert 'href="/portal/"' in text
    assert "Go to your home page" in text
    assert "Back to today" not in text


def test_a_record_that_is_not_hers_shows_the_portal_404_of_her_own_clinic(bea_client, grace_client):
    for client, clinic in ((bea_client, "Riverside"), (grace_client, "Hillcrest")):
        response = client.get("/portal/courses/999999/")
        assert response.status_code == 404
        assert f"<title>Page not found · {clinic}</title>" in response.content.decode()


def test_a_visitor_on_a_missing_portal_page_is_offered_the_portal_sign_in(db):
    response = Client().get("/portal/no/such/page/")

    text = response.content.decode()
    assert response.status_code == 404
    assert "<title>Page not found · patient portal</title>" in text
    assert 'href="/portal/sign-in/"' in text
    assert 'href="/login/"' not in text


def test_staff_on_a_portal_path_keep_the_staff_404(practitioner):
    response = client_for(practitioner).get("/portal/")

    text = response.content.decode()
    assert response.status_code == 404
    assert "Back to today" in text
    assert 'class="portal"' not in text


def test_a_missing_staff_page_keeps_the_staff_404(db):
    text = Client().get("/no/such/page/").content.decode()
    assert "Not found · mesoclinic" in text
    assert 'href="/login/"' in text
