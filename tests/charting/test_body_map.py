"""The body map on a chart: the zones of the session, numbered on the diagram and named in
its key and table, with products, lots and volumes where the chart can say which zone
received them, and plainly not split where it cannot."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from mesoclinic.charting.body_map import course_body_map
from mesoclinic.courses.services import course_start
from mesoclinic.protocols import DEFAULT_PROTOCOL_PATH
from tests.charting.conftest import chart_on_page, mark_on_page
from tests.charting.test_api import bearer, body, post
from tests.conftest import actor, client_for
from tests.courses.conftest import assess, plan
from tests.screening.conftest import screen, sign_consent


@pytest.fixture
def month_old(patient, practitioner, today):
    """An active course whose first session was due four weeks ago, weekly."""
    screen(patient, practitioner, taken_on=today - timedelta(days=30))
    sign_consent(patient, practitioner)
    assess(patient, practitioner, 2, (2, 2, 1, 1), on=today - timedelta(days=30))
    course = plan(patient, practitioner, starts_on=today - timedelta(days=28))
    return course_start(actor=actor(practitioner), course=course)


def weeks_ago(today, weeks):
    return today - timedelta(days=7 * weeks)


def map_section(content: str) -> str:
    """The map's card, its table cells without their phone-width labels."""
    start = content.index('aria-labelledby="body-map-title"')
    section = content[start : content.index("</section>", start)]
    return re.sub(r' data-label="[^"]*"', "", section)


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
        "zone. Given across the 2 zones together (Thighs, left; Thighs, right): "
        "Caffeine 250 mg/5 mL, lot CAF-1: 4.00 mL; Organic silicon 0.5%, lot SIL-1: 2.50 mL."
    ) in section


def test_an_area_of_the_clinics_own_protocol_the_diagram_does_not_know_is_listed_in_words(
    logged_in, active, caffeine_lot, today, riverside, tmp_path
):
    own = tmp_path / "calves.toml"
    own.write_text(
        DEFAULT_PROTOCOL_PATH.read_text(encoding="utf-8")
        + '\n[body_areas.calves]\nlabel = "Calves"\nsides = ["left", "right"]\n',
        encoding="utf-8",
    )
    riverside.protocol_path = str(own)
    riverside.save()
    session = chart_on_page(
        logged_in, active, [(caffeine_lot, "2")], today, areas=["calves:left", "abdomen"]
    )

    section = map_section(logged_in.get(f"/sessions/{session.id}/").content.decode())

    assert ">Not on the diagram:</text>" in section
    assert ">2. Calves, left</text>" in section
    assert '<th scope="row">Calves, left <span class="hint">(not on the diagram)</span>' in section


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


def test_the_course_page_sums_the_zones_of_its_standing_charts(
    logged_in, month_old, caffeine_lot, silicon_lot, today
):
    chart_on_page(logged_in, month_old, [(caffeine_lot, "4")], weeks_ago(today, 2))
    chart_on_page(
        logged_in, month_old, [(silicon_lot, "1.5")], weeks_ago(today, 1), areas=["abdomen"]
    )
    mistake = chart_on_page(logged_in, month_old, [(caffeine_lot, "1")], today, areas=["hips:left"])
    assert mark_on_page(logged_in, mistake).status_code == 302

    section = map_section(logged_in.get(f"/courses/{month_old.id}/").content.decode())

    assert "Zones treated, all sessions" in section
    assert '<th scope="row">Thighs, left</th><td>1</td><td>—</td>' in section
    assert (
        '<th scope="row">Abdomen</th><td>1</td><td>Organic silicon 0.5%, lot SIL-1: 1.50 mL</td>'
    ) in section
    assert "Hips" not in section  # the chart entered in error treated no one
    assert (
        "1 session treated several zones at once. The chart records their volumes for the "
        "whole session, not for each zone, so these are not split between zones: "
        "Caffeine 250 mg/5 mL, lot CAF-1: 4.00 mL."
    ) in section


def test_a_course_with_no_chart_says_so_beside_no_map(logged_in, active):
    section = map_section(logged_in.get(f"/courses/{active.id}/").content.decode())

    assert "No zone charted yet." in section
    assert "<svg" not in section


@pytest.mark.parametrize("role", ["outsider", "chain_manager"])
def test_another_clinics_user_gets_404_on_the_course_with_its_map(
    request, role, logged_in, active, caffeine_lot, today
):
    chart_on_page(logged_in, active, [(caffeine_lot, "2")], today)

    response = client_for(request.getfixturevalue(role)).get(f"/courses/{active.id}/")

    assert response.status_code == 404


def recall_page(client, lot):
    response = client.get(f"/lots/{lot.id}/recall-report/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_recall_report_maps_the_zones_that_received_the_lot(
    logged_in, month_old, caffeine_lot, silicon_lot, today
):
    chart_on_page(logged_in, month_old, [(caffeine_lot, "2")], weeks_ago(today, 2))
    chart_on_page(
        logged_in, month_old, [(caffeine_lot, "1")], weeks_ago(today, 1), areas=["thighs:left"]
    )
    chart_on_page(logged_in, month_old, [(silicon_lot, "1")], today, areas=["abdomen"])

    section = map_section(recall_page(logged_in, caffeine_lot))

    assert "Zones that received this lot" in section
    # Patients, sessions, and the lot's volume where the session treated that zone alone.
    assert (
        '<th scope="row">Thighs, left</th><td>1</td><td>2</td>'
        "<td>Caffeine 250 mg/5 mL, lot CAF-1: 1.00 mL</td>"
    ) in section
    assert '<th scope="row">Thighs, right</th><td>1</td><td>1</td><td>—</td>' in section
    assert ">1 patient, 2 sessions</text>" in section
    assert "Abdomen" not in section  # treated with another lot
    assert "not split between zones: Caffeine 250 mg/5 mL, lot CAF-1: 2.00 mL." in section


def test_the_recall_report_reads_in_the_same_number_of_queries_for_one_or_five_applications(
    logged_in, month_old, caffeine_lot, today
):
    areas = [
        ["thighs:left", "thighs:right"],
        ["abdomen"],
        ["hips:left"],
        ["flanks:right"],
        ["buttocks:right"],
    ]
    chart_on_page(logged_in, month_old, [(caffeine_lot, "1")], weeks_ago(today, 4), areas=areas[0])
    with CaptureQueriesContext(connection) as one:
        assert "1. Thighs, left" in recall_page(logged_in, caffeine_lot)
    for weeks, zones in zip((3, 2, 1, 0), areas[1:], strict=True):
        chart_on_page(
            logged_in, month_old, [(caffeine_lot, "1")], weeks_ago(today, weeks), areas=zones
        )
    with CaptureQueriesContext(connection) as five:
        content = recall_page(logged_in, caffeine_lot)

    assert "5 applications of this lot" in content
    assert "Buttocks, right" in map_section(content)
    assert len(five.captured_queries) == len(one.captured_queries)


@pytest.mark.parametrize("role", ["outsider", "front_desk", "chain_manager"])
def test_another_clinics_user_gets_404_on_the_recall_report_with_its_map(
    request, role, logged_in, active, caffeine_lot, today
):
    chart_on_page(logged_in, active, [(caffeine_lot, "2")], today)

    other = client_for(request.getfixturevalue(role))

    assert other.get(f"/lots/{caffeine_lot.id}/recall-report/").status_code == 404


def test_the_session_api_gives_the_zones_of_the_map_and_whether_volumes_are_one_zones(
    practitioner, month_old, caffeine_lot, today
):
    auth = bearer(practitioner)
    both = post(
        f"/api/v1/courses/{month_old.id}/sessions",
        body([(caffeine_lot, "2")], weeks_ago(today, 1), areas=[{"area": "thighs", "side": ""}]),
        auth,
    ).json()
    one = post(
        f"/api/v1/courses/{month_old.id}/sessions",
        body([(caffeine_lot, "1")], today, areas=[{"area": "abdomen"}]),
        auth,
    )

    assert [(z["area"], z["side"], z["label"]) for z in both["zones"]] == [
        ("thighs", "left", "Thighs, left"),
        ("thighs", "right", "Thighs, right"),
    ]
    assert both["volumes_in_one_zone"] is False
    read = client_for(practitioner).get(f"/api/v1/sessions/{one.json()['id']}").json()
    assert read["zones"] == [
        {"area": "abdomen", "side": None, "label": "Abdomen", "on_diagram": True}
    ]
    assert read["volumes_in_one_zone"] is True


@pytest.mark.parametrize("role", ["outsider", "front_desk", "chain_manager"])
def test_another_clinics_user_gets_404_on_the_session_api_with_its_zones(
    request, role, logged_in, active, caffeine_lot, today
):
    session = chart_on_page(logged_in, active, [(caffeine_lot, "2")], today)

    response = Client().get(
        f"/api/v1/sessions/{session.id}", headers=bearer(request.getfixturevalue(role))
    )

    assert response.status_code == 404


def test_the_course_map_reads_in_the_same_number_of_queries_for_one_or_three_charts(
    logged_in, month_old, caffeine_lot, silicon_lot, today
):
    chart_on_page(logged_in, month_old, [(caffeine_lot, "1")], weeks_ago(today, 2))
    with CaptureQueriesContext(connection) as one:
        course_body_map(month_old)
    chart_on_page(
        logged_in, month_old, [(silicon_lot, "1")], weeks_ago(today, 1), areas=["abdomen"]
    )
    chart_on_page(logged_in, month_old, [(caffeine_lot, "1"), (silicon_lot, "1")], today)
    with CaptureQueriesContext(connection) as three:
        shown = course_body_map(month_old)

    assert [(row.name, row.sessions) for row in shown.rows] == [
        ("Thighs, left", 2),
        ("Thighs, right", 2),
        ("Abdomen", 1),
    ]
    assert len(three.captured_queries) == len(one.captured_queries)
