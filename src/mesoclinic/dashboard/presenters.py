"""Geometry of the utilisation bar chart, drawn on the server as SVG: one bar per row,
its value as text beside it (readable without colour), a line at 100 %."""

from dataclasses import dataclass
from typing import Any

BAR_HEIGHT, GAP, LABEL_WIDTH, PLOT_WIDTH = 22, 8, 130, 220


@dataclass(frozen=True)
class Bar:
    name: str
    y: int
    text_y: int
    width: int
    value: str


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    height: int
    label_width: int = LABEL_WIDTH
    plot_width: int = PLOT_WIDTH

    @property
    def full_x(self) -> int:
        return self.label_width + self.plot_width

    @property
    def value_x(self) -> int:
        return self.full_x + 6


def bar_chart(rows: list[dict[str, Any]]) -> BarChart:
    bars = []
    for index, row in enumerate(rows):
        share = row["percent"]
        y = index * (BAR_HEIGHT + GAP)
        bars.append(
            Bar(
                name=row["name"],
                y=y,
                text_y=y + BAR_HEIGHT - 6,
                # A week booked beyond its open hours draws a full bar; the text says how far.
                width=0 if share is None else round(PLOT_WIDTH * min(share, 100) / 100),
                value="closed" if share is None else f"{share} %",
            )
        )
    return BarChart(bars=bars, height=max(1, len(rows)) * (BAR_HEIGHT + GAP))
