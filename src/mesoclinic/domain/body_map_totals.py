"""Treated zones summed over sessions: how many sessions and patients each zone had, and
the volume given to it where the chart lets us know it.

A chart records the areas treated in a session and each product's volume for the whole
session, not a volume per area. A volume is therefore attributed to a zone only when its
session treated that zone alone; volumes of sessions that treated several zones are kept
together, as given, and never split by a guess.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

Zone = tuple[str, str]  # (area key, side); side "" for an area without sides


@dataclass(frozen=True)
class Visit:
    """One session: its patient, the zones it treated (sides already resolved by
    `zones_treated`) and what it gave, as (product and lot, volume) pairs."""

    session_id: int
    patient_id: int
    zones: tuple[Zone, ...]
    volumes: tuple[tuple[str, Decimal], ...]


@dataclass(frozen=True)
class ZoneTotal:
    zone: Zone
    sessions: int
    patients: int
    # Only from sessions that treated this zone alone, by product and lot.
    volumes: tuple[tuple[str, Decimal], ...]


@dataclass(frozen=True)
class ZoneTotals:
    zones: tuple[ZoneTotal, ...]  # in the order the zones were first met
    # Given in sessions that treated several zones: not attributable to one of them.
    shared: tuple[tuple[str, Decimal], ...]
    shared_sessions: int


@dataclass
class _Tally:
    sessions: set[int] = field(default_factory=set)
    patients: set[int] = field(default_factory=set)
    volumes: dict[str, Decimal] = field(default_factory=dict)


def _add(into: dict[str, Decimal], volumes: Iterable[tuple[str, Decimal]]) -> None:
    for what, volume in volumes:
        into[what] = into.get(what, Decimal(0)) + volume


def zone_totals(visits: Iterable[Visit]) -> ZoneTotals:
    """Visits of the same session (one per product given) count as one session."""
    merged: dict[int, Visit] = {}
    for visit in visits:
        if visit.session_id in merged:
            first = merged[visit.session_id]
            visit = Visit(
                first.session_id,
                first.patient_id,
                first.zones + tuple(z for z in visit.zones if z not in first.zones),
                first.volumes + visit.volumes,
            )
        merged[visit.session_id] = visit
    tallies: dict[Zone, _Tally] = {}
    shared: dict[str, Decimal] = {}
    shared_sessions = 0
    for visit in merged.values():
        for zone in visit.zones:
            tally = tallies.setdefault(zone, _Tally())
            tally.sessions.add(visit.session_id)
            tally.patients.add(visit.patient_id)
        if len(visit.zones) == 1:
            _add(tallies[visit.zones[0]].volumes, visit.volumes)
        elif visit.volumes:
            _add(shared, visit.volumes)
            shared_sessions += 1
    return ZoneTotals(
        zones=tuple(
            ZoneTotal(zone, len(t.sessions), len(t.patients), tuple(t.volumes.items()))
            for zone, t in tallies.items()
        ),
        shared=tuple(shared.items()),
        shared_sessions=shared_sessions,
    )
