"""The course pages: the recommendation with its reasons, refusals beside their fields,
the course's state, dates and changes, and who may see any of it."""

import html
from datetime import timedelta

import pytest
from django.test import Client

from mesoclinic.audit.models import Action, AuditEvent
from mesoclinic.courses.models import Course, CourseChange
from mesoclinic.courses.services import course_start, course_stop
from mesoclinic.planning.presenters import summary_rows
from mesoclinic.planning.protocol import current_protocol
from tests.conftest import actor, client_for
from tests.courses.conftest import XSS_NAME, assess, expected_estimate, plan, record_sessions


def new_url(patient) -> str:
    return f"/patients/{patient.id}/courses/new/"


def form(today, **fields) -> dict[str, str]:
    data = {
        "cadence": "weekly",
        "expectation": "modest",
        "starts_on": today.isoformat(),
        "sessions": "",
        "reason": "",
    }
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


def page_urls(patient, course) -> list[str]:
    return [
        f"/patients/{patient.id}/courses/",
        new_url(patient),
        f"/courses/{course.id}/",
    ]


def post_urls(course) -> list[str]:
    return [
        f"/courses/{course.id}/{action}/"
        for action in ("start", "stop", "complete", "changes", "blocks")
    ]


# -- the new course page ----------------------------------------------------------------------


def test_the_patient_page_links_to_courses_for_clinical_staff_only(
    practitioner, front_desk, patient
):
    url = f"/patients/{patient.id}/courses/".encode()

    assert url in client_for(practitioner).get(f"/patients/{patient.id}/").content
    assert url not in client_for(front_desk).get(f"/patients/{patient.id}/").content


def test_the_new_course_page_shows_the_recommendation_with_its_explanation(
    grade_two, patient, logged_in, today
):
    page = logged_in.get(new_url(patient)).content.decode()

    expected = expected_estimate(grade_two, today)
    for label, value in summary_rows(expected):
        assert f'<th scope="row">{html.escape(label)}</th><td>{html.escape(value)}</td>' in page
    for line in expected.explanation:
        assert f"<li>{html.escape(line)}</li>" in page
    assert "Plan this course" in page


def test_without_an_assessment_the_page_says_to_record_and_sign_one(ready, patient, logged_in):
    page = logged_in.get(new_url(patient)).content.decode()

    assert "No assessment on record: record the patient&#x27;s assessment and sign it" in page
    assert f"/patients/{patient.id}/assessments/new/" in page
    assert "Plan this course" not in page


def test_an_unsigned_latest_assessment_is_named_with_a_link_to_sign_it(
    ready, practitioner, patient, logged_in, today
):
    draft = assess(patient, practitioner, 2, signed=False)

    page = logged_in.get(new_url(patient)).content.decode()

    assert f"The latest assessment ({today.isoformat()}) is not signed" in page
    assert f'href="/assessments/{draft.id}/"' in page
    assert "Plan this course" not in page


def test_a_preview_shows_the_estimate_for_other_values_without_planning(
    grade_two, patient, logged_in, today
):
    response = logged_in.post(
        new_url(patient), form(today, cadence="fortnightly", expectation="marked", preview="1")
    )

    assert response.status_code == 200
    assert ("Cadence", "every 14 days") in response.context["rows"]
    assert response.context["estimate"] == expected_estimate(grade_two, today, 14, "marked")
    assert not Course.objects.exists()


def test_htmx_gets_only_the_recommendation_back(grade_two, patient, logged_in, today):
    response = logged_in.post(new_url(patient), form(today, preview="1"), HTTP_HX_REQUEST="true")

    content = response.content.decode()
    assert content.lstrip().startswith('<section id="course-estimate"')
    assert "<html" not in content
    # An input sent back would replace what the person is typing meanwhile.
    assert "<input" not in content
    assert 'id="id_starts_on-errors" hx-swap-oob="true"' in content
    # A hidden field has no slot on the page to swap into.
    assert 'id="id_assessment-errors"' not in content


def test_a_live_mistake_fills_the_error_slot_beside_its_field(grade_two, patient, logged_in, today):
    response = logged_in.post(
        new_url(patient), form(today, starts_on="2027-02-30", preview="1"), HTTP_HX_REQUEST="true"
    )

    content = response.content.decode()
    slot = content[content.index('id="id_starts_on-errors"') :]
    assert "field-error" in slot[: slot.index("</div>")]
    assert "Fix the fields" in content


@pytest.mark.parametrize("starts_on", ["9999-12-31", "0001-01-01"])
def test_a_first_session_outside_1900_to_2100_is_refused_beside_it_on_update(
    starts_on, grade_two, patient, logged_in, today
):
    response = logged_in.post(new_url(patient), form(today, starts_on=starts_on, preview="1"))

    assert response.context["form"].errors["starts_on"] == ["Use a date between 1900 and 2100."]
    assert not Course.objects.exists()


def test_a_live_first_session_in_year_9999_fills_its_error_slot(
    grade_two, patient, logged_in, today
):
    response = logged_in.post(
        new_url(patient), form(today, starts_on="9999-12-31", preview="1"), HTTP_HX_REQUEST="true"
    )

    content = response.content.decode()
    slot = content[content.index('id="id_starts_on-errors"') :]
    assert "Use a date between 1900 and 2100." in slot[: slot.index("</div>")]


def test_the_recommendation_states_the_values_it_was_computed_from(
    grade_two, patient, logged_in, today
):
    response = logged_in.post(
        new_url(patient),
        form(today, cadence="fortnightly", expectation="marked", preview="1"),
        HTTP_HX_REQUEST="true",
    )

    assert "For fortnightly cadence, marked expectation" in response.content.decode()


def test_planning_a_course_on_the_page_opens_it(grade_two, patient, logged_in, today):
    response = logged_in.post(new_url(patient), form(today, assessment=str(grade_two.id)))

    course = Course.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/courses/{course.id}/"
    assert course.sessions_planned == expected_estimate(grade_two, today).recommended


def test_a_changed_count_without_a_reason_is_refused_beside_the_reason(
    grade_two, patient, logged_in, today
):
    response = logged_in.post(new_url(patient), form(today, sessions="7"))

    assert response.status_code == 422
    assert "Say why the count differs" in response.context["form"].errors["reason"][0]
    assert not Course.objects.exists()


@pytest.mark.parametrize("sessions", ["0", "-1", "2.5", "ten"])
def test_a_count_that_is_not_a_positive_whole_number_is_refused_beside_it(
    grade_two, patient, logged_in, today, sessions
):
    response = logged_in.post(new_url(patient), form(today, sessions=sessions, reason="x"))

    assert response.context["form"].errors["sessions"] == [
        "The session count must be a positive whole number."
    ]
    assert not Course.objects.exists()


def test_the_count_field_says_it_takes_a_positive_whole_number(grade_two, patient, logged_in):
    page = logged_in.get(new_url(patient)).content.decode()

    assert "Sessions (a positive whole number; empty for the recommendation)" in page


def test_a_changed_count_with_a_reason_is_planned_and_the_reason_kept(
    grade_two, patient, logged_in, today
):
    logged_in.post(new_url(patient), form(today, sessions="7", reason="budget"))

    change = CourseChange.objects.get()
    assert (change.after, change.reason) == (7, "budget")


def test_every_reason_that_blocks_a_course_is_shown_when_planning(
    patient, practitioner, logged_in, today
):
    assess(patient, practitioner, 2)

    page = logged_in.get(new_url(patient)).content.decode()
    response = logged_in.post(new_url(patient), form(today))

    assert "Plan this course" not in page
    content = response.content.decode()
    assert response.status_code == 422
    assert "No screening on record: take a screening before the course." in content
    assert "No signed consent: the patient signs the clinic&#x27;s consent form" in content
    assert not Course.objects.exists()


def test_grade_zero_shows_why_no_course_is_recommended(
    ready, practitioner, patient, logged_in, today
):
    assess(patient, practitioner, 0)

    page = logged_in.get(new_url(patient)).content.decode()
    response = logged_in.post(new_url(patient), form(today))

    assert "no course is recommended." in page
    assert "no course is recommended." in str(response.context["form"].non_field_errors())
    assert not Course.objects.exists()


def test_the_new_course_page_points_to_an_open_course(course, patient, logged_in):
    page = logged_in.get(new_url(patient)).content.decode()

    assert f'href="/courses/{course.id}/"' in page
    assert "Plan this course" not in page


def test_a_grade_three_recommendation_says_it_plans_the_first_block(
    grade_three, patient, logged_in
):
    page = logged_in.get(new_url(patient)).content.decode()

    assert "the course plans block 1 with 10 sessions" in page


# -- the course page ------------------------------------------------------------------------


def test_the_course_page_shows_state_dates_and_the_explanation(course, patient, logged_in):
    page = logged_in.get(f"/courses/{course.id}/").content.decode()

    assert "Planned" in page
    for day in course.dates:
        assert f'datetime="{day.isoformat()}"' in page
    for line in course.estimate["explanation"]:
        assert html.escape(line) in page
    assert "Start the course" in page


def test_the_course_list_shows_each_course(course, patient, logged_in):
    page = logged_in.get(f"/patients/{patient.id}/courses/").content.decode()

    assert f'href="/courses/{course.id}/"' in page
    assert "New course" not in page


def test_a_course_is_started_from_its_page(course, logged_in):
    response = logged_in.post(f"/courses/{course.id}/start/")

    course.refresh_from_db()
    assert response.status_code == 302
    assert course.state == "active"


def test_a_blocked_start_shows_every_reason(course, patient, practitioner, logged_in):
    from mesoclinic.screening.models import Screening
    from mesoclinic.screening.services import screening_mark_entered_in_error

    screening_mark_entered_in_error(
        actor=actor(practitioner), screening=Screening.objects.get(), reason="wrong patient"
    )

    response = logged_in.post(f"/courses/{course.id}/start/")

    assert response.status_code == 422
    assert (
        "No screening on record: take a screening before the course." in response.content.decode()
    )
    course.refresh_from_db()
    assert course.state == "planned"


def test_a_course_is_stopped_with_a_reason_from_its_page(active, logged_in):
    response = logged_in.post(f"/courses/{active.id}/stop/", {"reason": "moved away"})

    active.refresh_from_db()
    assert response.status_code == 302
    assert (active.state, active.stop_reason) == ("stopped", "moved away")
    assert "Stopped because" in logged_in.get(f"/courses/{active.id}/").content.decode()


def test_a_stop_without_a_reason_is_refused_beside_the_field(active, logged_in):
    response = logged_in.post(f"/courses/{active.id}/stop/", {"reason": ""})

    assert response.status_code == 422
    assert response.context["stop_form"].errors["reason"]
    active.refresh_from_db()
    assert active.state == "active"


def test_completing_with_sessions_to_come_is_refused_with_what_to_do(active, logged_in):
    response = logged_in.post(f"/courses/{active.id}/complete/")

    assert response.status_code == 422
    assert "still to come" in response.content.decode()


def test_a_plan_change_with_its_reason_is_listed_on_the_page(active, logged_in):
    response = logged_in.post(
        f"/courses/{active.id}/changes/",
        {"sessions": "14", "cadence": "fortnightly", "reason": "shifts at work"},
    )

    assert response.status_code == 302
    page = logged_in.get(f"/courses/{active.id}/").content.decode()
    assert "shifts at work" in page
    assert "every 14 days (fortnightly)" in page
    assert CourseChange.objects.filter(course=active).count() == 2


def test_a_plan_change_without_a_reason_is_refused_beside_the_field(active, logged_in):
    response = logged_in.post(f"/courses/{active.id}/changes/", {"sessions": "14", "reason": ""})

    assert response.status_code == 422
    assert response.context["change_form"].errors["reason"]
    assert not CourseChange.objects.exists()


def test_a_changed_count_below_one_is_refused_beside_the_field(active, logged_in):
    response = logged_in.post(f"/courses/{active.id}/changes/", {"sessions": "0", "reason": "x"})

    assert response.context["change_form"].errors["sessions"] == [
        "The session count must be a positive whole number."
    ]


def test_the_next_block_is_planned_from_the_page_after_a_reassessment(
    ready, practitioner, patient, logged_in, today
):
    assess(patient, practitioner, 3, on=today - timedelta(days=70))
    course = plan(patient, practitioner, starts_on=today - timedelta(days=63))
    course = course_start(actor=actor(practitioner), course=course)
    course = record_sessions(course, practitioner, course.sessions_planned)
    page = logged_in.get(f"/courses/{course.id}/").content.decode()
    assert "block 1 ends with a follow-up assessment; record one" in page
    assess(patient, practitioner, 3, kind="follow_up", on=today)
    tomorrow = today + timedelta(days=1)

    response = logged_in.post(
        f"/courses/{course.id}/blocks/",
        {"expectation": "modest", "starts_on": tomorrow.isoformat()},
    )

    course.refresh_from_db()
    assert response.status_code == 302
    assert (course.block_number, course.dates[0]) == (2, tomorrow)


def test_a_next_block_starting_in_year_9999_is_refused_beside_its_first_session(
    ready, practitioner, patient, logged_in, today
):
    assess(patient, practitioner, 3, on=today - timedelta(days=70))
    course = plan(patient, practitioner, starts_on=today - timedelta(days=63))
    course = course_start(actor=actor(practitioner), course=course)
    course = record_sessions(course, practitioner, course.sessions_planned)
    assess(patient, practitioner, 3, kind="follow_up", on=today)

    response = logged_in.post(
        f"/courses/{course.id}/blocks/", {"expectation": "modest", "starts_on": "9999-12-31"}
    )

    assert response.status_code == 422
    errors = response.context["block_form"].errors
    assert errors["starts_on"] == ["Use a date between 1900 and 2100."]
    course.refresh_from_db()
    assert course.block_number == 1


# -- who may see it ---------------------------------------------------------------------------


def test_a_clinic_admin_sees_the_course_pages(course, patient, clinic_admin):
    admin = client_for(clinic_admin)
    for url in page_urls(patient, course):
        assert admin.get(url).status_code == 200, url


@pytest.mark.parametrize("who", ["outsider", "front_desk", "chain_manager"])
def test_course_pages_are_not_found_without_clinical_access_there(course, patient, who, request):
    client = client_for(request.getfixturevalue(who))
    for url in page_urls(patient, course):
        assert client.get(url).status_code == 404, url
    assert client.post(new_url(patient), form(course.starts_on)).status_code == 404
    for url in post_urls(course):
        assert client.post(url, {"reason": "x", "sessions": "3"}).status_code == 404, url
    course.refresh_from_db()
    assert (course.state, Course.objects.count()) == ("planned", 1)


def test_an_unknown_course_is_not_found(logged_in):
    assert logged_in.get("/courses/999999/").status_code == 404


def test_every_change_needs_the_csrf_token(course, patient, practitioner):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(practitioner)
    for url in [new_url(patient), *post_urls(course)]:
        assert strict.post(url, {"reason": "x"}).status_code == 403, url
    course.refresh_from_db()
    assert course.state == "planned"


def test_the_pages_carry_the_csrf_token_in_their_forms(course, patient, logged_in):
    for url in (new_url(patient), f"/courses/{course.id}/"):
        assert b"csrfmiddlewaretoken" in logged_in.get(url).content


def test_every_page_writes_a_read_row_to_the_audit_trail(course, patient, logged_in):
    for url in page_urls(patient, course):
        before = AuditEvent.objects.filter(action=Action.READ, patient_id=patient.id).count()
        logged_in.get(url)
        after = AuditEvent.objects.filter(action=Action.READ, patient_id=patient.id).count()
        assert after > before, url


def test_every_change_on_the_pages_writes_its_row_to_the_audit_trail(course, logged_in):
    logged_in.post(f"/courses/{course.id}/start/")
    logged_in.post(f"/courses/{course.id}/changes/", {"sessions": "9", "reason": "x"})
    logged_in.post(f"/courses/{course.id}/stop/", {"reason": "moved"})

    targets = set(AuditEvent.objects.filter(action=Action.UPDATE).values_list("target", flat=True))
    assert {f"course {course.id} {what}" for what in ("started", "plan changed", "stopped")} <= (
        targets
    )


def test_a_reason_with_markup_is_shown_as_text(active, practitioner, logged_in):
    from mesoclinic.courses.services import course_change

    course_change(actor=actor(practitioner), course=active, reason=XSS_NAME, sessions=9)
    course_stop(actor=actor(practitioner), course=active, reason=XSS_NAME)

    page = logged_in.get(f"/courses/{active.id}/").content
    assert XSS_NAME.encode() not in page
    assert page.count(b"&lt;img src=x onerror=alert(1)&gt;") == 2


def test_a_hostile_patient_name_is_escaped_on_every_page(xss_patient, practitioner, logged_in):
    from tests.screening.conftest import screen, sign_consent

    screen(xss_patient, practitioner)
    sign_consent(xss_patient, practitioner)
    assess(xss_patient, practitioner, 2)
    course = plan(xss_patient, practitioner)
    for url in page_urls(xss_patient, course):
        content = logged_in.get(url).content
        assert XSS_NAME.encode() not in content, url
        assert b"&lt;img src=x onerror=alert(1)&gt;" in content, url


def test_the_protocol_cadences_are_the_choices(grade_two, patient, logged_in):
    page = logged_in.get(new_url(patient)).content.decode()

    for name, days in current_protocol().cadences.items():
        assert f"{name.capitalize()} (every {days} days)" in page
