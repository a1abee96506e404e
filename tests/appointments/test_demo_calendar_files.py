"""Every calendar file of the demo chain, read by ical.js and Python icalendar: each
event's start and end are the instants its appointment holds in the database. The demo's
sessions run from before the next clock changes to after them."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from mesoclinic.appointments.calendar_files.feeds import (
    access_course_calendar,
    access_feed_calendar,
    calendar_feed_create,
    uid_domain,
)
from mesoclinic.appointments.calendar_files.ics import latest_per_session, session_uid
from mesoclinic.appointments.models import Appointment
from mesoclinic.clinics.models import Membership, Role
from mesoclinic.courses.models import Course
from mesoclinic.rota.members import ROTA_ROLES
from tests.appointments.calendar_readers import read_with_ical_js, read_with_icalendar
from tests.conftest import actor

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def held(rows) -> dict[str, tuple]:
    domain = uid_domain()
    return {
        session_uid(row.course_id, row.number, domain): (row.starts_at, row.ends_at)
        for row in latest_per_session(rows)
    }


def instants(reads) -> dict[str, tuple]:
    return {uid: (read.start, read.end) for uid, read in reads.items()}


def test_every_demo_feed_and_course_file_reads_at_the_databases_instants():
    call_command("demo")
    now = timezone.now()
    admins = {m.clinic_id: m.user for m in Membership.objects.filter(role=Role.ADMIN, active=True)}
    courses = Course.objects.filter(appointments__isnull=False).distinct().order_by("id")
    files, expected = [], {}
    for course in courses:
        _course, body = access_course_calendar(actor(admins[course.clinic_id]), course.id, now)
        files.append(body)
        expected |= held(Appointment.objects.filter(course=course))
    course_files = b"".join(files)  # ical.js reads them one after another in one run

    assert len(expected) > 50
    assert instants(read_with_ical_js(course_files)) == expected
    by_icalendar = {}
    for body in files:
        by_icalendar |= instants(read_with_icalendar(body))
    assert by_icalendar == expected

    feeds = Membership.objects.filter(role__in=ROTA_ROLES, active=True).select_related("user")
    for membership in feeds:
        _feed, token = calendar_feed_create(
            actor=actor(membership.user), clinic_id=membership.clinic_id
        )
        body = access_feed_calendar(token=token, ip=None, now=now)
        by_ical_js, by_icalendar = read_with_ical_js(body), read_with_icalendar(body)
        for uid, read in by_ical_js.items():
            assert (read.start, read.end) == expected[uid]
        assert instants(by_icalendar) == instants(by_ical_js)
