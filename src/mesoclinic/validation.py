"""The API's input types: text without control characters, dates in a plausible range,
ids a database can hold, volumes with the digits we store. Every router's schemas use
them, so each kind of value is checked the same way on every endpoint.

The rules themselves (text and date plausibility) live in `domain.plausible`, where the
domain and the services apply them too: a page and the API refuse the same values with
the same words. This module sits below the apps and imports none of them."""

import re
from collections.abc import Callable
from datetime import date, datetime, time
from decimal import Decimal
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from mesoclinic.domain.plausible import date_problem, text_problem

# The largest row id a database holds (a signed 64-bit integer).
MAX_ID = 2**63 - 1
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
WALL_TIME = re.compile(r"([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?")


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
