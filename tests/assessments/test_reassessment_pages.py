"""Reassessing a course on its pages and through the API: the form pre-filled from the
baseline, the due point on the course page and in the course read, the reassessment's own
page, and another clinic's user kept out of all of it."""

import json

import pytest

from mesoclinic.assessments.models import Assessment
from mesoclinic.assessments.services import assessment_sign
from tests.assessments.reassess_helpers import LANDMARK, course_with_sessions, reassess
from tests.conftest import actor, client_for
from tests.courses.conftest import ready  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(ready, practitioner):  # noqa: F811
    return course_with_sessions(ready, practitioner, 5)


def _form(course, /, **overrides):
    values = {
        "assessed_on": course.last_session_on.isoformat(),
        "patient_satisfaction": "4",
        "patient_gais": "3",
        "thighs-left-nm_grade": "2",
        "thighs-left-css_a": "1",
        "thighs-left-css_b": "1",
        "thighs-left-css_c": "1",
        "thighs-left-css_d": "1",
        "thighs-left-circumference_cm": "57.0",
        "thighs-left-gais": "3",
        "thighs-right-nm_grade": "2",
        "thighs-right-gais": "3",
    }
    values.update(overrides)
    return {key: value for key, value in values.items() if value is not None}


def _api_body(course, **overrides):
    body = {
        "assessed_on": course.last_session_on.isoformat(),
        "patient_satisfaction": 4,
        "patient_gais": 3,
        "areas": [
            {
                "area": "thighs",
                "side": "left",
                "nm_grade": 2,
                "css": {"a": 1, "b": 1, "c": 1, "d": 1},
                "circumference_cm": "57.0",
                "gais": 3,
            },
            {"area": "thighs", "side": "right", "nm_grade": 2, "gais": 3},
        ],
    }
    body.update(overrides)
    return body


def _post_api(client, course, body):
    return client.post(
        f"/api/v1/courses/{course.id}/reassessments",
        json.dumps(body),
        content_type="application/json",
    )


# -- the course page --------------------------------------------------------------------


def test_the_course_page_says_a_reassessment_is_due_and_why(course, logged_in):
    content = logged_in.get(f"/courses/{course.id}/").content.decode()
    assert "Reassessment due: 5 sessions done." in content
    assert f'href="/courses/{course.id}/reassess/"' in content


def test_once_signed_the_course_page_names_the_next_point_and_lists_it(course, practitioner):
    taken = reassess(course, practitioner, patient_satisfaction=4)
    assessment_sign(actor=actor(practitioner), assessment=taken)

    content = client_for(practitioner).get(f"/courses/{course.id}/").content.decode()
    assert "Reassessment due" not in content
    assert "Next reassessment at session 10." in content
    assert f'href="/assessments/{taken.id}/"' in content


def test_an_unsigned_reassessment_does_not_meet_the_point(course, practitioner):
    reassess(course, practitioner)
    content = client_for(practitioner).get(f"/courses/{course.id}/").content.decode()
    assert "Reassessment due: 5 sessions done." in content
    assert "Not signed yet" in content


# -- the form ---------------------------------------------------------------------------


def test_the_form_has_one_block_per_baseline_area_with_its_landmark_and_poses(course, logged_in):
    content = logged_in.get(f"/courses/{course.id}/reassess/").content.decode()
    assert content.count('class="card area-block reassess-area"') == 2
    assert "Thighs, left" in content
    assert "Thighs, right" in content
    assert "Buttocks" not in content
    assert LANDMARK in content
    assert 'name="thighs-left-landmark"' not in content
    assert "Back of thighs, standing, muscles relaxed" in content
    assert "Left side, standing" in content
    assert "5: very satisfied" in content


def test_saving_the_form_records_a_reassessment_of_the_course(course, logged_in):
    response = logged_in.post(f"/courses/{course.id}/reassess/", _form(course))

    taken = Assessment.objects.get(course=course)
    assert response.status_code == 302
    # Straight on to the photos, in the baseline's first pose.
    assert response["Location"] == f"/assessments/{taken.id}/?pose=back_relaxed#add-photo"
    assert taken.kind == "follow_up"
    assert taken.areas.get(side="left").landmark == LANDMARK


def test_a_course_id_sent_in_the_form_is_ignored_the_server_sets_it(course, logged_in):
    sneaked = _form(course, course="999999", course_id="999999")
    logged_in.post(f"/courses/{course.id}/reassess/", sneaked)
    assert Assessment.objects.get(course=course).course_id == course.id


def test_a_missing_clinicians_gais_is_shown_beside_its_area(course, logged_in):
    response = logged_in.post(
        f"/courses/{course.id}/reassess/", _form(course, **{"thighs-right-gais": ""})
    )
    assert response.status_code == 422
    assert "Give the clinician&#x27;s GAIS for Thighs, right" in response.content.decode()
    assert not Assessment.objects.filter(course=course).exists()


def test_a_satisfaction_outside_the_scale_is_refused_beside_the_field(course, logged_in):
    response = logged_in.post(
        f"/courses/{course.id}/reassess/", _form(course, patient_satisfaction="7")
    )
    assert response.status_code == 422
    assert "Select a valid choice" in response.content.decode()


def test_the_reassessments_page_shows_the_ratings_and_links_the_poses_to_repeat(
    course, practitioner
):
    taken = reassess(course, practitioner, patient_satisfaction=4, patient_gais=2)
    content = client_for(practitioner).get(f"/assessments/{taken.id}/").content.decode()
    assert "4: satisfied" in content
    assert "2: much improved" in content
    assert 'href="?pose=back_relaxed#add-photo"' in content


def test_a_pose_link_chooses_the_pose_in_the_photo_form(course, practitioner):
    taken = reassess(course, practitioner)
    content = (
        client_for(practitioner).get(f"/assessments/{taken.id}/?pose=left_side").content.decode()
    )
    assert '<option value="left_side" selected>' in content


# -- the API ----------------------------------------------------------------------------


def test_the_api_records_a_reassessment_and_reads_it_back(course, logged_in):
    response = _post_api(logged_in, course, _api_body(course))

    assert response.status_code == 201
    body = response.json()
    assert body["course_id"] == course.id
    assert body["kind"] == "follow_up"
    assert (body["patient_satisfaction"], body["patient_gais"]) == (4, 3)
    assert body["areas"][0]["landmark"] == LANDMARK


def test_the_api_refuses_a_course_or_patient_sent_by_the_client(course, logged_in):
    response = _post_api(logged_in, course, _api_body(course, course_id=course.id))
    assert response.status_code == 422
    assert "course_id" in response.json()["errors"]


def test_the_api_names_a_rating_outside_one_to_five(course, logged_in):
    response = _post_api(logged_in, course, _api_body(course, patient_gais=9))
    assert response.status_code == 422
    assert "Choose 1 to 5" in response.json()["errors"]["patient_gais"]


def test_the_api_names_an_area_the_baseline_did_not_assess(course, logged_in):
    body = _api_body(course)
    body["areas"].append({"area": "buttocks", "side": "left", "nm_grade": 1, "gais": 3})
    response = _post_api(logged_in, course, body)
    assert response.status_code == 422
    assert "did not assess Buttocks, left" in response.json()["errors"]["areas"]


def test_the_course_read_says_what_is_due_and_lists_the_reassessments(course, practitioner):
    client = client_for(practitioner)
    due = client.get(f"/api/v1/courses/{course.id}").json()["reassessment"]
    assert due == {
        "due": True,
        "reason": "5 sessions done",
        "due_at_session": 5,
        "next_at_session": 10,
        "next_reason": "10 sessions done",
        "reassessments": [],
    }
    taken = reassess(course, practitioner, patient_satisfaction=5)
    assessment_sign(actor=actor(practitioner), assessment=taken)

    met = client.get(f"/api/v1/courses/{course.id}").json()["reassessment"]
    assert met["due"] is False
    assert met["reassessments"] == [
        {
            "id": taken.id,
            "assessed_on": course.last_session_on.isoformat(),
            "signed": True,
            "patient_satisfaction": 5,
            "patient_gais": None,
        }
    ]


# -- another clinic ---------------------------------------------------------------------


def test_another_clinics_user_gets_404_on_the_reassessment_form(course, outsider):
    client = client_for(outsider)
    assert client.get(f"/courses/{course.id}/reassess/").status_code == 404
    assert client.post(f"/courses/{course.id}/reassess/", _form(course)).status_code == 404
    assert not Assessment.objects.filter(course=course).exists()


def test_another_clinics_user_gets_404_on_the_reassessment_endpoint(course, outsider):
    response = _post_api(client_for(outsider), course, _api_body(course))
    assert response.status_code == 404
    assert not Assessment.objects.filter(course=course).exists()


def test_the_front_desk_gets_404_on_the_reassessment_form(course, front_desk):
    assert client_for(front_desk).get(f"/courses/{course.id}/reassess/").status_code == 404


def test_the_edit_page_of_a_reassessment_keeps_the_patients_ratings(course, practitioner):
    taken = reassess(course, practitioner, patient_satisfaction=4)
    content = client_for(practitioner).get(f"/assessments/{taken.id}/edit/").content.decode()
    assert '<option value="4" selected>4: satisfied</option>' in content


def test_the_api_amends_a_reassessments_rating(course, practitioner):
    taken = assessment_sign(
        actor=actor(practitioner), assessment=reassess(course, practitioner, patient_gais=5)
    )
    response = client_for(practitioner).post(
        f"/api/v1/assessments/{taken.id}/amendments",
        json.dumps({"reason": "Typed 5 for 2.", "patient_gais": 2}),
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["patient_gais"] == 2
    assert response.json()["amendments"][0]["changes"] == {"patient_gais": [5, 2]}
