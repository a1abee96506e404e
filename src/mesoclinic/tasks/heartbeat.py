"""A long job's sign of life. The job's own thread is busy (a search holds it for minutes),
so a second thread calls `beat` every WORKER_HEARTBEAT_SECONDS until the job ends. If the
worker process dies, the beats stop with it: whoever reads the job's row sees the silence."""

import logging
import threading
from collections.abc import Callable
from datetime import timedelta
from types import TracebackType

from django.conf import settings
from django.db import DatabaseError, connection

log = logging.getLogger(__name__)


def beat_every() -> float:
    return float(settings.WORKER_HEARTBEAT_SECONDS)


def silence_limit() -> timedelta:
    """How long a job may stay silent before it is taken for dead."""
    return timedelta(seconds=float(settings.WORKER_SILENCE_SECONDS))


class Heartbeat:
    """`with Heartbeat(beat): long_work()`: `beat` runs in a thread of its own (with its
    own database connection, closed at the end) every few seconds while the block runs."""

    def __init__(self, beat: Callable[[], None], name: str) -> None:
        self.beat = beat
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, name=name, daemon=True)

    def __enter__(self) -> "Heartbeat":
        self.thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop.set()
        self.thread.join()

    def _run(self) -> None:
        try:
            while not self.stop.wait(beat_every()):
                try:
                    self.beat()
                except DatabaseError:
                    # A busy database delays one beat; the silence limit allows for many.
                    log.warning("heartbeat %s not written this time", self.thread.name)
        finally:
            connection.close()
