"""Stale figures are computed again by a worker while the page shows the stored ones; the
page does not update itself, so it says to reload for the new figures."""

from datetime import timedelta

import pytest
from django.utils import timezone

from mesoclinic.dashboard.selectors import FRESH_FOR
from mesoclinic.dashboard.services import figures_refresh
from tests.conftest import client_for
from tests.tasks.queue_helpers import run_queue  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("run_queue")]


@pytest.mark.parametrize("page", ["", "outcomes/"])
def test_a_page_of_stale_figures_says_to_reload_for_the_new_ones(riverside, practitioner, page):
    figures_refresh(clinic=riverside, now=timezone.now() - FRESH_FOR - timedelta(minutes=1))

    html = client_for(practitioner).get(f"/dashboard/{riverside.id}/{page}").content.decode()

    assert "Refreshing…: reload the page in a moment for the new figures." in html
