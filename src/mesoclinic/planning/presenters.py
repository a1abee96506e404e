"""One wording of an estimate for every screen, so the CLI and the page agree to the digit."""

from datetime import date

from mesoclinic.domain.estimate import CourseEstimate
from mesoclinic.domain.protocol import Protocol


def session_range(estimate: CourseEstimate) -> str:
    return sessions_text(estimate.sessions_min, estimate.sessions_max)


def day(value: date) -> str:
    return f"{value:%a} {value.isoformat()}"


def summary_rows(estimate: CourseEstimate) -> list[tuple[str, str]]:
    if estimate.recommended == 0:
        return [("Sessions", "No course recommended")]
    plural = "s" if estimate.recommended > 1 else ""
    rows = [
        ("Session range", session_range(estimate)),
        ("Recommended", f"{estimate.recommended} session{plural}"),
        ("Cadence", f"every {estimate.cadence_days} days"),
        ("Session length", f"{estimate.session_minutes} min"),
        ("First session", day(estimate.dates[0])),
        ("Last session", day(estimate.dates[-1])),
    ]
    if estimate.first_improvement is not None:
        start, end = estimate.first_improvement
        rows.append(("First change, if any", f"{start.isoformat()} to {end.isoformat()}"))
    if estimate.reassessment_dates:
        rows.append(("Reassess on", ", ".join(d.isoformat() for d in estimate.reassessment_dates)))
    if estimate.maintenance_interval_days is not None:
        rows.append(("Maintenance recall", f"every {estimate.maintenance_interval_days} days"))
    if estimate.uncertain:
        rows.append(("Count", "uncertain: reviewed at each reassessment"))
    return rows


def sessions_text(low: int, high: int | None) -> str:
    if high is None:
        return f"{low} or more"
    return str(low) if low == high else f"{low}–{high}"


SEED = "seed"


def named_source(protocol: Protocol, source: str) -> str:
    """A source as a reader can look it up: "seed: ..." (or "seed; ...") names the seed
    document."""
    head, rest = source[: len(SEED)], source[len(SEED) :]
    if protocol.seed and head.lower() == SEED and rest[:1] in (":", ";"):
        return f"{protocol.seed}{rest[0]} {rest[1:].strip()}"
    return source
