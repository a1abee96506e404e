"""What a reassessment must hold. It is compared with its course's baseline, so it
measures the same areas and sides at the same circumference landmarks, says how each area
changed (the clinician's GAIS), and may carry the patient's own ratings.

Pure: no Django, no clock. When a reassessment falls due is `domain.reassessment`.
"""

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date

from mesoclinic.domain.assessment import AreaEntry
from mesoclinic.domain.errors import DomainError
from mesoclinic.domain.wording import listing

AreaKey = tuple[str, str]  # (area, side); side "" for an area without sides

SATISFACTION_SCORES: dict[int, str] = {
    1: "very dissatisfied",
    2: "dissatisfied",
    3: "neither satisfied nor dissatisfied",
    4: "satisfied",
    5: "very satisfied",
}


def check_patient_rating(value: int | None, field: str, scale: dict[int, str]) -> int | None:
    """The patient's own rating on a 1–5 scale; None when she was not asked or declined."""
    if value is None:
        return None
    if isinstance(value, bool) or value not in scale:
        words = "; ".join(f"{score} {label}" for score, label in scale.items())
        raise DomainError(field, f"Choose 1 to 5 ({words}); got {value!r}.")
    return value


def _key(entry: AreaEntry) -> AreaKey:
    return (entry.area, entry.side or "")


def check_reassessed_areas(
    entries: Sequence[AreaEntry],
    baseline: Mapping[AreaKey, str],
    labels: Mapping[AreaKey, str],
    baseline_on: date,
    *,
    partial: bool = False,
) -> list[AreaEntry]:
    """Exactly the baseline's areas, each with the clinician's GAIS, measured at the
    baseline's landmark. `baseline` maps each area of the baseline to its landmark ("" when
    none was recorded there). A landmark left empty is the baseline's; a different one is
    refused: a circumference taken elsewhere cannot be compared with the baseline.
    `partial` (an amendment, which corrects some areas) lets baseline areas be left out."""

    def name(key: AreaKey) -> str:
        return labels.get(key, " ".join(part for part in key if part))

    given = [_key(entry) for entry in entries]
    extra = [name(key) for key in given if key not in baseline]
    if extra:
        raise DomainError(
            "areas",
            f"The baseline of {baseline_on.isoformat()} did not assess {listing(extra)}: a "
            "reassessment measures the same areas as its baseline. Record other areas in a "
            "separate assessment.",
        )
    missing = [name(key) for key in baseline if key not in given]
    if missing and not partial:
        raise DomainError(
            "areas",
            f"Reassess every area of the baseline: {listing(missing)} "
            f"{'is' if len(missing) == 1 else 'are'} missing.",
        )
    checked = []
    for index, entry in enumerate(entries):
        key = _key(entry)
        if entry.gais is None:
            raise DomainError(
                f"areas.{index}.gais",
                f"Give the clinician's GAIS for {name(key)}: how it looks against the baseline.",
            )
        fixed = baseline[key]
        landmark = entry.landmark.strip()
        if fixed and landmark and landmark != fixed:
            raise DomainError(
                f"areas.{index}.landmark",
                f"{name(key)} was measured at the baseline at “{fixed}”: measure at the same "
                "place, or correct the baseline by amendment if that landmark was wrong.",
            )
        checked.append(replace(entry, landmark=fixed or landmark))
    return checked
