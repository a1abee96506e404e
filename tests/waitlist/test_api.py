"""The waitlist in the JSON API: the desk's endpoints (another clinic's staff get 404) and
the patient's own (another patient, another clinic's patient and staff get 404)."""

import pytest

from mesoclinic.waitlist.models import EntryState, Opening, WaitlistEntry, WaitlistOffer
from tests.conftest import client_for
from tests.waitlist.conftest import cancel, desk_chooses, put_on_waitlist

pytestmark = pytest.mark.django_db

API = "/api/v1"


def post(client, path, body=None):
    return client.post(f"{API}{path}", body or {}, content_type="application/json")


def test_the_desk_reads_the_waitlist_with_its_offers(mary_rows, ada_rows, front_desk, run_queue):
    entry = put_on_waitlist(ada_rows[0], front_desk)
    cancel(mary_rows[0], front_desk)
    run_queue()

    body = client_for(front_desk).get(f"{API}/clinics/{ada_rows[0].clinic_id}/waitlist").json()

    assert body["order"] == "first_come"
    assert [e["id"] for e in body["waiting"]] == [entry.id]
    [opening] = body["openings"]
    assert opening["candidate_entry_ids"] == [entry.id]
    assert [o["state"] for o in opening["offers"]] == ["offered"]


def test_the_desk_puts_a_session_on_the_waitlist_and_takes_it_off(ada_rows, front_desk, colleague):
    desk = client_for(front_desk)
    made = post(
        desk,
        "/waitlist/entries",
        {"appointment_id": ada_rows[1].id, "weekdays": [2], "practitioner_ids": [colleague.id]},
    )
    assert made.status_code == 201, made.content
    assert made.json()["practitioner_ids"] == [colleague.id]

    again = post(desk, "/waitlist/entries", {"appointment_id": ada_rows[1].id})
    assert again.status_code == 422
    assert "already on the waitlist" in again.json()["errors"]["appointment"]

    gone = post(desk, f"/waitlist/entries/{made.json()['id']}/withdraw")
    assert gone.json()["state"] == "withdrawn"


def test_a_weekday_out_of_range_is_refused_naming_the_field(ada_rows, front_desk):
    refused = post(
        client_for(front_desk),
        "/waitlist/entries",
        {"appointment_id": ada_rows[1].id, "weekdays": [7]},
    )
    assert refused.status_code == 422
    assert "weekdays" in refused.json()["errors"]


def test_another_clinics_staff_get_404_from_every_desk_endpoint(
    mary_rows, ada_rows, front_desk, outsider, run_queue
):
    desk_chooses(ada_rows[0].clinic)
    entry = put_on_waitlist(ada_rows[0], front_desk)
    cancel(mary_rows[0], front_desk)
    run_queue()
    opening = Opening.objects.get()
    stranger = client_for(outsider)

    assert stranger.get(f"{API}/clinics/{ada_rows[0].clinic_id}/waitlist").status_code == 404
    assert (
        post(stranger, "/waitlist/entries", {"appointment_id": ada_rows[1].id}).status_code == 404
    )
    assert post(stranger, f"/waitlist/entries/{entry.id}/withdraw").status_code == 404
    chosen = post(stranger, f"/waitlist/openings/{opening.id}/offers", {"entry_id": entry.id})
    assert chosen.status_code == 404
    assert WaitlistOffer.objects.count() == 0
    assert WaitlistEntry.objects.get().state == EntryState.WAITING


def test_the_desk_offers_a_time_where_it_chooses(mary_rows, ada_rows, front_desk, run_queue):
    desk_chooses(ada_rows[0].clinic)
    entry = put_on_waitlist(ada_rows[0], front_desk)
    cancel(mary_rows[0], front_desk)
    run_queue()
    opening = Opening.objects.get()

    made = post(
        client_for(front_desk), f"/waitlist/openings/{opening.id}/offers", {"entry_id": entry.id}
    )

    assert made.status_code == 201
    assert made.json()["offered_by_id"] == front_desk.id


def test_she_asks_and_reads_her_own_waitlist_through_the_api(ada_rows, ada_client, online):
    made = post(ada_client, "/portal/waitlist", {"appointment_id": ada_rows[0].id})
    assert made.status_code == 201, made.content

    mine = ada_client.get(f"{API}/portal/waitlist").json()
    assert [e["appointment_id"] for e in mine] == [ada_rows[0].id]
    gone = post(ada_client, f"/portal/waitlist/{made.json()['id']}/withdraw")
    assert gone.json()["state"] == "withdrawn"


@pytest.mark.parametrize("who", ["bea_client", "grace_client"])
def test_another_patient_gets_404_from_her_waitlist_endpoints(
    request, who, ada_rows, front_desk, online
):
    entry = put_on_waitlist(ada_rows[0], front_desk)
    other = request.getfixturevalue(who)

    assert other.get(f"{API}/portal/waitlist").json() == []
    assert post(other, "/portal/waitlist", {"appointment_id": ada_rows[1].id}).status_code == 404
    assert post(other, f"/portal/waitlist/{entry.id}/withdraw").status_code == 404
    assert WaitlistEntry.objects.get().state == EntryState.WAITING


def test_staff_get_404_from_the_patients_waitlist_endpoints(ada_rows, front_desk, online):
    desk = client_for(front_desk)
    assert desk.get(f"{API}/portal/waitlist").status_code == 404
    assert post(desk, "/portal/waitlist", {"appointment_id": ada_rows[0].id}).status_code == 404
