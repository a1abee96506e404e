"""Every patient document says that results vary and are not guaranteed, and none makes
a claim the evidence does not support ("no side effects", "painless", "total removal"),
including in the wording a clinic writes for its patients."""

import pytest

from mesoclinic.charting.aftercare import aftercare_template_save
from mesoclinic.documents.honesty import HONEST_STATEMENT
from mesoclinic.domain.errors import DomainError
from mesoclinic.domain.honesty import BANNED_PHRASES, claims_in
from tests.conftest import actor, client_for
from tests.documents.pdf_tools import pdf_text


@pytest.fixture
def every_document(charted):
    return {
        "plan": f"/courses/{charted.course_id}/plan.pdf",
        "progress report": f"/courses/{charted.course_id}/progress-report.pdf",
        "aftercare": f"/sessions/{charted.id}/aftercare.pdf",
    }


def test_every_document_says_results_vary_and_are_not_guaranteed(
    practitioner, every_document, tmp_path
):
    client = client_for(practitioner)
    for name, url in every_document.items():
        assert HONEST_STATEMENT in pdf_text(client.get(url).content, tmp_path), name


def test_no_document_makes_a_banned_claim(practitioner, every_document, tmp_path):
    client = client_for(practitioner)
    for name, url in every_document.items():
        assert claims_in(pdf_text(client.get(url).content, tmp_path)) == [], name


def test_the_banned_list_names_the_claims_patients_are_sold():
    assert {"no side effects", "painless", "total removal"} <= set(BANNED_PHRASES)


def test_a_claim_is_found_whatever_its_case_and_line_breaks():
    assert claims_in("Sessions are PAINLESS, with no\nside   effects") == [
        "no side effects",
        "painless",
    ]


def test_the_clinics_aftercare_text_may_not_promise_painless_sessions(clinic_admin, riverside):
    with pytest.raises(DomainError) as refused:
        aftercare_template_save(
            actor=actor(clinic_admin),
            clinic_id=riverside.id,
            body="Sessions are painless and there are no side effects.",
        )

    assert refused.value.field == "body"
    assert '"no side effects", "painless"' in refused.value.message


def test_the_aftercare_editor_refuses_a_banned_claim_beside_the_text(clinic_admin, riverside):
    response = client_for(clinic_admin).post(
        f"/clinics/{riverside.id}/aftercare/", {"body": "Total removal of cellulite."}
    )

    assert response.status_code == 200
    assert '"total removal"' in " ".join(response.context["form"].errors["body"])
