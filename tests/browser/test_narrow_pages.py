"""At a phone's width (390 px) the pages a new user walked keep every figure and every
column in view: record tables stack into cards, facts put the label above the value, and
the menu folds behind a "Menu" button the keyboard opens. At tablet width the menu is open."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from playwright.sync_api import Page, expect

from mesoclinic.appointments.optimiser.runs import optimiser_run_start
from mesoclinic.clinics.clock import clinic_today
from mesoclinic.clinics.models import Clinic
from mesoclinic.courses.models import OPEN_STATES, Course
from tests.browser_steps import log_in
from tests.conftest import PASSWORD, actor
from tests.tasks.queue_helpers import run_queue, run_queued_jobs  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}

# Cells, terms and descriptions of the main content that reach past either edge of the
# viewport; a header row hidden for screen readers only (a stacked table's) is left out.
OUTSIDE = """() => [...document.querySelectorAll('main td, main th, main dt, main dd')]
  .filter(e => {
    const head = e.closest('thead');
    if (head && getComputedStyle(head).position === 'absolute') return false;
    const box = e.getBoundingClientRect();
    return box.width > 0 && (box.left < 0 || box.right > window.innerWidth);
  })
  .map(e => e.textContent.trim().slice(0, 40))"""

DAY_TOPS = """() => Object.fromEntries(['1', '2'].map(n => [n,
  [...document.querySelectorAll(`main .rota-week td.rota-day-${n}`)]
    .map(e => e.getBoundingClientRect().top)]))"""


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("demo")
    admin = User.objects.get(username="riverside.admin")
    admin.set_password(PASSWORD)
    admin.save()
    return Clinic.objects.get(name="Riverside"), admin


def assert_fits(page: Page, path: str) -> None:
    page.goto(path)
    page.wait_for_load_state()
    # Folded details (the proposal's courses) are opened, so their tables are measured too.
    page.evaluate("document.querySelectorAll('main details').forEach(d => d.open = true)")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
    assert page.evaluate(OUTSIDE) == [], path


@pytest.mark.usefixtures("run_queue")
def test_the_walked_pages_keep_every_column_and_figure_in_view_on_a_phone(page, demo):
    clinic, admin = demo
    run = optimiser_run_start(
        actor=actor(admin),
        clinic_id=clinic.id,
        first_day=clinic_today(clinic) + timedelta(days=1),
        weeks=4,
        time_limit=5,
        movable=False,
    )
    run_queued_jobs()
    # An open course: a completed one (the demo's returning patients) has nothing to book.
    # The reassessed courses of the outcome stories are left out: their remaining sessions
    # fall on the clinic's Christmas closure some years, and then the page shows why no plan
    # exists instead of a table to measure.
    to_book = Course.objects.filter(
        clinic=clinic, appointments__isnull=True, state__in=OPEN_STATES, reassessments__isnull=True
    ).first()
    page.set_viewport_size(PHONE)
    log_in(page, "riverside.admin")

    assert_fits(page, "/")
    expect(page.locator("main td[data-label='Severity']").first).to_be_visible()
    assert_fits(page, f"/schedule/{clinic.id}/optimise/")
    expect(page.locator("main td[data-label='Status']").first).to_be_visible()
    assert_fits(page, f"/schedule/{clinic.id}/optimise/{run.id}/")
    expect(page.locator("main dd").first).to_be_visible()
    assert_fits(page, f"/rota/{clinic.id}/")
    expect(page.locator("main td[data-label='Saturday']").first).to_be_visible()
    # One block a day: every first-day cell (the hours, then each person's) above the next day's.
    tops = page.evaluate(DAY_TOPS)
    assert max(tops["1"]) < min(tops["2"])
    assert_fits(page, f"/clinics/{clinic.id}/adverse-events/follow-up/")
    expect(page.locator("main td[data-label='Last follow-up']").first).to_be_visible()
    assert_fits(page, f"/courses/{to_book.id}/booking/?search=1&part_of_day=&practitioner=")
    expect(page.locator("main td[data-label='Ideal date']").first).to_be_visible()


def test_on_a_phone_the_menu_folds_and_the_keyboard_opens_it(page, demo):
    page.set_viewport_size(PHONE)
    log_in(page, "riverside.admin")
    rota = page.get_by_role("navigation", name="Main").get_by_role("link", name="Rota")
    expect(rota).to_be_hidden()

    page.get_by_text("Menu", exact=True).focus()
    page.keyboard.press("Enter")

    expect(rota).to_be_visible()
    rota.click()
    expect(page.get_by_role("heading", name="Weekly shifts")).to_be_visible()


def test_at_tablet_width_the_menu_is_open_without_a_menu_button(page, demo):
    log_in(page, "riverside.admin")

    menu = page.get_by_role("navigation", name="Main")
    expect(menu.get_by_role("link", name="Rota")).to_be_visible()
    expect(page.get_by_text("Menu", exact=True)).to_be_hidden()
