"""The body map on a chart: the zones of the session, numbered on the diagram and named in
its key and table, with products, lots and volumes where the chart can say which zone
received them, and plainly not split where it cannot."""

import pytest

from tests.charting.conftest import chart_on_page
from tests.conftest import client_for


def map_section(content: str) -> str:
    start = content.index('aria-labelledby="body-map-title"')
    return content[start : content.index("</section>", start)]


def test_the_chart_shows_a_map_of_its_zones_with_the_volume_of_a_single_zone(
    logged_in, active, caffeine_lot, today
):
    session = chart_on_page(logged_in, active, [(caffeine_lot, "2")], today, areas=["abdomen"])

    section = map_section(logged_in.get(f"/sessions/{session.id}/").content.decode())

    assert '<svg xmlns="http://www.w3.org/2000/svg"' in section
    assert "1. Abdomen" in section
    assert "<td>Caffeine 250 mg/5 mL, lot CAF-1: 2.00 mL</td>" in section
    assert ">Caffeine 250 mg/5 mL, lot CAF-1: 2.00 mL</text>" in section  # the diagram's key
    assert "not for each zone" not in section


def test_volumes_of_a_chart_on_several_zones_are_said_to_be_for_them_together(
    logged_in, active, caffeine_lot, silicon_lot, today
):
    session = chart_on_page(logged_in, active, [(caffeine_lot, "4"), (silicon_lot, "2.5")], today)

    section = map_section(logged_in.get(f"/sessions/{session.id}/").content.decode())

    assert "1. Thighs, left" in section
    assert "2. Thighs, right" in section
    assert (
        "The chart records each product&#x27;s volume for the whole session, not for each "
        "zone: Caffeine 250 mg/5 mL, lot CAF-1: 4.00 mL and Organic silicon 0.5%, "
        "lot SIL-1: 2.50 mL was given across Thighs, left and Thighs, right together."
    ) in section


def test_the_map_says_which_side_is_the_patients_left(logged_in, active, caffeine_lot, today):
    session = chart_on_page(logged_in, active, [(caffeine_lot, "2")], today)

    content = logged_in.get(f"/sessions/{session.id}/").content.decode()

    assert "the patient&#x27;s left is on your right" in content


@pytest.mark.parametrize("role", ["outsider", "front_desk", "chain_manager"])
def test_another_clinics_user_gets_404_on_the_chart_with_its_map(
    request, role, logged_in, active, caffeine_lot, today
):
    session = chart_on_page(logged_in, active, [(caffeine_lot, "2")], today)

    response = client_for(request.getfixturevalue(role)).get(f"/sessions/{session.id}/")

    assert response.status_code == 404
