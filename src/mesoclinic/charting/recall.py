"""The recall report: everyone who received a lot, ready for the clinic to call.

Read through the lot index of `ProductApplication`, so its cost grows with the number of
people who received the lot, not with the number of charts the chain holds.
"""

import csv
import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction

from mesoclinic.access import Capability
from mesoclinic.adverse_events.selectors import access_adverse_events
from mesoclinic.audit.actor import Actor
from mesoclinic.audit.models import Action
from mesoclinic.audit.services import audit_record_patients
from mesoclinic.charting.models import ProductApplication, SessionArea
from mesoclinic.formulary.models import Lot
from mesoclinic.formulary.selectors import access_lot
from mesoclinic.patients.models import RecordStatus
from mesoclinic.phone import phone_display


@dataclass(frozen=True)
class RecallRow:
    patient_id: int
    patient: str
    phone: str  # E.164, as stored: the CSV keeps it for dialling software
    phone_shown: str  # as the clinic's country writes it, for the page
    email: str
    may_contact: bool
    session_id: int
    session_on: date
    areas: str
    zones: tuple[tuple[str, str], ...]  # (area, side) as charted, for the body map
    volume_ml: Decimal
    events_after: str  # adverse events with onset on or after the session


def recall_report(actor: Actor, lot_id: int) -> tuple[Lot, list[RecallRow]]:
    """Every application of the lot, newest first; each patient's read is audited."""
    with transaction.atomic():
        lot = access_lot(actor, lot_id, Capability.CLINICAL)
        # A chart entered in error records no injection into this patient (it was charted
        # on the wrong patient, or by mistake) and its volume went back on the lot: there
        # is no one to call back for it.
        # Only the columns the report shows: a lot reaches hundreds of people, and whole
        # session and patient rows (with their clinical text) cost more than the report.
        applications = list(
            ProductApplication.objects.filter(lot_id=lot.id, session__status=RecordStatus.ACTIVE)
            .order_by("-session__performed_on", "-id")
            .values_list(
                "volume_ml",
                "session_id",
                "session__performed_on",
                "session__patient_id",
                "session__patient__given_name",
                "session__patient__family_name",
                "session__patient__phone",
                "session__patient__email",
                "session__patient__may_contact",
            )
        )
        patient_ids = {a[3] for a in applications}
        zones: dict[int, list[tuple[str, str]]] = {}
        charted = SessionArea.objects.filter(session_id__in={a[1] for a in applications})
        for session_id, area, side in charted.order_by("id").values_list(
            "session_id", "area", "side"
        ):
            zones.setdefault(session_id, []).append((area, side))
        events: dict[int, list[tuple[date, str]]] = {}
        # Only the onset and the type are shown: none of the event's related rows.
        found = (
            access_adverse_events(actor)
            .filter(patient_id__in=patient_ids, status=RecordStatus.ACTIVE)
            .select_related(None)
            .prefetch_related(None)
            .values_list("patient_id", "onset_on", "type_label")
        )
        for patient_id, onset_on, type_label in found:
            events.setdefault(patient_id, []).append((onset_on, type_label))
        # A patient who received the lot at several sessions has one number to format.
        shown_phones: dict[str, str] = {}
        rows = []
        for (
            volume,
            session_id,
            session_on,
            patient_id,
            given,
            family,
            phone,
            email,
            may,
        ) in applications:
            after = [
                f"{label} ({onset.isoformat()})"
                for onset, label in sorted(events.get(patient_id, []))
                if onset >= session_on
            ]
            if phone not in shown_phones:
                shown_phones[phone] = phone_display(phone, lot.clinic.country)
            areas = zones.get(session_id, [])
            rows.append(
                RecallRow(
                    patient_id=patient_id,
                    patient=f"{given} {family}",
                    phone=phone,
                    phone_shown=shown_phones[phone],
                    email=email,
                    may_contact=may,
                    session_id=session_id,
                    session_on=session_on,
                    areas=", ".join(f"{area} {side}".strip() for area, side in areas),
                    zones=tuple(areas),
                    volume_ml=volume,
                    events_after="; ".join(after),
                )
            )
        audit_record_patients(
            actor=actor,
            action=Action.READ,
            target=f"recall report lot {lot.id}",
            clinic_id=lot.clinic_id,
            patient_ids=patient_ids,
        )
    return lot, rows


def _cell(value: object) -> str:
    text = str(value)
    # A spreadsheet would run a cell starting with these as a formula.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def recall_csv(lot: Lot, rows: list[RecallRow]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [
            "lot",
            "patient",
            "phone",
            "email",
            "may contact",
            "session date",
            "areas",
            "volume (mL)",
            "adverse events since",
        ]
    )
    for row in rows:
        writer.writerow(
            [
                _cell(v)
                for v in (
                    lot.lot_number,
                    row.patient,
                    row.phone,
                    row.email,
                    "yes" if row.may_contact else "no",
                    row.session_on.isoformat(),
                    row.areas,
                    row.volume_ml,
                    row.events_after,
                )
            ]
        )
    return buffer.getvalue()
