"""The independent checker: every rule of the calendar, each broken once and reported in
words the front desk can act on."""

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from mesoclinic.scheduling.checker import ViolationKind, check
from mesoclinic.scheduling.model import Span
from tests.scheduling.builders import (
    MONDAY,
    WEEKLY,
    appointment,
    at,
    calendar,
    practitioner,
    room,
    weekly_course,
)

TUESDAY = MONDAY + timedelta(days=1)


def kinds(violations) -> list[str]:
    return sorted(v.kind for v in violations)


def test_a_weekly_course_on_its_ideal_dates_with_free_resources_passes():
    assert check(calendar(), weekly_course(10), {"k1": WEEKLY}) == []


def test_a_room_booked_twice_is_reported_with_the_room_and_the_times_not_the_other_patient():
    held = appointment(course="k1", patient="ann", practitioner="p1", room="r2")
    other = appointment(course="k2", patient="bea", practitioner="p2", room="r2", clock="10:30")

    [violation] = check(calendar(booked=(held,)), [other], {})

    assert violation.kind == ViolationKind.OVERLAP_ROOM
    assert violation.appointments == (held, other)
    assert violation.message.startswith(
        "Room 2 is booked 10:00–11:00 on Mon 1 March by another patient; "
        "session 1 of course k2 at 10:30–11:30 on Mon 1 March overlaps it"
    )


def test_a_practitioner_in_two_rooms_at_once_is_reported():
    one = appointment(course="k1", patient="ann", room="r1")
    two = appointment(course="k2", patient="bea", room="r2")

    assert kinds(check(calendar(), [one, two], {})) == ["overlap_practitioner"]


def test_a_patient_in_two_appointments_at_once_is_reported():
    one = appointment(course="k1", practitioner="p1", room="r1")
    two = appointment(course="k2", practitioner="p2", room="r2", clock="10:45")

    assert kinds(check(calendar(), [one, two], {})) == ["overlap_patient"]


def test_appointments_closer_than_the_clinic_buffer_are_reported_and_at_the_buffer_pass():
    first = appointment(course="k1", patient="ann")
    too_close = appointment(course="k2", patient="bea", clock="11:05")
    just_right = appointment(course="k2", patient="bea", clock="11:10")
    clinic = calendar(buffer_minutes=10, booked=(first,))

    [violation, _room] = check(clinic, [too_close], {})
    assert "less than the 10-minute buffer" in violation.message
    assert check(clinic, [just_right], {}) == []


def test_back_to_back_appointments_pass_without_a_buffer():
    first = appointment(course="k1", patient="ann")
    second = appointment(course="k2", patient="bea", clock="11:00")

    assert check(calendar(), [first, second], {}) == []


def test_a_session_on_a_closed_day_is_reported_with_the_closure():
    [violation] = check(calendar(closed_days=frozenset({MONDAY})), [appointment()], {})

    assert violation.kind == ViolationKind.CLINIC_CLOSED
    assert violation.message == "Riverside is closed on Mon 1 March (session 1 of course k1)"


def test_a_session_outside_opening_hours_is_reported_with_the_hours():
    always = {d: ((time(0), time(23, 59)),) for d in range(7)}
    early = appointment(clock="08:30")

    [violation] = check(calendar(practitioners=[practitioner(1, shifts=always)]), [early], {})

    assert violation.kind == ViolationKind.OUTSIDE_HOURS
    assert "Mondays 09:00–17:00" in violation.message


def test_a_session_across_the_lunch_break_is_outside_hours_though_both_ends_are_open():
    split = {d: ((time(9), time(12)), (time(13), time(17))) for d in range(5)}
    clinic = calendar(hours=split)

    assert kinds(check(clinic, [appointment(clock="11:30")], {})) == ["outside_hours"]
    assert check(clinic, [appointment(clock="11:00")], {}) == []


def test_a_session_on_a_weekend_is_outside_hours():
    saturday = MONDAY + timedelta(days=5)

    violations = check(calendar(), [appointment(day=saturday)], {})

    assert kinds(violations) == ["outside_hours", "outside_shift"]
    assert "none on Saturdays" in violations[0].message


def test_a_session_outside_a_part_time_shift_is_reported():
    mornings = {d: ((time(9), time(13)),) for d in range(5)}
    clinic = calendar(practitioners=[practitioner(1, shifts=mornings)])

    [violation] = check(clinic, [appointment(clock="14:00")], {})

    assert violation.kind == ViolationKind.OUTSIDE_SHIFT
    assert violation.message.startswith("Dr 1 does not work 14:00–15:00 on Mon 1 March")


def test_a_session_on_a_practitioners_day_off_is_reported():
    clinic = calendar(practitioners=[practitioner(1, days_off=frozenset({MONDAY}))])

    [violation] = check(clinic, [appointment()], {})

    assert violation.kind == ViolationKind.PRACTITIONER_OFF
    assert violation.message.startswith("Dr 1 is off on Mon 1 March")


def test_a_session_during_a_practitioners_hour_away_is_reported():
    away = Span(at(MONDAY, "10:30"), at(MONDAY, "12:00"))
    clinic = calendar(practitioners=[practitioner(1, away=(away,))])

    assert kinds(check(clinic, [appointment()], {})) == ["practitioner_off"]
    assert check(clinic, [appointment(clock="12:00")], {}) == []


def test_a_session_in_a_closed_room_is_reported():
    closed = Span(at(MONDAY, "00:00"), at(TUESDAY, "00:00"))
    clinic = calendar(rooms=[room(1, closed=(closed,))])

    [violation] = check(clinic, [appointment()], {})

    assert violation.kind == ViolationKind.ROOM_CLOSED
    assert violation.message.startswith("Room 1 is closed 00:00–00:00 on Mon 1 March")


def test_a_practitioner_of_another_clinic_is_reported():
    clinic = calendar(practitioners=[practitioner(1, clinic_id="elsewhere")])

    assert kinds(check(clinic, [appointment()], {})) == ["wrong_clinic"]


def test_an_unknown_practitioner_or_room_is_reported_and_nothing_else():
    assert kinds(check(calendar(), [appointment(practitioner="p9")], {})) == ["unknown_resource"]
    assert kinds(check(calendar(), [appointment(room="r9")], {})) == ["unknown_resource"]


def test_an_appointment_that_ends_before_it_starts_is_reported():
    wrong = replace(appointment(), end=at(MONDAY, "09:00"))

    assert kinds(check(calendar(), [wrong], {})) == ["empty_span"]


def test_sessions_closer_than_the_minimum_gap_are_reported():
    wednesday, next_monday = MONDAY + timedelta(days=2), MONDAY + timedelta(days=7)
    one = appointment(number=1, day=wednesday)
    two = appointment(number=2, day=next_monday)

    [violation] = check(calendar(), [one, two], {"k1": WEEKLY})

    assert violation.kind == ViolationKind.GAP_TOO_SHORT
    assert violation.message.startswith("Sessions 1 and 2 of course k1 are 5 days apart")


def test_sessions_out_of_number_order_are_reported():
    one, two = weekly_course(2)
    swapped = [replace(one, number=2), replace(two, number=1)]

    assert "gap_too_short" in kinds(check(calendar(), swapped, {"k1": WEEKLY}))


def test_a_session_too_far_from_its_ideal_date_is_reported():
    late = appointment(day=MONDAY + timedelta(days=3), ideal=MONDAY)

    [violation] = check(calendar(), [late], {"k1": WEEKLY})

    assert violation.kind == ViolationKind.OFF_WINDOW
    assert "3 days from its ideal date Mon 1 March" in violation.message


def test_a_session_number_booked_twice_is_reported():
    one = appointment()
    again = appointment(day=TUESDAY)

    assert "duplicate_session" in kinds(check(calendar(), [one, again], {}))


def test_a_moved_appointment_replaces_the_booked_one_with_its_key():
    booked = appointment()
    moved = appointment(clock="10:30")

    assert check(calendar(booked=(booked,)), [moved], {}) == []


def test_problems_among_booked_appointments_alone_are_the_calendars_history():
    one = appointment(course="k1", patient="ann", room="r1")
    two = appointment(course="k2", patient="bea", room="r2")
    elsewhere = appointment(course="k3", patient="cy", practitioner="p2", day=TUESDAY)
    history = calendar(booked=(one, two))

    assert check(history, [elsewhere], {}) == []
    assert kinds(check(history, [elsewhere], {}, include_booked=True)) == ["overlap_practitioner"]


def test_a_weekly_10_oclock_course_crossing_the_clock_change_stays_at_10_local():
    london = ZoneInfo("Europe/London")
    # Clocks go forward on Sunday 28 March 2027: the course runs either side of it.
    course = weekly_course(4, first=date(2027, 3, 15))
    stored = [a.start.replace(tzinfo=london).astimezone(UTC) for a in course]
    shown = [moment.astimezone(london).replace(tzinfo=None) for moment in stored]

    assert [moment.hour for moment in stored] == [10, 10, 9, 9]
    assert [moment.time() for moment in shown] == [time(10)] * 4
    assert [moment.isoformat() for moment in stored][2] == "2027-03-29T09:00:00+00:00"
    assert datetime.combine(date(2027, 3, 29), time(10)) == shown[2]
    assert check(calendar(), course, {"k1": WEEKLY}) == []


def test_a_session_too_soon_after_the_one_held_before_it_is_refused():
    # The held session is history, not on the calendar; the gap still runs from it.
    held = MONDAY - timedelta(days=5)

    [violation] = check(calendar(), [appointment()], {"k1": WEEKLY}, last_held={"k1": held})

    assert violation.kind == "gap_too_short"
    assert "5 days after the session held on" in violation.message
    assert (
        check(
            calendar(), [appointment()], {"k1": WEEKLY}, last_held={"k1": held - timedelta(days=2)}
        )
        == []
    )
