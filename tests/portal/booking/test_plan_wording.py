"""How a plan reads to her: one line for the whole plan, and a second naming each wish it
misses, counted as she would count them."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from mesoclinic.portal.booking.offers import shown
from mesoclinic.portal.booking.online import Offer
from mesoclinic.scheduling.model import Appointment, PartOfDay, Preferences

MONDAY_9AM = datetime(2026, 12, 7, 9, 0, tzinfo=ZoneInfo("Europe/London"))


def _offer(practitioner, *starts: datetime) -> Offer:
    rows = tuple(
        Appointment("1", "1", n, str(practitioner.id), "1", start, start + timedelta(hours=1))
        for n, start in enumerate(starts, start=1)
    )
    return Offer(id="plan", summary="", appointments=rows)


def test_one_session_is_at_its_time_not_at_it_each_time(practitioner):
    [plan] = shown([_offer(practitioner, MONDAY_9AM)])
    assert plan.summary.startswith("1 session, Mon 7 December, with ")
    assert plan.summary.endswith(", at 09:00")


def test_several_sessions_at_one_time_are_at_it_each_time(practitioner):
    week = timedelta(days=7)
    [plan] = shown([_offer(practitioner, MONDAY_9AM, MONDAY_9AM + week)])
    assert plan.summary.startswith("2 sessions, Mon 7 December – Mon 14 December, with ")
    assert plan.summary.endswith(", at 09:00 each time")


def test_a_plan_missing_one_wish_says_so_in_the_singular(practitioner):
    wishes = Preferences(part_of_day=PartOfDay.AFTERNOON)
    [plan] = shown([_offer(practitioner, MONDAY_9AM)], wishes=wishes)
    assert plan.misses == "Misses one of your wishes: 1 of 1 not in the afternoon."


def test_a_plan_missing_two_wishes_counts_them(practitioner):
    wishes = Preferences(weekdays=frozenset({2}), part_of_day=PartOfDay.AFTERNOON)
    [plan] = shown([_offer(practitioner, MONDAY_9AM)], wishes=wishes)
    assert plan.misses == (
        "Misses 2 of your wishes: 1 of 1 not on the days you chose; 1 of 1 not in the afternoon."
    )


def test_a_plan_keeping_every_wish_says_nothing(practitioner):
    [plan] = shown([_offer(practitioner, MONDAY_9AM)], wishes=Preferences(weekdays=frozenset({0})))
    assert plan.misses == ""
