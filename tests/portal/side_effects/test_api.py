"""Her side effects in the portal's API: the same rules and refusals as her pages, her own
reports only, and nothing the server derives accepted from her."""

from mesoclinic.adverse_events.models import AdverseEvent
from tests.conftest import client_for
from tests.portal.side_effects.conftest import days_ago, jpeg, report

URL = "/api/v1/portal/side-effects"


def send(client, patient, days=2, **values):
    body = {
        "event_type": "bruising",
        "onset_on": days_ago(days, patient.clinic).isoformat(),
        "description": "A bruise on my left thigh",
        **values,
    }
    return client.post(URL, body, content_type="application/json")


def test_the_types_she_may_report_come_in_plain_words_with_the_serious_ones_marked(ada_client):
    types = {t["key"]: t for t in ada_client.get(f"{URL}/types").json()}
    assert types["bruising"] == {"key": "bruising", "words": "A bruise", "call_at_once": False}
    assert types["necrosis"]["call_at_once"]


def test_a_report_is_created_awaiting_review_and_listed(held, ada_client, patient):
    response = send(ada_client, patient)
    assert response.status_code == 201
    body = response.json()
    assert body["awaiting_review"]
    assert body["call_now"] == ""
    assert body["state"] == "Sent: waiting for the clinic to look at it"
    assert [r["id"] for r in ada_client.get(URL).json()] == [body["id"]]
    assert ada_client.get(f"{URL}/{body['id']}").json()["words"] == "A bruise"


def test_a_serious_report_answers_with_the_call_now_message(held, ada_client, patient):
    body = send(ada_client, patient, event_type="ulceration").json()
    assert "please call the clinic now" in body["call_now"]


def test_what_the_server_derives_cannot_be_sent(held, ada_client, patient, hillcrest):
    for extra in ({"clinic_id": hillcrest.id}, {"severity": "mild"}, {"follows_session_ids": [1]}):
        assert send(ada_client, patient, **extra).status_code == 422
    assert not AdverseEvent.objects.exists()


def test_each_bad_input_is_refused_naming_its_field(held, ada_client, patient):
    assert send(ada_client, patient, days=-1).json()["errors"]["onset_on"]
    assert "first session" in send(ada_client, patient, days=30).json()["errors"]["onset_on"]
    assert send(ada_client, patient, event_type="sunburn").json()["errors"]["event_type"]
    assert send(ada_client, patient, description="").status_code == 422
    assert not AdverseEvent.objects.exists()


def test_without_a_held_session_the_report_is_refused(ada_client, patient):
    response = send(ada_client, patient)
    assert response.status_code == 422
    assert "no session at the clinic yet" in response.json()["errors"]["report"]


def test_another_patient_and_a_patient_of_another_clinic_get_404(
    held, ada_account, patient, bea_client, grace_client
):
    event = report(patient, photo=jpeg())
    photo_id = event.photos.get().id
    for other in (bea_client, grace_client):
        assert other.get(f"{URL}/{event.id}").status_code == 404
        assert other.get(f"{URL}/photos/{photo_id}").status_code == 404
        assert other.get(URL).json() == []


def test_she_reads_her_own_photo(held, ada_account, ada_client, patient):
    photo_id = report(patient, photo=jpeg()).photos.get().id
    response = ada_client.get(f"{URL}/photos/{photo_id}")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"


def test_staff_get_404_from_her_side_effect_endpoints(bruise_report, practitioner, clinic_admin):
    for user in (practitioner, clinic_admin):
        client = client_for(user)
        assert client.get(URL).status_code == 404
        assert client.get(f"{URL}/types").status_code == 404
        assert client.get(f"{URL}/{bruise_report.id}").status_code == 404
        assert send(client, bruise_report.patient).status_code == 404
