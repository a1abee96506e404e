"""The chart page reports every refusal of one submit at once, each beside its field, and
the guards' refusals about products on the rows at fault."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest

from mesoclinic.charting.models import TreatmentSession
from mesoclinic.charting.recheck import RECHECK_KEYS
from mesoclinic.charting.services import Application, ChartEntry, ChartRefused, session_chart
from mesoclinic.domain.charting import AreaTreated
from tests.charting.conftest import chart_form
from tests.conftest import actor

pytestmark = pytest.mark.django_db


def chart(client, course, values):
    return client.post(f"/courses/{course.id}/chart/", values)


def beside(content: str, field: str) -> str:
    """The messages in the error slot of `field` (slots hold no nested div)."""
    start = content.index(f'id="id_{field}-errors"')
    return content[start : content.index("</div>", start)]


def row(content: str, number: int) -> str:
    start = content.index(f'id="product-row-{number}"')
    return content[content.rindex("<div", 0, start) : start]


def test_form_mistakes_and_guard_refusals_all_come_back_from_one_submit(
    logged_in, active, caffeine_lot, expired, silicon_lot, today
):
    values = chart_form([(caffeine_lot, "1"), (expired, "1"), (silicon_lot, "1")], today)
    values.update(depth_mm="", volume_2="")

    response = chart(logged_in, active, values)

    content = response.content.decode()
    assert "This field is required" in beside(content, "depth_mm")
    assert f"expired on {expired.expiry_date.isoformat()}" in beside(content, "lot_1")
    assert "Give the volume in mL" in beside(content, "volume_2")
    assert "field-error" not in beside(content, "lot_0")
    assert not TreatmentSession.objects.exists()


def test_the_rows_at_fault_are_marked_and_the_others_are_not(
    logged_in, active, caffeine_lot, expired, today
):
    response = chart(logged_in, active, chart_form([(caffeine_lot, "1"), (expired, "1")], today))

    content = response.content.decode()
    assert "row-error" in row(content, 2)
    assert "Row 2 needs a change" in content
    assert "row-error" not in row(content, 1)
    assert "Row 1 needs a change" not in content


def test_a_limit_across_two_rows_of_one_product_is_shown_on_both(
    logged_in, active, caffeine_lot, today
):
    values = chart_form([(caffeine_lot, "3"), (caffeine_lot, "3")], today)

    response = chart(logged_in, active, values)

    content = response.content.decode()
    for field in ("volume_0", "volume_1"):
        assert "per-session limit of 5 mL" in beside(content, field)
    assert "error-summary" not in content


def test_a_date_still_to_come_and_a_lot_refusal_are_reported_together(
    logged_in, active, expired, today
):
    tomorrow = (today + timedelta(days=1)).isoformat()

    response = chart(logged_in, active, chart_form([(expired, "1")], today, performed_on=tomorrow))

    content = response.content.decode()
    assert "on or after the day it was done" in beside(content, "performed_on")
    assert "expired on" in beside(content, "lot_0")


@pytest.mark.parametrize("performed_on", ["0001-01-01", "9999-12-31"])
def test_a_session_date_outside_1900_to_2100_is_refused_beside_it_and_nothing_else_is_said(
    performed_on, logged_in, active, caffeine_lot, today
):
    values = chart_form([(caffeine_lot, "1")], today, performed_on=performed_on)

    response = chart(logged_in, active, values)

    content = response.content.decode()
    assert "Use a date between 1900 and 2100." in beside(content, "performed_on")
    # The screening and the timing rules need a date to reason about: none was given.
    assert "day before it" not in content
    assert "while it stands" not in content
    assert not TreatmentSession.objects.exists()


def test_the_chart_service_refuses_a_session_in_year_0001_beside_its_date(
    practitioner, active, caffeine_lot
):
    entry = ChartEntry(
        performed_on=date(1, 1, 1),
        areas=[AreaTreated("thighs", "left")],
        applications=[Application(caffeine_lot.id, Decimal("1"))],
        technique="nappage",
        depth_mm=Decimal("3"),
        needle_gauge=30,
        needle_length_mm=Decimal("4"),
        duration_minutes=60,
        recheck=dict.fromkeys(RECHECK_KEYS, False),
    )

    with pytest.raises(ChartRefused) as refused:
        session_chart(actor=actor(practitioner), course=active, entry=entry)

    assert refused.value.errors == {"performed_on": "Use a date between 1900 and 2100."}
    assert not TreatmentSession.objects.exists()


def test_each_field_of_the_chart_names_its_error_slot(logged_in, active, caffeine_lot, today):
    content = logged_in.get(f"/courses/{active.id}/chart/").content.decode()

    widget = re.search(r'<select name="lot_1"[^>]*>', content).group(0)
    assert 'aria-describedby="id_lot_1-errors"' in widget
    assert 'id="id_lot_1-errors"' in content


def test_an_outsider_gets_404_from_the_chart_form(client, outsider, active):
    client.force_login(outsider)

    assert client.get(f"/courses/{active.id}/chart/").status_code == 404
