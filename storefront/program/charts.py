"""Bar charts drawn on the server: geometry computed here, the SVG written by templates/program/_chart.html.

Readable without JavaScript; each bar carries its label and value as text and a <title>, and the same
numbers are in the table beside the chart.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

WIDTH = 640
LABEL_WIDTH = 220
VALUE_WIDTH = 110
ROW_HEIGHT = 26
COLUMN_CHART_HEIGHT = 220
MAX_LABEL = 30


@dataclass(frozen=True)
class Bar:
    label: str
    value_text: str
    x: float
    y: float
    width: float
    height: float
    #: Where the label and the value text go.
    label_x: float
    label_y: float
    value_x: float
    value_y: float
    #: Column charts with many bars label every few only, so labels never overlap.
    show_label: bool = True


@dataclass(frozen=True)
class Chart:
    kind: str  # "rows" (horizontal bars) or "columns" (vertical bars, for months and days)
    width: int
    height: int
    bars: list[Bar]
    baseline_y: float = 0


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…"


def row_chart(data: Sequence[tuple[str, int]], fmt: Callable[[int], str]) -> Chart:
    """One horizontal bar per (label, value), longest for the largest value."""
    top = max((v for _, v in data), default=0) or 1
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    bars = []
    for i, (label, value) in enumerate(data):
        y = i * ROW_HEIGHT + 4
        width = max(value, 0) / top * span
        bars.append(
            Bar(
                label=_short(label),
                value_text=fmt(value),
                x=LABEL_WIDTH,
                y=y,
                width=round(width, 1),
                height=ROW_HEIGHT - 8,
                label_x=LABEL_WIDTH - 6,
                label_y=y + ROW_HEIGHT / 2,
                value_x=round(LABEL_WIDTH + width + 6, 1),
                value_y=y + ROW_HEIGHT / 2,
            )
        )
    return Chart("rows", WIDTH, max(len(data), 1) * ROW_HEIGHT + 8, bars)


def column_chart(data: Sequence[tuple[str, int]], fmt: Callable[[int], str]) -> Chart:
    """One vertical bar per (label, value), left to right in the order given (months, days)."""
    top = max((v for _, v in data), default=0) or 1
    plot_top, plot_bottom = 24, COLUMN_CHART_HEIGHT - 28
    slot = WIDTH / max(len(data), 1)
    every = -(-len(data) // 12) or 1
    bars = []
    for i, (label, value) in enumerate(data):
        height = max(value, 0) / top * (plot_bottom - plot_top)
        x = i * slot + slot * 0.15
        bars.append(
            Bar(
                label=label,
                value_text=fmt(value),
                x=round(x, 1),
                y=round(plot_bottom - height, 1),
                width=round(slot * 0.7, 1),
                height=round(height, 1),
                label_x=round(i * slot + slot / 2, 1),
                label_y=plot_bottom + 16,
                value_x=round(i * slot + slot / 2, 1),
                value_y=round(plot_bottom - height - 6, 1),
                show_label=i % every == 0,
            )
        )
    return Chart("columns", WIDTH, COLUMN_CHART_HEIGHT, bars, baseline_y=plot_bottom)


def compact_vnd(amount: int, lang: str) -> str:
    """Short amounts for a chart's bar: `1,2 tr` / `1.2M`; the table beside has the exact figure."""
    millions = amount / 1_000_000
    if lang == "vi":
        if abs(millions) >= 1000:
            return f"{millions / 1000:.1f} tỷ".replace(".", ",")
        if abs(millions) >= 1:
            return f"{millions:.1f} tr".replace(".", ",")
        return f"{amount // 1000} k"
    if abs(millions) >= 1000:
        return f"{millions / 1000:.1f}B"
    if abs(millions) >= 1:
        return f"{millions:.1f}M"
    return f"{amount // 1000}k"
