"""Plausibility rules for what people and programs send: text without control characters,
dates in a plausible range, ids a database can hold, volumes with the digits we store.

The checks are plain functions that return a problem to show (or None), so the API's
schemas, the forms and the services can all apply the same rule with their own way of
refusing. It sits below the apps and imports none of them, so every app can use it.
The annotated types at the bottom are the API's: each router's schemas use them."""

import re
import unicodedata
from collections.abc import Callable
from datetime import date, datetime, time
from decimal import Decimal
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

FIRST_YEAR, LAST_YEAR = 1900, 2100
# The largest row id a database holds (a signed 64-bit integer).
MAX_ID = 2**63 - 1
# Characters that reorder how text is displayed, so a name can read differently from what
# it holds: the embeddings, overrides and isolates (the plain marks LRM/RLM stay allowed).
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
LINE_BREAKS_AND_TABS = frozenset("\n\r\t")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
WALL_TIME = re.compile(r"([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?")


def text_problem(value: str, *, multiline: bool = False) -> str | None:
    """Why this text cannot be stored as typed, or None. Line breaks and tabs are allowed
    only in multi-line text (notes, descriptions); control characters, unpaired surrogates
    and direction overrides never are."""
    allowed = LINE_BREAKS_AND_TABS if multiline else frozenset()
    for char in value:
        if char in allowed:
            continue
        if char in BIDI_CONTROLS:
            return "Remove the text direction control characters."
        category = unicodedata.category(char)
        if category == "Cc":
            if char in LINE_BREAKS_AND_TABS:
                return "Write this on one line, without line breaks or tabs."
            return "Remove the control characters (such as NUL)."
        if category == "Cs":
            return "Remove the invalid characters."
    return None


def date_problem(value: date) -> str | None:
    """Dates outside 1900–2100 are typing mistakes (0001, 9999, a timestamp of 0)."""
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        return f"Use a date between {FIRST_YEAR} and {LAST_YEAR}."
    return None


# ---- The API's types -----------------------------------------------------------------


def _refuse(problem: str | None) -> None:
    if problem is not None:
        raise PydanticCustomError("implausible", problem)


def _checked(check: Callable[[Any], str | None]) -> Callable[[Any], Any]:
    def validate(value: Any) -> Any:
        _refuse(check(value))
        return value

    return validate


def _iso_date_text(value: Any) -> Any:
    # Strict: a number is not a date (0 would otherwise become 1970-01-01).
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if not isinstance(value, str) or not ISO_DATE.fullmatch(value):
        raise PydanticCustomError("date_format", "Write the date as YYYY-MM-DD.")
    return value


def _iso_datetime_text(value: Any) -> Any:
    if isinstance(value, datetime):
        return value
    if not isinstance(value, str) or not ISO_DATE.match(value) or len(value) < 16:
        raise PydanticCustomError("datetime_format", "Write the date and time as YYYY-MM-DDTHH:MM.")
    return value


def _wall_time_text(value: Any) -> Any:
    if isinstance(value, time) and value.tzinfo is None:
        return value
    if not isinstance(value, str) or not WALL_TIME.fullmatch(value):
        raise PydanticCustomError(
            "wall_time", "Write the clinic's wall-clock time as HH:MM, without an offset."
        )
    return value


# A row id, in a body, a query or a path (a path id that is out of range is not found).
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
# One line of text: names, labels, reasons.
Line = Annotated[str, AfterValidator(_checked(text_problem))]
# Text that may run over several lines: notes, descriptions.
Text = Annotated[str, AfterValidator(_checked(lambda value: text_problem(value, multiline=True)))]
# A calendar day, written YYYY-MM-DD, between 1900 and 2100.
Day = Annotated[date, BeforeValidator(_iso_date_text), AfterValidator(_checked(date_problem))]
# A date and time, written in ISO 8601; with or without an offset (the router decides what
# an offset means), between 1900 and 2100.
Moment = Annotated[
    datetime,
    BeforeValidator(_iso_datetime_text),
    AfterValidator(_checked(lambda value: date_problem(value.date()))),
]
# The clinic's wall-clock time ("09:00", answered as "09:00:00"): a time of day without
# an offset. RFC 3339's `time` format requires an offset, so the document describes it by
# its pattern instead.
WallTime = Annotated[
    time,
    BeforeValidator(_wall_time_text),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$",
            "description": "The clinic's wall-clock time, HH:MM[:SS], without an offset.",
            "examples": ["09:00"],
        }
    ),
]
# Millilitres as stored: at most 99999.99, two decimal places.
Volume = Annotated[Decimal, Field(gt=0, max_digits=7, decimal_places=2)]
# A signed change of stock, in millilitres, with the same digits.
VolumeChange = Annotated[Decimal, Field(max_digits=7, decimal_places=2)]
