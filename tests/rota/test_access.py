"""Who reaches the rota: everyone working at the clinic sees it; admins and front desk
record absences, a practitioner her own; only admins edit shifts and room closures.
Anyone else gets 404, as for a clinic that does not exist, on every page and endpoint.
Every state change needs its CSRF token."""

import pytest
from django.test import Client

from mesoclinic.rota.models import Absence, RoomClosure, Shift
from tests.conftest import client_for
from tests.rota.conftest import post_json, rota_urls


@pytest.fixture
def urls(riverside, practitioner, absence, room, room_closure, opening_hours):
    return rota_urls(riverside, practitioner, absence, room, room_closure)


def every_post(client, urls, *groups):
    for group in groups:
        for url, data in urls[group]:
            send = post_json if url.startswith("/api/") else Client.post
            yield url, send(client, url, data)


def test_a_clinic_admin_opens_every_rota_page(clinic_admin, urls):
    client = client_for(clinic_admin)
    for url in urls["get"] + urls["setup_get"]:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("who", ["hillcrest_admin", "outsider", "chain_manager"])
def test_anyone_outside_the_clinic_gets_404_on_every_rota_page_and_endpoint(request, who, urls):
    client = client_for(request.getfixturevalue(who))
    for url in urls["get"] + urls["setup_get"]:
        assert client.get(url).status_code == 404, url
    posts = every_post(client, urls, "post", "setup_post", "api_post", "api_setup_post")
    for url, response in posts:
        assert response.status_code == 404, url


def test_a_post_from_another_clinics_admin_changes_nothing(hillcrest_admin, absence, urls):
    list(
        every_post(
            client_for(hillcrest_admin), urls, "post", "setup_post", "api_post", "api_setup_post"
        )
    )

    absence.refresh_from_db()
    assert absence.cancelled_at is None
    assert Absence.objects.count() == 1
    assert not Shift.objects.exists()
    assert RoomClosure.objects.count() == 1


def test_front_desk_sees_the_rota_and_records_absences(front_desk, urls):
    client = client_for(front_desk)
    for url in urls["get"]:
        assert client.get(url).status_code == 200, url
    for url, response in every_post(client, urls, "post", "api_post"):
        assert response.status_code in (201, 302), url


def test_front_desk_gets_404_on_shifts_and_room_closures(front_desk, urls):
    client = client_for(front_desk)
    for url in urls["setup_get"]:
        assert client.get(url).status_code == 404, url
    for url, response in every_post(client, urls, "setup_post", "api_setup_post"):
        assert response.status_code == 404, url
    assert not Shift.objects.exists()


def test_a_practitioner_sees_the_rota_but_cannot_edit_shifts(practitioner, urls):
    client = client_for(practitioner)
    for url in urls["get"]:
        assert client.get(url).status_code == 200, url
    for url in urls["setup_get"]:
        assert client.get(url).status_code == 404, url
    for url, response in every_post(client, urls, "setup_post", "api_setup_post"):
        assert response.status_code == 404, url


def test_every_rota_post_without_a_csrf_token_is_refused(clinic_admin, urls):
    client = Client(enforce_csrf_checks=True)
    client.force_login(clinic_admin)
    posts = every_post(client, urls, "post", "setup_post", "api_post", "api_setup_post")
    for url, response in posts:
        assert response.status_code == 403, url
    assert Absence.objects.get().cancelled_at is None


def test_rota_pages_need_a_login(client, urls):
    response = client.get(urls["get"][0])
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
    assert client.get(urls["get"][-1]).status_code == 401


def test_a_rota_page_of_a_clinic_that_does_not_exist_is_404(clinic_admin):
    assert client_for(clinic_admin).get("/rota/999999/").status_code == 404


def test_the_rota_index_takes_staff_of_one_clinic_straight_to_it(front_desk, riverside):
    response = client_for(front_desk).get("/rota/")
    assert response.status_code == 302
    assert response["Location"] == f"/rota/{riverside.id}/"


def test_the_rota_index_is_404_for_a_chain_manager_who_works_at_no_clinic(chain_manager):
    assert client_for(chain_manager).get("/rota/").status_code == 404


def test_a_rota_link_is_in_the_top_bar_for_front_desk(front_desk):
    page = client_for(front_desk).get("/").content.decode()
    assert 'href="/rota/">Rota</a>' in page
