"""Recording screenings: what is stored, what is refused, and how corrections keep the
original visible."""

from datetime import date, timedelta

import pytest
from django.http import Http404

from mesoclinic.audit.models import Action, AuditEvent
from mesoclinic.clinics.clock import clinic_today
from mesoclinic.domain.errors import DomainError
from mesoclinic.patients.models import Patient
from mesoclinic.planning.protocol import clinic_protocol, current_protocol
from mesoclinic.screening.models import Screening, ScreeningAnswer
from mesoclinic.screening.services import (
    screening_amend,
    screening_caution_sign_off,
    screening_create,
    screening_mark_entered_in_error,
)
from mesoclinic.screening.state import screening_state
from tests.conftest import actor
from tests.screening.conftest import answers, screen


def state_of(screening):
    screening = Screening.objects.get(pk=screening.pk)
    clinic = screening.clinic
    return screening_state(screening, clinic_protocol(clinic), clinic_today(clinic))


def test_a_screening_keeps_the_questions_as_asked_and_the_protocol_it_used(
    patient, practitioner, today
):
    screening = screen(patient, practitioner, "diabetes", notes={"diabetes": "type 2"})

    protocol = current_protocol()
    assert (screening.protocol_name, screening.protocol_version) == (
        protocol.name,
        protocol.version,
    )
    assert screening.taken_on == today
    assert screening.author == practitioner
    assert screening.clinic == patient.clinic
    rows = {row.item_key: row for row in screening.answers.all()}
    assert set(rows) == {item.key for item in protocol.screening_items}
    assert rows["diabetes"].answer is True
    assert rows["diabetes"].note == "type 2"
    assert rows["diabetes"].level == "caution"
    assert rows["pregnancy"].item_label == "Pregnant"


def test_creating_a_screening_writes_one_audit_row_naming_it_by_id_only(patient, practitioner):
    screening = screen(patient, practitioner, "diabetes", notes={"diabetes": "type 2"})

    row = AuditEvent.objects.get(action=Action.CREATE, patient_id=patient.id)
    assert row.target == f"screening {screening.id}"
    assert "type 2" not in row.target


def test_age_is_answered_from_the_date_of_birth_so_a_seventeen_year_old_is_stopped(
    riverside, practitioner, today
):
    minor = Patient.objects.create(
        clinic=riverside,
        given_name="Young",
        family_name="Patient",
        date_of_birth=today.replace(year=today.year - 17),
    )

    screening = screen(minor, practitioner)

    row = screening.answers.get(item_key="under_18")
    assert row.answer is True
    assert row.system_answered
    assert screening.age_years == 17
    assert [item.key for item in state_of(screening).outcome.stops] == ["under_18"]


def test_age_cannot_be_typed_in(patient, practitioner, today):
    with pytest.raises(DomainError) as refused:
        screening_create(
            actor=actor(practitioner),
            patient=patient,
            taken_on=today,
            answers={**answers(), "under_18": False},
        )
    assert refused.value.field == "under_18"


def test_every_question_needs_an_answer(patient, practitioner, today):
    partial = answers()
    del partial["pregnancy"]

    with pytest.raises(DomainError) as refused:
        screening_create(
            actor=actor(practitioner), patient=patient, taken_on=today, answers=partial
        )

    assert refused.value.field == "pregnancy"
    assert not Screening.objects.exists()


def test_a_screening_cannot_be_dated_in_the_future(patient, practitioner, today):
    with pytest.raises(DomainError) as refused:
        screen(patient, practitioner, taken_on=today + timedelta(days=1))
    assert refused.value.field == "taken_on"


def test_a_screening_cannot_be_dated_before_the_birth(patient, practitioner):
    with pytest.raises(DomainError) as refused:
        screen(patient, practitioner, taken_on=date(1980, 1, 1))
    assert refused.value.field == "taken_on"


@pytest.mark.parametrize("who", ["front_desk", "outsider", "chain_manager"])
def test_only_clinical_staff_of_the_patients_clinic_can_screen(patient, who, request, today):
    with pytest.raises(Http404):
        screen(patient, request.getfixturevalue(who))
    assert not Screening.objects.exists()


def test_a_saved_screening_cannot_be_saved_over(clear_screening):
    clear_screening.taken_on = date(2020, 1, 1)
    with pytest.raises(PermissionError):
        clear_screening.save()
    row = ScreeningAnswer.objects.filter(screening=clear_screening).first()
    row.answer = True
    with pytest.raises(PermissionError):
        row.save()


def test_an_amendment_changes_the_answer_and_keeps_the_original_visible(
    clear_screening, practitioner
):
    screening_amend(
        actor=actor(practitioner),
        screening=clear_screening,
        changes={"pregnancy": (True, "8 weeks"), "diabetes": (False, "")},
        reason="patient called back: pregnancy test positive",
    )

    state = state_of(clear_screening)
    pregnancy = state.answer("pregnancy")
    assert (pregnancy.answer, pregnancy.note) == (True, "8 weeks")
    assert (pregnancy.original_answer, pregnancy.original_note) == (False, "")
    assert pregnancy.amended
    assert not state.answer("diabetes").amended
    (amendment,) = state.amendments
    # Only the item that changed is recorded.
    assert amendment.changes == {
        "pregnancy": [{"answer": False, "note": ""}, {"answer": True, "note": "8 weeks"}]
    }
    assert amendment.author == practitioner
    assert [item.key for item in state.outcome.stops] == ["pregnancy"]
    assert AuditEvent.objects.filter(
        action=Action.AMEND, target=f"screening {clear_screening.id}"
    ).exists()


def test_an_amendment_that_changes_nothing_is_refused(clear_screening, practitioner):
    with pytest.raises(DomainError, match="Nothing changed"):
        screening_amend(
            actor=actor(practitioner),
            screening=clear_screening,
            changes={"pregnancy": (False, "")},
            reason="checking",
        )


def test_an_amendment_needs_a_reason(clear_screening, practitioner):
    with pytest.raises(DomainError) as refused:
        screening_amend(
            actor=actor(practitioner),
            screening=clear_screening,
            changes={"pregnancy": (True, "")},
            reason="  ",
        )
    assert refused.value.field == "reason"


def test_the_age_answer_cannot_be_amended(clear_screening, practitioner):
    with pytest.raises(DomainError) as refused:
        screening_amend(
            actor=actor(practitioner),
            screening=clear_screening,
            changes={"under_18": (False, "")},
            reason="typo",
        )
    assert refused.value.field == "under_18"


def test_a_caution_is_signed_off_with_a_reason(cautioned, practitioner):
    sign_off = screening_caution_sign_off(
        actor=actor(practitioner), screening=cautioned, item_key="diabetes", reason="controlled"
    )

    state = state_of(cautioned)
    assert state.signed_off["diabetes"] == sign_off
    assert state.outcome.unsigned_cautions == ()
    assert not state.outcome.blocks_course
    assert AuditEvent.objects.filter(
        action=Action.SIGN, target=f"screening {cautioned.id} sign-off"
    ).exists()


def test_a_clinic_admin_can_sign_off_a_caution(cautioned, clinic_admin):
    screening_caution_sign_off(
        actor=actor(clinic_admin), screening=cautioned, item_key="diabetes", reason="reviewed"
    )
    assert not state_of(cautioned).outcome.blocks_course


def test_front_desk_cannot_sign_off_a_caution(cautioned, front_desk):
    with pytest.raises(Http404):
        screening_caution_sign_off(
            actor=actor(front_desk), screening=cautioned, item_key="diabetes", reason="ok"
        )


def test_a_stop_cannot_be_signed_off(stopped, practitioner):
    with pytest.raises(DomainError, match="cannot be signed off"):
        screening_caution_sign_off(
            actor=actor(practitioner), screening=stopped, item_key="pregnancy", reason="asked"
        )
    assert state_of(stopped).outcome.blocks_course


def test_a_caution_answered_no_needs_no_sign_off(clear_screening, practitioner):
    with pytest.raises(DomainError):
        screening_caution_sign_off(
            actor=actor(practitioner), screening=clear_screening, item_key="diabetes", reason="x"
        )


def test_a_sign_off_needs_a_reason(cautioned, practitioner):
    with pytest.raises(DomainError) as refused:
        screening_caution_sign_off(
            actor=actor(practitioner), screening=cautioned, item_key="diabetes", reason=""
        )
    assert refused.value.field == "reason"


def test_amending_a_signed_off_caution_asks_for_a_new_sign_off(signed_off, practitioner):
    screening_amend(
        actor=actor(practitioner),
        screening=signed_off,
        changes={"diabetes": (True, "type 1, insulin pump")},
        reason="wrong type recorded",
    )

    state = state_of(signed_off)
    assert [item.key for item in state.outcome.unsigned_cautions] == ["diabetes"]
    assert state.outcome.blocks_course

    screening_caution_sign_off(
        actor=actor(practitioner), screening=signed_off, item_key="diabetes", reason="reviewed"
    )
    assert not state_of(signed_off).outcome.blocks_course


def test_amending_another_item_keeps_a_sign_off(signed_off, practitioner):
    screening_amend(
        actor=actor(practitioner),
        screening=signed_off,
        changes={"cancer_history": (False, "asked again: none")},
        reason="note added",
    )
    assert "diabetes" in state_of(signed_off).signed_off


def test_a_screening_entered_in_error_is_kept_marked_and_cannot_be_amended(
    clear_screening, practitioner
):
    screening_mark_entered_in_error(
        actor=actor(practitioner), screening=clear_screening, reason="wrong patient"
    )

    clear_screening.refresh_from_db()
    assert clear_screening.status == "entered_in_error"
    assert clear_screening.status_reason == "wrong patient"
    assert clear_screening.status_changed_by == practitioner
    with pytest.raises(DomainError):
        screening_amend(
            actor=actor(practitioner),
            screening=clear_screening,
            changes={"pregnancy": (True, "")},
            reason="x",
        )
    assert AuditEvent.objects.filter(action=Action.ENTERED_IN_ERROR).exists()
