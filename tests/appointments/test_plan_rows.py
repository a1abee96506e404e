"""How a plan's session says where it stands against its ideal date."""

from datetime import date, datetime

import pytest

from mesoclinic.appointments.presenters import PlanRow


def row_on(day: date, ideal: date | None) -> PlanRow:
    start = datetime.combine(day, datetime.min.time()).replace(hour=10)
    return PlanRow(1, start, start, "Tom Okafor", "Room 1", ideal)


@pytest.mark.parametrize(
    ("day", "words"),
    [
        (date(2026, 12, 15), "1 day early"),
        (date(2026, 12, 14), "2 days early"),
        (date(2026, 12, 17), "1 day late"),
        (date(2026, 12, 18), "2 days late"),
        (date(2026, 12, 16), ""),
    ],
)
def test_a_session_off_its_ideal_date_says_how_many_days_early_or_late(day, words):
    assert row_on(day, date(2026, 12, 16)).off_ideal == words


def test_a_session_without_an_ideal_date_says_nothing_of_it():
    assert row_on(date(2026, 12, 16), None).off_ideal == ""
