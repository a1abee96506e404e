"""The benchmark's made-up clinics: repeatable, the size asked for, shaped like the protocol."""

from collections import Counter

import pytest

from mesoclinic.protocols import load_protocol
from mesoclinic.scheduling.checker import check
from mesoclinic.scheduling.generate import SETTINGS, TIERS, generate

PROTOCOL = load_protocol()


@pytest.fixture(scope="module")
def small():
    return generate("S", 0.85, 1, PROTOCOL)


def test_the_same_tier_load_and_seed_give_the_same_instance():
    assert generate("quick", 0.85, 3, PROTOCOL) == generate("quick", 0.85, 3, PROTOCOL)


def test_another_seed_gives_another_instance():
    assert generate("quick", 0.85, 3, PROTOCOL) != generate("quick", 0.85, 4, PROTOCOL)


@pytest.mark.parametrize("tier", ["quick", "S", "M", "L"])
def test_each_tier_has_its_clinics_practitioners_rooms_and_weeks(tier):
    size = TIERS[tier]
    instance = generate(tier, 0.7, 1, PROTOCOL)

    calendar = instance.calendar
    assert len(calendar.clinics) == size.clinics
    assert len(calendar.practitioners) == size.clinics * size.practitioners
    assert len(calendar.rooms) == size.clinics * size.rooms
    assert (instance.horizon.last - instance.horizon.first).days + 1 == 7 * size.weeks


@pytest.mark.parametrize("load", [0.7, 0.85, 0.95, 1.05])
def test_the_sessions_asked_for_match_the_load_within_a_course(load):
    instance = generate("S", load, 2, PROTOCOL)

    # Courses are whole, and a few booked sessions may not fit: within 4 % of capacity.
    assert instance.load == pytest.approx(load, abs=0.04)


def test_the_bookings_already_made_pass_the_checker(small):
    assert check(small.calendar, [], small.rules, include_booked=True) == []


def test_courses_take_their_length_cadence_and_session_time_from_the_protocol(small):
    cadences = set(PROTOCOL.cadences.values())
    for request in small.requests:
        assert request.rules.cadence_days in cadences
        assert request.rules.min_gap_days == PROTOCOL.min_interval_days
        assert request.minutes == PROTOCOL.session_minutes
        assert request.first_number >= 1
        assert request.first_number + request.sessions - 1 <= 25  # the longest course


def test_tolerances_and_buffer_are_the_clinic_settings(small):
    tolerances = {r.rules.cadence_days: r.rules.tolerance_days for r in small.requests}
    assert tolerances == {
        PROTOCOL.cadences["weekly"]: SETTINGS.weekly_tolerance_days,
        PROTOCOL.cadences["fortnightly"]: SETTINGS.fortnightly_tolerance_days,
    }
    assert {c.buffer_minutes for c in small.calendar.clinics.values()} == {SETTINGS.buffer_minutes}


def test_most_courses_are_weekly_and_about_half_the_patients_have_wishes():
    instance = generate("M", 0.85, 1, PROTOCOL)
    courses = {r.id: r for r in instance.requests}.values()

    weekly = Counter(r.rules.cadence_days == 7 for r in courses)
    wishes = Counter(r.preferences != type(r.preferences)() for r in courses)
    assert 0.6 < weekly[True] / len(courses) < 0.8
    assert 0.4 < wishes[True] / len(courses) < 0.6


def test_a_running_course_is_booked_ahead_and_its_later_sessions_are_requested(small):
    booked = {a.course_id: a for a in small.calendar.booked}
    continued = [r for r in small.requests if r.id in booked]

    assert continued
    for request in continued:
        last = max(a.number for a in small.calendar.booked if a.course_id == request.id)
        assert request.first_number > last
        assert request.previous_session is not None
