"""The screening pages as staff use them, and who may not see them."""

import pytest
from django.test import Client

from mesoclinic.audit.models import Action, AuditEvent
from mesoclinic.screening.models import Screening, ScreeningSignOff
from tests.conftest import client_for
from tests.screening.conftest import XSS_NAME, answers


def form_data(today, *yes, **extra):
    data = {"taken_on": today.isoformat()} if today is not None else {}
    for key, value in answers(*yes).items():
        data[f"answer_{key}"] = "yes" if value else "no"
        data[f"note_{key}"] = ""
    data.update(extra)
    return data


def amend_data(*yes, reason="patient corrected an answer", **extra):
    return form_data(None, *yes, reason=reason, **extra)


def page_urls(patient, screening) -> list[str]:
    return [
        f"/patients/{patient.id}/screening/",
        f"/patients/{patient.id}/screening/new/",
        f"/screening/{screening.id}/",
        f"/screening/{screening.id}/amend/",
    ]


def post_urls(patient, screening) -> list[str]:
    return [
        f"/patients/{patient.id}/screening/new/",
        f"/patients/{patient.id}/course-start/",
        f"/screening/{screening.id}/amend/",
        f"/screening/{screening.id}/sign-off/",
        f"/screening/{screening.id}/entered-in-error/",
    ]


# -- what staff see and do ---------------------------------------------------------------------


def test_the_patient_page_links_to_screening_for_clinical_staff(patient, logged_in):
    response = logged_in.get(f"/patients/{patient.id}/")
    assert f'href="/patients/{patient.id}/screening/"'.encode() in response.content


def test_the_screening_page_shows_readiness_and_the_screenings(stopped, patient, logged_in):
    response = logged_in.get(f"/patients/{patient.id}/screening/")

    content = response.content.decode()
    assert response.status_code == 200
    assert "Course readiness" in content
    assert "Screening stop: Pregnant. A course cannot start." in content
    assert f'href="/screening/{stopped.id}/"' in content
    assert "1 stop" in content


def test_a_new_screening_is_saved_from_the_form(patient, logged_in, today):
    response = logged_in.post(
        f"/patients/{patient.id}/screening/new/",
        form_data(today, "diabetes", note_diabetes="type 2"),
    )

    screening = Screening.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/screening/{screening.id}/"
    assert screening.answers.get(item_key="diabetes").note == "type 2"


def test_the_form_does_not_ask_the_age_question(patient, logged_in):
    response = logged_in.get(f"/patients/{patient.id}/screening/new/")

    assert b'name="answer_under_18"' not in response.content
    assert b'name="answer_pregnancy"' in response.content
    assert b"answered from the date of birth" in response.content


def test_an_unanswered_question_shows_its_error_beside_it(patient, logged_in, today):
    data = form_data(today)
    del data["answer_diabetes"]

    response = logged_in.post(f"/patients/{patient.id}/screening/new/", data)

    assert response.status_code == 200
    assert response.context["form"].errors["answer_diabetes"] == ["Answer yes or no."]
    assert b'id="id_answer_diabetes-error"' in response.content
    assert not Screening.objects.exists()


def test_a_future_date_is_refused_beside_the_date(patient, logged_in, today):
    data = form_data(today)
    data["taken_on"] = today.replace(year=today.year + 1).isoformat()

    response = logged_in.post(f"/patients/{patient.id}/screening/new/", data)

    assert "cannot be in the future" in response.context["form"].errors["taken_on"][0]


def test_a_screening_dated_in_year_0001_is_refused_beside_the_date(patient, logged_in, today):
    data = form_data(today)
    data["taken_on"] = "0001-01-01"

    response = logged_in.post(f"/patients/{patient.id}/screening/new/", data)

    assert response.context["form"].errors["taken_on"] == ["Use a date between 1900 and 2100."]
    assert not Screening.objects.exists()


def test_the_detail_page_shows_stops_cautions_and_a_sign_off_form(cautioned, logged_in):
    response = logged_in.get(f"/screening/{cautioned.id}/")

    content = response.content.decode()
    assert "Cautions: a practitioner signs each off" in content
    assert "type 2, on metformin" in content
    assert f'action="/screening/{cautioned.id}/sign-off/"' in content


def test_a_caution_is_signed_off_from_the_page(cautioned, logged_in):
    response = logged_in.post(
        f"/screening/{cautioned.id}/sign-off/", {"item": "diabetes", "reason": "controlled"}
    )

    assert response.status_code == 302
    assert ScreeningSignOff.objects.get().reason == "controlled"
    page = logged_in.get(f"/screening/{cautioned.id}/").content.decode()
    assert "signed off" in page
    assert "controlled" in page


def test_a_sign_off_without_a_reason_shows_the_error_beside_it(cautioned, logged_in):
    response = logged_in.post(
        f"/screening/{cautioned.id}/sign-off/", {"item": "diabetes", "reason": ""}
    )

    assert response.status_code == 200
    assert b'id="id_signoff_diabetes_reason-error"' in response.content
    assert not ScreeningSignOff.objects.exists()


def test_a_stop_has_no_sign_off_form_and_a_forged_one_is_refused(stopped, logged_in):
    page = logged_in.get(f"/screening/{stopped.id}/").content
    assert b"/sign-off/" not in page

    response = logged_in.post(
        f"/screening/{stopped.id}/sign-off/", {"item": "pregnancy", "reason": "asked"}
    )

    assert response.status_code == 200
    assert b"cannot be signed off" in response.content
    assert not ScreeningSignOff.objects.exists()


def test_an_amendment_from_the_page_shows_beside_the_original(clear_screening, logged_in):
    response = logged_in.post(
        f"/screening/{clear_screening.id}/amend/",
        amend_data("pregnancy", note_pregnancy="8 weeks", reason="test came back positive"),
    )
    assert response.status_code == 302

    page = logged_in.get(f"/screening/{clear_screening.id}/").content.decode()
    assert "first recorded: No" in page
    assert "test came back positive" in page
    assert "Stops: no course" in page


def test_the_amend_form_starts_from_the_current_answers(cautioned, logged_in):
    response = logged_in.get(f"/screening/{cautioned.id}/amend/")

    form = response.context["form"]
    assert form["answer_diabetes"].initial == "yes"
    assert form["note_diabetes"].initial == "type 2, on metformin"


def test_an_amendment_that_changes_nothing_says_so(clear_screening, logged_in):
    response = logged_in.post(f"/screening/{clear_screening.id}/amend/", amend_data())

    assert response.status_code == 200
    assert b"Nothing changed" in response.content


def test_marking_entered_in_error_keeps_the_screening_visible(clear_screening, logged_in):
    response = logged_in.post(
        f"/screening/{clear_screening.id}/entered-in-error/", {"reason": "wrong patient"}
    )
    assert response.status_code == 302

    page = logged_in.get(f"/screening/{clear_screening.id}/").content.decode()
    assert "Entered in error: wrong patient" in page


def test_starting_a_course_after_a_stop_is_refused_with_the_reason_shown(
    stopped, patient, logged_in
):
    response = logged_in.post(f"/patients/{patient.id}/course-start/")

    content = response.content.decode()
    assert response.status_code == 200
    assert "The course cannot start" in content
    assert "Screening stop: Pregnant. A course cannot start." in content
    assert "No signed consent" in content


def test_starting_a_course_when_nothing_blocks_says_it_is_ready(
    clear_screening, consented, patient, logged_in
):
    response = logged_in.post(f"/patients/{patient.id}/course-start/")

    assert response.status_code == 200
    assert b"Ready: a course can be started" in response.content


def test_course_start_is_a_post(patient, logged_in):
    assert logged_in.get(f"/patients/{patient.id}/course-start/").status_code == 405


def test_a_clinic_admin_sees_the_screening_pages(stopped, patient, clinic_admin):
    admin = client_for(clinic_admin)
    for url in page_urls(patient, stopped):
        assert admin.get(url).status_code == 200, url


# -- who may not ------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["outsider", "front_desk", "chain_manager"])
def test_screening_pages_are_not_found_for_anyone_without_clinical_access(
    stopped, patient, who, request
):
    client = client_for(request.getfixturevalue(who))
    for url in page_urls(patient, stopped):
        assert client.get(url).status_code == 404, url
    for url in post_urls(patient, stopped):
        assert client.post(url, {"reason": "x", "item": "pregnancy"}).status_code == 404, url
    assert Screening.objects.count() == 1
    assert not ScreeningSignOff.objects.exists()


def test_an_unknown_screening_is_not_found(logged_in):
    assert logged_in.get("/screening/999999/").status_code == 404


def test_every_state_change_needs_the_csrf_token(stopped, patient, practitioner):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(practitioner)
    for url in post_urls(patient, stopped):
        assert strict.post(url, {"reason": "x"}).status_code == 403, url


def test_the_pages_carry_the_csrf_token_in_their_forms(cautioned, patient, logged_in):
    for url in (f"/patients/{patient.id}/screening/", f"/screening/{cautioned.id}/"):
        assert b"csrfmiddlewaretoken" in logged_in.get(url).content


def test_every_page_writes_a_read_row_to_the_audit_trail(stopped, patient, logged_in):
    for url in page_urls(patient, stopped):
        before = AuditEvent.objects.filter(action=Action.READ, patient_id=patient.id).count()
        logged_in.get(url)
        after = AuditEvent.objects.filter(action=Action.READ, patient_id=patient.id).count()
        assert after > before, url


def test_a_hostile_patient_name_and_note_are_escaped(xss_patient, logged_in, today):
    response = logged_in.post(
        f"/patients/{xss_patient.id}/screening/new/",
        form_data(today, "diabetes", note_diabetes=XSS_NAME),
    )
    screening = Screening.objects.get()
    urls = [
        *page_urls(xss_patient, screening),
        f"/patients/{xss_patient.id}/course-start/",
    ]
    for url in urls:
        response = logged_in.post(url) if url.endswith("course-start/") else logged_in.get(url)
        assert XSS_NAME.encode() not in response.content, url
        assert b"&lt;img src=x onerror=alert(1)&gt;" in response.content, url
