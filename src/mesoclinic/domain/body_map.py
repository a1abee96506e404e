"""A body diagram of treated zones: a neutral outline from the front and from the back.

Zones are found by the protocol's area keys. An area (or side) the diagram does not know,
such as one a clinic's own protocol adds, is listed in words beside the figures, never
dropped. Left and right follow the anatomical convention: the patient's left is on the
viewer's right in the front view and on the viewer's left in the back view; the diagram
says so in words.

The SVG is built by hand and self-contained (no stylesheet, script or external reference,
explicit width, height and viewBox) so that a page shows it inline and a PDF renderer draws
it as it is. Zones are shaded by amount and also numbered, with every number explained in
the key in words: it reads without colour and in greyscale print.
"""

import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape
from typing import Literal

View = Literal["front", "back"]
Point = tuple[float, float]
Shape = tuple[Point, ...]
SIDES = ("left", "right")

# Each figure is drawn in a 200 x 400 frame whose middle is x = 100.
_FRAME_W, _FRAME_H, _MID = 200, 400, 100.0

# The outline, on the viewer's left half only: the figure is symmetric, so the other half is
# its mirror image. From the neck down to the inner ankle.
_HALF_BODY: Shape = (
    (100, 62), (92, 62), (92, 54), (62, 64), (66, 120), (72, 165), (62, 215),
    (64, 300), (72, 390), (94, 390), (98, 240), (100, 240),
)  # fmt: skip
_HALF_ARM: Shape = ((62, 64), (48, 72), (38, 150), (32, 230), (44, 232), (52, 155), (64, 110))
_HEAD = (100.0, 30.0, 22.0)

# Zone shapes on the viewer's left half of each view they show on.
_THIGH: Shape = ((66, 246), (97, 246), (95.5, 322), (67.5, 322))
_UPPER_ARM: Shape = ((60, 70), (49, 75), (43, 140), (54, 143), (62, 104))
_FLANK: Shape = ((67, 122), (81, 122), (81, 164), (73, 164))
_HIP: Shape = ((72, 168), (79, 168), (78, 204), (63, 206), (66, 188))
_BUTTOCK: Shape = ((80, 190), (99, 190), (99, 243), (70, 241), (65, 222), (70, 208), (79, 206))
_ABDOMEN: Shape = ((83, 122), (100, 122), (100, 182), (83, 182))
ZONES: dict[str, dict[View, Shape]] = {
    "thighs": {"front": _THIGH, "back": _THIGH},
    "buttocks": {"back": _BUTTOCK},
    "hips": {"front": _HIP, "back": _HIP},
    "flanks": {"front": _FLANK, "back": _FLANK},
    "abdomen": {"front": _ABDOMEN},
    "upper_arms": {"front": _UPPER_ARM, "back": _UPPER_ARM},
}
# Areas whose two halves meet in the middle: one number marks the whole area.
_JOINED = frozenset({"abdomen"})

# Light to dark; distinct in greyscale too. Text never sits on a shade: numbers have a
# white disc of their own.
SHADES = ("#deebf7", "#9ecae1", "#4292c6", "#08519c")

_VIEWS: tuple[tuple[View, float, str], ...] = (
    ("front", 10.0, "the patient's left is on your right"),
    ("back", 230.0, "the patient's left is on your left"),
)
_TOP = 44.0
# The key runs below the figures, so that a phone shrinking the drawing to its width
# shrinks it little and the words stay readable.
_KEY_X, _KEY_TOP, _KEY_WIDTH_CHARS, _LINE = 12.0, _TOP + _FRAME_H + 24, 62, 15.0
_WIDTH = 440


@dataclass(frozen=True)
class ZoneMark:
    """One zone to show: the protocol area key, the side ("" for both sides, or an area
    without sides), the lines of text that explain it, and the amount it is shaded by."""

    area: str
    side: str
    lines: tuple[str, ...]
    amount: int


def on_diagram(area: str, side: str) -> bool:
    return area in ZONES and side in ("", *SIDES)


def zones_treated(
    areas: Iterable[tuple[str, str]], sides_of: dict[str, tuple[str, ...]]
) -> tuple[tuple[str, str], ...]:
    """The zones a list of (area, side) covers, in order, each once: "" on an area with
    sides stands for each of its sides. Areas the protocol does not list are kept as given."""
    found: dict[tuple[str, str], None] = {}
    for area, side in areas:
        sides = sides_of.get(area, ())
        for one in sides if side == "" and sides else (side,):
            found[(area, one)] = None
    return tuple(found)


def _viewer_left(view: View, side: str) -> bool:
    """Whether the patient's `side` is drawn on the viewer's left half of `view`."""
    return (side == "right") if view == "front" else (side == "left")


def _mirror(shape: Shape) -> Shape:
    return tuple((2 * _MID - x, y) for x, y in shape)


def zone_shapes(area: str, side: str) -> list[tuple[View, Shape]]:
    """Where a zone is drawn, in the frame of each view; empty when it is not on the diagram."""
    if not on_diagram(area, side):
        return []
    shapes: list[tuple[View, Shape]] = []
    for view, shape in ZONES[area].items():
        for one in SIDES if side == "" else (side,):
            shapes.append((view, shape if _viewer_left(view, one) else _mirror(shape)))
    return shapes


_NOT_XML = {c: None for c in range(32) if c not in (9, 10, 13)} | {0xFFFE: None, 0xFFFF: None}


def _text(value: object) -> str:
    """Text safe in an XML text node or attribute: escaped, without the characters XML
    cannot hold at all (controls, lone surrogates)."""
    cleaned = str(value).translate(_NOT_XML)
    cleaned = "".join(c for c in cleaned if not 0xD800 <= ord(c) <= 0xDFFF)
    return escape(cleaned, quote=True)


def _points(shape: Shape, dx: float) -> str:
    return " ".join(f"{x + dx:g},{y + _TOP:g}" for x, y in shape)


def _centre(shapes: Sequence[Shape]) -> Point:
    """The middle of the shapes' bounding box: where a zone's number goes."""
    xs = [x for shape in shapes for x, _ in shape]
    ys = [y for shape in shapes for _, y in shape]
    return ((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)


def shade_levels(amounts: Iterable[int]) -> dict[int, int]:
    """The shade (0 lightest to 3 darkest) of each positive amount. A few distinct amounts
    get a shade each; more are grouped into four equal ranges up to the largest."""
    distinct = sorted({a for a in amounts if a > 0})
    if not distinct:
        return {}
    if len(distinct) <= len(SHADES):
        spread = {1: (1,), 2: (0, 2), 3: (0, 1, 3), 4: (0, 1, 2, 3)}[len(distinct)]
        return dict(zip(distinct, spread, strict=True))
    top = distinct[-1]
    return {a: min(3, (4 * a - 1) // top) for a in distinct}


def _plural(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _legend(levels: dict[int, int], noun: str) -> list[tuple[int, str]]:
    by_shade: dict[int, list[int]] = {}
    for amount, shade in levels.items():
        by_shade.setdefault(shade, []).append(amount)
    legend = []
    for shade, amounts in sorted(by_shade.items()):
        low, high = min(amounts), max(amounts)
        text = _plural(low, noun) if low == high else f"{low} to {_plural(high, noun)}"
        legend.append((shade, text))
    return legend


def _figure(view: View, dx: float, note: str) -> list[str]:
    cx, cy, r = _HEAD
    body = _HALF_BODY + tuple(reversed(_mirror(_HALF_BODY)))
    parts = [
        f'<text x="{dx + _MID:g}" y="16" text-anchor="middle" font-size="13" '
        f'font-weight="bold">{view.capitalize()}</text>',
        f'<text x="{dx + _MID:g}" y="32" text-anchor="middle" font-size="11">{_text(note)}</text>',
        f'<g fill="#ffffff" stroke="#555555" stroke-width="1.5">'
        f'<circle cx="{cx + dx:g}" cy="{cy + _TOP:g}" r="{r:g}"/>'
        f'<polygon points="{_points(body, dx)}"/>'
        f'<polygon points="{_points(_HALF_ARM, dx)}"/>'
        f'<polygon points="{_points(_mirror(_HALF_ARM), dx)}"/></g>',
    ]
    return parts


def _badge(number: int, at: Point, dx: float) -> str:
    x, y = at[0] + dx, at[1] + _TOP
    return (
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="9" fill="#ffffff" stroke="#000000"/>'
        f'<text x="{x:.1f}" y="{y + 4:.1f}" text-anchor="middle" font-size="11" '
        f'font-weight="bold">{number}</text>'
    )


def _marks(marks: Sequence[ZoneMark], levels: dict[int, int]) -> list[str]:
    parts: list[str] = []
    offsets = dict((view, dx) for view, dx, _ in _VIEWS)
    for number, mark in enumerate(marks, start=1):
        by_view: dict[View, list[Shape]] = {}
        for view, shape in zone_shapes(mark.area, mark.side):
            by_view.setdefault(view, []).append(shape)
        for view, shapes in by_view.items():
            dx = offsets[view]
            fill = SHADES[levels[mark.amount]] if mark.amount in levels else "none"
            dash = "" if mark.amount in levels else ' stroke-dasharray="3 2"'
            parts += [
                f'<polygon points="{_points(s, dx)}" fill="{fill}" stroke="#000000"{dash}/>'
                for s in shapes
            ]
            places = [shapes] if mark.area in _JOINED else [[s] for s in shapes]
            parts += [_badge(number, _centre(group), dx) for group in places]
    return parts


def _key(marks: Sequence[ZoneMark], levels: dict[int, int], noun: str) -> tuple[list[str], float]:
    parts: list[str] = []
    y = _KEY_TOP

    def line(text: str, *, indent: float = 0, bold: bool = False) -> None:
        nonlocal y
        for piece in textwrap.wrap(text, _KEY_WIDTH_CHARS - int(indent / 6)) or [""]:
            weight = ' font-weight="bold"' if bold else ""
            parts.append(
                f'<text x="{_KEY_X + indent:g}" y="{y:g}" font-size="12"{weight}>'
                f"{_text(piece)}</text>"
            )
            y += _LINE

    drawn = [(n, m) for n, m in enumerate(marks, start=1) if on_diagram(m.area, m.side)]
    words = [(n, m) for n, m in enumerate(marks, start=1) if not on_diagram(m.area, m.side)]
    if not marks:
        line("No zone to show.")
    for n, mark in drawn:
        first, *rest = mark.lines or (mark.area,)
        line(f"{n}. {first}", bold=True)
        for text in rest:
            line(text, indent=14)
        y += 4
    if words:
        line("Not on the diagram:", bold=True)
        for n, mark in words:
            first, *rest = mark.lines or (mark.area,)
            line(f"{n}. {first}", bold=True)
            for text in rest:
                line(text, indent=14)
            y += 4
    if levels:
        y += 6
        line(f"Shade: darker means more {noun}s", bold=True)
        for shade, text in _legend(levels, noun):
            parts.append(
                f'<rect x="{_KEY_X:g}" y="{y - 11:g}" width="18" height="13" '
                f'fill="{SHADES[shade]}" stroke="#000000"/>'
            )
            line(text, indent=24)
    return parts, y


def body_map_svg(marks: Sequence[ZoneMark], *, title: str, noun: str) -> str:
    """The front and back diagram with `marks` shaded and numbered, and its key in words.
    `noun` names what the amount counts ("session"), for the shading legend."""
    levels = shade_levels(m.amount for m in marks)
    key, key_bottom = _key(marks, levels, noun)
    height = int(key_bottom + 4)
    described = "; ".join(m.lines[0] if m.lines else m.area for m in marks) or "no zone"
    label = f"{title}: {described}"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_WIDTH}" height="{height}" '
        f'viewBox="0 0 {_WIDTH} {height}" role="img" aria-label="{_text(label)}" '
        f'font-family="sans-serif" class="body-map">',
        f"<title>{_text(label)}</title>",
        f'<rect x="0" y="0" width="{_WIDTH}" height="{height}" fill="#ffffff"/>',
    ]
    for view, dx, note in _VIEWS:
        parts += _figure(view, dx, note)
    parts += _marks(marks, levels)
    parts += key
    parts.append("</svg>")
    return "\n".join(parts)
