"""The pre-session re-check: the screening questions that can change between visits,
asked again before every session. Their levels come from the protocol's screening items,
so a stop there is a stop here, and a caution needs the clinician's reason."""

from collections.abc import Mapping

from mesoclinic.domain.protocol import Protocol

RECHECK_KEYS = ("pregnancy", "breastfeeding", "anticoagulant_or_antiplatelet")


def recheck_items(protocol: Protocol) -> list[tuple[str, str, str]]:
    """(key, label, level) of the re-check questions this protocol has."""
    return [
        (item.key, item.label, item.level)
        for item in protocol.screening_items
        if item.key in RECHECK_KEYS
    ]


def recheck_problems(answers: Mapping[str, bool], reason: str, protocol: Protocol) -> list[str]:
    problems = []
    for key, label, level in recheck_items(protocol):
        if key not in answers:
            problems.append(f"Answer the re-check question: {label}.")
        elif answers[key] and level == "stop":
            problems.append(f"Re-check stop: {label}. No session today.")
        elif answers[key] and not reason.strip():
            problems.append(f"Re-check caution: {label}. Record your reason to go ahead.")
    return problems
