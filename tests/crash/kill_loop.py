"""The kill loop the crash tests and the soak share: send a request, SIGKILL the server at a
seeded random moment within the time such a request takes, restart it, and hand the
outcome to the caller's all-or-nothing check."""

import random
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import requests

from tests.crash.live import Server, rebase

# Kills spread from the moment the request is sent to a little past its usual duration.
SPREAD = 1.2


@dataclass
class Outcomes:
    """What each killed request left: "committed" or "rolled back"."""

    counts: Counter[str] = field(default_factory=Counter)
    answered: int = 0  # responses that arrived before the kill
    delays: list[float] = field(default_factory=list)


def send_and_kill(
    server: Server, send: Callable[[], requests.Response], delay: float
) -> requests.Response | None:
    """`send` in a thread; SIGKILL after `delay` seconds; its response, or None when cut."""
    answer: list[requests.Response] = []

    def run() -> None:
        try:
            answer.append(send())
        except requests.RequestException:
            pass  # the connection died with the server

    thread = threading.Thread(target=run)
    thread.start()
    time.sleep(delay)
    server.kill()
    thread.join(timeout=60)
    return answer[0] if answer else None


def kill_loop(
    server: Server,
    session: requests.Session,
    *,
    kills: int,
    seed: int,
    duration: float,
    prepare: Callable[[int], Callable[[], requests.Response]],
    verify: Callable[[int, requests.Response | None], str],
) -> Outcomes:
    """`prepare(i)` (server up) returns the request to kill; after the kill `verify(i,
    response)` checks the database and says "committed" or "rolled back"; the server is
    restarted for the next round."""
    rng = random.Random(seed)
    outcomes = Outcomes()
    for round_ in range(kills):
        send = prepare(round_)
        delay = rng.uniform(0, duration * SPREAD)
        response = send_and_kill(server, send, delay)
        outcomes.delays.append(delay)
        outcomes.answered += response is not None
        outcomes.counts[verify(round_, response)] += 1
        server.start()
        rebase(session, server.url)
    return outcomes
