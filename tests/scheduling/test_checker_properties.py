"""The checker against a brute-force referee, and planted double bookings it must catch."""

from dataclasses import replace
from datetime import timedelta
from itertools import combinations

from hypothesis import given
from hypothesis import strategies as st

from mesoclinic.scheduling.checker import ViolationKind, check
from mesoclinic.scheduling.model import Appointment
from tests.scheduling.builders import MONDAY, appointment, calendar

CLOCKS = [f"{h:02d}:{m:02d}" for h in range(9, 16) for m in (0, 15, 30, 45)]


@st.composite
def appointments(draw: st.DrawFn, index: int) -> Appointment:
    return appointment(
        course=f"k{index}",
        patient=draw(st.sampled_from(["ann", "bea", "cy", "dee", "eve", "fay"])),
        practitioner=draw(st.sampled_from(["p1", "p2", "p3"])),
        room=draw(st.sampled_from(["r1", "r2"])),
        day=MONDAY + timedelta(days=draw(st.integers(0, 4))),
        clock=draw(st.sampled_from(CLOCKS)),
        minutes=draw(st.sampled_from([30, 45, 60])),
    )


@st.composite
def schedules(draw: st.DrawFn) -> list[Appointment]:
    size = draw(st.integers(0, 25))
    return [draw(appointments(index)) for index in range(size)]


def brute_force_pairs(items: list[Appointment], field: str, buffer: int) -> set[frozenset]:
    gap = timedelta(minutes=buffer if field != "patient_id" else 0)
    return {
        frozenset((a, b))
        for a, b in combinations(items, 2)
        if getattr(a, field) == getattr(b, field) and a.span.overlaps(b.span, gap=gap)
    }


@given(schedules(), st.sampled_from([0, 5, 10]))
def test_the_checker_finds_exactly_the_overlaps_a_brute_force_search_finds(items, buffer):
    found = check(calendar(practitioners=3, buffer_minutes=buffer), items, {})

    for kind, field in [
        (ViolationKind.OVERLAP_PRACTITIONER, "practitioner_id"),
        (ViolationKind.OVERLAP_ROOM, "room_id"),
        (ViolationKind.OVERLAP_PATIENT, "patient_id"),
    ]:
        reported = {frozenset(v.appointments) for v in found if v.kind == kind}
        assert reported == brute_force_pairs(items, field, buffer)


@given(schedules(), st.data())
def test_a_planted_double_booking_is_always_caught(items, data):
    original = data.draw(st.sampled_from(items)) if items else appointment()
    shift = timedelta(minutes=data.draw(st.integers(-29, 29)))
    resource = data.draw(st.sampled_from(["practitioner", "room", "patient"]))
    planted = replace(
        original,
        course_id="planted",
        start=original.start + shift,
        end=original.end + shift,
        practitioner_id=original.practitioner_id if resource == "practitioner" else "p9",
        room_id=original.room_id if resource == "room" else "r9",
        patient_id=original.patient_id if resource == "patient" else "zed",
    )
    clinic = calendar(practitioners=[*calendar(practitioners=3).practitioners.values()])
    clinic = replace(
        clinic,
        practitioners={**clinic.practitioners, "p9": replace(clinic.practitioners["p1"], id="p9")},
        rooms={**clinic.rooms, "r9": replace(clinic.rooms["r1"], id="r9")},
    )
    booked = tuple(items) if items else (original,)

    found = check(replace(clinic, booked=booked), [planted], {})

    assert any(
        v.kind == f"overlap_{resource}" and planted in v.appointments and original in v.appointments
        for v in found
    )
