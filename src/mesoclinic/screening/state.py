"""A stored screening as it stands now: the original answers with their amendments
applied, the sign-offs that still hold, and the outcome the domain core computes.

Callers pass a screening they already read through an access selector; nothing here
checks access or writes."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from mesoclinic.domain.protocol import Protocol, ScreeningItem, ScreeningLevel
from mesoclinic.domain.screening import (
    ScreeningOutcome,
    outcome_for_items,
    screening_is_current,
    screening_valid_until,
    system_answers,
)
from mesoclinic.screening.models import Screening, ScreeningAmendment, ScreeningSignOff


@dataclass(frozen=True)
class AnswerNow:
    key: str
    label: str
    level: str
    answer: bool
    note: str
    system_answered: bool
    original_answer: bool
    original_note: str

    @property
    def amended(self) -> bool:
        return (self.answer, self.note) != (self.original_answer, self.original_note)


@dataclass(frozen=True)
class ScreeningState:
    screening: Screening
    # The questions as they were asked (labels and levels stored with the screening).
    items: tuple[ScreeningItem, ...]
    answers: tuple[AnswerNow, ...]
    age_years: int
    outcome: ScreeningOutcome
    amendments: tuple[ScreeningAmendment, ...]
    sign_offs: tuple[ScreeningSignOff, ...]
    # The sign-off that holds for each caution, by item key.
    signed_off: dict[str, ScreeningSignOff]
    valid_until: date
    current: bool

    @property
    def revision(self) -> int:
        return len(self.amendments)

    def answer(self, key: str) -> AnswerNow:
        return next(answer for answer in self.answers if answer.key == key)


def _level(stored: str) -> ScreeningLevel:
    return "stop" if stored == "stop" else "caution"


def _last_touched(amendments: tuple[ScreeningAmendment, ...]) -> dict[str, int]:
    """For each item, the revision (1-based amendment number) that last changed it."""
    touched: dict[str, int] = {}
    for number, amendment in enumerate(amendments, start=1):
        for key in amendment.changes:
            touched[key] = number
    return touched


def screening_state(screening: Screening, protocol: Protocol, today: date) -> ScreeningState:
    rows = list(screening.answers.all())
    amendments = tuple(screening.amendments.all())
    sign_offs = tuple(screening.sign_offs.all())

    # Age follows the date of birth on record now, so a corrected birth date counts; a
    # birth date after the screening date cannot be right and is treated as a child's.
    age = max(screening.patient.age_on(screening.taken_on), 0)
    items = tuple(
        ScreeningItem(row.item_key, row.item_label, _level(row.level), source="as asked")
        for row in rows
    )
    current: dict[str, dict[str, Any]] = {
        row.item_key: {"answer": row.answer, "note": row.note} for row in rows
    }
    for amendment in amendments:
        for key, (_before, after) in amendment.changes.items():
            current[key] = after
    for key, computed in system_answers(age, items).items():
        current[key] = {"answer": computed, "note": current[key]["note"]}
    answers = tuple(
        AnswerNow(
            key=row.item_key,
            label=row.item_label,
            level=row.level,
            answer=bool(current[row.item_key]["answer"]),
            note=str(current[row.item_key]["note"]),
            system_answered=row.system_answered,
            original_answer=row.answer,
            original_note=row.note,
        )
        for row in rows
    )

    touched = _last_touched(amendments)
    signed_off: dict[str, ScreeningSignOff] = {}
    for sign_off in sign_offs:
        if sign_off.revision >= touched.get(sign_off.item_key, 0):
            signed_off[sign_off.item_key] = sign_off

    outcome = outcome_for_items(
        {answer.key: answer.answer for answer in answers if not answer.system_answered},
        age,
        items,
        signed_off=signed_off.keys(),
    )
    return ScreeningState(
        screening=screening,
        items=items,
        answers=answers,
        age_years=age,
        outcome=outcome,
        amendments=amendments,
        sign_offs=sign_offs,
        signed_off=signed_off,
        valid_until=screening_valid_until(screening.taken_on, protocol),
        current=screening_is_current(screening.taken_on, today, protocol),
    )
