"""What the page and the command line show of a proposal, worded and rounded in one place
so both say the same numbers to the digit."""

from dataclasses import dataclass
from datetime import date, datetime

from mesoclinic.appointments.optimiser.apply import Outcome
from mesoclinic.appointments.optimiser.batch import Proposal
from mesoclinic.appointments.presenters import staff_names
from mesoclinic.clinics.models import Room
from mesoclinic.courses.models import Course
from mesoclinic.scheduling.schedule import Measures


def percent(rate: float) -> str:
    return f"{rate * 100:.1f} %"


@dataclass(frozen=True)
class Compared:
    label: str
    greedy: str
    optimiser: str


def _figures(m: Measures) -> list[str]:
    return [
        f"{m.placed} of {m.requested}",
        percent(m.ideal_rate),
        f"{m.mean_deviation:.1f}",
        percent(m.continuity),
    ]


def comparison_rows(proposal: Proposal) -> list[Compared]:
    labels = [
        "Sessions placed",
        "On the ideal date",
        "Mean days from the ideal date",
        "Sessions with the course's main practitioner",
    ]
    return [
        Compared(label, g, o)
        for label, g, o in zip(
            labels, _figures(proposal.greedy), _figures(proposal.optimiser), strict=True
        )
    ]


def _search(proposal: Proposal) -> str:
    """How the search ended, without the clinic's id the optimiser puts first."""
    prefix = f"{proposal.clinic_id}: "
    return proposal.status.removeprefix(prefix) or "nothing to search"


def bound_rows(proposal: Proposal) -> list[tuple[str, str]]:
    b = proposal.bounds
    placed = proposal.optimiser.placed
    gap = (b.flow - placed) / b.flow if b.flow else 0.0
    rows = [
        ("Sessions asked for", str(b.requested)),
        ("At most placeable, by free staff and room time", str(b.capacity)),
        ("At most placeable, by the flow bound", str(b.flow)),
        ("At most on their ideal date", str(b.flow_ideal)),
        ("Gap between the proposal and the flow bound", f"{b.flow - placed} ({percent(gap)})"),
        ("Search", f"{proposal.seconds:.1f} s of {proposal.time_limit:.0f} s; {_search(proposal)}"),
    ]
    if proposal.movable:
        rows.append(("Booked sessions moved", str(proposal.moved)))
    if proposal.kept_greedy:
        rows.append(("Note", "the search did not beat the greedy schedule, so that is proposed"))
    return rows


def course_labels(clinic_id: int, course_ids: list[int]) -> dict[int, str]:
    """Patient and course, for the clinic's own staff (the caller checked access)."""
    found = Course.objects.filter(clinic_id=clinic_id, id__in=course_ids).select_related("patient")
    return {c.id: f"{c.patient} (course {c.id})" for c in found}


@dataclass(frozen=True)
class Visit:
    number: int
    start: datetime
    practitioner: str
    room: str
    ideal: date | None
    was: datetime | None = None  # a booked session that moves: where it was


@dataclass(frozen=True)
class CourseRow:
    course_id: int
    label: str
    visits: list[Visit]

    @property
    def practitioners(self) -> str:
        return ", ".join(dict.fromkeys(v.practitioner for v in self.visits))


def course_rows(proposal: Proposal) -> list[CourseRow]:
    labels = course_labels(proposal.clinic_id, [c.course_id for c in proposal.courses])
    people = staff_names(
        sorted(
            {s.practitioner_id for c in proposal.courses for s in c.slots}
            | {m.slot.practitioner_id for c in proposal.courses for m in c.moves}
        )
    )
    rooms = dict(Room.objects.filter(clinic_id=proposal.clinic_id).values_list("id", "name"))
    rows = []
    for course in proposal.courses:
        moved = [(m.slot, m.was) for m in course.moves]
        visits = [
            Visit(
                s.number,
                s.start,
                people.get(s.practitioner_id, str(s.practitioner_id)),
                rooms.get(s.room_id, str(s.room_id)),
                s.ideal,
                was,
            )
            for s, was in sorted(
                [*((s, None) for s in course.slots), *moved], key=lambda pair: pair[0].number
            )
        ]
        label = labels.get(course.course_id, f"course {course.course_id}")
        rows.append(CourseRow(course.course_id, label, visits))
    return rows


@dataclass(frozen=True)
class Missing:
    label: str
    number: int
    reason: str


def unplaced_rows(proposal: Proposal) -> list[Missing]:
    ids = sorted({int(u.course_id) for u in proposal.unplaced})
    labels = course_labels(proposal.clinic_id, ids)
    return [
        Missing(labels.get(int(u.course_id), f"course {u.course_id}"), u.number, u.reason)
        for u in proposal.unplaced
    ]


@dataclass(frozen=True)
class OutcomeRow:
    label: str
    result: str
    refused: bool


def outcome_rows(clinic_id: int, outcomes: list[Outcome]) -> list[OutcomeRow]:
    labels = course_labels(clinic_id, [o.course_id for o in outcomes])
    rows = []
    for o in outcomes:
        label = labels.get(o.course_id, f"course {o.course_id}")
        if o.refused:
            rows.append(OutcomeRow(label, f"nothing booked: {o.refused}", True))
            continue
        parts = [f"{o.booked} session{'s' if o.booked != 1 else ''} booked"] if o.booked else []
        parts += [f"{o.moved} moved"] if o.moved else []
        rows.append(OutcomeRow(label, ", ".join(parts), False))
    return rows


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def applied_summary(outcomes: list[Outcome]) -> str:
    """What applying wrote to the calendar, counted from the rows written, not proposed."""
    booked = sum(o.booked for o in outcomes)
    moved = sum(o.moved for o in outcomes)
    refused = sum(1 for o in outcomes if o.refused)
    courses = len(outcomes) - refused
    text = (
        f"Written: {_count(booked, 'new appointment', 'new appointments')} and "
        f"{_count(moved, 'booked appointment', 'booked appointments')} moved, for "
        f"{_count(courses, 'course', 'courses')}"
    )
    if refused:
        text += f"; {_count(refused, 'course', 'courses')} not booked, see why below"
    return f"{text}."
