"""The demo shows the review of change both ways: a flat course flagged at Riverside,
awaiting its decision, and one at Hillcrest answered by a decision kept with it."""

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from mesoclinic.audit.actor import Actor
from mesoclinic.clinics.models import Clinic
from mesoclinic.domain.non_responder import ReviewStatus
from mesoclinic.progress.models import NonResponderDecision
from mesoclinic.progress.selectors import course_progress, flagged_courses

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_flagged_course_and_one_answered_by_a_decision(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("demo")

    riverside = Clinic.objects.get(name="Riverside")
    doctor = Actor(user=User.objects.get(username="riverside.practitioner"))
    [flagged] = flagged_courses(doctor, riverside)
    assert flagged.course.patient.family_name == "Anning"
    assert flagged.review.change is not None
    assert flagged.review.change.css_change == 0

    [decision] = NonResponderDecision.objects.all()
    assert decision.course.clinic.name == "Hillcrest"
    colleague = Actor(user=User.objects.get(username="hillcrest.practitioner"))
    answered = course_progress(colleague, decision.course_id)
    assert answered.review.status == ReviewStatus.ANSWERED
    assert flagged_courses(colleague, decision.course.clinic) == []
