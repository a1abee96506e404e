"""Her side-effect pages: report one, see her reports with their state, and be told at once
to call when what she reports is serious. Only she sees them; staff get 404."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from mesoclinic.adverse_events.models import AdverseEvent
from mesoclinic.adverse_events.services import (
    adverse_event_mark_entered_in_error,
    adverse_event_resolve,
)
from mesoclinic.audit.models import Action, AuditEvent
from mesoclinic.clinics.models import Clinic
from tests.conftest import actor, client_for
from tests.portal.side_effects.conftest import days_ago, form, jpeg, report, review


def post(client, patient, days=2, **values):
    return client.post(
        "/portal/side-effects/new/", form(onset_on=days_ago(days, patient.clinic), **values)
    )


def test_her_home_links_to_reporting_a_side_effect_and_to_her_reports(ada_client):
    page = ada_client.get("/portal/").content.decode()
    assert 'href="/portal/side-effects/new/"' in page
    assert 'href="/portal/side-effects/"' in page


def test_the_form_offers_the_protocols_types_in_plain_words_with_every_field_labelled(
    ada_client,
):
    page = ada_client.get("/portal/side-effects/new/").content.decode()
    assert "A bruise" in page
    assert "An open sore" in page
    assert "Non-tuberculous mycobacterial infection" not in page
    for label in ("What have you noticed?", "When did it start?", "Tell us about it", "A photo"):
        assert label in page
    assert 'enctype="multipart/form-data"' in page


def test_a_report_is_sent_and_she_sees_it_waiting_for_the_clinic(held, ada_client, patient):
    response = post(ada_client, patient, photo=jpeg())
    event = AdverseEvent.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/portal/side-effects/{event.id}/"

    page = ada_client.get(response["Location"]).content.decode()
    assert "Sent: waiting for the clinic to look at it" in page
    assert "not going away" in page
    photo = event.photos.get()
    assert f"/portal/side-effects/photos/{photo.id}/" in page
    shown = ada_client.get(f"/portal/side-effects/photos/{photo.id}/")
    assert shown.status_code == 200
    assert shown["Content-Type"] == "image/jpeg"


def test_a_serious_type_tells_her_at_once_to_call_the_clinic_with_its_phone(
    held, ada_client, patient, riverside
):
    Clinic.objects.filter(pk=riverside.pk).update(phone="020 7946 0000")
    response = post(ada_client, patient, event_type="allergic_reaction")
    page = ada_client.get(response["Location"]).content.decode()
    assert "please call the clinic now on 020 7946 0000" in page
    assert "emergency services" in page
    assert 'href="tel:020 7946 0000"' in page


def test_a_bruise_does_not_tell_her_to_call_at_once(held, ada_client, patient):
    response = post(ada_client, patient)
    assert "please call the clinic now" not in ada_client.get(response["Location"]).content.decode()


def test_her_list_shows_each_report_with_its_state(held, ada_client, patient, practitioner):
    waiting = report(patient)
    seen = report(patient, event_type="redness_swelling", days=1)
    review(practitioner, seen)
    page = ada_client.get("/portal/side-effects/").content.decode()
    assert f"/portal/side-effects/{waiting.id}/" in page
    assert "Sent: waiting for the clinic to look at it" in page
    assert "Seen by the clinic: being followed up" in page


def test_without_a_held_session_the_form_says_so_above_the_fields(ada_client, patient):
    response = post(ada_client, patient)
    assert response.status_code == 422
    assert "You have had no session at the clinic yet" in response.content.decode()
    assert not AdverseEvent.objects.exists()


@pytest.mark.parametrize(
    ("days", "values", "field", "words"),
    [
        (-1, {}, "onset_on", "When it started: choose today or an earlier day"),
        (30, {}, "onset_on", "Your first session was on"),
        (2, {"description": ""}, "description", "This field is required"),
        (2, {"event_type": "sunburn"}, "event_type", "Select a valid choice"),
    ],
)
def test_each_refusal_shows_beside_its_field_and_keeps_what_she_typed(
    held, ada_client, patient, days, values, field, words
):
    response = post(ada_client, patient, days=days, **values)
    assert response.status_code == 422
    assert words in " ".join(response.context["form"].errors[field])
    if field != "description":
        assert "not going away" in response.content.decode()
    assert not AdverseEvent.objects.exists()


@pytest.mark.parametrize("typed", ["03/12/2026", "3 December", "2026-13-01"])
def test_a_day_typed_another_way_is_refused_with_the_format_to_use(
    held, ada_client, patient, typed
):
    today = days_ago(0, patient.clinic)
    response = ada_client.post("/portal/side-effects/new/", {**form(today), "onset_on": typed})
    assert response.status_code == 422
    assert response.context["form"].errors["onset_on"] == [
        f"Enter the date as YYYY-MM-DD, for example {today.isoformat()} for today."
    ]
    assert "not going away" in response.content.decode()  # what she wrote is kept


def test_a_day_left_empty_asks_for_the_day_it_started(held, ada_client, patient):
    today = days_ago(0, patient.clinic)
    response = ada_client.post("/portal/side-effects/new/", {**form(today), "onset_on": ""})
    assert response.context["form"].errors["onset_on"] == ["Enter the day it started."]


def test_a_refused_photo_says_to_choose_it_again(held, ada_client, patient):
    fake = SimpleUploadedFile("x.jpg", b"<html></html>", content_type="image/jpeg")
    response = post(ada_client, patient, photo=fake)
    assert response.status_code == 422
    assert "not a photo" in " ".join(response.context["form"].errors["photo"])
    assert "Your photo was not kept: choose it again." in response.content.decode()


def test_her_reads_are_written_to_the_audit_trail(bruise_report, ada_client, patient):
    ada_client.get("/portal/side-effects/")
    ada_client.get(f"/portal/side-effects/{bruise_report.id}/")
    reads = AuditEvent.objects.filter(patient_id=patient.id, action=Action.READ, via="portal")
    assert set(reads.values_list("target", flat=True)) >= {
        "side effects reported",
        f"adverse event {bruise_report.id} reported by the patient",
    }


def test_another_patient_and_a_patient_of_another_clinic_get_404(
    held, ada_account, patient, bea_client, grace_client
):
    event = report(patient, photo=jpeg())
    photo_id = event.photos.get().id
    for other in (bea_client, grace_client):
        assert other.get(f"/portal/side-effects/{event.id}/").status_code == 404
        assert other.get(f"/portal/side-effects/photos/{photo_id}/").status_code == 404
        assert (
            f"/portal/side-effects/{event.id}/"
            not in other.get("/portal/side-effects/").content.decode()
        )


def test_staff_get_404_from_her_side_effect_pages(bruise_report, practitioner, clinic_admin):
    for user in (practitioner, clinic_admin):
        client = client_for(user)
        for path in (
            "/portal/side-effects/",
            "/portal/side-effects/new/",
            f"/portal/side-effects/{bruise_report.id}/",
        ):
            assert client.get(path).status_code == 404


def test_a_report_without_the_csrf_token_is_refused(held, ada_account, patient):
    client = Client(enforce_csrf_checks=True)
    client.force_login(ada_account)
    response = post(client, patient)
    assert response.status_code == 403
    assert not AdverseEvent.objects.exists()


def test_a_resolved_report_says_when_and_no_longer_tells_her_to_call(
    held, ada_client, patient, practitioner
):
    event = report(patient, event_type="allergic_reaction", days=3)
    review(practitioner, event, area="")
    adverse_event_resolve(
        actor=actor(practitioner), event=event, resolved_on=days_ago(1, patient.clinic)
    )
    page = ada_client.get(f"/portal/side-effects/{event.id}/").content.decode()
    assert f"Resolved on {days_ago(1, patient.clinic):%d %B %Y}" in page
    assert "please call the clinic now" not in page


def test_a_report_the_clinic_marked_entered_in_error_leaves_her_list(
    bruise_report, ada_client, practitioner
):
    adverse_event_mark_entered_in_error(
        actor=actor(practitioner), event=bruise_report, reason="Sent twice"
    )
    assert (
        f"/portal/side-effects/{bruise_report.id}/"
        not in ada_client.get("/portal/side-effects/").content.decode()
    )
    assert ada_client.get(f"/portal/side-effects/{bruise_report.id}/").status_code == 404
