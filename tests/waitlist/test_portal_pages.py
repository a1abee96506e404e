"""The waitlist in the portal: asking for an earlier time, her list, taking herself off,
and the page an offer's link opens. Another patient, another clinic's patient and staff
get 404 from every page that names her records."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mesoclinic.appointments.models import Appointment
from mesoclinic.messaging.models import Message
from mesoclinic.portal.models import PatientLink
from mesoclinic.waitlist.models import EntryState, WaitlistEntry
from tests.conftest import client_for
from tests.waitlist.conftest import cancel, put_on_waitlist, sent_text

pytestmark = pytest.mark.django_db

NEW = reverse("portal_waitlist:new")
MINE = reverse("portal_waitlist:mine")


def new_url(row) -> str:
    return f"{NEW}?appointment={row.id}"


def test_she_asks_for_an_earlier_time_from_her_session(ada_rows, ada_client, online, colleague):
    page = ada_client.get(new_url(ada_rows[0]))
    assert page.status_code == 200
    assert "Which days suit you" in page.text
    assert "With whom" in page.text

    answer = ada_client.post(
        new_url(ada_rows[0]),
        {"weekdays": ["0", "2"], "part_of_day": "morning", "practitioners": [str(colleague.id)]},
    )

    assert answer.status_code == 302
    entry = WaitlistEntry.objects.get()
    assert (entry.appointment, entry.weekdays, entry.part_of_day) == (
        ada_rows[0],
        [0, 2],
        "morning",
    )
    assert list(entry.practitioners.all()) == [colleague]
    assert entry.source == "portal"
    listed = ada_client.get(MINE)
    assert "Monday, Wednesday; mornings; Grace." in listed.text  # first names, as booking


def test_the_form_names_practitioners_by_first_name_as_booking_does(
    ada_rows, ada_client, online, colleague
):
    page = ada_client.get(new_url(ada_rows[0]))
    assert "Grace" in page.text
    assert "Hopper" not in page.text


def test_a_practitioner_not_bookable_online_is_refused_beside_the_field(
    ada_rows, ada_client, online, practitioner, colleague
):
    online.online_practitioners.set([colleague])

    answer = ada_client.post(new_url(ada_rows[0]), {"practitioners": [str(practitioner.id)]})

    assert answer.status_code == 422
    assert WaitlistEntry.objects.count() == 0
    assert "Select a valid choice" in answer.text


def test_asking_twice_for_the_same_session_is_refused_with_a_clear_message(
    ada_rows, ada_client, online
):
    ada_client.post(new_url(ada_rows[0]), {})

    again = ada_client.post(new_url(ada_rows[0]), {"part_of_day": "afternoon"})

    assert again.status_code == 422
    assert "already on the waitlist" in again.text
    assert "checked" in again.text  # her choice is kept on the refused form


def test_a_clinic_without_online_practitioners_sends_her_to_the_phone(ada_rows, ada_client):
    page = ada_client.get(new_url(ada_rows[0]))

    assert "does not take waitlist requests online" in page.text
    assert ada_client.post(new_url(ada_rows[0]), {}).status_code == 200
    assert WaitlistEntry.objects.count() == 0


@pytest.mark.parametrize("who", ["bea_client", "grace_client"])
def test_another_patient_cannot_ask_for_her_session(request, who, ada_rows, online):
    other = request.getfixturevalue(who)
    assert other.get(new_url(ada_rows[0])).status_code == 404
    assert other.post(new_url(ada_rows[0]), {}).status_code == 404
    assert WaitlistEntry.objects.count() == 0


def test_staff_get_404_from_the_portal_waitlist_pages(ada_rows, front_desk, online):
    desk = client_for(front_desk)
    assert desk.get(new_url(ada_rows[0])).status_code == 404
    assert desk.get(MINE).status_code == 404


@pytest.mark.parametrize("who", ["bea_client", "grace_client"])
def test_another_patient_sees_nothing_of_her_waitlist_and_cannot_withdraw_it(
    request, who, ada_rows, ada_client, front_desk, online
):
    entry = put_on_waitlist(ada_rows[0], front_desk)
    other = request.getfixturevalue(who)

    assert "not waiting for an earlier time" in other.get(MINE).text
    withdraw = reverse("portal_waitlist:withdraw", kwargs={"entry_id": entry.id})
    assert other.post(withdraw).status_code == 404
    entry.refresh_from_db()
    assert entry.state == EntryState.WAITING


def test_she_takes_herself_off_and_keeps_her_time(ada_rows, ada_client, front_desk):
    entry = put_on_waitlist(ada_rows[0], front_desk)

    ada_client.post(reverse("portal_waitlist:withdraw", kwargs={"entry_id": entry.id}))

    entry.refresh_from_db()
    assert entry.state == EntryState.WITHDRAWN
    assert Appointment.objects.get(pk=ada_rows[0].pk).starts_at == ada_rows[0].starts_at


def offer_path(run_queue) -> str:
    run_queue()
    text = sent_text(Message.objects.get(kind="waitlist_offer"))
    return re.search(r"https://clinic\.example(/portal/waitlist/offers/[\w-]+/)", text).group(1)


def test_the_offer_link_shows_the_time_and_takes_it_without_signing_in(
    mary_rows, ada_rows, front_desk, run_queue
):
    put_on_waitlist(ada_rows[0], front_desk)
    cancel(mary_rows[0], front_desk)
    path = offer_path(run_queue)
    browser = Client(enforce_csrf_checks=True)

    page = browser.get(path)
    assert page.status_code == 200
    assert "Take this time" in page.text
    assert "with Grace." in page.text  # her first name, as booking names her
    assert "Hopper" not in page.text
    token = browser.cookies["csrftoken"].value
    taken = browser.post(path, {"answer": "take", "csrfmiddlewaretoken": token})

    assert "Your session has moved" in taken.text
    assert Appointment.objects.get(pk=ada_rows[0].pk).starts_at == mary_rows[0].starts_at


def test_the_offer_link_refuses_a_post_without_the_csrf_token(
    mary_rows, ada_rows, front_desk, run_queue
):
    put_on_waitlist(ada_rows[0], front_desk)
    cancel(mary_rows[0], front_desk)
    path = offer_path(run_queue)

    refused = Client(enforce_csrf_checks=True).post(path, {"answer": "take"})

    assert refused.status_code == 403
    assert Appointment.objects.get(pk=ada_rows[0].pk).starts_at == ada_rows[0].starts_at


def test_a_used_offer_link_shows_a_clear_page(mary_rows, ada_rows, front_desk, run_queue):
    put_on_waitlist(ada_rows[0], front_desk)
    cancel(mary_rows[0], front_desk)
    path = offer_path(run_queue)
    Client().post(path, {"answer": "decline"})

    again = Client().get(path)

    assert again.status_code == 410
    assert "already been used" in again.text


def test_an_unknown_offer_link_is_404():
    assert Client().get("/portal/waitlist/offers/not-a-real-secret/").status_code == 404


def test_her_course_page_links_each_session_she_may_change_to_the_waitlist(ada_rows, ada_client):
    page = ada_client.get(reverse("portal:course", kwargs={"course_id": ada_rows[0].course_id}))

    assert f"{NEW}?appointment={ada_rows[0].id}" in page.text


def test_a_session_already_waiting_says_so_on_her_course_page_instead_of_asking_again(
    ada_rows, ada_client, front_desk
):
    put_on_waitlist(ada_rows[0], front_desk)

    page = ada_client.get(reverse("portal:course", kwargs={"course_id": ada_rows[0].course_id}))

    assert f'"{NEW}?appointment={ada_rows[0].id}"' not in page.text
    assert f'<a href="{MINE}">Waiting for an earlier time' in page.text
    assert f'"{NEW}?appointment={ada_rows[1].id}"' in page.text  # her other sessions may ask


def test_an_expired_offer_link_shows_a_clear_page_and_moves_nothing(
    mary_rows, ada_rows, front_desk, run_queue
):
    put_on_waitlist(ada_rows[0], front_desk)
    cancel(mary_rows[0], front_desk)
    path = offer_path(run_queue)
    PatientLink.objects.update(expires_at=timezone.now() - timedelta(minutes=1))

    page = Client().get(path)
    taken = Client().post(path, {"answer": "take"})

    assert page.status_code == 410
    assert "This link has expired" in page.text
    assert taken.status_code == 410
    assert Appointment.objects.get(pk=ada_rows[0].pk).starts_at == ada_rows[0].starts_at
