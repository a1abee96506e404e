"""The dashboard pages: who sees which clinic, how fresh the figures say they are, and
that small groups read "too few to say" with no number beside them."""

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from mesoclinic.audit.models import Action, AuditEvent
from mesoclinic.clinics.clock import clinic_today
from mesoclinic.clinics.models import Chain, ChainManager, Clinic
from mesoclinic.dashboard.models import ClinicSnapshot
from mesoclinic.dashboard.selectors import FRESH_FOR
from mesoclinic.dashboard.services import REFRESH_LOST_AFTER, figures_refresh
from tests.conftest import PASSWORD, client_for
from tests.dashboard.conftest import adverse_event, charted_session, measured_course
from tests.tasks.queue_helpers import run_queue, run_queued_jobs  # noqa: F401


def url(clinic, page=""):
    return f"/dashboard/{clinic.id}/{page}"


def test_a_practitioner_reads_her_clinics_dashboard(riverside, practitioner):
    response = client_for(practitioner).get(url(riverside))
    assert response.status_code == 200
    assert b"Riverside: dashboard" in response.content
    assert b"Figures as of" in response.content


def test_the_dashboard_link_takes_a_one_clinic_user_to_her_clinic(riverside, clinic_admin):
    response = client_for(clinic_admin).get("/dashboard/")
    assert response.status_code == 302
    assert response["Location"] == url(riverside)


@pytest.mark.parametrize("page", ["", "outcomes/"])
def test_another_clinics_user_gets_404_on_the_dashboard_pages(riverside, outsider, page):
    assert client_for(outsider).get(url(riverside, page)).status_code == 404


@pytest.mark.parametrize("page", ["", "outcomes/"])
def test_the_front_desk_gets_404_on_clinical_figures(riverside, front_desk, page):
    assert client_for(front_desk).get(url(riverside, page)).status_code == 404
    assert client_for(front_desk).get("/dashboard/").status_code == 404


def test_a_chain_manager_sees_the_chains_clinics_side_by_side(riverside, hillcrest, chain_manager):
    other_chain = Clinic.objects.create(chain=Chain.objects.create(name="Other"), name="Elm")
    client = client_for(chain_manager)
    page = client.get("/dashboard/")
    assert page.status_code == 200
    assert b"Riverside" in page.content
    assert b"Hillcrest" in page.content
    assert b"Elm" not in page.content
    assert client.get(url(hillcrest)).status_code == 200
    assert client.get(url(other_chain)).status_code == 404


def test_a_manager_of_another_chain_gets_404(riverside, django_user_model):
    user = django_user_model.objects.create_user("other.manager", password=PASSWORD)
    ChainManager.objects.create(user=user, chain=Chain.objects.create(name="Other"))
    assert client_for(user).get(url(riverside)).status_code == 404


def test_outcomes_state_the_clinics_own_rule_and_say_too_few_for_small_groups(
    riverside, practitioner
):
    for _ in range(3):
        measured_course(riverside, practitioner, grade=3, sessions=25)
    text = client_for(practitioner).get(url(riverside, "outcomes/")).content.decode()
    assert "the clinic&#x27;s own rule" in text
    assert "no published responder threshold" in text
    grade_three = re.search(r'data-label="NM grade">3</th>(.*?)</tr>', text, re.S)
    assert grade_three is not None
    assert "too few to say" in grade_three.group(1)
    assert not re.search(r"\d", re.sub(r'data-label="[^"]*"', "", grade_three.group(1)))


def test_every_table_stacks_on_a_phone(riverside, clinic_admin):
    for _ in range(10):
        measured_course(riverside, clinic_admin)
    client = client_for(clinic_admin)
    for page in ("", "outcomes/"):
        text = client.get(url(riverside, page)).content.decode()
        tables = re.findall(r"<table[^>]*>", text)
        assert tables
        assert all('class="stack"' in table for table in tables)


@pytest.mark.usefixtures("run_queue")
def test_a_stale_page_shows_the_stored_figures_refreshing_and_a_worker_computes_them_again(
    riverside, practitioner
):
    old = timezone.now() - FRESH_FOR - timedelta(minutes=1)
    figures_refresh(clinic=riverside, now=old)
    for _ in range(10):
        measured_course(riverside, practitioner)
    client = client_for(practitioner)

    stale = client.get(url(riverside))

    assert stale.context["figures"]["course_endings"]["completed"]["too_few"] is True
    assert "Refreshing…" in stale.content.decode()
    assert ClinicSnapshot.objects.get(clinic=riverside).computed_at == old
    assert run_queued_jobs() == 1
    snapshot = ClinicSnapshot.objects.get(clinic=riverside)
    assert snapshot.computed_at > old
    assert snapshot.figures["course_endings"]["completed"]["n"] == 10
    assert "Refreshing…" not in client.get(url(riverside)).content.decode()


@pytest.mark.usefixtures("run_queue")
def test_views_of_stale_figures_queue_one_refresh_until_it_is_done(riverside, practitioner):
    figures_refresh(clinic=riverside, now=timezone.now() - FRESH_FOR * 2)
    client = client_for(practitioner)

    for page in ("", "outcomes/", ""):
        assert "Refreshing…" in client.get(url(riverside, page)).content.decode()

    assert DBTaskResult.objects.count() == 1
    assert run_queued_jobs() == 1


def test_a_refresh_queued_long_ago_and_never_done_is_queued_again(riverside, practitioner):
    now = timezone.now()
    figures_refresh(clinic=riverside, now=now - FRESH_FOR * 4)
    ClinicSnapshot.objects.update(refresh_queued_at=now - REFRESH_LOST_AFTER - FRESH_FOR)

    client_for(practitioner).get(url(riverside))

    assert DBTaskResult.objects.count() == 1
    assert ClinicSnapshot.objects.get(clinic=riverside).refresh_queued_at > now - FRESH_FOR


def test_the_page_reads_figures_within_the_window_as_stored(riverside, practitioner):
    figures_refresh(clinic=riverside, now=timezone.now())
    for _ in range(10):
        measured_course(riverside, practitioner)
    page = client_for(practitioner).get(url(riverside))
    assert page.context["figures"]["course_endings"]["completed"]["too_few"] is True


def _page_queries(client, clinic) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url(clinic)).status_code == 200
    return len(queries)


def test_a_page_view_costs_the_same_queries_however_many_courses(riverside, practitioner):
    client = client_for(practitioner)
    measured_course(riverside, practitioner)
    figures_refresh(clinic=riverside, now=timezone.now())
    client.get(url(riverside))  # what waits for the clinic is kept from here on
    small = _page_queries(client, riverside)
    for _ in range(30):
        measured_course(riverside, practitioner)
    figures_refresh(clinic=riverside, now=timezone.now())
    assert _page_queries(client, riverside) == small


def test_a_refresh_costs_the_same_queries_however_many_courses(riverside, practitioner):
    measured_course(riverside, practitioner)
    figures_refresh(clinic=riverside, now=timezone.now())  # the row exists from now on
    with CaptureQueriesContext(connection) as small:
        figures_refresh(clinic=riverside, now=timezone.now())
    for _ in range(30):
        measured_course(riverside, practitioner)
    with CaptureQueriesContext(connection) as large:
        figures_refresh(clinic=riverside, now=timezone.now())
    assert len(large) == len(small)


def test_reading_the_dashboard_writes_no_audit_row_but_the_export_does(riverside, clinic_admin):
    client = client_for(clinic_admin)
    client.get(url(riverside))
    assert not AuditEvent.objects.filter(action=Action.EXPORT).exists()
    client.get(url(riverside, "outcomes/export.csv"))
    assert AuditEvent.objects.filter(
        action=Action.EXPORT, clinic_id=riverside.id, actor=clinic_admin
    ).exists()


def test_the_menu_offers_the_dashboard_to_those_who_may_read_it(
    riverside, practitioner, front_desk, chain_manager
):
    link = b'href="/dashboard/"'
    assert link in client_for(practitioner).get("/").content
    assert link in client_for(chain_manager).get("/").content
    assert link not in client_for(front_desk).get("/").content


def test_the_side_by_side_page_computes_no_clinic_in_the_request_and_queues_the_stale_ones(
    riverside, hillcrest, chain_manager
):
    long_ago = timezone.now() - FRESH_FOR * 10
    figures_refresh(clinic=riverside, now=long_ago)
    figures_refresh(clinic=hillcrest, now=long_ago + timedelta(minutes=1))
    page = client_for(chain_manager).get("/dashboard/")
    assert page.status_code == 200
    assert ClinicSnapshot.objects.get(clinic=riverside).computed_at == long_ago
    assert DBTaskResult.objects.count() == 2
    hillcrest_as_of = (long_ago + timedelta(minutes=1)).astimezone(ZoneInfo("Europe/London"))
    as_of = f"{hillcrest_as_of.day} {hillcrest_as_of:%b %Y, %H:%M}"
    assert f'>{as_of} <span role="status">(refreshing…)</span></td>' in page.content.decode()


def test_the_figures_say_the_day_and_time_they_were_taken(riverside, practitioner):
    taken = timezone.now()
    figures_refresh(clinic=riverside, now=taken)
    local = taken.astimezone(ZoneInfo(riverside.time_zone))

    page = client_for(practitioner).get(url(riverside)).content.decode()

    assert f"Figures as of {local.day} {local:%b %Y, %H:%M}" in page


def test_the_share_of_completed_courses_says_of_which_courses(riverside, practitioner):
    for _ in range(10):
        measured_course(riverside, practitioner)
    measured_course(riverside, practitioner, state="stopped")

    page = client_for(practitioner).get(url(riverside)).content.decode()

    assert '90.9 % <span class="hint">(of the 11 courses that ended: 10;' in page


def test_one_adverse_event_reads_in_the_singular(riverside, practitioner):
    today = clinic_today(riverside)
    course = measured_course(riverside, practitioner)
    for number in range(1, 11):
        charted_session(course, practitioner, today - timedelta(days=number), number)
    adverse_event(course, practitioner, today - timedelta(days=2))

    page = client_for(practitioner).get(url(riverside)).content.decode()

    assert "(1 event)" in page
    assert "(1 events)" not in page


def test_the_small_number_rule_names_what_it_counts(riverside, practitioner):
    page = client_for(practitioner).get(url(riverside)).content.decode()
    rule = re.search(r'<p class="hint small-number-rule">(.*?)</p>', page, re.S)

    assert rule is not None
    assert "fewer than 10 courses" in rule.group(1)
    assert "below 10 ended courses" in rule.group(1)
    assert "below 10 completed courses of that grade" in rule.group(1)
    assert "below 10 charted sessions" in rule.group(1)
