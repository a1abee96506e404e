"""Open minutes of a week: spans per weekday, less the days shut."""

from datetime import date, time

from mesoclinic.domain.utilisation import intersect, open_minutes, percent, week_of

NINE_TO_FIVE = ((time(9), time(17)),)


def test_a_week_runs_monday_to_sunday():
    assert week_of(date(2026, 12, 2)) == (date(2026, 11, 30), date(2026, 12, 6))


def test_a_shift_counts_only_inside_the_opening_hours():
    shift = ((time(8), time(10)), (time(16), time(18)))
    assert intersect(shift, NINE_TO_FIVE) == ((time(9), time(10)), (time(16), time(17)))


def test_days_shut_are_not_open_time():
    monday, sunday = week_of(date(2026, 12, 2))
    weekly = dict.fromkeys(range(5), NINE_TO_FIVE)
    assert open_minutes(weekly, monday, sunday, frozenset()) == 5 * 480
    assert open_minutes(weekly, monday, sunday, frozenset({monday})) == 4 * 480


def test_nothing_open_gives_no_share_rather_than_a_division_by_zero():
    assert percent(60, 0) is None
    assert percent(60, 480) == 12.5
