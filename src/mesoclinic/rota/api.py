"""Rota endpoints: a clinic's shifts, days off and room closures; recording an absence;
replacing a practitioner's weekly shifts. Times are the clinic's wall clock ("09:00"),
as the pages show them. Who recorded what, and when, belongs to the server: input schemas
refuse unknown fields."""

from datetime import date
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import ConfigDict, Field

from mesoclinic.audit.actor import Actor, actor_from
from mesoclinic.domain.errors import DomainError
from mesoclinic.rota.models import Absence, RoomClosure
from mesoclinic.rota.selectors import access_rota_range
from mesoclinic.rota.services import ShiftsError, ShiftSpan, absence_record, shifts_set
from mesoclinic.validation import Day, Id, WallTime

router = Router(tags=["rota"])


class SpanOut(Schema):
    weekday: int = Field(description="0 is Monday")
    starts: WallTime
    ends: WallTime


class PractitionerOut(Schema):
    id: int
    name: str
    shifts: list[SpanOut]
    days_off: list[date]


class AbsenceOut(Schema):
    id: int
    practitioner_id: int
    first_day: date
    last_day: date
    kind: str = Field(description='"away" where the caller may not see the kind')


class RoomClosureOut(Schema):
    id: int
    first_day: date
    last_day: date
    reason: str


class RoomOut(Schema):
    id: int
    name: str
    closed_days: list[date]
    closures: list[RoomClosureOut]


class RotaOut(Schema):
    clinic_id: int
    first_day: date
    last_day: date
    practitioners: list[PractitionerOut] = Field(description="those with at least one shift")
    absences: list[AbsenceOut] = Field(description="not cancelled, not over")
    rooms: list[RoomOut]


class AbsenceIn(Schema):
    model_config = ConfigDict(extra="forbid")
    practitioner_id: Id
    first_day: Day
    last_day: Day
    kind: Literal["leave", "sickness", "training", "other"]


class SpanIn(Schema):
    model_config = ConfigDict(extra="forbid")
    weekday: int = Field(ge=0, le=6, description="0 is Monday")
    starts: WallTime
    ends: WallTime


class ShiftsIn(Schema):
    model_config = ConfigDict(extra="forbid")
    spans: list[SpanIn] = Field(max_length=50, description="the whole week: replaces it")


class Refused(DomainError):
    """A service's refusal as the API's 422, each message under the field it concerns."""

    def __init__(self, error: ValidationError) -> None:
        if isinstance(error, ShiftsError):
            self.errors = error.by_field()
        elif hasattr(error, "error_dict"):
            self.errors = {
                field: " ".join(messages) for field, messages in error.message_dict.items()
            }
        else:
            self.errors = {"request": " ".join(error.messages)}
        field, message = next(iter(self.errors.items()))
        super().__init__(field, message)


def _rota(actor: Actor, clinic_id: int, first_day: date | None, last_day: date | None) -> Any:
    found = access_rota_range(actor, clinic_id, first_day, last_day)
    closures: dict[int, list[RoomClosure]] = {}
    for closure in found.room_closures:
        closures.setdefault(closure.room_id, []).append(closure)
    return {
        "clinic_id": found.clinic.id,
        "first_day": found.rota.first_day,
        "last_day": found.rota.last_day,
        "practitioners": [
            {
                "id": one.practitioner_id,
                "name": one.name,
                "shifts": [
                    {"weekday": day, "starts": starts, "ends": ends}
                    for day, spans in sorted(one.shifts.items())
                    for starts, ends in spans
                ],
                "days_off": sorted(one.days_off),
            }
            for one in found.rota.practitioners.values()
        ],
        "absences": [
            {
                "id": row.absence.id,
                "practitioner_id": row.absence.practitioner_id,
                "first_day": row.absence.first_day,
                "last_day": row.absence.last_day,
                "kind": row.absence.kind if row.kind_visible else "away",
            }
            for row in found.absences
        ],
        "rooms": [
            {
                "id": room.room_id,
                "name": room.name,
                "closed_days": sorted(room.closed_days),
                "closures": closures.get(room.room_id, []),
            }
            for room in found.rota.rooms.values()
        ],
    }


@router.get("/rota/clinics/{clinic_id}", response=RotaOut)
def read_rota(
    request: HttpRequest,
    clinic_id: Id,
    first_day: Day | None = None,
    last_day: Day | None = None,
) -> Any:
    """Who works when from `first_day` (default: today at the clinic) to `last_day`
    (default: four weeks on, at most a year): weekly shifts, the days each practitioner is
    away, absences and room closures in the range. Anyone who works at the clinic."""
    return _rota(actor_from(request, via="api"), clinic_id, first_day, last_day)


@router.post("/rota/clinics/{clinic_id}/absences", response={201: AbsenceOut})
def record_absence(request: HttpRequest, clinic_id: Id, payload: AbsenceIn) -> Status[Any]:
    """Whole days a practitioner is away. Admins and front desk record anyone's absence,
    a practitioner her own."""
    try:
        absence: Absence = absence_record(
            actor=actor_from(request, via="api"), clinic_id=clinic_id, **payload.model_dump()
        )
    except ValidationError as error:
        raise Refused(error) from error
    return Status(201, absence)


@router.post("/rota/clinics/{clinic_id}/practitioners/{practitioner_id}/shifts", response=RotaOut)
def set_shifts(request: HttpRequest, clinic_id: Id, practitioner_id: Id, payload: ShiftsIn) -> Any:
    """Replace a practitioner's whole weekly pattern (clinic admins). Each span lies inside
    the clinic's opening hours for its day; spans of one day do not overlap. Answers the
    clinic's rota for the next four weeks."""
    actor = actor_from(request, via="api")
    try:
        shifts_set(
            actor=actor,
            clinic_id=clinic_id,
            practitioner_id=practitioner_id,
            spans=[ShiftSpan(span.weekday, span.starts, span.ends) for span in payload.spans],
        )
    except ValidationError as error:
        raise Refused(error) from error
    return _rota(actor, clinic_id, None, None)
