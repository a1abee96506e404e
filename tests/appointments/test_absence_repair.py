"""A practitioner off sick: her bookings on that day move to a colleague at the same time
when one is free, shown as a diff first and applied only on confirmation."""

import re
from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from mesoclinic.appointments.calendar import to_wall
from mesoclinic.appointments.models import Appointment
from mesoclinic.audit.models import AuditEvent
from mesoclinic.clinics.models import Closure
from mesoclinic.rota.models import Absence
from tests.appointments.booking_helpers import away, book_whole_course, day_of
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def sick_day(next_week_course, front_desk, practitioner, colleague):
    """The practitioner's course is booked; she is then off sick on the day of session 2."""
    booked = book_whole_course(next_week_course, front_desk, practitioner)
    return away(next_week_course, front_desk, practitioner, day_of(booked[1])), booked[1]


def repair_url(absence) -> str:
    return reverse("appointments:absence_repair", kwargs={"absence_id": absence.id})


def test_the_proposal_moves_the_session_to_a_colleague_at_the_same_time(
    sick_day, front_desk, colleague
):
    absence, session = sick_day

    page = client_for(front_desk).get(repair_url(absence)).content.decode()

    assert "Grace Hopper" in page
    assert "1 booking on the days away; 0 other bookings move" in page
    assert "Ada Lovelace" in page
    assert Appointment.objects.get(pk=session.pk).practitioner_id == session.practitioner_id


def test_applying_moves_the_booking_and_lists_whom_to_call(sick_day, front_desk, colleague):
    absence, session = sick_day
    desk = client_for(front_desk)
    page = desk.get(repair_url(absence)).content.decode()
    fingerprint = re.search(r'name="fingerprint" value="([^"]+)"', page).group(1)

    answer = desk.post(repair_url(absence), {"fingerprint": fingerprint})

    assert answer.status_code == 200
    moved = Appointment.objects.get(pk=session.pk)
    assert moved.practitioner_id == colleague.id
    assert moved.starts_at == session.starts_at
    assert "Patients to call" in answer.content.decode()
    # The number to dial, as the clinic's country writes it.
    assert "07700 900123" in answer.content.decode()
    assert AuditEvent.objects.filter(
        target=f"appointment {session.id} moved for absence {absence.id}"
    ).exists()


def test_a_proposal_that_changed_since_it_was_shown_is_not_applied(sick_day, front_desk):
    absence, session = sick_day

    answer = client_for(front_desk).post(repair_url(absence), {"fingerprint": "stale"})

    assert answer.status_code == 409
    assert "review the new proposal" in answer.content.decode()
    assert Appointment.objects.get(pk=session.pk).practitioner_id == session.practitioner_id


@pytest.mark.parametrize("who", ["outsider", "hillcrest_desk", "chain_manager"])
def test_another_clinics_staff_get_404(sick_day, who, request):
    absence, _session = sick_day
    other = client_for(request.getfixturevalue(who))

    assert other.get(repair_url(absence)).status_code == 404
    assert other.post(repair_url(absence), {"fingerprint": "x"}).status_code == 404


def test_applying_needs_the_csrf_token(sick_day, front_desk):
    absence, _session = sick_day
    desk = Client(enforce_csrf_checks=True)
    desk.force_login(front_desk)

    assert desk.post(repair_url(absence), {"fingerprint": "x"}).status_code == 403


def test_an_absence_in_year_9999_kept_from_before_the_date_rule_shows_nothing_to_move(
    next_week_course, front_desk, practitioner
):
    # Recorded straight into the table, as a row saved before such days were refused.
    absence = Absence.objects.create(
        clinic=next_week_course.clinic,
        practitioner=practitioner,
        first_day=date(9999, 12, 30),
        last_day=date(9999, 12, 31),
        kind="sickness",
        recorded_by=front_desk,
    )

    page = client_for(front_desk).get(repair_url(absence))

    assert page.status_code == 200
    assert "0 bookings on the days away" in page.content.decode()


def test_recording_an_absence_leads_to_the_proposal(next_week_course, front_desk, practitioner):
    answer = client_for(front_desk).post(
        reverse("rota:absence_new", args=[next_week_course.clinic_id]),
        {
            "practitioner": practitioner.id,
            "first_day": "2031-03-03",
            "last_day": "2031-03-04",
            "kind": "leave",
        },
    )

    assert answer.status_code == 302
    assert "/repair/" in answer["Location"]


@pytest.fixture
def sick_alone(next_week_course, front_desk, practitioner):
    """As `sick_day`, but nobody else works at the clinic: no colleague can take session 2."""
    booked = book_whole_course(next_week_course, front_desk, practitioner)
    return away(next_week_course, front_desk, practitioner, day_of(booked[1])), booked


def test_with_nobody_to_take_it_the_session_goes_after_the_courses_last_one(sick_alone, front_desk):
    absence, booked = sick_alone
    last = len(booked)

    page = client_for(front_desk).get(repair_url(absence)).content.decode()

    assert "1 booking on the days away; 0 other bookings move" in page
    assert f"2 → {last}" in page
    assert "a week added after the course's last session" in page
    assert f"sessions 3–{last} keep their times and become sessions 2–{last - 1}" in page


def test_applying_sends_the_session_to_the_end_and_renumbers_the_rest_in_one_go(
    sick_alone, front_desk
):
    absence, booked = sick_alone
    clinic = absence.clinic
    desk = client_for(front_desk)
    page = desk.get(repair_url(absence)).content.decode()
    fingerprint = re.search(r'name="fingerprint" value="([^"]+)"', page).group(1)

    answer = desk.post(repair_url(absence), {"fingerprint": fingerprint})

    assert answer.status_code == 200
    moved = Appointment.objects.get(pk=booked[1].pk)
    assert moved.number == len(booked)
    assert to_wall(moved.starts_at, clinic) == to_wall(booked[-1].starts_at, clinic) + timedelta(
        days=7
    )
    assert moved.ideal_date == booked[-1].ideal_date + timedelta(days=7)
    for was in booked[2:]:
        now = Appointment.objects.get(pk=was.pk)
        assert (now.number, now.starts_at) == (was.number - 1, was.starts_at)
    assert AuditEvent.objects.filter(
        target=f"appointment {booked[2].id} renumbered 2 for absence {absence.id}"
    ).exists()
    assert "Ada Lovelace" in answer.content.decode()


def test_a_session_renumbered_then_stranded_is_left_on_its_day_and_the_rest_applies(
    next_week_course, front_desk, practitioner
):
    clinic = next_week_course.clinic
    booked = book_whole_course(next_week_course, front_desk, practitioner)
    second, third, last = (day_of(row) for row in (booked[1], booked[2], booked[-1]))
    # A second week at the end is impossible: the clinic is shut around it.
    Closure.objects.create(
        clinic=clinic,
        first_day=last + timedelta(days=10),
        last_day=last + timedelta(days=18),
        reason="Refurbishment",
    )
    absence = away(
        next_week_course, front_desk, practitioner, second, third + timedelta(days=2), kind="leave"
    )
    desk = client_for(front_desk)
    page = desk.get(repair_url(absence)).content.decode()
    assert "Bookings that cannot be kept" in page
    fingerprint = re.search(r'name="fingerprint" value="([^"]+)"', page).group(1)

    answer = desk.post(repair_url(absence), {"fingerprint": fingerprint})

    assert answer.status_code == 200
    moved, stranded = (Appointment.objects.get(pk=row.pk) for row in booked[1:3])
    assert moved.number == len(booked)
    # Now the course's second session, still on its day away, for the desk to call about.
    assert (stranded.number, stranded.starts_at) == (2, booked[2].starts_at)


def test_the_diff_strikes_through_only_what_changes_and_names_who_is_replaced(
    sick_day, front_desk, practitioner, colleague
):
    absence, session = sick_day
    was = practitioner.get_full_name() or practitioner.get_username()

    page = client_for(front_desk).get(repair_url(absence)).content.decode()

    [row] = re.findall(r"<tbody>(.*?)</tbody>", page, re.S)
    when = to_wall(session.starts_at, session.clinic)
    assert f'{when:%a} {when.day} {when:%b %H:%M} <span class="hint">(same time)</span>' in row
    assert f"<del>{was}</del> → <ins>Grace Hopper</ins>" in row
    assert row.count("<del>") == 1, "the time and the room stay: nothing else is struck"
