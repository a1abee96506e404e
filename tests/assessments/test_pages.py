"""The assessment pages: the form with errors beside their fields, the computed grades,
signing and amending, and who may see them."""

import zoneinfo

import pytest
from django.test import Client
from django.utils import timezone

from mesoclinic.assessments.models import Assessment
from mesoclinic.audit.models import Action, AuditEvent
from mesoclinic.patients.models import Patient
from tests.conftest import client_for

XSS = "<img src=x onerror=alert(1)>"


def visit(**fields) -> dict[str, str]:
    data = {"assessed_on": "2026-01-12", "kind": "initial", "weight_kg": "", "notes": ""}
    data.update(fields)
    return data


def area(prefix: str, **fields) -> dict[str, str]:
    return {f"{prefix}-{name}": str(value) for name, value in fields.items()}


def block(response, label: str):
    return next(b for b in response.context["editor"].blocks if b.label == label)


def new_url(patient) -> str:
    return f"/patients/{patient.id}/assessments/new/"


def test_the_patient_page_links_to_assessments_for_clinical_staff_only(
    practitioner, front_desk, patient
):
    url = f"/patients/{patient.id}/assessments/"

    assert url.encode() in client_for(practitioner).get(f"/patients/{patient.id}/").content
    assert url.encode() not in client_for(front_desk).get(f"/patients/{patient.id}/").content


def test_an_assessment_entered_on_the_form_shows_its_computed_grades(practitioner, patient):
    client = client_for(practitioner)
    data = visit(
        **area("thighs-left", nm_grade=2, css_a=2, css_b=2, css_c=1, css_d=1),
        **area("buttocks-right", nm_grade=1),
    )

    response = client.post(new_url(patient), data)

    assessment = Assessment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/assessments/{assessment.id}/"
    page = client.get(response["Location"])
    worst = page.context["worst"]
    assert (worst.label, worst.scored.css_total, worst.scored.css_band) == (
        "Thighs, left",
        8,
        "moderate",
    )
    assert b"Thighs, left: NM grade 2, CSS 8 (moderate)" in page.content
    assert [(v.label, v.scored.nm_grade) for v in page.context["areas"]] == [
        ("Thighs, left", 2),
        ("Buttocks, right", 1),
    ]


def test_the_grade_is_taken_from_the_findings_when_they_are_given(practitioner, patient):
    data = visit(
        **area(
            "thighs-left",
            nm_grade=1,
            dimpling_on_pinch="yes",
            visible_standing="yes",
            visible_lying="no",
        )
    )

    client_for(practitioner).post(new_url(patient), data)

    assert Assessment.objects.get().areas.get().nm_grade == 2


def test_css_item_e_is_taken_from_the_nm_grade_not_typed_again(practitioner, patient):
    form = client_for(practitioner).get(new_url(patient)).content.decode()
    data = visit(**area("thighs-left", nm_grade=2, css_a=1, css_b=1, css_c=1, css_d=1))

    response = client_for(practitioner).post(new_url(patient), data)

    assert 'name="thighs-left-css_e"' not in form
    assert "CSS E: the NM grade" in form
    assert response.status_code == 302
    row = Assessment.objects.get().areas.get()
    assert (row.css_e, row.css_total) == (2, 6)


def test_the_css_hint_asks_for_what_the_css_error_asks_for(practitioner, patient):
    form = client_for(practitioner).get(new_url(patient)).content.decode()
    data = visit(**area("thighs-left", nm_grade=2, css_a=1))

    response = client_for(practitioner).post(new_url(patient), data)

    error = block(response, "Thighs, left").form.errors["css_b"][0]
    assert error.startswith("Score all four CSS items A–D, or none of them")
    assert "Score all four CSS items A–D, or none of them; item E is the NM grade." in form
    assert "all five" not in form


def test_gais_on_an_initial_assessment_is_shown_beside_gais(practitioner, patient):
    data = visit(**area("abdomen-all", nm_grade=1, gais=2))

    response = client_for(practitioner).post(new_url(patient), data)

    assert "initial assessment" in block(response, "Abdomen").form.errors["gais"][0]


def test_an_assessment_dated_in_year_0001_is_refused_beside_its_date(practitioner, patient):
    data = visit(assessed_on="0001-01-01", **area("thighs-left", nm_grade=2))

    response = client_for(practitioner).post(new_url(patient), data)

    errors = response.context["editor"].details.errors
    assert errors["assessed_on"] == ["Use a date between 1900 and 2100."]
    assert not Assessment.objects.exists()


def test_contradictory_findings_show_the_domains_message_beside_the_field(practitioner, patient):
    data = visit(
        **area(
            "thighs-right",
            dimpling_on_pinch="yes",
            visible_standing="no",
            visible_lying="yes",
        )
    )

    response = client_for(practitioner).post(new_url(patient), data)

    message = block(response, "Thighs, right").form.errors["visible_lying"][0]
    assert "does not fit the NM scale" in message


def test_half_answered_findings_are_refused_beside_the_missing_one(practitioner, patient):
    data = visit(**area("thighs-right", dimpling_on_pinch="yes", visible_standing="no"))

    response = client_for(practitioner).post(new_url(patient), data)

    assert "all three" in block(response, "Thighs, right").form.errors["visible_lying"][0]


def test_a_form_with_no_area_asks_for_one(practitioner, patient):
    response = client_for(practitioner).post(new_url(patient), visit())

    assert response.status_code == 422
    assert b"Assess at least one body area." in response.content


def test_the_new_form_prefills_the_landmark_from_the_last_assessment(
    practitioner, patient, assessment
):
    response = client_for(practitioner).get(new_url(patient))

    form = block(response, "Thighs, left").form
    assert form.initial["landmark"] == "18 cm above the top of the kneecap"
    assert b'value="18 cm above the top of the kneecap"' in response.content
    assert response.context["editor"].details.initial["kind"] == "follow_up"


def test_a_prefilled_landmark_alone_does_not_add_an_area(practitioner, patient, assessment):
    data = visit(
        kind="follow_up",
        **area("thighs-left", landmark="18 cm above the top of the kneecap"),
        **area("abdomen-all", nm_grade=0),
    )

    client_for(practitioner).post(new_url(patient), data)

    newest = Assessment.objects.order_by("-id").first()
    assert list(newest.areas.values_list("area", flat=True)) == ["abdomen"]


def test_the_author_edits_before_signing(practitioner, assessment):
    client = client_for(practitioner)
    url = f"/assessments/{assessment.id}/edit/"

    assert client.get(url).status_code == 200
    response = client.post(url, visit(**area("thighs-left", nm_grade=3)))

    assert response.status_code == 302
    assert list(assessment.areas.values_list("side", "nm_grade")) == [("left", 3)]


def test_a_colleague_is_sent_back_from_the_edit_page(clinic_admin, assessment):
    response = client_for(clinic_admin).get(f"/assessments/{assessment.id}/edit/")

    assert response.status_code == 302


def test_after_signing_the_edit_page_refuses_and_the_values_stay(practitioner, assessment):
    client = client_for(practitioner)

    signed = client.post(f"/assessments/{assessment.id}/sign/")
    edited = client.post(
        f"/assessments/{assessment.id}/edit/", visit(**area("thighs-left", nm_grade=3))
    )

    assessment.refresh_from_db()
    assert signed.status_code == 302
    assert assessment.signed_at is not None
    assert edited.status_code == 302
    assert assessment.areas.get(side="left").nm_grade == 2
    page = client.get(f"/assessments/{assessment.id}/")
    assert b"Signed" in page.content
    assert f"/assessments/{assessment.id}/edit/".encode() not in page.content


def amend_data(**overrides) -> dict[str, str]:
    data = visit(
        weight_kg="68.0",
        **area(
            "thighs-left",
            nm_grade=2,
            css_a=2,
            css_b=2,
            css_c=1,
            css_d=1,
            circumference_cm="58.5",
            landmark="18 cm above the top of the kneecap",
        ),
        **area("thighs-right", nm_grade=2),
        reason="Right thigh regraded lying down",
    )
    data.update(overrides)
    return data


def test_an_amendment_shows_the_original_value_with_author_and_clinic_time(practitioner, signed):
    client = client_for(practitioner)

    response = client.post(
        f"/assessments/{signed.id}/amend/", amend_data(**{"thighs-right-nm_grade": "3"})
    )

    assert response.status_code == 302
    page = client.get(f"/assessments/{signed.id}/")
    amendment, changes = page.context["amendments"][0]
    assert amendment.author == practitioner
    assert [(c.label, c.before, c.after) for c in changes] == [("Thighs, right: NM grade", 2, 3)]
    assert b"Right thigh regraded lying down" in page.content
    at = timezone.localtime(amendment.at, zoneinfo.ZoneInfo(signed.clinic.time_zone))
    assert f"{at:%Y-%m-%d %H:%M %Z} by riverside.practitioner" in page.content.decode()
    assert page.context["worst"].label == "Thighs, right"


def test_an_amendment_needs_a_reason(practitioner, signed):
    response = client_for(practitioner).post(
        f"/assessments/{signed.id}/amend/", amend_data(reason="", **{"thighs-right-nm_grade": "3"})
    )

    assert response.status_code == 422
    assert response.context["reason_form"].errors["reason"]
    assert not signed.amendments.exists()


def test_an_amendment_cannot_remove_an_area(practitioner, signed):
    response = client_for(practitioner).post(
        f"/assessments/{signed.id}/amend/", amend_data(**{"thighs-right-nm_grade": ""})
    )

    assert "cannot be removed" in block(response, "Thighs, right").form.errors["nm_grade"][0]


def test_an_amended_grade_carries_item_e_with_it(practitioner, signed):
    response = client_for(practitioner).post(
        f"/assessments/{signed.id}/amend/", amend_data(**{"thighs-left-nm_grade": "3"})
    )

    assert response.status_code == 302
    row = signed.areas.get(side="left")
    assert (row.nm_grade, row.css_e) == (3, 3)


def test_an_unsigned_assessment_has_no_amend_page(practitioner, assessment):
    assert client_for(practitioner).get(f"/assessments/{assessment.id}/amend/").status_code == 302


def test_marking_entered_in_error_keeps_the_assessment_visible(practitioner, assessment):
    client = client_for(practitioner)

    client.post(f"/assessments/{assessment.id}/entered-in-error/", {"reason": "Wrong patient"})

    page = client.get(f"/assessments/{assessment.id}/")
    assert b"Entered in error: Wrong patient" in page.content
    assert b"Sign assessment" not in page.content


def pages(patient, assessment) -> list[str]:
    return [
        f"/patients/{patient.id}/assessments/",
        f"/patients/{patient.id}/assessments/new/",
        f"/assessments/{assessment.id}/",
        f"/assessments/{assessment.id}/edit/",
        f"/assessments/{assessment.id}/amend/",
    ]


def posts(patient, assessment) -> list[tuple[str, dict[str, str]]]:
    return [
        (f"/patients/{patient.id}/assessments/new/", visit(**area("abdomen-all", nm_grade=1))),
        (f"/assessments/{assessment.id}/edit/", visit(**area("abdomen-all", nm_grade=1))),
        (f"/assessments/{assessment.id}/sign/", {}),
        (f"/assessments/{assessment.id}/amend/", amend_data()),
        (f"/assessments/{assessment.id}/entered-in-error/", {"reason": "x"}),
        (f"/assessments/{assessment.id}/photos/", {"pose": "back_relaxed"}),
    ]


@pytest.mark.parametrize("user", ["outsider", "front_desk", "chain_manager"])
def test_staff_without_clinical_access_at_the_clinic_get_404_everywhere(
    request, patient, assessment, user
):
    client = client_for(request.getfixturevalue(user))

    for url in pages(patient, assessment):
        assert client.get(url).status_code == 404, url
    for url, data in posts(patient, assessment):
        assert client.post(url, data).status_code == 404, url
    assessment.refresh_from_db()
    assert (assessment.signed_at, assessment.status) == (None, "active")
    assert Assessment.objects.count() == 1


def test_an_unknown_assessment_gives_the_same_404(practitioner):
    assert client_for(practitioner).get("/assessments/999999/").status_code == 404


def test_every_state_change_needs_the_csrf_token(practitioner, patient, assessment):
    client = Client(enforce_csrf_checks=True)
    client.force_login(practitioner)

    for url, data in posts(patient, assessment):
        assert client.post(url, data).status_code == 403, url


@pytest.mark.parametrize("index", range(5))
def test_every_page_read_writes_an_audit_row(practitioner, patient, signed, index):
    url = pages(patient, signed)[index]
    before = AuditEvent.objects.filter(action=Action.READ, patient_id=patient.id).count()

    client_for(practitioner).get(url)

    after = AuditEvent.objects.filter(action=Action.READ, patient_id=patient.id).count()
    assert after == before + 1, url


def test_signing_amending_and_marking_write_their_audit_rows(practitioner, assessment):
    client = client_for(practitioner)
    client.post(f"/assessments/{assessment.id}/sign/")
    client.post(
        f"/assessments/{assessment.id}/amend/", amend_data(**{"thighs-right-nm_grade": "3"})
    )
    client.post(f"/assessments/{assessment.id}/entered-in-error/", {"reason": "x"})

    actions = set(
        AuditEvent.objects.filter(target=f"assessment {assessment.id}").values_list(
            "action", flat=True
        )
    )
    assert {Action.SIGN, Action.AMEND, Action.ENTERED_IN_ERROR} <= actions


def test_a_hostile_patient_name_notes_and_landmark_are_escaped(practitioner, riverside):
    patient = Patient.objects.create(
        clinic=riverside, given_name=XSS, family_name=XSS, date_of_birth="1990-01-01"
    )
    client = client_for(practitioner)
    client.post(
        new_url(patient),
        visit(
            notes=XSS,
            **area("thighs-left", nm_grade=2, circumference_cm="58.0", landmark=XSS),
        ),
    )
    assessment = Assessment.objects.get()

    for url in [*pages(patient, assessment)[:4]]:
        content = client.get(url).content
        assert XSS.encode() not in content, url
        assert b"&lt;img src=x onerror=alert(1)&gt;" in content, url
