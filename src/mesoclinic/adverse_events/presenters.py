"""What the pages and the API show of an event: the site in the protocol's words, the
expected course as text, and whether it is past due, from the domain's rules."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from mesoclinic.adverse_events.models import (
    AdverseEvent,
    AdverseEventAmendment,
    SeriousEventReview,
)
from mesoclinic.charting.models import TreatmentSession
from mesoclinic.domain.adverse import (
    CTCAE_GRADES,
    days_overdue,
    follow_up_due,
    needs_follow_up,
    window_text,
)
from mesoclinic.domain.protocol import Protocol

FIELD_LABELS = {
    "event_type": "Type",
    "type_label": "Type (as named)",
    "expected_days_min": "Expected course from (days)",
    "expected_days_max": "Expected course to (days)",
    "type_serious": "Serious type",
    "serious": "Serious",
    "severity": "Severity",
    "ctcae_grade": "CTCAE grade",
    "area": "Body area",
    "side": "Side",
    "onset_on": "Onset",
    "description": "Description",
    "follows_sessions": "Sessions it follows",
    "follows_lots": "Product lots it follows",
    "event_status": "Status",
    "resolved_on": "Resolved on",
}


# The fields an amendment records as lists of ids.
LINKS = ("follows_sessions", "follows_lots")


def session_label(session: TreatmentSession) -> str:
    """The event form's choice: "Session 3, 2025-01-08: Caffeine ... (lot CAF-1), ..."."""
    used = [f"{a.product.name} (lot {a.lot.lot_number})" for a in session.applications.all()]
    label = f"Session {session.number}, {session.performed_on.isoformat()}: "
    label += ", ".join(used) or "no products charted"
    return label if session.status == "active" else f"{label} (entered in error)"


def site_label(protocol: Protocol, area: str, side: str) -> str:
    if not area:
        return "Not at one site"
    label = next((a.label for a in protocol.body_areas if a.key == area), area)
    return f"{label}, {side}" if side else label


def ctcae_label(grade: int | None) -> str:
    return f"{grade}: {CTCAE_GRADES[grade]}" if grade in CTCAE_GRADES else ""


@dataclass(frozen=True)
class EventView:
    event: AdverseEvent
    site: str
    window: str
    ctcae: str
    due: date  # the last day it is still within its expected course
    needs_follow_up: bool
    days_overdue: int
    awaiting_review: bool


def event_view(event: AdverseEvent, protocol: Protocol, today: date) -> EventView:
    review_days = protocol.adverse_event_review_days
    active = event.status == "active"
    return EventView(
        event=event,
        site=site_label(protocol, event.area, event.side),
        window=window_text(event.window),
        ctcae=ctcae_label(event.ctcae_grade),
        due=follow_up_due(event.onset_on, event.window, review_days),
        needs_follow_up=active
        and needs_follow_up(
            event.event_status, event.onset_on, event.window, today, review_days=review_days
        ),
        days_overdue=days_overdue(event.onset_on, event.window, today, review_days=review_days)
        if active and event.event_status == "ongoing"
        else 0,
        awaiting_review=active and event.serious and review_of(event) is None,
    )


def review_of(event: AdverseEvent) -> SeriousEventReview | None:
    try:
        return event.review
    except SeriousEventReview.DoesNotExist:
        return None


@dataclass(frozen=True)
class ChangeView:
    field: str
    label: str
    before: object
    after: object


def linked_ids(amendments: Iterable[AdverseEventAmendment]) -> dict[str, set[int]]:
    """The session and lot ids the amendments name, to look their names up once."""
    found: dict[str, set[int]] = {field: set() for field in LINKS}
    for amendment in amendments:
        for field in LINKS:
            for ids in amendment.changes.get(field, []):
                found[field].update(ids)
    return found


def _shown(field: str, value: object, names: Mapping[str, Mapping[int, str]]) -> object:
    if field not in LINKS or not isinstance(value, list):
        return value
    known = names.get(field, {})
    return "; ".join(known.get(i, f"id {i}") for i in value) or None


def change_views(
    amendment: AdverseEventAmendment, names: Mapping[str, Mapping[int, str]] | None = None
) -> list[ChangeView]:
    """Each change as the page shows it; sessions and lots by `names` (from `linked_names`)."""
    names = names or {}
    return [
        ChangeView(
            field=key,
            label=FIELD_LABELS.get(key, key),
            before=_shown(key, before, names),
            after=_shown(key, after, names),
        )
        for key, (before, after) in amendment.changes.items()
    ]
