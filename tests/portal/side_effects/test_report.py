"""Her report, as the clinic's rules take it: what it becomes, what it follows, and every
refusal with the words she is shown."""

import io
from pathlib import Path

import pytest
from PIL import Image

from mesoclinic.adverse_events.models import AdverseEvent, AdverseEventPhoto
from mesoclinic.audit.models import Action, AuditEvent
from mesoclinic.charting.models import TreatmentSession
from mesoclinic.domain.errors import DomainError
from tests.assessments.test_photos import gps_exif
from tests.portal.side_effects.conftest import jpeg, report


def test_a_report_becomes_an_adverse_event_reported_by_her_awaiting_review(bruise_report):
    event = AdverseEvent.objects.get(pk=bruise_report.pk)
    assert event.reported_by_patient
    assert event.awaiting_report_review
    assert event.severity == ""
    assert event.type_label == "Bruising"
    assert event.event_status == "ongoing"


def test_it_follows_her_last_session_before_the_onset_and_every_lot_used_in_it(
    bruise_report, held, caffeine_lot, silicon_lot
):
    assert list(bruise_report.follows_sessions.all()) == [held[1]]
    assert set(bruise_report.follows_lots.all()) == {caffeine_lot, silicon_lot}


def test_an_onset_between_two_sessions_follows_the_earlier_one_and_only_its_lots(
    held, ada_account, patient, caffeine_lot
):
    event = report(patient, days=10)
    assert list(event.follows_sessions.all()) == [held[0]]
    assert list(event.follows_lots.all()) == [caffeine_lot]


def test_an_onset_on_the_day_of_a_session_follows_that_session(held, ada_account, patient):
    assert list(report(patient, days=7).follows_sessions.all()) == [held[1]]


def test_without_a_held_session_she_is_told_there_is_nothing_to_report_and_to_call(
    ada_account, patient
):
    with pytest.raises(DomainError) as refused:
        report(patient)
    assert refused.value.field == "report"
    assert "no session at the clinic yet" in refused.value.message
    assert not AdverseEvent.objects.exists()


def test_a_session_entered_in_error_is_not_a_held_session(held, ada_account, patient):
    TreatmentSession.objects.update(status="entered_in_error")
    with pytest.raises(DomainError, match="no session at the clinic yet"):
        report(patient)


def test_an_onset_before_her_first_session_is_refused_naming_that_session(
    held, ada_account, patient
):
    with pytest.raises(DomainError) as refused:
        report(patient, days=15)
    assert refused.value.field == "onset_on"
    assert f"{held[0].performed_on:%d %B %Y}" in refused.value.message


def test_an_onset_in_the_future_is_refused_in_her_words(held, ada_account, patient):
    with pytest.raises(DomainError) as refused:
        report(patient, days=-1)
    assert refused.value.field == "onset_on"
    assert refused.value.message == (
        "When it started: choose today or an earlier day, not a day in the future."
    )


def test_a_type_not_in_the_protocol_is_refused_in_plain_words(held, ada_account, patient):
    with pytest.raises(DomainError, match="Choose what you noticed from the list"):
        report(patient, event_type="sunburn")


@pytest.mark.parametrize("text", ["", "   ", "x" * 2001])
def test_an_empty_or_overlong_description_is_refused(held, ada_account, patient, text):
    with pytest.raises(DomainError) as refused:
        report(patient, description=text)
    assert refused.value.field == "description"


def test_a_type_the_protocol_marks_serious_is_serious_before_anyone_grades_it(serious_report):
    assert serious_report.serious
    assert serious_report.type_serious


def test_a_bruise_is_not_serious_until_someone_grades_it_severe(bruise_report):
    assert not bruise_report.serious


def test_the_report_is_written_to_the_audit_trail_as_hers_from_the_portal(bruise_report, patient):
    row = AuditEvent.objects.get(action=Action.CREATE, target__contains="reported by the patient")
    assert row.via == "portal"
    assert row.patient_id == patient.id
    assert row.actor_id == patient.account.user_id


def test_her_photo_is_stored_without_its_gps_position(held, ada_account, patient, settings):
    event = report(patient, photo=jpeg(exif=gps_exif()))
    photo = AdverseEventPhoto.objects.get(event=event)
    stored = Path(settings.MEDIA_ROOT) / "photos" / photo.file_name
    with Image.open(io.BytesIO(stored.read_bytes())) as image:
        assert not image.getexif()
    assert photo.patient_id == patient.id
    assert photo.clinic_id == patient.clinic_id


def test_a_file_that_is_not_a_photo_is_refused_and_leaves_no_report_and_no_file(
    held, ada_account, patient, settings
):
    fake = io.BytesIO(b"<html><script>alert(1)</script></html>")
    with pytest.raises(DomainError) as refused:
        report(patient, photo=fake)
    assert refused.value.field == "photo"
    assert "not a photo" in refused.value.message
    assert not AdverseEvent.objects.exists()
    photos = Path(settings.MEDIA_ROOT) / "photos"
    assert not photos.exists() or not any(photos.iterdir())
