"""The PostgreSQL plans of the hottest queries: each daily request is made once per sample
in this process (Django's test client, logged in as the users of the mix), its queries
captured with their times; queries are grouped by their text with the numbers taken out,
the five groups with the most total time are explained with EXPLAIN (ANALYZE, BUFFERS)
on their slowest instance."""

import re
import time
from datetime import timedelta
from typing import Any

NUMBERS = re.compile(r"\b\d+(\.\d+)?\b|'[^']*'")
SAMPLES = 5


def _shape(sql: str) -> str:
    return NUMBERS.sub("?", sql)


def _requests(pools: Any) -> list[tuple[str, str, str, str, Any]]:
    """(endpoint, role, method, path, json body) of the daily requests, a few samples each."""
    c = pools.clinic_id
    rows: list[tuple[str, str, str, str, Any]] = []
    for i in range(SAMPLES):
        day = pools.today + timedelta(days=i - 2)
        rows += [
            ("today's list (page)", "desk", "GET", f"/today/{c}/", None),
            ("schedule day (page)", "desk", "GET", f"/schedule/{c}/day/{day}/", None),
            ("schedule week (page)", "desk", "GET", f"/schedule/{c}/week/{day}/", None),
            (
                "schedule day (API)",
                "desk",
                "GET",
                f"/api/v1/clinics/{c}/schedule?first={day}&last={day}",
                None,
            ),
            ("dashboard (page)", "practitioner", "GET", f"/dashboard/{c}/", None),
        ]
        for pool, endpoint, role, method, path, body in (
            (pools.patients, "patient (page)", "desk", "GET", "/patients/{}/", None),
            (pools.courses, "course (page)", "practitioner", "GET", "/courses/{}/", None),
            (
                pools.to_chart,
                "chart form (page)",
                "practitioner",
                "GET",
                "/courses/{}/chart/",
                None,
            ),
            (
                pools.lots,
                "lot recall report (page)",
                "practitioner",
                "GET",
                "/lots/{}/recall-report/",
                None,
            ),
            (
                pools.to_book,
                "availability (API)",
                "desk",
                "POST",
                "/api/v1/courses/{}/availability",
                {},
            ),
        ):
            if pool:
                rows.append((endpoint, role, method, path.format(pool[i % len(pool)]), body))
    return rows


def hottest(pools: Any, desk: str, practitioner: str, top: int = 5) -> dict[str, Any]:
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    clients = {}
    for role, name in (("desk", desk), ("practitioner", practitioner)):
        client = Client()
        client.force_login(User.objects.get(username=name))
        clients[role] = client
    groups: dict[str, dict[str, Any]] = {}
    per_endpoint: dict[str, list[tuple[int, float, float]]] = {}
    statuses: dict[str, set[int]] = {}
    for endpoint, role, method, path, body in _requests(pools):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            if method == "GET":
                answer = clients[role].get(path)
            else:
                answer = clients[role].post(path, data=body, content_type="application/json")
        statuses.setdefault(endpoint, set()).add(answer.status_code)
        wall = time.perf_counter() - started
        in_db = sum(float(q["time"]) for q in captured.captured_queries)
        per_endpoint.setdefault(endpoint, []).append((len(captured), in_db, wall))
        for query in captured.captured_queries:
            sql, seconds = query["sql"], float(query["time"])
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            group = groups.setdefault(
                _shape(sql), {"total_s": 0.0, "calls": 0, "endpoints": set(), "slowest": (0.0, sql)}
            )
            group["total_s"] += seconds
            group["calls"] += 1
            group["endpoints"].add(endpoint)
            group["slowest"] = max(group["slowest"], (seconds, sql))
    ranked = sorted(groups.values(), key=lambda g: -g["total_s"])[:top]
    found = []
    with connection.cursor() as cursor:
        for group in ranked:
            sql = group["slowest"][1]
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
            found.append(
                {
                    "total_ms": round(group["total_s"] * 1000, 1),
                    "calls": group["calls"],
                    "endpoints": sorted(group["endpoints"]),
                    "sql": sql,
                    "plan": plan,
                }
            )
    requests = {
        name: {
            "queries": round(sum(q for q, _, _ in rows) / len(rows), 1),
            "db_ms": round(sum(d for _, d, _ in rows) / len(rows) * 1000, 1),
            "total_ms": round(sum(t for _, _, t in rows) / len(rows) * 1000, 1),
            "statuses": sorted(statuses[name]),
        }
        for name, rows in sorted(per_endpoint.items())
    }
    return {"requests": requests, "queries": found}
