"""How log lines are written. An exception's message may quote a patient: a database error
quotes the row it refused, a failed parse the value it could not read. Logs go to
administrators and log services, outside the clinic's records and their access checks, so
a logged failure keeps the exception's type and the frames where it was raised (enough to
find the fault) and leaves its message out."""

import logging
import traceback
from types import TracebackType

LEFT_OUT = "(message left out: it may hold patient data)"

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None] | tuple[None, None, None]


class WithoutExceptionText(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        # Another handler may have cached its own rendering of the traceback on the record;
        # this one writes its own and leaves that cache as it was.
        cached = record.exc_text
        record.exc_text = None
        try:
            return super().format(record)
        finally:
            record.exc_text = cached

    def formatException(self, ei: ExcInfo) -> str:
        _, exc, tb = ei
        if exc is None:
            return ""
        return "".join(_chain(exc, tb)).rstrip("\n")


def _chain(exc: BaseException, tb: TracebackType | None) -> list[str]:
    """The exception and those it came from, oldest first, as Python prints them but
    without their messages."""
    lines: list[str] = []
    if exc.__cause__ is not None:
        lines += _chain(exc.__cause__, exc.__cause__.__traceback__)
        lines.append("\nThe above exception was the direct cause of the following exception:\n\n")
    elif exc.__context__ is not None and not exc.__suppress_context__:
        lines += _chain(exc.__context__, exc.__context__.__traceback__)
        lines.append("\nDuring handling of the above exception, another exception occurred:\n\n")
    lines.append("Traceback (most recent call last):\n")
    lines += traceback.format_tb(tb)
    kind = type(exc)
    lines.append(f"{kind.__module__}.{kind.__qualname__} {LEFT_OUT}\n")
    return lines
