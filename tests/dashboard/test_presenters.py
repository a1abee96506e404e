"""The utilisation bars: length from the booked share, the value always as text."""

from mesoclinic.dashboard.presenters import PLOT_WIDTH, bar_chart


def row(name, percent):
    return {"name": name, "booked_minutes": 0, "open_minutes": 0, "percent": percent}


def test_a_bar_is_as_long_as_its_share_and_says_it_in_text():
    (bar,) = bar_chart([row("Room 1", 25.0)]).bars
    assert bar.width == PLOT_WIDTH // 4
    assert bar.value == "25.0 %"


def test_an_overbooked_week_fills_the_frame_and_says_how_far_it_went():
    (bar,) = bar_chart([row("Room 1", 130.0)]).bars
    assert bar.width == PLOT_WIDTH
    assert bar.value == "130.0 %"


def test_a_room_with_no_open_time_says_closed():
    (bar,) = bar_chart([row("Room 2", None)]).bars
    assert (bar.width, bar.value) == (0, "closed")
