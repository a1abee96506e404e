"""Fifty clients at once against a live `mesoclinic serve` on PostgreSQL, each with its own
connection and API token: they book the same hours for different patients, or chart
different patients' sessions from one lot with only a few millilitres left. Exactly as
many win as there is room or stock, and every other client is told why, in the words the
desk or the practitioner reads. PostgreSQL only: SQLite serialises every write (its
IMMEDIATE transactions), so these races cannot happen there; they run in the PostgreSQL
run of `make test`. RACE_ROUNDS repeats them (the soak does)."""

import threading
import time
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
import requests

from mesoclinic.appointments.services import TAKEN
from tests.crash.live import Probe, on_postgresql, record_result
from tests.crash.sizes import CLIENTS, RACE_DRAW_ML, RACE_ROUNDS

pytestmark = pytest.mark.skipif(
    not on_postgresql(),
    reason="PostgreSQL only: concurrent writers race there (the PostgreSQL run runs this)",
)


Call = Callable[[requests.Session], requests.Response]


def race(calls: list[Call]) -> list[requests.Response]:
    """Every call at once, each on a connection of its own, released together."""
    start = threading.Barrier(len(calls))
    answers: list[requests.Response | None] = [None] * len(calls)

    def run(i: int) -> None:
        with requests.Session() as session:
            start.wait()
            answers[i] = calls[i](session)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert all(a is not None for a in answers), "a client got no answer"
    return [a for a in answers if a is not None]


def race_recorded(
    name: str, round_: int, calls: list[Call], probe: Probe
) -> tuple[list[requests.Response], Counter[int]]:
    """Run the race, and record its statuses, integrity problems and time for the soak."""
    began = time.monotonic()
    answers = race(calls)
    statuses = Counter(a.status_code for a in answers)
    record_result(
        name,
        round=round_,
        statuses=statuses,
        problems=len(probe.ask("integrity")),
        seconds=round(time.monotonic() - began, 1),
    )
    return answers, statuses


def post_as(token: str, url: str, body: dict[str, Any]) -> Call:
    """One client's request: its own token, so none of them logs in."""
    headers = {"Authorization": f"Bearer {token}"}
    return lambda session: session.post(url, json=body, headers=headers, timeout=300)


def messages(response: requests.Response) -> str:
    return " ".join(str(m) for m in response.json().get("errors", {}).values())


def test_fifty_clients_booking_overlapping_slots_never_double_book(site):
    server, probe, data = site["server"], site["probe"], site["data"]
    tokens, practitioners, rooms = data["tokens"]["desk"], data["practitioners"], data["rooms"]
    for round_ in range(RACE_ROUNDS):
        courses = data["to_book"][round_ * CLIENTS : (round_ + 1) * CLIENTS]
        auth = {"Authorization": f"Bearer {tokens[0]}"}
        found = requests.post(
            f"{server.url}/api/v1/courses/{courses[0]}/availability",
            json={"practitioner_id": practitioners[0]},
            headers=auth,
            timeout=120,
        )
        plan = found.json()["plans"][0]["sessions"]

        # Every client asks for the same hours: half with one practitioner and room, half
        # with the other, so exactly one booking of each half fits.
        pairs = [
            {"practitioner_id": p, "room_id": r} for p, r in zip(practitioners, rooms, strict=True)
        ]
        calls = [
            post_as(
                tokens[i],
                f"{server.url}/api/v1/courses/{course}/appointments",
                {"sessions": [{**s, **pairs[i % 2]} for s in plan]},
            )
            for i, course in enumerate(courses)
        ]
        answers, statuses = race_recorded("booking race", round_, calls, probe)
        assert statuses == {201: 2, 409: CLIENTS - 2}, (round_, statuses, server.log_tail())
        for answer in answers:
            if answer.status_code == 409:
                told = messages(answer)
                assert told == TAKEN or "by another patient" in told, told
                assert "plans" in answer.json()  # fresh options to offer the patient
        booked = [c for c in courses if probe.ask("appointments", course=c)]
        assert len(booked) == 2
        for course in booked:
            rows = probe.ask("appointments", course=course)
            assert rows == sorted([s["number"], "booked"] for s in plan)
        assert probe.ask("integrity") == []


def test_fifty_clients_drawing_the_last_millilitres_never_make_stock_negative(site):
    server, probe, data = site["server"], site["probe"], site["data"]
    tokens = data["tokens"]["doctor"]
    chart = {
        "performed_on": data["today"],
        "areas": [{"area": "thighs", "side": "left"}],
        "applications": [],
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
    for round_ in range(RACE_ROUNDS):
        courses = data["to_chart"][round_ * CLIENTS : (round_ + 1) * CLIENTS]
        lot, number = data["scarce_lots"][round_]
        before = Decimal(probe.ask("lot", lot=lot))
        left = before - 2 * RACE_DRAW_ML

        body = {**chart, "applications": [{"lot_id": lot, "volume_ml": str(RACE_DRAW_ML)}]}
        calls = [
            post_as(tokens[i], f"{server.url}/api/v1/courses/{course}/sessions", body)
            for i, course in enumerate(courses)
        ]
        answers, statuses = race_recorded("stock race", round_, calls, probe)
        assert statuses == {201: 2, 422: CLIENTS - 2}, (round_, statuses, server.log_tail())
        for answer in answers:
            if answer.status_code == 422:
                told = f"Lot {number} has {left.normalize():f} mL in stock, less than the"
                assert told in messages(answer), answer.text
        assert Decimal(probe.ask("lot", lot=lot)) == left
        charted = [c for c in courses if probe.ask("charts", course=c)["charts"]]
        assert len(charted) == 2
        assert probe.ask("integrity") == []
