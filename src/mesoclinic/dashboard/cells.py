"""Figures as stored and served: rounded once, here, so the page, the API and the export
show the same digits; a suppressed cell keeps only its "too few to say"."""

from typing import Any

from mesoclinic.domain.statistics import Mean, Share, TooFew

Cell = dict[str, Any]


def share_cell(figure: Share | TooFew) -> Cell:
    if isinstance(figure, TooFew):
        return {"too_few": True, "text": figure.text}
    return {
        "too_few": False,
        "count": figure.count,
        "n": figure.n,
        "percent": round(100 * figure.point, 1),
        "low": round(100 * figure.low, 1),
        "high": round(100 * figure.high, 1),
    }


def mean_cell(figure: Mean | TooFew) -> Cell:
    if isinstance(figure, TooFew):
        return {"too_few": True, "text": figure.text}
    return {
        "too_few": False,
        "n": figure.n,
        "mean": round(figure.mean, 1),
        "low": None if figure.low is None else round(figure.low, 1),
        "high": None if figure.high is None else round(figure.high, 1),
    }


def rate_cell(events: int, sessions: int, min_count: int) -> Cell:
    """Events per 100 charted sessions; too few sessions say nothing."""
    if sessions < max(min_count, 1):
        return {"too_few": True, "text": TooFew().text}
    return {"too_few": False, "events": events, "per_100": round(100 * events / sessions, 1)}
