"""`mesoclinic integrity`: a clean demo passes every check; each check reports a row
corrupted by hand (raw SQL, as a crash, a bad restore or a script would leave it), by
record id."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection

from mesoclinic.appointments.calendar import to_wall
from mesoclinic.appointments.models import Appointment
from mesoclinic.audit.models import AuditEvent
from mesoclinic.charting.entered_in_error import session_mark_entered_in_error
from mesoclinic.charting.models import ProductApplication, SessionArea
from mesoclinic.clinics.models import Room
from mesoclinic.courses.models import Course
from mesoclinic.formulary.models import Lot, StockMovement
from mesoclinic.integrity import find_problems
from tests.adverse_events.conftest import chart
from tests.appointments.booking_helpers import book_course_around, book_whole_course
from tests.appointments.conftest import (  # noqa: F401
    bookable,
    colleague,
    next_week_course,
    second_course,
)
from tests.charting.conftest import (  # noqa: F401
    active,
    caffeine,
    caffeine_lot,
    course,
    grade_two,
    ready,
    today,
)
from tests.conftest import actor


def corrupt(model, statement: str, *params: object) -> None:
    """Raw SQL on `model`'s table (`{table}` in the statement), past every service and, on
    PostgreSQL, past the triggers that guard signed records (as a restore into a bare
    schema would be)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(statement.format(table=model._meta.db_table), params)


def reported(check: str) -> list[str]:
    return [p.message for p in find_problems([check])]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def charted(active, practitioner, caffeine_lot):  # noqa: F811
    session = chart(active, practitioner, [caffeine_lot])
    assert find_problems() == []
    return session


@pytest.fixture
def booked(next_week_course, front_desk, practitioner):  # noqa: F811
    rows = book_whole_course(next_week_course, front_desk, practitioner)
    assert find_problems() == []
    return rows


def test_the_demo_passes_every_check_and_the_command_says_so(db, capsys):
    call_command("demo", stdout=None)
    capsys.readouterr()

    call_command("integrity")

    assert "No problems" in capsys.readouterr().out


def test_the_command_lists_the_problems_by_id_and_exits_1(charted, caffeine_lot, capsys):  # noqa: F811
    corrupt(Lot, "UPDATE {table} SET on_hand_ml = on_hand_ml + 1 WHERE id = %s", caffeine_lot.id)

    with pytest.raises(SystemExit) as exited:
        call_command("integrity")

    assert exited.value.code == 1
    out = capsys.readouterr().out
    assert f"lot_stock: lot {caffeine_lot.id} holds" in out
    assert "Lovelace" not in out


def test_a_lot_whose_stock_differs_from_its_movements_is_reported(charted, caffeine_lot):  # noqa: F811
    corrupt(Lot, "UPDATE {table} SET on_hand_ml = on_hand_ml - 0.5 WHERE id = %s", caffeine_lot.id)

    assert reported("lot_stock") == [
        f"lot {caffeine_lot.id} holds 8.50 mL but its movements add up to 9.00 mL"
    ]


def test_a_chart_that_lost_its_application_is_half_a_chart(charted):
    corrupt(ProductApplication, "DELETE FROM {table} WHERE session_id = %s", charted.id)

    assert reported("chart_movements") == [f"chart {charted.id}'s stock movements do not add up"]
    [orphan] = reported("chart_movement_owner")
    assert f"names chart {charted.id} but no chart has it" in orphan


def test_an_application_that_does_not_match_its_movement_is_reported(charted):
    corrupt(
        ProductApplication, "UPDATE {table} SET volume_ml = 0.5 WHERE session_id = %s", charted.id
    )

    assert f"of chart {charted.id} does not match its movement" in reported("chart_movements")[0]


def test_a_chart_entered_in_error_adds_up_once_its_volume_is_back_and_not_before(
    charted,
    practitioner,
    caffeine_lot,  # noqa: F811
):
    session_mark_entered_in_error(
        actor=actor(practitioner), session=charted, reason="Charted on the wrong patient."
    )
    assert find_problems() == []

    corrupt(
        StockMovement,
        "DELETE FROM {table} WHERE kind = 'adjusted' AND reference = %s",
        f"chart {charted.id}",
    )

    assert reported("chart_movements") == [f"chart {charted.id}'s stock movements do not add up"]
    assert f"lot {caffeine_lot.id} holds" in reported("lot_stock")[0]


def test_a_chart_without_areas_is_reported(charted):
    corrupt(SessionArea, "DELETE FROM {table} WHERE session_id = %s", charted.id)

    assert reported("chart_areas") == [f"chart {charted.id} names no area treated"]


def test_a_signature_of_a_chart_that_does_not_exist_is_reported(charted):
    AuditEvent.objects.create(actor_name="x", action="sign", target="chart 999999")

    assert reported("chart_signed") == ["the audit trail signs chart 999999, which does not exist"]


def test_a_course_counting_more_sessions_than_its_charts_is_reported(charted):
    corrupt(
        Course,
        "UPDATE {table} SET sessions_done_total = sessions_done_total + 1 WHERE id = %s",
        charted.course_id,
    )

    assert reported("course_count") == [
        f"course {charted.course_id} counts 2 sessions done but has 1 charts"
    ]


def test_a_booking_missing_one_of_its_appointments_is_reported(booked):
    middle = booked[1]
    corrupt(Appointment, "DELETE FROM {table} WHERE id = %s", middle.id)

    assert reported("course_booking") == [
        f"course {middle.course_id}'s booking names sessions [{middle.number}] "
        "that have no appointment"
    ]


def test_an_appointment_without_its_booking_is_reported(booked):
    last = booked[-1]
    corrupt(Appointment, "UPDATE {table} SET number = 99 WHERE id = %s", last.id)

    assert reported("course_booking") == [
        f"course {last.course_id}'s booking names sessions [{last.number}] "
        "that have no appointment",
        f"course {last.course_id} has appointments for sessions [99] without their booking",
    ]


def test_two_live_appointments_in_one_room_at_once_are_reported(
    booked,
    second_course,  # noqa: F811
    clinic_admin,
    colleague,  # noqa: F811
):
    # On PostgreSQL the database refuses the overlap itself: lift that rule for this test
    # (its transaction is rolled back), as a restore into a bare schema would.
    if connection.vendor == "postgresql":
        # The booking's foreign-key checks are deferred; ALTER TABLE wants them done first.
        corrupt(Appointment, "SET CONSTRAINTS ALL IMMEDIATE")
        for rule in ("practitioner", "room", "patient"):
            corrupt(
                Appointment,
                f"ALTER TABLE {{table}} DROP CONSTRAINT IF EXISTS appointment_no_overlap_{rule}",
            )
    first = booked[0]
    room = first.room
    room_2 = Room.objects.get(clinic=room.clinic, name="Room 2")
    at = to_wall(first.starts_at, first.clinic)
    [other, *_] = book_course_around(second_course, clinic_admin, colleague.id, room_2.id, at)
    corrupt(
        Appointment,
        "UPDATE {table} SET room_id = %s, starts_at = %s, ends_at = %s, held_until = %s "
        "WHERE id = %s",
        room.id,
        first.starts_at + timedelta(minutes=15),
        first.ends_at + timedelta(minutes=15),
        first.held_until + timedelta(minutes=15),
        other.id,
    )

    assert reported("appointment_overlap") == [
        f"appointment {other.id} overlaps another of room {room.id}"
    ]
