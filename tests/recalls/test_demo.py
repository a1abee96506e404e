"""The demo's returning patients: a yearly preventive session held about a year ago, charted
through the real services, so the recall list shows calls overdue and due soon."""

import random
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from mesoclinic.audit.actor import Actor
from mesoclinic.courses.models import Course
from mesoclinic.demo.formulary import create_formulary
from mesoclinic.demo.organisation import create_organisation
from mesoclinic.demo.recalls import RETURNING, create_recalls
from mesoclinic.recalls.models import Recall
from mesoclinic.recalls.selectors import recall_list


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    today = timezone.localdate()
    rng = random.Random(7)  # noqa: S311 - the seed `mesoclinic demo` uses
    clinics = create_organisation(today)
    create_formulary(clinics, today, rng)
    return clinics, create_recalls(clinics, today, rng)


def test_demo_recalls_are_overdue_and_due_soon_each_from_a_charted_completed_course(demo):
    # One test: building the demo chain takes a while.
    clinics, count = demo
    assert count == sum(len(people) for people in RETURNING.values()) == Recall.objects.count()
    for recall in Recall.objects.select_related("course"):
        course = recall.course
        assert course.state == "completed"
        assert course.sessions.count() == 1
        assert recall.due_on == course.last_session_on + timedelta(days=recall.interval_days)
    desk = Actor(user=User.objects.get(username="riverside.frontdesk"), via="cli")
    found = recall_list(desk, clinics["Riverside"].id)
    standings = [row.standing for row in found.rows]
    assert standings == ["overdue", "overdue", "due", "due"]
    assert [row.days_overdue for row in found.rows] == [21, 6, 0, 0]
    assert [row.recall.patient.may_contact for row in found.rows].count(False) == 1
    assert Course.objects.filter(state="completed").count() == count
