"""The web app on gunicorn, configured from Python rather than a config file so that
`mesoclinic serve` is the one way to run it and every choice below is written down once.

The choices, and why:
- One process per core (WEB_WORKERS or --workers overrides): Python runs one thread of
  Python code at a time per process, so only processes use every core.
- gthread workers with a few threads each: a slow client on a phone, a 0.6 s PDF render or
  a wait on the database lock holds one thread, not a whole process. Threads rather than
  gevent because WeasyPrint, OR-Tools and the database drivers are C code that green
  threads cannot switch out of.
- preload_app: the command has already imported Django and every view (OR-Tools, numpy,
  Pillow: about 150 MB) to run its checks, so the master loads the WSGI app once and forks.
  Each worker starts without paying that import again, shares those pages with its
  siblings copy-on-write, and a worker recycled by max_requests is back in milliseconds.
  (WeasyPrint is imported by a worker on its first PDF.) Database connections opened by the
  checks are closed before the fork, so no two processes share a socket to the database.
- max_requests with jitter: a worker is replaced after about a thousand requests, which
  bounds any slow growth of memory (font and image caches) without all workers restarting
  at the same moment.
- timeout 60 s: a worker whose main loop stops checking in (a deadlock, a C call holding
  the GIL) is killed and replaced. With threads this is not a limit on one request, whose
  thread the main loop keeps serving around; long work belongs on the task queue.
  graceful_timeout 30 s: on SIGTERM the requests in flight finish, then the processes exit.
- The access log goes to stderr with the path only: query strings and referrers may carry
  what people typed, and nothing clinical goes in logs.
- Only X-Forwarded-Proto is read for the scheme, and only from TRUSTED_PROXIES (the client
  address from X-Forwarded-For is the app's middleware's business, same list).
- No control socket: it defaults to one shared path per user, which two servers on one
  machine would fight over.
"""

import gc
import logging
import os
import sys
from collections.abc import Callable
from typing import Any

from gunicorn.app.base import BaseApplication  # type: ignore[import-untyped]
from gunicorn.glogging import Logger  # type: ignore[import-untyped]

# Method, path without the query string, protocol, status, bytes and milliseconds.
ACCESS_LOG_FORMAT = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
THREADS_PER_WORKER = 4


def default_workers() -> int:
    """WEB_WORKERS, or one per core this process may run on."""
    configured = os.environ.get("WEB_WORKERS", "").strip()
    if configured:
        if not configured.isdigit() or int(configured) < 1:
            raise ValueError(
                f"WEB_WORKERS must be a whole number of 1 or more; got {configured!r}."
            )
        return int(configured)
    return len(os.sched_getaffinity(0))


def server_options(
    *, bind: str, workers: int, trusted_proxies: str, when_ready: Callable[[Any], None]
) -> dict[str, Any]:
    return {
        "bind": [bind],
        "workers": workers,
        "worker_class": "gthread",
        "threads": THREADS_PER_WORKER,
        "preload_app": True,
        "max_requests": 1000,
        "max_requests_jitter": 100,
        "timeout": 60,
        "graceful_timeout": 30,
        "keepalive": 5,
        "accesslog": "-",
        "access_log_format": ACCESS_LOG_FORMAT,
        "errorlog": "-",
        "logger_class": StderrAccessLogger,
        "forwarded_allow_ips": trusted_proxies,
        "secure_scheme_headers": {"X-FORWARDED-PROTO": "https"},
        # Not even a trusted proxy sets SCRIPT_NAME or PATH_INFO: the app is served at /.
        "forwarder_headers": "",
        "control_socket_disable": True,
        "proc_name": "mesoclinic",
        "when_ready": when_ready,
    }


class PathsWithoutQueryStrings(logging.Filter):
    """gunicorn names the request's full target when an error escapes the app ("Error
    handling request /x?q=..."); what people typed stays out of the log."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                arg.partition("?")[0] if isinstance(arg, str) and arg.startswith("/") else arg
                for arg in record.args
            )
        return True


class StderrAccessLogger(Logger):
    """gunicorn's "-" sends the access log to stdout; ours goes to stderr with every other
    log line, and stdout keeps only what the command itself says (its URL line)."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        for handler in self.access_log.handlers:
            if isinstance(handler, logging.StreamHandler) and handler.stream is sys.stdout:
                handler.setStream(sys.stderr)
        if not any(isinstance(f, PathsWithoutQueryStrings) for f in self.error_log.filters):
            self.error_log.addFilter(PathsWithoutQueryStrings())


class MesoclinicServer(BaseApplication):
    def __init__(self, application: Callable[..., Any], options: dict[str, Any]) -> None:
        self.application = application
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for name, value in self.options.items():
            self.cfg.set(name, value)

    def load(self) -> Callable[..., Any]:
        from django.db import connections

        connections.close_all()
        # Objects loaded so far live as long as the process: keeping the collector off
        # them keeps their pages shared with the forked workers instead of copied.
        gc.freeze()
        return self.application
