"""Cellulite grading: the Nürnberger-Müller grade and the Hexsel CSS score.

The limits here define the scales themselves, not the clinic's protocol:
- NM grade 0-3 (Nürnberger & Müller, J Dermatol Surg Oncol 1978;4:221).
- Hexsel Cellulite Severity Scale (JEADV 2009): items A-E scored 0-3, total 0-15;
  item E is the NM grade.
"""

from dataclasses import dataclass

from mesoclinic.domain.errors import DomainError
from mesoclinic.domain.wording import span

NM_GRADES = (0, 1, 2, 3)
CSS_ITEM_MAX = 3
CSS_ITEMS = ("A", "B", "C", "D", "E")
CSS_TOTAL_MAX = CSS_ITEM_MAX * len(CSS_ITEMS)


def _is_whole_number(value: object) -> bool:
    # bool is an int subclass; True must not pass as grade 1.
    return isinstance(value, int) and not isinstance(value, bool)


@dataclass(frozen=True)
class ExamFindings:
    """What the practitioner sees, from which the NM grade follows."""

    dimpling_on_pinch: bool
    visible_standing: bool
    visible_lying: bool

    def __post_init__(self) -> None:
        for name in ("dimpling_on_pinch", "visible_standing", "visible_lying"):
            if not isinstance(getattr(self, name), bool):
                raise DomainError(name, f"{name} must be yes or no.")


def nm_grade_from_findings(findings: ExamFindings) -> int:
    """Grade per Nürnberger-Müller: 3 visible lying, 2 visible standing only,
    1 only on pinching, 0 not even on pinching."""
    if findings.visible_lying and not findings.visible_standing:
        raise DomainError(
            "visible_lying",
            "Dimpling visible lying down but not standing does not fit the NM scale: "
            "check visible_standing and visible_lying.",
        )
    if findings.visible_standing and not findings.dimpling_on_pinch:
        raise DomainError(
            "dimpling_on_pinch",
            "Dimpling visible standing always shows on pinching too: "
            "check dimpling_on_pinch and visible_standing.",
        )
    if findings.visible_lying:
        return 3
    if findings.visible_standing:
        return 2
    return 1 if findings.dimpling_on_pinch else 0


def check_nm_grade(grade: int) -> int:
    if not _is_whole_number(grade) or grade not in NM_GRADES:
        raise DomainError("grade", f"NM grade must be 0, 1, 2 or 3; got {grade!r}.")
    return grade


def css_total_limits(nm_grade: int) -> tuple[int, int]:
    """The CSS totals possible at an NM grade: item E is the grade itself and the other
    four items add 0-3 each."""
    other_items = len(CSS_ITEMS) - 1
    return nm_grade, nm_grade + other_items * CSS_ITEM_MAX


def check_css_total(total: int) -> int:
    if not _is_whole_number(total) or not 0 <= total <= CSS_TOTAL_MAX:
        raise DomainError(
            "css_total", f"CSS total must be {span(0, CSS_TOTAL_MAX)}; got {total!r}."
        )
    return total


@dataclass(frozen=True)
class CSSScore:
    """Hexsel CSS items: A number of depressions, B their depth, C surface appearance,
    D laxity or sagging, E the NM grade."""

    a: int
    b: int
    c: int
    d: int
    e: int

    def __post_init__(self) -> None:
        for item, value in zip(CSS_ITEMS, self.items, strict=True):
            if not _is_whole_number(value) or not 0 <= value <= CSS_ITEM_MAX:
                raise DomainError(
                    f"css.{item}",
                    f"CSS item {item} must be {span(0, CSS_ITEM_MAX)}; got {value!r}.",
                )

    @property
    def items(self) -> tuple[int, int, int, int, int]:
        return (self.a, self.b, self.c, self.d, self.e)

    @property
    def total(self) -> int:
        return sum(self.items)

    @classmethod
    def parse(cls, text: str) -> "CSSScore":
        """Read "A,B,C,D,E", e.g. "1,2,1,0,2"; spaces around the commas are allowed."""
        parts = [part.strip() for part in text.split(",")]
        if len(parts) != len(CSS_ITEMS):
            raise DomainError(
                "css",
                f"CSS needs five scores A,B,C,D,E separated by commas (e.g. 1,2,1,0,2); "
                f"got {len(parts)} in {text!r}.",
            )
        if not all(part.isascii() and part.isdigit() for part in parts):
            raise DomainError(
                "css", f"CSS scores must be whole numbers {span(0, CSS_ITEM_MAX)}; got {text!r}."
            )
        a, b, c, d, e = (int(part) for part in parts)
        return cls(a, b, c, d, e)
