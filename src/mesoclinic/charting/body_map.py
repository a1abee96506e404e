"""The body map of a chart, of a course and of a lot's recall report.

Rows read by the callers (already access-checked) are turned into visits and marks for the
pure core, which sums them and draws the diagram. The same words go into the diagram's key
and the table beside it, so both say the same numbers.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from mesoclinic.charting.models import ProductApplication, TreatmentSession
from mesoclinic.charting.recall import RecallRow
from mesoclinic.courses.models import Course
from mesoclinic.domain.body_map import ZoneMark, body_map_svg, on_diagram, zones_treated
from mesoclinic.domain.body_map_totals import Visit, Zone, ZoneTotal, ZoneTotals, zone_totals
from mesoclinic.domain.protocol import Protocol
from mesoclinic.domain.wording import count
from mesoclinic.formulary.models import Lot
from mesoclinic.patients.models import RecordStatus
from mesoclinic.planning.protocol import clinic_protocol


@dataclass(frozen=True)
class ZoneRow:
    name: str
    drawn: bool  # False: the diagram has no place for it; the key lists it in words
    sessions: int
    patients: int
    volumes: tuple[str, ...]  # "Caffeine 5%, lot CAF-1: 2.00 mL", attributable ones only


@dataclass(frozen=True)
class BodyMap:
    svg: str
    rows: tuple[ZoneRow, ...]
    shared_note: str  # volumes given across several zones, said plainly; "" if none
    per_patient: bool  # the recall report counts patients too
    summed: bool  # over several sessions: the table counts them


def _ml(volume: Decimal) -> str:
    # Two places, as the chart and the recall report print volumes.
    return f"{volume:.2f} mL"


def _given(volumes: Iterable[tuple[str, Decimal]]) -> tuple[str, ...]:
    return tuple(f"{what}: {_ml(volume)}" for what, volume in volumes)


def zone_name(zone: Zone, protocol: Protocol) -> str:
    area, side = zone
    labels = {a.key: a.label for a in protocol.body_areas}
    label = labels.get(area, area)
    return f"{label}, {side}" if side else label


def _sides(protocol: Protocol) -> dict[str, tuple[str, ...]]:
    return {a.key: a.sides for a in protocol.body_areas}


def _ordered(totals: ZoneTotals, protocol: Protocol) -> list[ZoneTotal]:
    """The protocol's order, left before right; areas it does not list after, as met."""
    place = {a.key: n for n, a in enumerate(protocol.body_areas)}
    return sorted(
        totals.zones, key=lambda t: (place.get(t.zone[0], len(place)), t.zone[1] == "right")
    )


def _build(
    totals: ZoneTotals,
    protocol: Protocol,
    *,
    title: str,
    per_patient: bool,
    summed: bool,
    shared_note: str,
) -> BodyMap:
    rows: list[ZoneRow] = []
    marks: list[ZoneMark] = []
    for total in _ordered(totals, protocol):
        zone, sessions, patients = total.zone, total.sessions, total.patients
        volumes = _given(total.volumes)
        name = zone_name(zone, protocol)
        rows.append(ZoneRow(name, on_diagram(*zone), sessions, patients, volumes))
        counted = [count(sessions, "session")] if summed else []
        if per_patient:
            counted.insert(0, count(patients, "patient"))
        lines = (name, *([", ".join(counted)] if counted else []), *volumes)
        marks.append(ZoneMark(zone[0], zone[1], lines, sessions))
    svg = body_map_svg(marks, title=title, noun="session")
    return BodyMap(svg, tuple(rows), shared_note, per_patient=per_patient, summed=summed)


def _what(application: ProductApplication) -> str:
    return f"{application.product.name}, lot {application.lot.lot_number}"


def _visit(session: TreatmentSession, protocol: Protocol) -> Visit:
    """From a session whose areas and applications (with lot and product) are loaded."""
    return Visit(
        session_id=session.id,
        patient_id=session.patient_id,
        zones=zones_treated(((a.area, a.side) for a in session.areas.all()), _sides(protocol)),
        volumes=tuple((_what(a), a.volume_ml) for a in session.applications.all()),
    )


def _shared_sentence(totals: ZoneTotals, protocol: Protocol, *, one_session: bool) -> str:
    # Semicolons between items: zone names and products carry commas of their own.
    if not totals.shared:
        return ""
    given = "; ".join(_given(totals.shared))
    if one_session:
        zones = "; ".join(zone_name(t.zone, protocol) for t in totals.zones)
        return (
            "The chart records each product's volume for the whole session, not for each "
            f"zone. Given across the {len(totals.zones)} zones together ({zones}): {given}."
        )
    return (
        f"{count(totals.shared_sessions, 'session')} treated several zones at once. The chart "
        "records their volumes for the whole session, not for each zone, so these are not "
        f"split between zones: {given}."
    )


def session_body_map(session: TreatmentSession, protocol: Protocol) -> BodyMap:
    """The zones of one chart, read through `access_session` (areas and products loaded)."""
    totals = zone_totals([_visit(session, protocol)])
    return _build(
        totals,
        protocol,
        title=f"Zones treated in session {session.number}",
        per_patient=False,
        summed=False,
        shared_note=_shared_sentence(totals, protocol, one_session=True),
    )


def course_body_map(course: Course) -> BodyMap:
    """The zones of a course's standing charts, summed; for a course read through
    `access_course`. A chart entered in error treated no one and is left out."""
    protocol = clinic_protocol(course.clinic)
    charts = course.sessions.filter(status=RecordStatus.ACTIVE).prefetch_related(
        "areas", "applications__lot", "applications__product"
    )
    totals = zone_totals(_visit(chart, protocol) for chart in charts)
    return _build(
        totals,
        protocol,
        title="Zones treated in this course",
        per_patient=False,
        summed=True,
        shared_note=_shared_sentence(totals, protocol, one_session=False),
    )


def lot_body_map(lot: Lot, rows: Sequence[RecallRow]) -> BodyMap:
    """The zones that received a lot, from its recall report's rows: no further query."""
    protocol = clinic_protocol(lot.clinic)
    sides = _sides(protocol)
    what = f"{lot.product.name}, lot {lot.lot_number}"
    totals = zone_totals(
        Visit(r.session_id, r.patient_id, zones_treated(r.zones, sides), ((what, r.volume_ml),))
        for r in rows
    )
    return _build(
        totals,
        protocol,
        title=f"Zones that received {what}",
        per_patient=True,
        summed=True,
        shared_note=_shared_sentence(totals, protocol, one_session=False),
    )


def session_zones(session: TreatmentSession, protocol: Protocol) -> list[dict[str, object]]:
    """The zones of a chart as its map shows them (a side left blank on an area with sides
    is each side), for the API."""
    return [
        {
            "area": area,
            "side": side or None,
            "label": zone_name((area, side), protocol),
            "on_diagram": on_diagram(area, side),
        }
        for area, side in _visit(session, protocol).zones
    ]
