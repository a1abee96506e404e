"""The kill loop the crash tests and the soak share. Each round sends a few requests, each
killed at its own seeded random moment within the time such a request takes: they are
started staggered so that one SIGKILL of the server cuts each at a different point.
Then the server is restarted and the caller's all-or-nothing check sees each request's
outcome. (Several requests per kill because a restart costs seconds, a request a tenth.)"""

import random
import threading
import time
from collections import Counter
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field

import requests

from tests.crash.live import Server, rebase

# Kill moments spread from the moment a request is sent to twice its duration alone: several
# in flight at once take longer each, and some must be cut after their commit.
SPREAD = 2.0

Send = Callable[[], requests.Response]


@dataclass
class Outcomes:
    """What each killed request left ("committed" or "rolled back"), and when it was cut."""

    counts: Counter[str] = field(default_factory=Counter)
    answered: int = 0  # responses that arrived before the kill
    delays: list[float] = field(default_factory=list)
    restarts: int = 0

    @property
    def requests(self) -> int:
        return sum(self.counts.values())

    def summary(self, seconds: float, duration: float, problems: list[str]) -> dict[str, object]:
        return {
            "restarts": self.restarts,
            "killed": self.requests,
            "committed": self.counts["committed"],
            "rolled_back": self.counts["rolled back"],
            "answered_before_kill": self.answered,
            "request_seconds": round(duration, 3),
            "integrity_problems": len(problems),
            "seconds": round(seconds, 1),
        }


def send_all_and_kill(server: Server, sends: list[Send], delays: list[float]) -> list[object]:
    """Send each request so that the kill comes `delays[j]` seconds after request j went
    out; each one's response, or None when the kill cut it."""
    answers: list[object] = [None] * len(sends)
    kill_at = max(delays)

    def run(j: int) -> None:
        with suppress(requests.RequestException):  # the connection died with the server
            answers[j] = sends[j]()

    threads = []
    began = time.monotonic()
    for j in sorted(range(len(sends)), key=lambda j: -delays[j]):
        time.sleep(max(0.0, began + kill_at - delays[j] - time.monotonic()))
        thread = threading.Thread(target=run, args=(j,))
        thread.start()
        threads.append(thread)
    time.sleep(max(0.0, began + kill_at - time.monotonic()))
    server.kill()
    for thread in threads:
        thread.join(timeout=60)
    return answers


def kill_loop(
    server: Server,
    session: requests.Session,
    *,
    rounds: int,
    in_flight: int,
    seed: int,
    duration: float,
    prepare: Callable[[int, int], Send],
    verify: Callable[[int, requests.Response | None], str],
) -> Outcomes:
    """`prepare(i, j)` (server up) returns request i, the j-th of its round; after the kill,
    `verify(i, response)` checks what the database holds and says "committed" or "rolled
    back". The server is restarted after each round."""
    rng = random.Random(seed)  # noqa: S311 (reproducible kill moments)
    outcomes = Outcomes()
    for round_ in range(rounds):
        first = round_ * in_flight
        sends = [prepare(first + j, j) for j in range(in_flight)]
        delays = [rng.uniform(0, duration * SPREAD) for _ in sends]
        answers = send_all_and_kill(server, sends, delays)
        outcomes.delays += delays
        for j, answer in enumerate(answers):
            response = answer if isinstance(answer, requests.Response) else None
            outcomes.answered += response is not None
            outcomes.counts[verify(first + j, response)] += 1
        server.start()
        outcomes.restarts += 1
        rebase(session, server.url)
    return outcomes
