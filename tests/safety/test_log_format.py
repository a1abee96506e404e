"""A logged failure keeps the exception's type and the frames it passed through, for each
exception of a chain, and leaves every message out: a database error quotes the row."""

import logging
import sys

from mesoclinic.log_format import LEFT_OUT, WithoutExceptionText

# Built at run time, as a patient's name is: the traceback's source lines show the code,
# never the value.
NAME = "".join(["Love", "lace"])


def _record_of_failure() -> logging.LogRecord:
    try:
        try:
            raise ValueError(f"Key (family_name)=({NAME}) already exists.")
        except ValueError as error:
            raise RuntimeError(f"while saving Ada {NAME}") from error
    except RuntimeError:
        return logging.LogRecord(
            "x", logging.ERROR, __file__, 1, "save failed", None, sys.exc_info()
        )


def test_a_chained_failure_keeps_both_types_and_frames_without_their_messages():
    text = WithoutExceptionText("%(levelname)s %(message)s").format(_record_of_failure())

    assert text.startswith("ERROR save failed\nTraceback (most recent call last):")
    assert "builtins.ValueError " + LEFT_OUT in text
    assert "builtins.RuntimeError " + LEFT_OUT in text
    assert "direct cause of the following exception" in text
    assert "_record_of_failure" in text
    assert NAME not in text


def test_a_traceback_cached_by_another_handler_is_not_reused_nor_replaced():
    record = _record_of_failure()
    full = logging.Formatter().format(record)

    text = WithoutExceptionText().format(record)

    assert NAME in full
    assert NAME not in text
    assert record.exc_text is not None
    assert NAME in record.exc_text
