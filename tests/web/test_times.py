"""Times are stored in UTC and read in the clinic's zone, with the zone named; a course is
titled by its first session's date. Tokyo has no daylight saving, so its times differ
from UTC by nine hours all year and the tests read the same whatever day they run on."""

import zoneinfo

import pytest
from django.utils import timezone

from mesoclinic.clinics.models import Clinic
from tests.conftest import client_for
from tests.courses.conftest import assess

pytestmark = pytest.mark.django_db

TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")


def move_to_tokyo(clinic):
    Clinic.objects.filter(pk=clinic.pk).update(time_zone="Asia/Tokyo")


def tokyo(moment) -> str:
    return timezone.localtime(moment, TOKYO).strftime("%Y-%m-%d %H:%M")


def test_the_course_page_shows_its_times_in_the_clinics_zone(active, practitioner, riverside):
    move_to_tokyo(riverside)

    content = client_for(practitioner).get(f"/courses/{active.id}/").content.decode()

    assert f"{tokyo(active.started_at)} JST" in content
    assert f"{tokyo(active.created_at)} JST" in content
    assert "UTC" not in content
    assert "Times are shown in Asia/Tokyo" in content


def test_the_assessment_page_shows_when_it_was_signed_in_the_clinics_zone(
    patient, practitioner, riverside
):
    assessment = assess(patient, practitioner)
    move_to_tokyo(riverside)

    content = client_for(practitioner).get(f"/assessments/{assessment.id}/").content.decode()

    assert f"{tokyo(assessment.signed_at)} JST" in content
    assert "UTC" not in content


def test_the_course_is_titled_by_its_first_sessions_date(course, practitioner, patient):
    listing = client_for(practitioner).get(f"/patients/{patient.id}/courses/").content.decode()
    detail = client_for(practitioner).get(f"/courses/{course.id}/").content.decode()

    title = f"Course from {course.starts_on.day} {course.starts_on:%b %Y}"
    assert title in listing
    assert title in detail


def test_a_user_of_clinics_in_two_zones_is_told_the_times_are_utc(
    practitioner, riverside, hillcrest
):
    from mesoclinic.clinics.models import Membership, Role

    Membership.objects.create(user=practitioner, clinic=hillcrest, role=Role.PRACTITIONER)
    move_to_tokyo(hillcrest)

    content = client_for(practitioner).get("/protocol/").content.decode()

    assert "Times are shown in UTC" in content
