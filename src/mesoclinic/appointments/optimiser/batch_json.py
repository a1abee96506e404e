"""Proposals and their outcomes as JSON and back: a run keeps its proposal in the database
until someone applies it, and the command line prints the same shape with --json."""

from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from mesoclinic.appointments.optimiser.apply import Outcome
from mesoclinic.appointments.optimiser.batch import CourseProposal, Move, Proposal
from mesoclinic.appointments.services import Slot
from mesoclinic.scheduling.bounds import Bounds
from mesoclinic.scheduling.schedule import Measures, Unplaced

Json = dict[str, Any]


def _slot(slot: Slot) -> Json:
    return {
        "number": slot.number,
        "practitioner_id": slot.practitioner_id,
        "room_id": slot.room_id,
        "start": slot.start.isoformat(timespec="minutes"),
        "ideal": slot.ideal.isoformat() if slot.ideal else None,
    }


def _slot_from(data: Json) -> Slot:
    return Slot(
        number=int(data["number"]),
        practitioner_id=int(data["practitioner_id"]),
        room_id=int(data["room_id"]),
        start=datetime.fromisoformat(data["start"]),
        ideal=date.fromisoformat(data["ideal"]) if data["ideal"] else None,
    )


def _measures(m: Measures) -> Json:
    return asdict(m) | {
        "placed_rate": round(m.placed_rate, 4),
        "ideal_rate": round(m.ideal_rate, 4),
        "mean_deviation": round(m.mean_deviation, 2),
        "continuity": round(m.continuity, 4),
    }


def _measures_from(data: Json) -> Measures:
    names = Measures.__dataclass_fields__
    return Measures(**{k: int(v) for k, v in data.items() if k in names})


def proposal_as_json(proposal: Proposal) -> Json:
    return {
        "clinic_id": proposal.clinic_id,
        "first_day": proposal.first_day.isoformat(),
        "last_day": proposal.last_day.isoformat(),
        "time_limit": proposal.time_limit,
        "movable": proposal.movable,
        "status": proposal.status,
        "kept_greedy": proposal.kept_greedy,
        "seconds": round(proposal.seconds, 2),
        "optimiser": _measures(proposal.optimiser),
        "greedy": _measures(proposal.greedy),
        "bounds": asdict(proposal.bounds),
        "courses": [
            {
                "course_id": c.course_id,
                "patient_id": c.patient_id,
                "slots": [_slot(s) for s in c.slots],
                "moves": [
                    {
                        "appointment_id": m.appointment_id,
                        "was": m.was.isoformat(timespec="minutes"),
                        "slot": _slot(m.slot),
                    }
                    for m in c.moves
                ],
            }
            for c in proposal.courses
        ],
        "unplaced": [
            {"course_id": int(u.course_id), "number": u.number, "reason": u.reason}
            for u in proposal.unplaced
        ],
    }


def proposal_from_json(data: Json) -> Proposal:
    return Proposal(
        clinic_id=int(data["clinic_id"]),
        first_day=date.fromisoformat(data["first_day"]),
        last_day=date.fromisoformat(data["last_day"]),
        time_limit=float(data["time_limit"]),
        movable=bool(data["movable"]),
        courses=tuple(
            CourseProposal(
                course_id=int(c["course_id"]),
                patient_id=int(c["patient_id"]),
                slots=tuple(_slot_from(s) for s in c["slots"]),
                moves=tuple(
                    Move(
                        int(m["appointment_id"]),
                        datetime.fromisoformat(m["was"]),
                        _slot_from(m["slot"]),
                    )
                    for m in c["moves"]
                ),
            )
            for c in data["courses"]
        ),
        unplaced=tuple(
            Unplaced(str(u["course_id"]), int(u["number"]), str(u["reason"]))
            for u in data["unplaced"]
        ),
        optimiser=_measures_from(data["optimiser"]),
        greedy=_measures_from(data["greedy"]),
        bounds=Bounds(**{k: int(v) for k, v in data["bounds"].items()}),
        status=str(data["status"]),
        kept_greedy=bool(data["kept_greedy"]),
        seconds=float(data["seconds"]),
    )


def outcomes_as_json(outcomes: list[Outcome]) -> list[Json]:
    return [asdict(o) for o in outcomes]


def outcomes_from_json(data: list[Json]) -> list[Outcome]:
    return [Outcome(**o) for o in data]
