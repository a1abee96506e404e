"""What the users do: the front desk and the practitioners each follow their own mix of
the daily pages and API calls, picked at random by weight. Writes draw from shared pools
(courses to chart today, courses not yet booked), so no course is charted twice in a day
or booked twice; when a pool is empty the write is left out and its page is still read."""

import random
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from bench.web.client import Browser, Response

Record = Callable[[str, float, bool, str], None]


@dataclass
class Pools:
    """Ids of the synthetic clinic the users work on."""

    clinic_id: int
    today: date
    patients: list[int]
    courses: list[int]
    lots: list[int]
    to_chart: list[int]
    to_book: list[int]
    lock: threading.Lock = field(default_factory=threading.Lock)

    def take(self, pool: list[int]) -> int | None:
        with self.lock:
            return pool.pop() if pool else None

    def as_json(self) -> dict[str, Any]:
        return {
            "clinic_id": self.clinic_id,
            "today": self.today.isoformat(),
            **{
                name: getattr(self, name)
                for name in ("patients", "courses", "lots", "to_chart", "to_book")
            },
        }


OPTION = re.compile(r'<option value="(\d+)"[^>]*>([^<]*)</option>')
SELECT = re.compile(r'<select name="lot_0"[^>]*>(.*?)</select>', re.S)
AREA = re.compile(r'name="areas" value="([^"]+)"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


LEFT = re.compile(r"([\d.]+) mL left")
ERROR_TEXT = re.compile(r'(?:class="errorlist[^"]*"|role="alert")[^>]*>(.*?)</(?:ul|div|p)>', re.S)


def _left(label: str) -> float:
    found = LEFT.search(label)
    return float(found[1]) if found else 0.0


def why(answer: Response) -> str:
    """A failed answer in a few words, for the report: the status and the first message."""
    if answer.body[:1] in (b"{", b"["):
        return f"HTTP {answer.status}: {answer.text[:160]}"
    found = ERROR_TEXT.search(answer.text)
    message = re.sub(r"<[^>]+>|\s+", " ", found[1]).strip()[:160] if found else ""
    return f"HTTP {answer.status}" + (f": {message}" if message else "")


class User:
    def __init__(self, browser: Browser, pools: Pools, rng: random.Random, record: Record) -> None:
        self.browser, self.pools, self.rng, self.record = browser, pools, rng, record

    def timed(
        self, endpoint: str, method: str, path: str, ok: tuple[int, ...] = (200,), **kw: Any
    ) -> Response | None:
        started = time.perf_counter()
        try:
            answer = self.browser.request(method, path, **kw)
        except OSError as error:
            self.browser.close()
            self.record(endpoint, time.perf_counter() - started, False, f"no answer: {error}")
            return None
        good = answer.status in ok
        self.record(endpoint, time.perf_counter() - started, good, "" if good else why(answer))
        return answer if answer.status in ok else None

    # -- the pages and calls ------------------------------------------------------------

    def day(self) -> date:
        return self.pools.today + timedelta(days=self.rng.randint(-3, 10))

    def today_list(self) -> None:
        self.timed("today's list (page)", "GET", f"/today/{self.pools.clinic_id}/")

    def schedule_day_page(self) -> None:
        self.timed(
            "schedule day (page)", "GET", f"/schedule/{self.pools.clinic_id}/day/{self.day()}/"
        )

    def schedule_week_page(self) -> None:
        self.timed(
            "schedule week (page)", "GET", f"/schedule/{self.pools.clinic_id}/week/{self.day()}/"
        )

    def schedule_api(self, days: int, name: str) -> None:
        first = self.day()
        last = first + timedelta(days=days)
        path = f"/api/v1/clinics/{self.pools.clinic_id}/schedule?first={first}&last={last}"
        self.timed(name, "GET", path)

    def patient_page(self) -> None:
        self.timed("patient (page)", "GET", f"/patients/{self.rng.choice(self.pools.patients)}/")

    def course_page(self) -> None:
        self.timed("course (page)", "GET", f"/courses/{self.rng.choice(self.pools.courses)}/")

    def lot_recall_report(self) -> None:
        self.timed(
            "lot recall report (page)",
            "GET",
            f"/lots/{self.rng.choice(self.pools.lots)}/recall-report/",
        )

    def dashboard(self) -> None:
        self.timed("dashboard (page)", "GET", f"/dashboard/{self.pools.clinic_id}/")

    def availability(self) -> None:
        if self.pools.to_book:
            course = self.rng.choice(self.pools.to_book)
            self.timed(
                "availability (API)", "POST", f"/api/v1/courses/{course}/availability", data={}
            )

    def book(self) -> None:
        course = self.pools.take(self.pools.to_book)
        if course is None:
            return
        found = self.timed(
            "availability (API)", "POST", f"/api/v1/courses/{course}/availability", data={}
        )
        plans = found.json()["plans"] if found else []
        if plans:
            self.timed(
                "book a course (API)",
                "POST",
                f"/api/v1/courses/{course}/appointments",
                ok=(201, 409),
                data={"sessions": plans[0]["sessions"]},
            )

    def chart(self) -> None:
        course = self.pools.take(self.pools.to_chart)
        if course is None:
            return
        page = self.timed("chart form (page)", "GET", f"/courses/{course}/chart/")
        if page is None:
            return
        text = page.text
        select = SELECT.search(text)
        # A lot the practitioner would pick: in date, not recalled, enough left.
        lots = [
            value
            for value, label in (OPTION.findall(select[1]) if select else [])
            if "(EXPIRED)" not in label and "(RECALLED)" not in label and _left(label) >= 1
        ]
        areas = AREA.findall(text)[:2]
        token = CSRF.search(text)
        if len(lots) < 1 or not areas or token is None:
            return
        form = {
            "csrfmiddlewaretoken": token[1],
            "performed_on": self.pools.today.isoformat(),
            "technique": "nappage",
            "depth_mm": "3.0",
            "needle_gauge": "30",
            "needle_length_mm": "4.0",
            "duration_minutes": "60",
            "areas": areas,
            "lot_0": lots[0],
            "volume_0": "1.00",
            "interval_override_reason": "Benchmark: the patient asked to come sooner.",
            **{
                f"recheck_{key}": "no"
                for key in ("pregnancy", "breastfeeding", "anticoagulant_or_antiplatelet")
            },
        }
        self.timed(
            "chart a session (POST)", "POST", f"/courses/{course}/chart/", ok=(302,), form=form
        )

    def mix(self) -> list[tuple[Callable[[], None], float]]:
        raise NotImplementedError


class FrontDesk(User):
    def mix(self) -> list[tuple[Callable[[], None], float]]:
        return [
            (self.today_list, 3),
            (self.schedule_day_page, 3),
            (self.schedule_week_page, 2),
            (lambda: self.schedule_api(0, "schedule day (API)"), 2),
            (lambda: self.schedule_api(6, "schedule week (API)"), 1),
            (self.patient_page, 3),
            (self.availability, 1),
            (self.book, 0.3),
        ]


class Practitioner(User):
    def mix(self) -> list[tuple[Callable[[], None], float]]:
        return [
            (self.today_list, 3),
            (self.schedule_day_page, 2),
            (self.patient_page, 2),
            (self.course_page, 3),
            (self.chart, 1),
            (self.lot_recall_report, 0.5),
            (self.dashboard, 0.5),
        ]


def act(user: User) -> None:
    actions = user.mix()
    choice = user.rng.choices([a for a, _ in actions], weights=[w for _, w in actions])[0]
    choice()
