"""Screening before a course: which answers stop a course, which need a clinician's
sign-off, and how long a screening stays usable.

The questionnaire is protocol data (each item a "stop" or a "caution"). Age is not asked:
the item `under_18` is answered from the date of birth, so a typo cannot clear it.
"""

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from mesoclinic.domain.errors import DomainError
from mesoclinic.domain.protocol_model import Protocol, ScreeningItem

UNDER_18 = "under_18"
# Adulthood as the screening item names it ("Under 18 years old", DOMAIN.md §6).
ADULT_AGE_YEARS = 18
# Items the system answers; a person never types them.
SYSTEM_ANSWERED = frozenset({UNDER_18})


@dataclass(frozen=True)
class ScreeningOutcome:
    """Items answered "yes", by level. `unsigned_cautions` are the cautions still waiting
    for a clinician's sign-off; a stop can never be signed off."""

    stops: tuple[ScreeningItem, ...]
    cautions: tuple[ScreeningItem, ...]
    unsigned_cautions: tuple[ScreeningItem, ...]

    @property
    def blocks_course(self) -> bool:
        return bool(self.stops or self.unsigned_cautions)


def asked_items(items: tuple[ScreeningItem, ...]) -> tuple[ScreeningItem, ...]:
    """The items a person answers (all but the system-answered ones), in protocol order."""
    return tuple(item for item in items if item.key not in SYSTEM_ANSWERED)


def system_answers(age_years: int, items: tuple[ScreeningItem, ...]) -> dict[str, bool]:
    """The answers computed from facts on record, for the items this protocol asks."""
    if age_years < 0:
        raise DomainError("date_of_birth", "The date of birth is after the screening date.")
    keys = {item.key for item in items}
    return {UNDER_18: age_years < ADULT_AGE_YEARS} if UNDER_18 in keys else {}


def check_answers(answers: Mapping[str, bool], items: tuple[ScreeningItem, ...]) -> None:
    """Every asked item answered, nothing else: an unknown or a system-answered key is
    refused rather than ignored, so a client cannot clear the age check."""
    known = {item.key for item in items}
    for key in answers:
        if key in SYSTEM_ANSWERED:
            raise DomainError(key, "This item is answered from the date of birth, not typed.")
        if key not in known:
            raise DomainError(key, f"{key!r} is not a question in this screening.")
    for item in asked_items(items):
        if item.key not in answers:
            raise DomainError(item.key, f"Answer yes or no: {item.label}.")


def outcome_for_items(
    answers: Mapping[str, bool],
    age_years: int,
    items: tuple[ScreeningItem, ...],
    signed_off: Collection[str] = (),
) -> ScreeningOutcome:
    """The outcome against a given list of items (a stored screening keeps the items as
    they were asked, so it is judged by them and not by a later protocol)."""
    check_answers(answers, items)
    complete = {**answers, **system_answers(age_years, items)}
    yes = [item for item in items if complete.get(item.key, False)]
    stops = tuple(item for item in yes if item.level == "stop")
    cautions = tuple(item for item in yes if item.level == "caution")
    return ScreeningOutcome(
        stops=stops,
        cautions=cautions,
        unsigned_cautions=tuple(item for item in cautions if item.key not in signed_off),
    )


def screening_outcome(
    answers: Mapping[str, bool],
    age_years: int,
    protocol: Protocol,
    *,
    signed_off: Collection[str] = (),
) -> ScreeningOutcome:
    """Stops and cautions for one screening. `answers` maps each asked item's key to
    True ("yes, this applies"); `signed_off` names the cautions a clinician has signed off."""
    return outcome_for_items(answers, age_years, protocol.screening_items, signed_off)


def check_sign_off(item_key: str, outcome: ScreeningOutcome) -> ScreeningItem:
    """The caution a sign-off is for; a stop, a "no" answer or a caution already signed
    off is refused with the reason."""
    for item in outcome.stops:
        if item.key == item_key:
            raise DomainError("item", f"{item.label} is a stop: it cannot be signed off.")
    for item in outcome.unsigned_cautions:
        if item.key == item_key:
            return item
    if any(item.key == item_key for item in outcome.cautions):
        raise DomainError("item", "This caution is already signed off.")
    raise DomainError("item", "Only a caution answered yes needs a sign-off.")


def screening_valid_until(taken_on: date, protocol: Protocol) -> date:
    """The last day a course can start on this screening."""
    return taken_on + timedelta(days=protocol.screening_valid_days)


def screening_is_current(taken_on: date, today: date, protocol: Protocol) -> bool:
    """A screening is current from the day it was taken until `screening_valid_days` later;
    one dated after today is not (it has not happened yet)."""
    return taken_on <= today <= screening_valid_until(taken_on, protocol)
