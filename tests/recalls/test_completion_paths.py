"""Every way a course completes opens exactly one recall, in the same transaction: the
complete button, the API, the last session charted on the chart page; stopping opens none,
and a refused completion leaves none behind."""

import json
from datetime import timedelta

import pytest

from mesoclinic.courses.services import course_start
from mesoclinic.recalls.models import Recall
from tests.charting.conftest import chart_on_page
from tests.conftest import actor, client_for
from tests.courses.conftest import assess, plan, record_sessions
from tests.formulary.conftest import make_product, receive
from tests.recalls.conftest import YEAR

pytestmark = pytest.mark.django_db


@pytest.fixture
def block_over(ready, practitioner, today):
    """A grade-3 course whose first block is all done: it may be completed by hand."""
    assess(ready, practitioner, 3, (2, 2, 2, 2), on=today - timedelta(days=70))
    course = plan(ready, practitioner, starts_on=today - timedelta(days=63))
    course = course_start(actor=actor(practitioner), course=course)
    return record_sessions(course, practitioner, course.sessions_planned)


def test_the_complete_button_opens_one_recall(block_over, practitioner):
    response = client_for(practitioner).post(f"/courses/{block_over.id}/complete/")

    assert response.status_code == 302
    recall = Recall.objects.get()
    assert (recall.course, recall.due_on) == (
        block_over,
        block_over.last_session_on + timedelta(days=YEAR),
    )


def test_completing_through_the_api_opens_one_recall_and_twice_is_refused(block_over, practitioner):
    client = client_for(practitioner)
    url = f"/api/v1/courses/{block_over.id}/complete"

    assert client.post(url, "{}", content_type="application/json").status_code == 200
    assert client.post(url, "{}", content_type="application/json").status_code == 422
    assert Recall.objects.filter(course=block_over).count() == 1


def test_a_completion_refused_leaves_no_recall(active, practitioner):
    response = client_for(practitioner).post(
        f"/api/v1/courses/{active.id}/complete", "{}", content_type="application/json"
    )

    assert response.status_code == 422
    assert not Recall.objects.exists()


def test_the_last_session_charted_on_the_chart_page_opens_one_recall(
    logged_in, active, practitioner, clinic_admin, today
):
    lot = receive(practitioner, make_product(clinic_admin, active.clinic), units=2)
    changed = client_for(practitioner).post(
        f"/api/v1/courses/{active.id}/changes",
        json.dumps({"sessions": 1, "reason": "One session only"}),
        content_type="application/json",
    )
    assert changed.status_code == 201
    assert not Recall.objects.exists()

    chart_on_page(logged_in, active, [(lot, "1")], today)

    assert Recall.objects.get(course=active).due_on == today + timedelta(days=YEAR)


def test_stopping_a_course_through_the_page_opens_no_recall(active, practitioner):
    response = client_for(practitioner).post(
        f"/courses/{active.id}/stop/", {"reason": "Patient moved away"}
    )

    assert response.status_code == 302
    active.refresh_from_db()
    assert active.state == "stopped"
    assert not Recall.objects.exists()
