"""Small helpers for the sentences staff and patients read.

Ranges use an en dash ("10–15") and shifts a minus sign ("−1"), as printed text does; in
code they are written as escapes so that they cannot be mistaken for hyphens.
"""

from datetime import date

DASH = "\N{EN DASH}"
MINUS = "\N{MINUS SIGN}"


def span(low: int, high: int) -> str:
    """ "10–15", or just "10" when both ends are the same."""
    return str(low) if low == high else f"{low}{DASH}{high}"


def count(number: int, noun: str) -> str:
    """ "1 session", "3 sessions"."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def signed_sessions(shift: int) -> str:
    """ "+1 session", "-2 sessions", "no change to the number of sessions" (never a bare
    "no change", which a patient could read as the result to expect)."""
    if shift == 0:
        return "no change to the number of sessions"
    sign = "+" if shift > 0 else MINUS
    return f"{sign}{count(abs(shift), 'session')}"


def day_span(low: int, high: int) -> str:
    """A window in days, shown in weeks when both ends are whole weeks ("2–4 weeks")."""
    week = 7
    if low % week == 0 and high % week == 0 and low > 0:
        return f"{span(low // week, high // week)} weeks"
    return f"{span(low, high)} days"


def listing(items: list[str], last_joiner: str = "and") -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last_joiner} {items[-1]}"


def iso_dates(dates: tuple[date, ...]) -> str:
    return listing([d.isoformat() for d in dates])
