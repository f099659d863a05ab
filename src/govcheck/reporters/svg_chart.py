"""Horizontal bar charts as inline SVG, for the corpus dashboard (``--output-dir``).

The dashboard must open offline, with no script: a chart library would
bring JavaScript or a network font, so the few charts it needs are drawn
here as plain ``<svg>`` markup. Every bar is one row: its label on the
left, one ``<rect>`` per series stacked left to right, a note on the right.
Colours come from the page's style sheet through ``gc-s-<series>``
classes, so the chart itself holds no colour. All text passes through
:func:`~govcheck.reporters.html_markup.esc`.

The geometry is fixed and exact (a bar's width is its share of
:data:`PLOT_WIDTH`, rounded to 0.01 px), so tests can pin it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from govcheck.reporters.html_markup import element, esc

LABEL_WIDTH = 240  # the labels' column, right-aligned against the bars
PLOT_WIDTH = 400  # the longest bar (or 100 %)
NOTE_WIDTH = 170  # the note after each bar
ROW = 22  # one bar's row
BAR = 16  # the bar's thickness inside its row
LEGEND = 24  # the legend's row above the bars
LABEL_CHARS = 22  # longer labels are cut, with the whole label as a tooltip


@dataclass(frozen=True, slots=True)
class Series:
    """One stacked part of every bar: a CSS class suffix and its legend label."""

    key: str
    label: str


@dataclass(frozen=True, slots=True)
class Bar:
    """One row: its label and one count per series."""

    label: str
    parts: tuple[int, ...]
    note: str = ""

    @property
    def total(self) -> int:
        """The bar's whole length, in counts."""
        return sum(self.parts)


def number(value: float) -> str:
    """``value`` with at most two decimals and no trailing zeros (``200``, ``133.33``)."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def widths(bar: Bar, scale: int) -> tuple[float, ...]:
    """Each part's width in px, when ``scale`` counts span :data:`PLOT_WIDTH`."""
    if scale <= 0:
        return tuple(0.0 for _ in bar.parts)
    return tuple(round(PLOT_WIDTH * part / scale, 2) for part in bar.parts)


def bar_chart(
    title: str, series: Sequence[Series], bars: Sequence[Bar], *, share: bool = False
) -> str:
    """The chart as one ``<svg>`` element; "" when there are no bars.

    With ``share``, every bar spans the whole plot (its parts are shares of
    its total); otherwise the longest bar does and the others are to scale.
    """
    if not bars:
        return ""
    top = LEGEND if len(series) > 1 else 0
    height = top + ROW * len(bars)
    width = LABEL_WIDTH + PLOT_WIDTH + NOTE_WIDTH
    longest = max(bar.total for bar in bars)
    rows = "".join(
        _row(bar, series, top + ROW * i, bar.total if share else longest)
        for i, bar in enumerate(bars)
    )
    body = element("title", esc(title)) + (_legend(series) if top else "") + rows
    return element(
        "svg",
        body,
        xmlns="http://www.w3.org/2000/svg",
        viewBox=f"0 0 {width} {height}",
        width=width,
        height=height,
        role="img",
        aria_label=title,
        class_="gc-chart",
    )


def _legend(series: Sequence[Series]) -> str:
    """One swatch and label per series, in a row above the bars."""
    step = (PLOT_WIDTH + NOTE_WIDTH) // max(len(series), 1)
    parts = []
    for i, item in enumerate(series):
        x = LABEL_WIDTH + i * step
        swatch = element("rect", x=x, y=4, width=12, height=12, class_=f"gc-s gc-s-{esc(item.key)}")
        label = element("text", esc(item.label), x=x + 16, y=15, class_="gc-legend-text")
        parts.append(swatch + label)
    return element("g", "".join(parts), class_="gc-chart-legend")


def _row(bar: Bar, series: Sequence[Series], y: int, scale: int) -> str:
    """A bar's label, its stacked parts (each with a tooltip) and its note."""
    middle = y + ROW // 2 + 4
    shown = bar.label if len(bar.label) <= LABEL_CHARS else bar.label[: LABEL_CHARS - 1] + "…"
    label = element(
        "text",
        element("title", esc(bar.label)) + esc(shown),
        x=LABEL_WIDTH - 6,
        y=middle,
        text_anchor="end",
        class_="gc-bar-label",
    )
    rects = []
    x = float(LABEL_WIDTH)
    for item, count, width in zip(series, bar.parts, widths(bar, scale), strict=True):
        if width > 0:
            tip = element("title", esc(f"{bar.label}: {item.label} {count}"))
            rects.append(
                element(
                    "rect",
                    tip,
                    x=number(x),
                    y=y + (ROW - BAR) // 2,
                    width=number(width),
                    height=BAR,
                    class_=f"gc-s gc-s-{esc(item.key)}",
                    data_count=count,
                )
            )
        x += width
    note = element("text", esc(bar.note), x=number(x + 6), y=middle, class_="gc-bar-note")
    return element("g", label + "".join(rects) + note, class_="gc-bar", data_label=bar.label)
