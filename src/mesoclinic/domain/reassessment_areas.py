"""What a reassessment must hold. It is compared with its course's baseline, so it
measures the same areas and sides at the same circumference landmarks, says how each area
changed (the clinician's GAIS), and may carry the patient's own ratings.

Pure: no Django, no clock. When a reassessment falls due is `domain.reassessment`.
"""

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date

from mesoclinic.domain.assessment import AreaEntry
from mesoclinic.domain.errors import DomainError, Problems
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
    `partial` (an amendment, which corrects some areas) lets baseline areas be left out.
    Every problem is reported at once."""

    def name(key: AreaKey) -> str:
        return labels.get(key, " ".join(part for part in key if part))

    problems = Problems()
    given = [_key(entry) for entry in entries]
    extra = [name(key) for key in given if key not in baseline]
    if extra:
        problems.found.append(
            DomainError(
                "areas",
                f"The baseline of {baseline_on.isoformat()} did not assess {listing(extra)}: "
                "a reassessment measures the same areas as its baseline. Record other areas "
                "in a separate assessment.",
            )
        )
    missing = [name(key) for key in baseline if key not in given]
    if missing and not partial:
        problems.found.append(
            DomainError(
                "areas",
                f"Reassess every area of the baseline: {listing(missing)} "
                f"{'is' if len(missing) == 1 else 'are'} missing.",
            )
        )
    for index, entry in enumerate(entries):
        key = _key(entry)
        if entry.gais is None:
            problems.found.append(
                DomainError(
                    f"areas.{index}.gais",
                    f"Give the clinician's GAIS for {name(key)}: how it looks against the "
                    "baseline.",
                )
            )
        fixed = baseline.get(key, "")
        landmark = entry.landmark.strip()
        if fixed and landmark and landmark != fixed:
            problems.found.append(
                DomainError(
                    f"areas.{index}.landmark",
                    f"{name(key)} was measured at the baseline at “{fixed}”: measure at the "
                    "same place, or correct the baseline by amendment if that landmark was "
                    "wrong.",
                )
            )
    problems.raise_any()
    return at_baseline_landmarks(entries, baseline)


def at_baseline_landmarks(
    entries: Sequence[AreaEntry], baseline: Mapping[AreaKey, str]
) -> list[AreaEntry]:
    """Each entry measured at its baseline landmark: an empty landmark is the baseline's."""
    return [
        replace(entry, landmark=baseline.get(_key(entry), "") or entry.landmark.strip())
        for entry in entries
    ]
