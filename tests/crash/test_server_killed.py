"""A clinic loses nothing when the server dies: `mesoclinic serve` is killed with SIGKILL
at seeded random moments while it books a whole course or signs a chart, then restarted.
Each killed request left all of its writes or none, and the database's invariants hold
(`mesoclinic integrity`). On SQLite in the SQLite run, on PostgreSQL in the PostgreSQL run.
CRASH_ROUNDS and CRASH_IN_FLIGHT set how many (the soak runs many more)."""

import time
from decimal import Decimal
from typing import Any

import requests

from tests.crash.kill_loop import kill_loop
from tests.crash.live import logged_in, record_result
from tests.crash.sizes import IN_FLIGHT, KILLED, ROUNDS, SEED

DRAW_ML = "0.75"


def _first_plan(
    session: requests.Session, url: str, course: int, weekday: int
) -> list[dict[str, Any]]:
    """The best plan on one weekday: the requests in flight together, each on its own day,
    do not compete for the same hours."""
    wishes = {"weekdays": [weekday]}
    found = session.post(f"{url}/api/v1/courses/{course}/availability", json=wishes, timeout=120)
    assert found.status_code == 200, found.text[:500]
    plans = found.json()["plans"]
    assert plans, found.json()
    return list(plans[0]["sessions"])


def test_a_server_killed_mid_booking_leaves_no_partial_course(site):
    server, probe, data = site["server"], site["probe"], site["data"]
    desk = logged_in(server.url, data["desk"], data["password"])
    courses = data["to_book"]
    plans: dict[int, list[dict[str, Any]]] = {}

    def book(index: int, weekday: int):
        course = courses[index]
        plans[course] = _first_plan(desk, server.url, course, weekday)
        url = f"{server.url}/api/v1/courses/{course}/appointments"
        return lambda: desk.post(url, json={"sessions": plans[course]}, timeout=60)

    send = book(0, 0)
    began = time.monotonic()
    first = send()
    duration = time.monotonic() - began
    assert first.status_code == 201, first.text[:500]

    def verify(index: int, response: requests.Response | None) -> str:
        course = courses[index + 1]
        rows = probe.ask("appointments", course=course)
        assert probe.ask("integrity") == []
        whole = sorted([s["number"], "booked"] for s in plans[course])
        assert rows in ([], whole), f"course {course} was left with {rows}"
        if response is not None:
            assert response.status_code == 201, response.text[:500]
            assert rows == whole
        return "committed" if rows else "rolled back"

    began = time.monotonic()
    outcomes = kill_loop(
        server,
        desk,
        rounds=ROUNDS,
        in_flight=IN_FLIGHT,
        seed=SEED,
        duration=duration,
        prepare=lambda i, j: book(i + 1, j),
        verify=verify,
    )

    problems = probe.ask("integrity")
    record_result("booking", **outcomes.summary(time.monotonic() - began, duration, problems))
    assert problems == []
    assert outcomes.counts["rolled back"] > 0, outcomes
    assert outcomes.requests == KILLED


def test_a_server_killed_mid_charting_leaves_no_half_chart_and_stock_matches_its_movements(site):
    server, probe, data = site["server"], site["probe"], site["data"]
    doctor = logged_in(server.url, data["doctor"], data["password"])
    courses, lot = data["to_chart"], data["plenty_lot"]
    chart = {
        "performed_on": data["today"],
        "areas": [{"area": "thighs", "side": "left"}, {"area": "thighs", "side": "right"}],
        "applications": [{"lot_id": lot, "volume_ml": DRAW_ML}],
        "technique": "papule",
        "depth_mm": "1.5",
        "needle_gauge": 30,
        "needle_length_mm": "4",
        "duration_minutes": 60,
        "recheck": {
            "pregnancy": False,
            "breastfeeding": False,
            "anticoagulant_or_antiplatelet": False,
        },
    }

    def sign(index: int, _weekday: int = 0):
        url = f"{server.url}/api/v1/courses/{courses[index]}/sessions"
        return lambda: doctor.post(url, json=chart, timeout=60)

    began = time.monotonic()
    first = sign(0)()
    duration = time.monotonic() - began
    assert first.status_code == 201, first.text[:500]
    stock = Decimal(probe.ask("lot", lot=lot))

    def verify(index: int, response: requests.Response | None) -> str:
        course = courses[index + 1]
        state = probe.ask("charts", course=course)
        assert probe.ask("integrity") == []
        if response is not None:
            assert response.status_code == 201, response.text[:500]
        if not state["charts"]:
            assert state["sessions_done_total"] == 0, state
            assert response is None
            return "rolled back"
        [charted] = state["charts"]
        assert charted["applications"] == [[lot, DRAW_ML]], state
        assert state["sessions_done_total"] == 1, state
        return "committed"

    began = time.monotonic()
    outcomes = kill_loop(
        server,
        doctor,
        rounds=ROUNDS,
        in_flight=IN_FLIGHT,
        seed=SEED + 1,
        duration=duration,
        prepare=lambda i, j: sign(i + 1, j),
        verify=verify,
    )

    problems = probe.ask("integrity")
    record_result("charting", **outcomes.summary(time.monotonic() - began, duration, problems))
    assert problems == []
    drawn = Decimal(DRAW_ML) * outcomes.counts["committed"]
    assert Decimal(probe.ask("lot", lot=lot)) == stock - drawn
    assert outcomes.counts["rolled back"] > 0, outcomes
    assert outcomes.requests == KILLED
