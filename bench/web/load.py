"""A step of load: N logged-in users, each on its own connection per request in its own
thread, doing their mix back to back (no think time) for a warm-up, then for the measured
duration. Latencies are taken per request, end to end as the client sees them."""

import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bench.web.client import Browser
from bench.web.mix import FrontDesk, Pools, Practitioner, User, act


@dataclass
class Tally:
    measuring: bool = False
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    why: dict[str, list[str]] = field(default_factory=dict)  # a few failures' reasons
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, endpoint: str, seconds: float, ok: bool, why: str = "") -> None:
        if not self.measuring:
            return
        with self.lock:
            self.latencies.setdefault(endpoint, []).append(seconds)
            if not ok:
                self.errors[endpoint] = self.errors.get(endpoint, 0) + 1
                reasons = self.why.setdefault(endpoint, [])
                if why not in reasons and len(reasons) < 3:
                    reasons.append(why)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def summary(tally: Tally, seconds: float) -> dict[str, Any]:
    endpoints = {}
    for name, values in sorted(tally.latencies.items()):
        endpoints[name] = {
            "requests": len(values),
            "errors": tally.errors.get(name, 0),
            "rps": round(len(values) / seconds, 2),
            "p50_ms": round(percentile(values, 0.50) * 1000, 1),
            "p95_ms": round(percentile(values, 0.95) * 1000, 1),
            "p99_ms": round(percentile(values, 0.99) * 1000, 1),
            "why_failed": tally.why.get(name, []),
        }
    total = sum(len(v) for v in tally.latencies.values())
    return {
        "seconds": round(seconds, 1),
        "requests": total,
        "errors": sum(tally.errors.values()),
        "rps": round(total / seconds, 2),
        "endpoints": endpoints,
    }


def log_in_users(
    url: str, count: int, desks: list[str], practitioners: list[str], password: str
) -> list[tuple[Browser, type[User]]]:
    """Half the users at the front desk, half practitioners, each a login of its own."""
    users: list[tuple[Browser, type[User]]] = []
    for index in range(count):
        names, kind = (desks, FrontDesk) if index % 2 == 0 else (practitioners, Practitioner)
        browser = Browser(url)
        browser.log_in(names[(index // 2) % len(names)], password)
        users.append((browser, kind))
    return users


def run_step(
    users: list[tuple[Browser, type[User]]],
    pools: Pools,
    *,
    warmup: float,
    duration: float,
    seed: int,
    cpu_probe: Callable[[], tuple[float, float, float, float]] | None = None,
) -> dict[str, Any]:
    """`cpu_probe` gives (server, load generator, machine busy, machine all) CPU seconds;
    read when measuring starts and ends, it says where the machine's time went."""
    tally = Tally()
    stop = threading.Event()

    def work(index: int, browser: Browser, kind: type[User]) -> None:
        user = kind(browser, pools, random.Random(f"{seed}:{index}"), tally.record)
        while not stop.is_set():
            act(user)

    threads = [
        threading.Thread(target=work, args=(i, b, k), daemon=True) for i, (b, k) in enumerate(users)
    ]
    for thread in threads:
        thread.start()
    time.sleep(warmup)
    tally.measuring = True
    before = cpu_probe() if cpu_probe else None
    started = time.perf_counter()
    time.sleep(duration)
    tally.measuring = False
    seconds = time.perf_counter() - started
    after = cpu_probe() if cpu_probe else None
    stop.set()
    for thread in threads:
        thread.join(timeout=120)
    result = {"users": len(users), **summary(tally, seconds)}
    if before and after:
        result["cpu"] = cpu_shares(before, after, result["requests"])
    return result


def cpu_shares(
    before: tuple[float, float, float, float],
    after: tuple[float, float, float, float],
    requests: int,
) -> dict[str, float]:
    """Shares of the whole machine (every core) over the measured span, and the server's
    CPU per request: what the server would need of free cores, whoever else is busy."""
    server, generator, busy, everything = (b - a for a, b in zip(before, after, strict=True))
    everything = everything or 1.0
    return {
        "server_pct": round(100 * server / everything, 1),
        "generator_pct": round(100 * generator / everything, 1),
        "other_pct": round(100 * max(0.0, busy - server - generator) / everything, 1),
        "idle_pct": round(100 * max(0.0, everything - busy) / everything, 1),
        "server_ms_per_request": round(1000 * server / requests, 1) if requests else 0.0,
    }
