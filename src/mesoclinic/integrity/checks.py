"""The invariants checked, in report order. Each check is one function of a few aggregate
queries (never a query per row), so it stays fast on a big database."""

from collections.abc import Callable, Iterable

from mesoclinic.integrity import appointments, charts, stock
from mesoclinic.integrity.problem import Problem

CHECKS: dict[str, Callable[[], list[Problem]]] = {
    "lot_stock": stock.lot_stock_matches_movements,
    "chart_movements": charts.every_chart_has_its_movements,
    "chart_movement_owner": charts.every_chart_movement_has_its_chart,
    "chart_areas": charts.every_chart_names_its_areas,
    "chart_signed": charts.every_chart_has_its_signature_in_the_trail,
    "course_count": charts.course_counts_match_their_charts,
    "course_booking": appointments.course_bookings_are_whole,
    "appointment_overlap": appointments.no_live_appointments_overlap,
}


def find_problems(only: Iterable[str] | None = None) -> list[Problem]:
    """Every problem the named checks (all by default) find."""
    names = list(CHECKS) if only is None else list(only)
    return [problem for name in names for problem in CHECKS[name]()]
