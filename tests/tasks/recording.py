"""A job that leaves a trace of each time it runs: one line, "number pid", appended to a
file (a short append is one write, whole, whichever process makes it)."""

import os
import time

from django_tasks import task


@task()
def record_run(number: int, path: str) -> None:
    time.sleep(0.01)  # long enough for the workers' turns to interleave
    with open(path, "a", encoding="utf-8") as trace:
        trace.write(f"{number} {os.getpid()}\n")
