"""Progress charts as SVG text, drawn by hand.

Simple dated line charts are all progress needs, so they are drawn here rather than with a
plotting library (heavy to install and slow to import for a handful of lines). Each SVG is
self-contained: explicit size and viewBox, attributes only (no style sheet, no script), so
the same text goes into a page and into a PDF. Every point carries its value as text and
every series is summarised in `<title>` and `aria-label`, so a chart reads without colour,
in greyscale print and with a screen reader. All text is escaped.

Pure: no Django, no clock.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

from mesoclinic.domain.progress import CourseProgressData, format_number

WIDTH, HEIGHT = 560, 270
LEFT, RIGHT, TOP, BOTTOM = 56, 20, 36, 56  # margins around the plot area
PAD = 34  # inside the plot, so the first and last points' labels clear the axes
INK, GREY, SHADE, PAPER = "#1a1a1a", "#6b6b6b", "#e4e4e4", "#ffffff"
# 13 user units: a page never draws a chart narrower than 480 px (site.css), so its text
# stays at least 11 px high on a phone; the PDF prints it at its full width.
FONT_SIZE = 13
FONT = f'font-family="sans-serif" font-size="{FONT_SIZE}"'
DATE_GAP = 84  # a date label is about 75 units wide: nearer dates keep their tick only
# A value label sits on a paper-coloured patch, so a grid line or the band's dashed edge
# passing under it never strikes it through. A patch rather than a stroked halo
# (paint-order): WeasyPrint ignores paint-order and would paint the text out in white.
# The patch is sized from the text: a digit is at most 0.64 em wide in the usual sans fonts.
EM_WIDTH = 0.64
# Unbounded measures: the least span a value axis covers, so a change within measurement
# error draws nearly flat (see `_measured`). Weight has no clinic setting: 10 kg.
WEIGHT_SPAN_KG = 10.0

Value = int | Decimal
# Characters XML 1.0 cannot carry at all, even escaped: dropped from any text drawn.
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _escape(text: str) -> str:
    return escape(_NOT_XML.sub("", text))


def _attribute(text: str) -> str:
    return quoteattr(_NOT_XML.sub("", text))


@dataclass(frozen=True)
class Chart:
    key: str  # stable: "css_total:thighs:left", "weight"
    title: str
    svg: str
    rows: list[tuple[date, str]]  # the numbers under the chart, as drawn


@dataclass(frozen=True)
class Scale:
    low: float
    high: float
    step: float


def _fixed(low: int, high: int) -> Scale:
    return Scale(low, high, 1)


def _measured(values: Sequence[Value], min_span: float = 1.0) -> Scale:
    """An axis for an unbounded measure (circumference, weight), honest about size.

    A chart must never make a change look bigger than it is. An axis fitted tightly to the
    data (67.0–68.5 kg) draws a 0.5 kg drop as a steep fall, so the axis covers at least
    `min_span`, centred on the data, then widens to round steps. Callers pass ten times
    the clinic's measurement error for circumference (a change within that error moves a
    point under a tenth of the plot's height) and 10 kg for weight. Bounded scales (CSS
    total, NM grade, GAIS, satisfaction) do not come here: they use their whole scale.
    """
    low, high = float(min(values)), float(max(values))
    span = max(high - low, min_span, 1.0)
    middle = (low + high) / 2
    low, high = middle - span / 2, middle + span / 2
    if low < 0:  # no measure here is negative: keep the span, start at zero
        low, high = 0.0, high - low
    step = next(s for s in (0.5, 1, 2, 5, 10, 20, 50, 100) if span / s <= 6)
    low = max((low // step) * step, 0.0)
    high = -(-high // step) * step
    return Scale(low, high, step)


@dataclass(frozen=True)
class Plot:
    """Where a date and a value fall inside the plot area."""

    first: date
    last: date
    scale: Scale

    def x(self, day: date) -> float:
        span = max((self.last - self.first).days, 1)
        return LEFT + PAD + (WIDTH - LEFT - RIGHT - 2 * PAD) * (day - self.first).days / span

    def y(self, value: float) -> float:
        span = self.scale.high - self.scale.low
        share = (value - self.scale.low) / span
        return TOP + (HEIGHT - TOP - BOTTOM) * (1 - min(max(share, 0.0), 1.0))


def _text(x: float, y: float, text: str, anchor: str = "middle", fill: str = INK) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="{fill}" {FONT}>'
        f"{_escape(text)}</text>"
    )


def _value_label(x: float, y: float, text: str) -> list[str]:
    """A point's value, centred at x with its baseline at y, on its paper patch."""
    width = len(text) * EM_WIDTH * FONT_SIZE + 4
    return [
        f'<rect x="{x - width / 2:.1f}" y="{y - FONT_SIZE:.1f}" width="{width:.1f}" '
        f'height="{FONT_SIZE + 3}" fill="{PAPER}"/>',
        _text(x, y, text),
    ]


def _line(x1: float, y1: float, x2: float, y2: float, stroke: str = GREY, dash: str = "") -> str:
    extra = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
        f'stroke="{stroke}" stroke-width="1"{extra}/>'
    )


def _y_axis(plot: Plot) -> list[str]:
    parts = [_line(LEFT, TOP, LEFT, HEIGHT - BOTTOM, INK)]
    value = plot.scale.low
    while value <= plot.scale.high + 1e-9:
        y = plot.y(value)
        parts += [
            _line(LEFT - 4, y, WIDTH - RIGHT, y, SHADE),
            _text(LEFT - 6, y + 4, f"{value:.1f}" if plot.scale.step < 1 else f"{value:g}", "end"),
        ]
        value += plot.scale.step
    return parts


def _x_axis(plot: Plot, point_days: Sequence[date], sessions: Sequence[date]) -> list[str]:
    base = HEIGHT - BOTTOM
    parts = [_line(LEFT, base, WIDTH - RIGHT, base, INK)]
    # Each session a short tick above the axis; each measured day a labelled tick below.
    parts += [_line(plot.x(day), base - 6, plot.x(day), base, INK) for day in sessions]
    labelled_until = 0.0
    for day in sorted(set(point_days)):
        x = plot.x(day)
        parts.append(_line(x, base, x, base + 4, INK))
        # A date too close to the last one labelled keeps its tick only: the table has it.
        if x - labelled_until >= DATE_GAP:
            parts.append(_text(x, base + 18, day.isoformat()))
            labelled_until = x
    if sessions:
        parts.append(_text(LEFT, HEIGHT - 8, "Short ticks above the axis: sessions", "start", GREY))
    return parts


def _window(plot: Plot, window: tuple[date, date] | None, days: tuple[int, int]) -> list[str]:
    if window is None:
        return []
    x1, x2 = plot.x(window[0]), plot.x(window[1])
    height = HEIGHT - TOP - BOTTOM
    label = f"Shaded band: change, if any, often shows {days[0]}–{days[1]} days after session 1"
    return [
        f'<rect x="{x1:.1f}" y="{TOP}" width="{max(x2 - x1, 1):.1f}" height="{height}" '
        f'fill="{SHADE}" stroke="{GREY}" stroke-dasharray="3 2"/>',
        _text(LEFT, TOP - 8, label, "start", GREY),
    ]


def line_chart(
    *,
    title: str,
    unit: str,
    points: Sequence[tuple[date, Value]],
    scale: Scale | None = None,
    sessions: Sequence[date] = (),
    window: tuple[date, date] | None = None,
    window_days: tuple[int, int] = (0, 0),
) -> str:
    """One measure over time: `points` are (day, value) in any order."""
    points = sorted(points)
    days = [d for d, _ in points] + list(sessions) + (list(window) if window else [])
    if not days:
        return _empty(title)
    plot = Plot(min(days), max(days), scale or _measured([v for _, v in points] or [0]))
    suffix = f" {unit}" if unit else ""
    summary = f"{title}: " + (
        ", ".join(f"{format_number(v)}{suffix} on {d.isoformat()}" for d, v in points)
        or "not measured"
    )
    parts = [
        *_window(plot, window, window_days),
        *_y_axis(plot),
        *_x_axis(plot, [d for d, _ in points], sessions),
    ]
    coords = [(plot.x(d), plot.y(float(v))) for d, v in points]
    if len(coords) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{INK}" stroke-width="1.5"/>')
    # Labels after the line, points last: a label's patch never hides a point.
    for (x, y), (_, value) in zip(coords, points, strict=True):
        parts += _value_label(x, y - 9, f"{format_number(value)}{suffix}")
    parts += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{INK}"/>' for x, y in coords]
    if not points:
        parts.append(_text(WIDTH / 2, HEIGHT / 2, "Not measured"))
    return _svg(summary, parts)


def _empty(title: str) -> str:
    return _svg(f"{title}: not measured", [_text(WIDTH / 2, HEIGHT / 2, "Not measured")])


def _svg(summary: str, parts: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label={_attribute(summary)}>'
        f"<title>{_escape(summary)}</title>"
        f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>'
        + "".join(parts)
        + "</svg>"
    )


# -- the course's charts ----------------------------------------------------------------------

NM_SCALE = _fixed(0, 3)
CSS_SCALE = Scale(0, 15, 3)
GAIS_SCALE = _fixed(1, 5)
SATISFACTION_SCALE = _fixed(1, 5)
GAIS_WORDS = "1 very much improved, 4 no change, 5 worse"
SATISFACTION_WORDS = "1 very dissatisfied, 5 very satisfied"


def _chart(
    progress: CourseProgressData,
    key: str,
    title: str,
    unit: str,
    points: list[tuple[date, Value]],
    scale: Scale | None,
) -> Chart:
    if scale is None:
        scale = _measured([v for _, v in points], _least_span(progress, key))
    svg = line_chart(
        title=title,
        unit=unit,
        points=points,
        scale=scale,
        sessions=progress.session_dates,
        window=progress.window,
        window_days=progress.window_days,
    )
    suffix = f" {unit}" if unit else ""
    rows = [(day, f"{format_number(value)}{suffix}") for day, value in sorted(points)]
    return Chart(key, title, svg, rows)


def _least_span(progress: CourseProgressData, key: str) -> float:
    """Ten times the clinic's circumference measurement error (in cm: error_mm / 10 * 10),
    so a change within that error spans under a tenth of the plot; weight 10 kg."""
    if key.startswith("circumference"):
        return float(progress.rules.circumference_error_mm)
    return WEIGHT_SPAN_KG


def progress_charts(progress: CourseProgressData) -> list[Chart]:
    """Per area and side: CSS total, circumference, NM grade, the clinician's GAIS; per
    assessment: weight, the patient's satisfaction and GAIS. A measure never taken in the
    course gets no chart."""
    charts: list[Chart] = []
    for key in progress.area_keys:
        label = progress.label(key)
        slug = ":".join(key).rstrip(":")
        readings = [(v.on, v.reading(key)) for v in progress.visits]
        measures: list[tuple[str, str, str, Scale | None, list[tuple[date, Value]]]] = [
            ("css_total", "CSS total (0–15)", "", CSS_SCALE,
             [(d, r.css_total) for d, r in readings if r and r.css_total is not None]),
            ("circumference", "Circumference", "cm", None,
             [(d, r.circumference_cm) for d, r in readings
              if r and r.circumference_cm is not None]),
            ("nm_grade", "NM grade (0–3)", "", NM_SCALE,
             [(d, r.nm_grade) for d, r in readings if r]),
            ("clinician_gais", f"Clinician's GAIS ({GAIS_WORDS})", "", GAIS_SCALE,
             [(d, r.gais) for d, r in readings if r and r.gais is not None]),
        ]  # fmt: skip
        for measure, name, unit, scale, points in measures:
            if points:
                charts.append(
                    _chart(progress, f"{measure}:{slug}", f"{name}, {label}", unit, points, scale)
                )
    visits: list[tuple[str, str, str, Scale | None, list[tuple[date, Value]]]] = [
        ("weight", "Weight", "kg", None,
         [(v.on, v.weight_kg) for v in progress.visits if v.weight_kg is not None]),
        ("satisfaction", f"Patient's satisfaction ({SATISFACTION_WORDS})", "", SATISFACTION_SCALE,
         [(v.on, v.satisfaction) for v in progress.visits if v.satisfaction is not None]),
        ("patient_gais", f"Patient's GAIS ({GAIS_WORDS})", "", GAIS_SCALE,
         [(v.on, v.patient_gais) for v in progress.visits if v.patient_gais is not None]),
    ]  # fmt: skip
    for measure, name, unit, scale, points in visits:
        if points:
            charts.append(_chart(progress, measure, name, unit, points, scale))
    return charts
