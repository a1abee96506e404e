"""Catches every log record and warning a test causes, and finds any patient's name, birth
date or phone among them: logs go to administrators and log services, never to the
clinic's records, so nothing in them may identify a patient."""

import logging
import logging.config
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from mesoclinic.patients.models import Patient


class RecordKeeper(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.NOTSET)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@contextmanager
def every_log_line() -> Iterator[list[str]]:
    """Every record at every level through the root logger (and loggers that keep theirs
    apart), formatted as production formats them, and every warning, as lines of text; the
    root's level is lowered to DEBUG meanwhile."""
    keeper = RecordKeeper()
    keeper.setFormatter(_production_formatter())
    root = logging.getLogger()
    level = root.level
    # Loggers that do not pass their records up (django.server's access lines) are read
    # where they are.
    apart = [
        logger
        for logger in logging.root.manager.loggerDict.values()
        if isinstance(logger, logging.Logger) and not logger.propagate
    ]
    for logger in [root, *apart]:
        logger.addHandler(keeper)
    root.setLevel(logging.DEBUG)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield keeper.lines
    finally:
        for logger in [root, *apart]:
            logger.removeHandler(keeper)
        root.setLevel(level)
    keeper.lines.extend(f"warning {w.category.__name__}: {w.message}" for w in caught)
    for w in caught:  # still shown in pytest's summary
        warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)


def _production_formatter() -> logging.Formatter:
    # The formatter settings.LOGGING gives the stderr handler, so the test reads what a
    # production log would hold.
    from django.conf import settings

    spec = dict(settings.LOGGING["formatters"]["plain"])
    return logging.config.DictConfigurator({}).configure_formatter(spec)


def birth_date_forms(born: date) -> set[str]:
    """The ways the app writes a birth date: ISO, "2 Dec 1990", "02/12/1990" (and the
    month-first and year-first orders some clinics choose)."""
    return {
        born.isoformat(),
        f"{born.day} {born:%b %Y}",
        f"{born:%d %b %Y}",
        f"{born.day} {born:%B %Y}",
        f"{born:%d/%m/%Y}",
        f"{born:%m/%d/%Y}",
        f"{born:%Y/%m/%d}",
    }


def patient_data_in(lines: list[str]) -> list[str]:
    """Each line holding a name, birth date or phone of a patient now in the database, with
    what it holds."""
    found: list[str] = []
    for patient in Patient.objects.all():
        names = {patient.given_name, patient.family_name} - {""}
        words = re.compile(
            r"\b(" + "|".join(re.escape(name) for name in names) + r")\b", re.IGNORECASE
        )
        fragments = birth_date_forms(patient.date_of_birth) if patient.date_of_birth else set()
        # A short number (test data) would match any digits; a real one has seven or more.
        digits = patient.phone_digits if len(patient.phone_digits or "") >= 7 else ""
        phone = patient.phone.strip()
        for line in lines:
            flat = re.sub(r"[\s().-]", "", line)
            if names and words.search(line):
                found.append(f"name of patient {patient.id}: {line[:300]}")
            elif any(fragment in line for fragment in fragments):
                found.append(f"birth date of patient {patient.id}: {line[:300]}")
            elif (digits and (digits in flat or digits[-9:] in flat)) or (phone and phone in line):
                found.append(f"phone of patient {patient.id}: {line[:300]}")
    return found
