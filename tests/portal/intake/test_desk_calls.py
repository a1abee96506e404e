"""A stop among her portal answers puts her on the day list, for the desk to call before
any treatment, without saying which answer; a caution does not. She leaves the list once a
screening is saved for her, or when her newer answers hold no stop."""

from mesoclinic.clinics.clock import clinic_today
from mesoclinic.portal.intake.questions import intake_submit
from mesoclinic.screening.services import screening_create
from tests.conftest import actor, client_for
from tests.portal.intake.conftest import CAUTION, STOP, answers

HEADING = "To call before any treatment"


def _day_list(user, clinic) -> str:
    return client_for(user).get(f"/today/{clinic.id}/").content.decode()


def _send(patient, *yes):
    account = patient.account.user
    return intake_submit(
        actor=actor(account), patient=patient, answers=answers(patient.clinic, *yes)
    )


def test_a_stop_puts_her_on_the_desks_day_list_with_her_phone(
    patient, ada_account, front_desk, riverside
):
    _send(patient, STOP)
    page = _day_list(front_desk, riverside)
    assert HEADING in page
    assert "Ada Lovelace" in page
    assert patient.phone in page
    assert "Pregnan" not in page


def test_a_caution_does_not(patient, ada_account, front_desk, riverside):
    _send(patient, CAUTION)
    assert HEADING not in _day_list(front_desk, riverside)


def test_newer_answers_without_a_stop_take_her_off_the_list(
    patient, ada_account, front_desk, riverside
):
    _send(patient, STOP)
    _send(patient)
    assert HEADING not in _day_list(front_desk, riverside)


def test_a_screening_with_her_answers_reviewed_takes_her_off_the_list(
    patient, ada_account, front_desk, practitioner, riverside
):
    intake = _send(patient, STOP)
    screening_create(
        actor=actor(practitioner),
        patient=patient,
        taken_on=clinic_today(riverside),
        answers={key: key == STOP for key in answers(riverside)},
        reviews=intake,
    )
    assert HEADING not in _day_list(front_desk, riverside)


def test_another_clinics_desk_never_sees_her(patient, ada_account, outsider, hillcrest):
    _send(patient, STOP)
    assert "Ada Lovelace" not in _day_list(outsider, hillcrest)
    assert client_for(outsider).get(f"/today/{patient.clinic_id}/").status_code == 404
