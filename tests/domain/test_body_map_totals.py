"""Zones summed over sessions: a volume belongs to a zone only when its session treated
that zone alone; otherwise it is kept as given across several zones, never split."""

from decimal import Decimal

from mesoclinic.domain.body_map_totals import Visit, ZoneTotal, zone_totals

CAF = "Caffeine, lot CAF-1"
SIL = "Silicon, lot SIL-1"
LEFT, RIGHT = ("thighs", "left"), ("thighs", "right")


def test_each_zone_counts_the_sessions_and_patients_that_treated_it():
    totals = zone_totals(
        [
            Visit(1, 10, (LEFT, RIGHT), ((CAF, Decimal("4")),)),
            Visit(2, 10, (LEFT,), ((CAF, Decimal("2")),)),
            Visit(3, 11, (LEFT,), ((CAF, Decimal("1")),)),
        ]
    )

    assert totals.zones == (
        ZoneTotal(LEFT, sessions=3, patients=2, volumes=((CAF, Decimal("3")),)),
        ZoneTotal(RIGHT, sessions=1, patients=1, volumes=()),
    )


def test_volumes_of_a_session_on_several_zones_are_kept_together_not_split():
    totals = zone_totals(
        [
            Visit(1, 10, (LEFT, RIGHT), ((CAF, Decimal("4")), (SIL, Decimal("2.5")))),
            Visit(2, 10, (LEFT, ("abdomen", "")), ((CAF, Decimal("1")),)),
        ]
    )

    assert totals.shared == ((CAF, Decimal("5")), (SIL, Decimal("2.5")))
    assert totals.shared_sessions == 2
    assert all(zone.volumes == () for zone in totals.zones)


def test_two_products_of_one_session_count_it_once():
    totals = zone_totals(
        [
            Visit(1, 10, (LEFT,), ((CAF, Decimal("2")),)),
            Visit(1, 10, (LEFT,), ((CAF, Decimal("1.5")),)),
        ]
    )

    [left] = totals.zones
    assert left.sessions == 1
    assert left.volumes == ((CAF, Decimal("3.5")),)
    assert totals.shared == ()


def test_no_session_gives_no_zone():
    assert zone_totals([]).zones == ()
