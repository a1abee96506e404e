"""The desk's waitlist page: waiting sessions, freed times with their candidates and
offers, and the desk's actions. Every role of the clinic; another clinic's staff get 404;
a patient's account is sent back to the portal."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mesoclinic.waitlist.models import EntryState, Opening, WaitlistEntry, WaitlistOffer
from tests.conftest import client_for
from tests.waitlist.conftest import cancel, desk_chooses, put_on_waitlist

pytestmark = pytest.mark.django_db


def board_url(clinic) -> str:
    return reverse("waitlist:board", kwargs={"clinic_id": clinic.id})


def test_the_desk_sees_the_offer_and_its_state(mary_rows, ada_rows, front_desk, run_queue):
    put_on_waitlist(ada_rows[0], front_desk)
    cancel(mary_rows[0], front_desk)
    run_queue()

    page = client_for(front_desk).get(board_url(ada_rows[0].clinic))

    assert page.status_code == 200
    assert "Ada Lovelace: <strong>Offered</strong>" in page.text
    assert "1 session waiting" in page.text


def test_another_clinics_staff_get_404_from_every_desk_page(
    mary_rows, ada_rows, front_desk, outsider, run_queue
):
    desk_chooses(ada_rows[0].clinic)
    entry = put_on_waitlist(ada_rows[0], front_desk)
    cancel(mary_rows[0], front_desk)
    run_queue()
    opening = Opening.objects.get()
    stranger = client_for(outsider)

    assert stranger.get(board_url(ada_rows[0].clinic)).status_code == 404
    assert (
        stranger.get(f"{reverse('waitlist:new')}?appointment={ada_rows[1].id}").status_code == 404
    )
    assert (
        stranger.post(f"{reverse('waitlist:new')}?appointment={ada_rows[1].id}").status_code == 404
    )
    withdraw = reverse("waitlist:withdraw", kwargs={"entry_id": entry.id})
    assert stranger.post(withdraw).status_code == 404
    offer = reverse("waitlist:offer", kwargs={"opening_id": opening.id})
    assert stranger.post(offer, {"entry": entry.id}).status_code == 404
    assert WaitlistOffer.objects.count() == 0
    entry.refresh_from_db()
    assert entry.state == EntryState.WAITING


def test_a_patient_account_is_sent_back_to_the_portal(ada_rows, ada_client):
    response = ada_client.get(board_url(ada_rows[0].clinic))
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:home")


def test_the_desk_puts_a_session_on_the_waitlist_from_its_appointment(
    ada_rows, front_desk, practitioner
):
    url = f"{reverse('waitlist:new')}?appointment={ada_rows[2].id}"
    desk = client_for(front_desk)
    assert "Wants an earlier time" in desk.get(url).text

    answer = desk.post(url, {"weekdays": ["4"], "practitioners": [str(practitioner.id)]})

    assert answer.status_code == 302
    entry = WaitlistEntry.objects.get()
    assert (entry.appointment, entry.weekdays, entry.source) == (ada_rows[2], [4], "desk")


def test_a_bad_weekday_is_refused_beside_its_field_and_nothing_is_saved(ada_rows, front_desk):
    url = f"{reverse('waitlist:new')}?appointment={ada_rows[2].id}"

    answer = client_for(front_desk).post(url, {"weekdays": ["9"], "part_of_day": "afternoon"})

    assert answer.status_code == 422
    assert "Select a valid choice" in answer.text
    assert re.search(r'value="afternoon"[^>]*checked', answer.text)  # her choice is kept
    assert WaitlistEntry.objects.count() == 0


def test_where_the_desk_chooses_it_offers_the_time_from_the_page(
    mary_rows, ada_rows, bea_rows, front_desk, run_queue
):
    desk_chooses(ada_rows[0].clinic)
    put_on_waitlist(bea_rows[0], front_desk)
    ada_entry = put_on_waitlist(ada_rows[0], front_desk)
    cancel(mary_rows[0], front_desk)
    run_queue()
    desk = client_for(front_desk)
    page = desk.get(board_url(ada_rows[0].clinic))
    assert "Offer to Ada" in page.text
    assert "Offer to Bea" in page.text

    opening = Opening.objects.get()
    desk.post(reverse("waitlist:offer", kwargs={"opening_id": opening.id}), {"entry": ada_entry.id})

    [offer] = WaitlistOffer.objects.all()
    assert offer.entry == ada_entry
    assert "Offer to Bea" not in desk.get(board_url(ada_rows[0].clinic)).text


def test_the_desk_takes_a_session_off_the_waitlist(ada_rows, front_desk):
    entry = put_on_waitlist(ada_rows[0], front_desk)

    client_for(front_desk).post(reverse("waitlist:withdraw", kwargs={"entry_id": entry.id}))

    entry.refresh_from_db()
    assert entry.state == EntryState.WITHDRAWN


def board_queries(client, clinic) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(board_url(clinic)).status_code == 200
    return len(captured.captured_queries)


def test_the_desks_page_runs_the_same_queries_however_long_the_waitlist(
    mary_rows, ada_rows, bea_rows, front_desk, run_queue
):
    desk = client_for(front_desk)
    clinic = ada_rows[0].clinic
    put_on_waitlist(ada_rows[0], front_desk)
    cancel(mary_rows[0], front_desk)
    run_queue()
    few = board_queries(desk, clinic)
    assert WaitlistOffer.objects.count() == 1

    for row in [*ada_rows[1:6], *bea_rows[:6]]:
        put_on_waitlist(row, front_desk, weekdays=frozenset({4}))
    for row in mary_rows[4:8]:
        cancel(row, front_desk)
    run_queue()
    many = board_queries(desk, clinic)

    assert Opening.objects.count() == 5
    assert WaitlistEntry.objects.count() == 12
    assert many == few


def test_a_booked_appointments_page_links_to_the_waitlist(ada_rows, front_desk):
    page = client_for(front_desk).get(
        reverse("appointments:detail", kwargs={"appointment_id": ada_rows[0].id})
    )

    assert f"{reverse('waitlist:new')}?appointment={ada_rows[0].id}" in page.text
