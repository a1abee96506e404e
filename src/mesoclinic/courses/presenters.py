"""What the course pages and the API show: the stored estimate in the estimator's own
wording, the planned dates with those done, and the changes with their reasons."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from mesoclinic.courses.models import Course, CourseChange
from mesoclinic.domain.protocol import Protocol
from mesoclinic.planning.presenters import day, sessions_text

STATE_MARKS = {"planned": "○", "active": "▶", "completed": "✓", "stopped": "✗"}
STATE_CLASSES = {
    "planned": "status",
    "active": "status status-ok",
    "completed": "status status-ok",
    "stopped": "status status-stop",
}


def cadence_label(protocol: Protocol, days: int) -> str:
    name = protocol.cadence_name(days)
    return f"every {days} days ({name.replace('_', ' ')})" if name else f"every {days} days"


def snapshot_rows(estimate: dict[str, Any]) -> list[tuple[str, str]]:
    """The stored estimate (`estimate_as_json`) as the estimator words its summary."""
    sessions = estimate["sessions"]
    if sessions["recommended"] == 0:
        return [("Sessions", "No course recommended")]
    recommended = sessions["recommended"]
    dates = [date.fromisoformat(d) for d in estimate["dates"]]
    rows = [
        ("Session range", sessions_text(sessions["min"], sessions["max"])),
        ("Recommended", f"{recommended} session{'s' if recommended > 1 else ''}"),
        ("Cadence", f"every {estimate['cadence_days']} days"),
        ("Session length", f"{estimate['session_minutes']} min"),
    ]
    if dates:
        rows += [("First session", day(dates[0])), ("Last session", day(dates[-1]))]
    window = estimate.get("first_improvement")
    if window:
        rows.append(("First change, if any", f"{window['from']} to {window['to']}"))
    if estimate.get("maintenance_interval_days") is not None:
        rows.append(("Maintenance recall", f"every {estimate['maintenance_interval_days']} days"))
    if estimate.get("uncertain"):
        rows.append(("Count", "uncertain: reviewed at each reassessment"))
    protocol = estimate.get("protocol") or {}
    if protocol:
        rows.append(("Protocol", f"{protocol['name']}, version {protocol['version']}"))
    return rows


@dataclass(frozen=True)
class PlannedDay:
    number: int
    on: date
    done: bool


def planned_days(course: Course) -> list[PlannedDay]:
    return [
        PlannedDay(number=index + 1, on=on, done=index < course.sessions_done)
        for index, on in enumerate(course.dates)
    ]


@dataclass(frozen=True)
class ChangeRow:
    change: CourseChange
    label: str
    before: str
    after: str


def change_rows(course: Course, protocol: Protocol) -> list[ChangeRow]:
    rows = []
    for change in course.changes.all():
        if change.field == "cadence_days":
            before, after = (
                cadence_label(protocol, change.before),
                cadence_label(protocol, change.after),
            )
        else:
            before, after = str(change.before), str(change.after)
        rows.append(
            ChangeRow(change=change, label=change.get_field_display(), before=before, after=after)
        )
    return rows
