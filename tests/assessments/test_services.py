"""Writing assessments: computed scores, the rules the domain enforces, signing and amending."""

from datetime import date
from decimal import Decimal

import pytest
from django.http import Http404

from mesoclinic.assessments.models import AreaScore, Assessment
from mesoclinic.assessments.selectors import last_landmarks
from mesoclinic.assessments.services import (
    assessment_amend,
    assessment_create,
    assessment_mark_entered_in_error,
    assessment_sign,
    assessment_update,
)
from mesoclinic.audit.models import Action, AuditEvent
from mesoclinic.domain.assessment import AreaEntry, score_area
from mesoclinic.domain.errors import DomainError
from mesoclinic.domain.grading import ExamFindings
from mesoclinic.planning.protocol import current_protocol
from tests.assessments.conftest import ASSESSED_ON, thighs
from tests.conftest import actor


def create(user, patient, **overrides):
    values = {
        "actor": actor(user),
        "patient_id": patient.id,
        "assessed_on": ASSESSED_ON,
        "kind": "initial",
        "areas": thighs(),
    }
    values.update(overrides)
    return assessment_create(**values)


def test_the_stored_css_total_and_band_are_the_domains(assessment):
    left = assessment.areas.get(side="left")
    expected = score_area(
        AreaEntry(area="thighs", side="left", nm_grade=2, css_items=(2, 2, 1, 1, 2)),
        kind="initial",
        protocol=current_protocol(),
    )

    assert (left.css_total, left.css_band) == (expected.css_total, expected.css_band)
    assert (left.css_total, left.css_band) == (8, "moderate")


def test_the_assessment_names_the_protocol_it_was_graded_with(assessment):
    protocol = current_protocol()

    assert (assessment.protocol_name, assessment.protocol_version) == (
        protocol.name,
        protocol.version,
    )


def test_css_item_e_unlike_the_grade_is_refused_and_nothing_is_stored(practitioner, patient):
    with pytest.raises(DomainError) as refused:
        create(practitioner, patient, areas=thighs(css_items=(1, 1, 1, 1, 3)))

    assert refused.value.field == "areas.0.css.E"
    assert not Assessment.objects.exists()


def test_gais_on_an_initial_assessment_is_refused(practitioner, patient):
    with pytest.raises(DomainError) as refused:
        create(practitioner, patient, areas=thighs(gais=2))
    assert refused.value.field == "areas.0.gais"


def test_gais_is_kept_on_a_follow_up(practitioner, patient):
    made = create(practitioner, patient, kind="follow_up", areas=thighs(gais=2))

    assert made.areas.get(side="left").gais == 2


def test_the_grade_follows_from_the_findings_when_given(practitioner, patient):
    seen = ExamFindings(dimpling_on_pinch=True, visible_standing=True, visible_lying=True)

    made = create(practitioner, patient, areas=thighs(left_grade=1, findings=seen))

    left = made.areas.get(side="left")
    assert left.nm_grade == 3
    assert (left.dimpling_on_pinch, left.visible_standing, left.visible_lying) == (
        True,
        True,
        True,
    )


def test_a_future_date_is_refused(practitioner, patient):
    with pytest.raises(DomainError) as refused:
        create(practitioner, patient, assessed_on=date(2999, 1, 1))
    assert refused.value.field == "assessed_on"


def test_a_circumference_without_a_landmark_repeats_the_last_one(assessment, practitioner, patient):
    later = create(
        practitioner,
        patient,
        kind="follow_up",
        areas=thighs(circumference_cm=Decimal("57.0")),
    )

    assert later.areas.get(side="left").landmark == "18 cm above the top of the kneecap"


def test_the_last_landmark_is_offered_per_area_and_side(assessment, practitioner, patient):
    assert last_landmarks(actor(practitioner), patient) == {
        ("thighs", "left"): "18 cm above the top of the kneecap"
    }


def test_the_newest_landmark_wins(assessment, practitioner, patient):
    create(
        practitioner,
        patient,
        kind="follow_up",
        assessed_on=date(2026, 2, 9),
        areas=thighs(circumference_cm=Decimal("57.0"), landmark="26 cm above the kneecap"),
    )

    landmarks = last_landmarks(actor(practitioner), patient)

    assert landmarks[("thighs", "left")] == "26 cm above the kneecap"


def test_an_assessment_entered_in_error_does_not_supply_landmarks(
    assessment, practitioner, patient
):
    assessment_mark_entered_in_error(actor=actor(practitioner), assessment=assessment, reason="x")

    assert last_landmarks(actor(practitioner), patient) == {}


def test_the_author_edits_an_unsigned_assessment(assessment, practitioner):
    assessment_update(
        actor=actor(practitioner),
        assessment=assessment,
        assessed_on=ASSESSED_ON,
        kind="initial",
        areas=[AreaEntry(area="abdomen", side=None, nm_grade=1)],
    )

    assert list(assessment.areas.values_list("area", "nm_grade")) == [("abdomen", 1)]
    assert AuditEvent.objects.filter(
        action=Action.UPDATE, target=f"assessment {assessment.id}"
    ).exists()


def test_a_colleague_cannot_edit_someone_elses_unsigned_assessment(assessment, clinic_admin):
    with pytest.raises(DomainError) as refused:
        assessment_update(
            actor=actor(clinic_admin),
            assessment=assessment,
            assessed_on=ASSESSED_ON,
            kind="initial",
            areas=thighs(),
        )
    assert "author" in refused.value.message


def test_only_the_author_signs(assessment, clinic_admin):
    with pytest.raises(DomainError):
        assessment_sign(actor=actor(clinic_admin), assessment=assessment)


def test_a_signed_assessment_cannot_be_edited_only_amended(signed, practitioner):
    with pytest.raises(DomainError) as refused:
        assessment_update(
            actor=actor(practitioner),
            assessment=signed,
            assessed_on=ASSESSED_ON,
            kind="initial",
            areas=thighs(left_grade=3),
        )
    assert "amendment" in refused.value.message
    assert signed.areas.get(side="left").nm_grade == 2


def test_an_amendment_keeps_the_original_values_with_author_time_and_reason(signed, clinic_admin):
    amendment = assessment_amend(
        actor=actor(clinic_admin),
        assessment=signed,
        reason="Weighed in shoes",
        weight_kg=Decimal("67.2"),
        areas=[AreaEntry(area="thighs", side="right", nm_grade=3)],
    )

    assert amendment.changes == {
        "weight_kg": ["68.0", "67.2"],
        "thighs.right.nm_grade": [2, 3],
    }
    assert amendment.author == clinic_admin
    assert amendment.at is not None
    signed.refresh_from_db()
    assert signed.weight_kg == Decimal("67.2")
    assert signed.areas.get(side="right").nm_grade == 3
    assert AuditEvent.objects.filter(action=Action.AMEND).count() == 1


def test_an_amendment_recomputes_the_css_total_and_band(signed, practitioner):
    assessment_amend(
        actor=actor(practitioner),
        assessment=signed,
        reason="Rescored",
        areas=[
            AreaEntry(
                area="thighs",
                side="left",
                nm_grade=2,
                css_items=(3, 3, 3, 3, 2),
                circumference_cm=Decimal("58.5"),
                landmark="18 cm above the top of the kneecap",
            )
        ],
    )

    left = signed.areas.get(side="left")
    assert (left.css_total, left.css_band) == (14, "severe")


def test_an_amendment_without_a_reason_is_refused(signed, practitioner):
    with pytest.raises(DomainError) as refused:
        assessment_amend(actor=actor(practitioner), assessment=signed, reason=" ", notes="Changed")
    assert refused.value.field == "reason"


def test_an_amendment_that_changes_nothing_is_refused(signed, practitioner):
    with pytest.raises(DomainError):
        assessment_amend(
            actor=actor(practitioner), assessment=signed, reason="no-op", weight_kg=Decimal("68.0")
        )


def test_an_unsigned_assessment_is_edited_not_amended(assessment, practitioner):
    with pytest.raises(DomainError):
        assessment_amend(actor=actor(practitioner), assessment=assessment, reason="r", notes="n")


def test_an_amendment_still_checks_gais_against_the_kind(signed, practitioner):
    with pytest.raises(DomainError) as refused:
        assessment_amend(
            actor=actor(practitioner),
            assessment=signed,
            reason="r",
            areas=[AreaEntry(area="thighs", side="right", nm_grade=2, gais=1)],
        )
    assert refused.value.field == "areas.0.gais"


def test_entered_in_error_keeps_the_record_and_stops_changes(signed, practitioner):
    assessment_mark_entered_in_error(
        actor=actor(practitioner), assessment=signed, reason="Wrong patient"
    )

    signed.refresh_from_db()
    assert signed.status == "entered_in_error"
    assert signed.status_changed_by == practitioner
    assert AreaScore.objects.filter(assessment=signed).count() == 2
    with pytest.raises(DomainError):
        assessment_amend(actor=actor(practitioner), assessment=signed, reason="r", notes="n")


@pytest.mark.parametrize("user", ["outsider", "front_desk", "chain_manager"])
def test_only_clinical_staff_of_the_clinic_write_assessments(request, patient, user):
    with pytest.raises(Http404):
        create(request.getfixturevalue(user), patient)


@pytest.mark.parametrize("user", ["outsider", "front_desk"])
def test_only_clinical_staff_of_the_clinic_amend(request, signed, user):
    with pytest.raises(Http404):
        assessment_amend(
            actor=actor(request.getfixturevalue(user)), assessment=signed, reason="r", notes="n"
        )


def test_creating_writes_one_create_audit_row_without_clinical_content(assessment, patient):
    row = AuditEvent.objects.get(action=Action.CREATE)

    assert row.target == f"assessment {assessment.id}"
    assert (row.patient_id, row.clinic_id) == (patient.id, patient.clinic_id)
