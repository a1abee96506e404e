"""What no clinic record can hold, whoever sends it: text with control characters or
direction overrides, dates outside 1900–2100. Pure rules that return the problem to show
(or None), so the domain, the services, the forms and the API's schemas all refuse the
same values with the same words, each in its own way."""

import unicodedata
from datetime import date

FIRST_YEAR, LAST_YEAR = 1900, 2100
# Characters that reorder how text is displayed, so a name can read differently from what
# it holds: the embeddings, overrides and isolates (the plain marks LRM/RLM stay allowed).
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
LINE_BREAKS_AND_TABS = frozenset("\n\r\t")


def text_problem(value: str, *, multiline: bool = False) -> str | None:
    """Why this text cannot be stored as typed, or None. Line breaks and tabs are allowed
    only in multi-line text (notes, descriptions); control characters, unpaired surrogates
    and direction overrides never are."""
    allowed = LINE_BREAKS_AND_TABS if multiline else frozenset()
    for char in value:
        if char in allowed:
            continue
        if char in BIDI_CONTROLS:
            return "Remove the text direction control characters."
        category = unicodedata.category(char)
        if category == "Cc":
            if char in LINE_BREAKS_AND_TABS:
                return "Write this on one line, without line breaks or tabs."
            return "Remove the control characters (such as NUL)."
        if category == "Cs":
            return "Remove the invalid characters."
    return None


def line_problems(**values: str) -> dict[str, str]:
    """Each single-line field's problem, by field name, for the fields that have one: a
    service checking several names at once reports them all in one refusal."""
    found = {name: text_problem(value) for name, value in values.items()}
    return {name: problem for name, problem in found.items() if problem is not None}


def date_problem(value: date) -> str | None:
    """Dates outside 1900–2100 are typing mistakes (0001, 9999, a timestamp of 0)."""
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        return f"Use a date between {FIRST_YEAR} and {LAST_YEAR}."
    return None
