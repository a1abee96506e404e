"""The waitlist's pure rules: which times she asked for, and how long an offer holds."""

from datetime import UTC, date, datetime, time, timedelta

from mesoclinic.waitlist.rules import fits_wishes, offer_expires_at

# Wall-clock times in the clinic's zone, as the rules take them.
TUESDAY = date(2026, 3, 3)
TUESDAY_MORNING = datetime.combine(TUESDAY, time(10))
TUESDAY_AFTERNOON = datetime.combine(TUESDAY, time(14))


def fits(start=TUESDAY_MORNING, practitioner=7, weekdays=(), part="", practitioners=()):
    return fits_wishes(
        start, practitioner, weekdays=weekdays, part_of_day=part, practitioner_ids=practitioners
    )


def test_no_wishes_accept_any_time_and_practitioner():
    assert fits()


def test_a_time_on_another_weekday_than_she_asked_for_does_not_fit():
    assert fits(weekdays=[1, 3])  # Tuesday, Thursday
    assert not fits(weekdays=[0, 4])


def test_mornings_start_before_noon_and_afternoons_at_noon_or_later():
    assert fits(part="morning")
    assert not fits(part="afternoon")
    assert fits(TUESDAY_AFTERNOON, part="afternoon")
    assert not fits(datetime.combine(TUESDAY, time(12)), part="morning")


def test_a_practitioner_she_did_not_choose_does_not_fit():
    assert fits(practitioner=7, practitioners=[7, 9])
    assert not fits(practitioner=8, practitioners=[7, 9])


NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_an_offer_holds_three_hours_for_a_time_days_away():
    assert offer_expires_at(NOW, NOW + timedelta(days=2)) == NOW + timedelta(hours=3)


def test_an_offer_of_a_time_this_afternoon_ends_an_hour_before_it():
    starts = NOW + timedelta(hours=2, minutes=30)
    assert offer_expires_at(NOW, starts) == starts - timedelta(hours=1)


def test_a_time_too_close_to_answer_by_email_is_not_offered():
    assert offer_expires_at(NOW, NOW + timedelta(hours=1, minutes=29)) is None
    assert offer_expires_at(NOW, NOW + timedelta(hours=1, minutes=30)) is not None
