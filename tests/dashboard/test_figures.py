"""Known histories give known figures: shares with their Wilson intervals, means with
their t intervals, rates per 100 sessions, booked shares of open time."""

from datetime import time, timedelta

from mesoclinic.appointments.models import Appointment
from mesoclinic.clinics.clock import clinic_today
from mesoclinic.clinics.models import OpeningHours, Room
from mesoclinic.courses.models import CourseState
from mesoclinic.dashboard.figures import clinic_figures
from mesoclinic.patients.models import Patient, RecordStatus
from mesoclinic.rota.models import Shift
from tests.dashboard.conftest import (
    adverse_event,
    at,
    charted_session,
    measured_course,
    monday_of,
)


def _grade(figures, grade):
    return next(row for row in figures["outcomes"]["grades"] if row["grade"] == grade)


def test_eight_responders_of_ten_read_as_eighty_percent_with_wilsons_interval(
    riverside, practitioner
):
    for _ in range(8):
        measured_course(riverside, practitioner, css=(10, 7))  # 3 points better: responds
    for _ in range(2):
        measured_course(riverside, practitioner, css=(10, 9))  # 1 point: below the rule's 2
    row = _grade(clinic_figures(riverside, clinic_today(riverside)), 2)
    assert row["courses"] == 10
    assert row["responders"] == {
        "too_few": False,
        "count": 8,
        "n": 10,
        "percent": 80.0,
        "low": 49.0,
        "high": 94.3,
    }


def test_the_mean_change_in_css_and_circumference_carry_their_t_intervals(riverside, practitioner):
    # CSS changes -1..-10: mean -5.5, t(0.975, 9) = 2.262, half-width 2.17.
    for drop in range(1, 11):
        measured_course(riverside, practitioner, css=(12, 12 - drop), cm=("60.0", "59.0"))
    row = _grade(clinic_figures(riverside, clinic_today(riverside)), 2)
    assert row["css_change"] == {"too_few": False, "n": 10, "mean": -5.5, "low": -7.7, "high": -3.3}
    assert row["circumference_change_cm"] == {
        "too_few": False,
        "n": 10,
        "mean": -1.0,
        "low": -1.0,
        "high": -1.0,
    }


def test_a_grade_below_the_minimum_shows_no_number_at_all(riverside, practitioner):
    for _ in range(9):
        measured_course(riverside, practitioner, grade=3, sessions=25)
    figures = clinic_figures(riverside, clinic_today(riverside))
    row = _grade(figures, 3)
    assert row["courses"] is None
    for cell in (row["responders"], row["css_change"], row["circumference_change_cm"]):
        assert cell == {"too_few": True, "text": "too few to say"}
    sessions = next(r for r in figures["sessions_by_grade"] if r["grade"] == 3)
    assert sessions["sessions"] == {"too_few": True, "text": "too few to say"}


def test_courses_without_a_signed_final_assessment_are_not_measured(riverside, practitioner):
    for _ in range(10):
        measured_course(riverside, practitioner)
    measured_course(riverside, practitioner, final=False)
    measured_course(riverside, practitioner, state=CourseState.ACTIVE)
    assert _grade(clinic_figures(riverside, clinic_today(riverside)), 2)["courses"] == 10


def test_completion_and_stop_shares_count_ended_courses_only(riverside, practitioner):
    for _ in range(9):
        measured_course(riverside, practitioner)
    measured_course(riverside, practitioner, state=CourseState.STOPPED, final=False)
    measured_course(riverside, practitioner, state=CourseState.ACTIVE, final=False)
    endings = clinic_figures(riverside, clinic_today(riverside))["course_endings"]
    assert (endings["completed"]["count"], endings["completed"]["n"]) == (9, 10)
    assert (endings["completed"]["low"], endings["completed"]["high"]) == (59.6, 98.2)
    assert (endings["stopped"]["percent"], endings["stopped"]["n"]) == (10.0, 10)


def test_a_grade_whose_courses_run_outside_the_protocols_range_is_flagged(riverside, practitioner):
    for _ in range(10):
        measured_course(riverside, practitioner, grade=1, sessions=4)  # the protocol says 1
    for _ in range(10):
        measured_course(riverside, practitioner, grade=2, sessions=12)  # within 3 to 15
    rows = {
        r["grade"]: r
        for r in clinic_figures(riverside, clinic_today(riverside))["sessions_by_grade"]
    }
    assert (rows[1]["departs"], rows[1]["sessions"]["mean"]) == (True, 4.0)
    assert (rows[2]["departs"], rows[2]["range_low"], rows[2]["range_high"]) == (False, 3, 15)


def test_adverse_events_read_per_hundred_charted_sessions(riverside, practitioner):
    course = measured_course(riverside, practitioner, state=CourseState.ACTIVE, final=False)
    today = clinic_today(riverside)
    for number in range(1, 21):
        charted_session(course, practitioner, today - timedelta(days=number * 10), number)
    adverse_event(course, practitioner, today - timedelta(days=5))
    adverse_event(course, practitioner, today - timedelta(days=150))
    events = clinic_figures(riverside, today)["adverse_events"]
    (row,) = events["rows"]
    # 20 sessions in all, 8 of them in the last 90 days.
    assert row["all_time"] == {"too_few": False, "events": 2, "per_100": 10.0}
    assert row["recent"] == {"too_few": True, "text": "too few to say"}


def test_utilisation_is_booked_minutes_over_open_minutes(riverside, practitioner):
    today = clinic_today(riverside)
    monday = monday_of(today)
    OpeningHours.objects.create(clinic=riverside, weekday=0, opens=time(9), closes=time(17))
    Shift.objects.create(
        clinic=riverside, practitioner=practitioner, weekday=0, starts=time(9), ends=time(13)
    )
    course = measured_course(riverside, practitioner, state=CourseState.ACTIVE, final=False)
    Appointment.objects.create(
        clinic=riverside,
        patient=course.patient,
        course=course,
        number=1,
        practitioner=practitioner,
        room=Room.objects.get(clinic=riverside),
        starts_at=at(monday, 10, riverside),
        ends_at=at(monday, 11, riverside),
        held_until=at(monday, 11, riverside) + timedelta(minutes=10),
        booked_by=practitioner,
    )
    week = clinic_figures(riverside, today)["week"]
    assert week["sessions_booked"] == 1
    assert week["active_courses"] == 1
    assert week["utilisation"]["rooms"] == [
        {"name": "Room 1", "booked_minutes": 60, "open_minutes": 480, "percent": 12.5}
    ]
    (person,) = week["utilisation"]["practitioners"]
    assert (person["booked_minutes"], person["open_minutes"], person["percent"]) == (60, 240, 25.0)


def test_a_patient_entered_in_error_counts_nowhere(riverside, practitioner):
    courses = [measured_course(riverside, practitioner) for _ in range(11)]
    Patient.objects.filter(pk=courses[0].patient_id).update(status=RecordStatus.ENTERED_IN_ERROR)
    figures = clinic_figures(riverside, clinic_today(riverside))
    assert _grade(figures, 2)["courses"] == 10
    assert figures["course_endings"]["completed"]["n"] == 10
