"""The practitioner screens her at the visit with her portal answers beside the form,
marked as hers: they fill the form in, clear no caution and lift no stop, and the screening
the practitioner saves marks them reviewed."""

from zoneinfo import ZoneInfo

from django.utils import timezone

from mesoclinic.clinics.clock import clinic_today
from mesoclinic.portal.intake.questions import intake_submit
from mesoclinic.screening.models import PatientIntake, Screening
from mesoclinic.screening.selectors import access_screening_state
from tests.conftest import actor, client_for
from tests.portal.intake.conftest import CAUTION, STOP, answers


def _sent(patient, account, *yes, notes=None) -> PatientIntake:
    return intake_submit(
        actor=actor(account), patient=patient, answers=answers(patient.clinic, *yes), notes=notes
    )


def _local_day(intake: PatientIntake) -> str:
    """The day she sent them, as the clinic's pages show it (the clinic's time zone)."""
    zone = ZoneInfo(intake.clinic.time_zone)
    return timezone.localtime(intake.submitted_at, zone).date().isoformat()


def _screening_post(patient, intake_id, *yes) -> dict[str, str]:
    data = {"taken_on": clinic_today(patient.clinic).isoformat()}
    for key, value in answers(patient.clinic, *yes).items():
        data[f"answer_{key}"] = "yes" if value else "no"
        data[f"note_{key}"] = ""
    if intake_id is not None:
        data["intake"] = str(intake_id)
    return data


def test_the_screening_form_shows_her_answers_marked_as_hers_and_filled_in(
    patient, ada_account, logged_in
):
    intake = _sent(patient, ada_account, CAUTION, notes={CAUTION: "Apixaban"})
    page = logged_in.get(f"/patients/{patient.id}/screening/new/").content.decode()
    day = _local_day(intake)
    assert f"Answered by the patient on {day}" in page
    assert "her answers clear no caution and lift no stop" in page
    assert "She wrote: “Apixaban”" in page
    assert "Patient wrote: Apixaban" in page  # the note, filled in for the practitioner
    assert (
        'name="answer_anticoagulant_or_antiplatelet" value="yes" required '
        'id="id_answer_anticoagulant_or_antiplatelet_0" checked' in page
    )


def test_without_portal_answers_the_form_is_as_before(patient, logged_in):
    page = logged_in.get(f"/patients/{patient.id}/screening/new/").content.decode()
    assert "Answered by the patient" not in page
    assert "checked" not in page


def test_saving_the_screening_marks_her_answers_reviewed(patient, ada_account, practitioner):
    older = _sent(patient, ada_account)
    intake = _sent(patient, ada_account, CAUTION)
    response = client_for(practitioner).post(
        f"/patients/{patient.id}/screening/new/", _screening_post(patient, intake.id, CAUTION)
    )
    assert response.status_code == 302
    screening = Screening.objects.get(patient=patient)
    for row in (older, intake):
        row.refresh_from_db()
        assert row.reviewed_in == screening
        assert row.reviewed_at is not None


def test_her_caution_still_needs_the_practitioners_sign_off(patient, ada_account, practitioner):
    intake = _sent(patient, ada_account, CAUTION)
    client_for(practitioner).post(
        f"/patients/{patient.id}/screening/new/", _screening_post(patient, intake.id, CAUTION)
    )
    screening = Screening.objects.get(patient=patient)
    state = access_screening_state(actor(practitioner), screening.id)
    assert [item.key for item in state.outcome.unsigned_cautions] == [CAUTION]


def test_her_answers_alone_never_make_a_screening(patient, ada_account):
    _sent(patient, ada_account)
    assert not Screening.objects.filter(patient=patient).exists()


def test_answers_she_sent_after_the_form_was_opened_stay_waiting(
    patient, ada_account, practitioner
):
    shown = _sent(patient, ada_account)
    newer = _sent(patient, ada_account, STOP)
    client_for(practitioner).post(
        f"/patients/{patient.id}/screening/new/", _screening_post(patient, shown.id)
    )
    newer.refresh_from_db()
    assert newer.reviewed_at is None


def test_another_clinics_practitioner_never_sees_her_answers(patient, ada_account, outsider):
    _sent(patient, ada_account)
    response = client_for(outsider).get(f"/patients/{patient.id}/screening/new/")
    assert response.status_code == 404


def test_her_home_says_reviewed_once_screened(patient, ada_account, ada_client, practitioner):
    assert "To do" in ada_client.get("/portal/").content.decode()
    intake = _sent(patient, ada_account)
    assert "Sent" in ada_client.get("/portal/").content.decode()
    client_for(practitioner).post(
        f"/patients/{patient.id}/screening/new/", _screening_post(patient, intake.id)
    )
    home = ada_client.get("/portal/").content.decode()
    assert "Reviewed" in home
    assert "Your practitioner went through the answers you sent" in (
        ada_client.get("/portal/health-questions/").content.decode()
    )


def test_the_screening_list_says_her_answers_await_review(patient, ada_account, logged_in):
    _sent(patient, ada_account, STOP)
    page = logged_in.get(f"/patients/{patient.id}/screening/").content.decode()
    assert "Call her before any treatment" in page
    assert "her answers await review" in page
    assert f'href="/patients/{patient.id}/screening/new/"' in page


def test_the_screening_says_which_portal_answers_it_went_through(
    patient, ada_account, practitioner
):
    intake = _sent(patient, ada_account)
    client = client_for(practitioner)
    client.post(f"/patients/{patient.id}/screening/new/", _screening_post(patient, intake.id))
    screening = Screening.objects.get(patient=patient)
    page = client.get(f"/screening/{screening.id}/").content.decode()
    day = _local_day(intake)
    assert f"Gone through with her: the answers she sent on {day}" in page
