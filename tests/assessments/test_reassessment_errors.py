"""A reassessment with several things wrong says all of them at once: on the form each
beside its field with a summary at the top linking to them, and through the API as one
422 naming every field."""

import json
import re

import pytest

from mesoclinic.assessments.models import Assessment
from tests.assessments.reassess_helpers import course_with_sessions
from tests.conftest import client_for
from tests.courses.conftest import ready  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(ready, practitioner):  # noqa: F811
    return course_with_sessions(ready, practitioner, 5)


def _form(course, /, **overrides):
    values = {
        "assessed_on": course.last_session_on.isoformat(),
        "thighs-left-nm_grade": "2",
        "thighs-left-gais": "3",
        "thighs-right-nm_grade": "2",
        "thighs-right-gais": "3",
    }
    values.update(overrides)
    return values


def _errors_beside(page: str) -> set[str]:
    """The fields with an error in their own slot."""
    return set(re.findall(r'id="id_([\w-]+)-error"', page))


def _summary_links(page: str) -> set[str]:
    summary = page[page.index('id="error-summary"') : page.index("</ul>")]
    return set(re.findall(r'href="#id_([\w-]+)"', summary))


def test_four_problems_on_the_form_come_back_at_once_each_beside_its_field(course, logged_in):
    response = logged_in.post(
        f"/courses/{course.id}/reassess/",
        _form(
            course,
            assessed_on="",
            weight_kg="-5",
            **{
                "thighs-left-circumference_cm": "999",
                "thighs-right-nm_grade": "",
                "thighs-right-circumference_cm": "0",
            },
        ),
    )
    page = response.content.decode()
    assert response.status_code == 422
    wrong = {
        "assessed_on",
        "weight_kg",
        "thighs-left-circumference_cm",
        "thighs-right-nm_grade",
        "thighs-right-circumference_cm",
    }
    assert _errors_beside(page) == wrong
    assert _summary_links(page) == wrong
    assert page.index('id="error-summary"') < page.index('id="id_assessed_on"')
    assert "Weight must be" in page
    assert "Circumference must be 10–300 cm; got 999" in page
    assert not Assessment.objects.filter(course=course).exists()


def test_the_untouched_form_names_each_empty_area_beside_it(course, logged_in):
    response = logged_in.post(
        f"/courses/{course.id}/reassess/",
        {"assessed_on": course.last_session_on.isoformat()},
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert _errors_beside(page) == {
        f"thighs-{side}-{field}" for side in ("left", "right") for field in ("nm_grade", "gais")
    }
    assert "is missing" not in page
    assert "Thighs, left, Nürnberger–Müller grade: Give the NM grade" in page
    assert "Give the clinician&#x27;s GAIS for Thighs, right" in page


def test_a_field_the_form_cannot_read_keeps_its_own_message(course, logged_in):
    response = logged_in.post(
        f"/courses/{course.id}/reassess/", _form(course, **{"thighs-left-nm_grade": "9"})
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert "Select a valid choice" in page
    assert "Give the NM grade" not in page


def test_required_and_optional_fields_say_so_in_their_labels(course, logged_in):
    page = logged_in.get(f"/courses/{course.id}/reassess/").content.decode()
    for label in (
        "Date assessed (required)",
        "Nürnberger–Müller grade (required)",
        "Clinician&#x27;s GAIS against the baseline (required)",
        "Weight (kg) (optional)",
        "Patient&#x27;s satisfaction with the result so far (optional)",
        "Circumference (cm) (optional)",
    ):
        assert label in page


def test_the_api_returns_every_problem_of_a_reassessment_at_once(course, logged_in):
    body = {
        "assessed_on": course.last_session_on.isoformat(),
        "weight_kg": "999",
        "patient_satisfaction": 7,
        "areas": [
            {"area": "thighs", "side": "left", "nm_grade": 2, "circumference_cm": "999", "gais": 3},
            {"area": "thighs", "side": "right"},
        ],
    }
    response = logged_in.post(
        f"/api/v1/courses/{course.id}/reassessments",
        json.dumps(body),
        content_type="application/json",
    )
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert set(errors) == {
        "weight_kg",
        "patient_satisfaction",
        "areas.0.circumference_cm",
        "areas.1.nm_grade",
        "areas.1.gais",
    }
    assert "Circumference must be 10–300 cm" in errors["areas.0.circumference_cm"]
    assert not Assessment.objects.filter(course=course).exists()


def test_another_clinics_user_gets_404_on_a_refused_reassessment(course, outsider):
    response = client_for(outsider).post(f"/courses/{course.id}/reassess/", {"assessed_on": ""})
    assert response.status_code == 404
