"""Only a clinic's own admins reach its setup pages; everyone else gets 404, as for a clinic
that does not exist. Every state change is a POST that needs its CSRF token."""

import pytest
from django.test import Client

from tests.clinics.conftest import setup_urls
from tests.conftest import client_for


@pytest.fixture
def urls(riverside, room, closure, practitioner_membership):
    return setup_urls(riverside, room, closure, practitioner_membership)


def test_a_clinic_admin_opens_every_setup_page(clinic_admin, urls):
    client = client_for(clinic_admin)
    for url in urls["get"]:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize(
    "who", ["hillcrest_admin", "outsider", "practitioner", "front_desk", "chain_manager"]
)
def test_anyone_but_the_clinics_admin_gets_404_on_every_setup_page(request, who, urls):
    client = client_for(request.getfixturevalue(who))
    for url in urls["get"]:
        assert client.get(url).status_code == 404, url
    for url, data in urls["post"]:
        assert client.post(url, data).status_code == 404, url


def test_a_post_from_another_clinics_admin_changes_nothing(hillcrest_admin, riverside, room, urls):
    client = client_for(hillcrest_admin)
    for url, data in urls["post"]:
        client.post(url, data)

    riverside.refresh_from_db()
    room.refresh_from_db()
    assert riverside.name == "Riverside"
    assert room.name == "Room 1"
    assert not riverside.opening_hours.exists()


def test_a_setup_page_of_a_clinic_that_does_not_exist_is_404(clinic_admin):
    assert client_for(clinic_admin).get("/clinic/999999/").status_code == 404


def test_every_setup_post_without_a_csrf_token_is_refused(clinic_admin, urls):
    client = Client(enforce_csrf_checks=True)
    client.force_login(clinic_admin)
    for url, data in urls["post"]:
        assert client.post(url, data).status_code == 403, url


def test_setup_pages_need_a_login(client, urls):
    response = client.get(urls["get"][0])
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_the_setup_index_takes_an_admin_of_one_clinic_straight_to_it(clinic_admin, riverside):
    response = client_for(clinic_admin).get("/clinic/")
    assert response.status_code == 302
    assert response["Location"] == f"/clinic/{riverside.id}/"


def test_the_setup_index_lets_an_admin_of_two_clinics_choose(clinic_admin, hillcrest):
    from mesoclinic.clinics.models import Membership, Role

    Membership.objects.create(user=clinic_admin, clinic=hillcrest, role=Role.ADMIN)
    response = client_for(clinic_admin).get("/clinic/")
    assert response.status_code == 200
    assert b"Hillcrest" in response.content
    assert b"Riverside" in response.content


def test_the_setup_index_is_404_for_staff_who_run_no_clinic(practitioner):
    assert client_for(practitioner).get("/clinic/").status_code == 404


def test_a_former_admin_whose_role_ended_gets_404(clinic_admin, admin_membership, urls):
    admin_membership.active = False
    admin_membership.save()
    assert client_for(clinic_admin).get(urls["get"][0]).status_code == 404
