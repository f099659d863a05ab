"""The dashboard's inline SVG bar charts: exact bars for given counts."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from govcheck.reporters.svg_chart import (
    BAR,
    LABEL_CHARS,
    LABEL_WIDTH,
    LEGEND,
    NOTE_WIDTH,
    PLOT_WIDTH,
    ROW,
    Bar,
    Series,
    bar_chart,
    number,
    widths,
)

SVG = "{http://www.w3.org/2000/svg}"
COUNT = [Series("count", "reports")]
STACK = [Series("pass", "pass"), Series("fail", "fail"), Series("not_assessable", "n/a")]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def rects(svg: str) -> list[dict[str, str]]:
    """The bars' rectangles (legend swatches left out), in document order."""
    root = parse(svg)
    return [
        dict(r.attrib)
        for group in root.iter(f"{SVG}g")
        if group.get("class") == "gc-bar"
        for r in group.iter(f"{SVG}rect")
    ]


def test_longest_bar_spans_the_plot_and_the_others_are_to_scale() -> None:
    bars = [Bar("GC301", (10,), "10"), Bar("GC302", (5,), "5"), Bar("GC303", (0,), "0")]
    svg = bar_chart("findings", COUNT, bars)
    found = rects(svg)
    # A zero bar draws no rectangle at all.
    assert [(r["x"], r["width"], r["data-count"]) for r in found] == [
        (str(LABEL_WIDTH), "400", "10"),
        (str(LABEL_WIDTH), "200", "5"),
    ]
    assert PLOT_WIDTH == 400
    assert [r["y"] for r in found] == [str((ROW - BAR) // 2), str(ROW + (ROW - BAR) // 2)]
    root = parse(svg)
    width = LABEL_WIDTH + PLOT_WIDTH + NOTE_WIDTH
    assert root.get("viewBox") == f"0 0 {width} {3 * ROW}"
    assert root.get("height") == str(3 * ROW)
    assert root.get("role") == "img" and root.get("aria-label") == "findings"
    notes = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "gc-bar-note"]
    assert notes == ["10", "5", "0"]
    # Each note starts 6 px after its bar's end.
    note_x = [t.get("x") for t in root.iter(f"{SVG}text") if t.get("class") == "gc-bar-note"]
    assert note_x == [str(LABEL_WIDTH + 406), str(LABEL_WIDTH + 206), str(LABEL_WIDTH + 6)]


def test_stacked_share_bars_each_span_the_plot() -> None:
    bars = [Bar("GC101", (3, 1, 0), "75%"), Bar("GC202", (1, 1, 1), "33%")]
    found = rects(bar_chart("share", STACK, bars, share=True))
    assert [(r["class"], r["x"], r["width"]) for r in found] == [
        ("gc-s gc-s-pass", "240", "300"),
        ("gc-s gc-s-fail", "540", "100"),
        ("gc-s gc-s-pass", "240", "133.33"),
        ("gc-s gc-s-fail", "373.33", "133.33"),
        ("gc-s gc-s-not_assessable", "506.66", "133.33"),
    ]
    # With more than one series, a legend row sits above the bars.
    assert [r["y"] for r in found][:1] == [str(LEGEND + (ROW - BAR) // 2)]


def test_stacked_counts_scale_to_the_longest_total() -> None:
    bars = [Bar("2022", (1, 3, 0), "4"), Bar("2023", (2, 0, 0), "2")]
    assert widths(bars[0], 4) == (100.0, 300.0, 0.0)
    assert widths(bars[1], 4) == (200.0, 0.0, 0.0)
    assert widths(bars[1], 0) == (0.0, 0.0, 0.0)
    found = rects(bar_chart("by year", STACK, bars))
    assert [(r["x"], r["width"]) for r in found] == [
        ("240", "100"),
        ("340", "300"),
        ("240", "200"),
    ]


def test_no_bars_no_chart_and_numbers_are_short() -> None:
    assert bar_chart("empty", COUNT, []) == ""
    assert [number(v) for v in (200.0, 133.333, 0.5, 0.0)] == ["200", "133.33", "0.5", "0"]


def test_labels_are_escaped_and_long_ones_cut_with_a_tooltip() -> None:
    hostile = '<script>alert(1)</script>"&\u202e\x1b' + "长" * 40
    svg = bar_chart('a "title" <b>', COUNT, [Bar(hostile, (1,), "<i>")])
    assert "<script>" not in svg and "<i>" not in svg and "\x1b" not in svg and "\u202e" not in svg
    root = parse(svg)  # well-formed XML despite the label
    label = next(t for t in root.iter(f"{SVG}text") if t.get("class") == "gc-bar-label")
    shown = "".join(label.itertext())
    tooltip = label.find(f"{SVG}title")
    assert tooltip is not None and tooltip.text is not None
    assert shown.endswith("…") and tooltip.text.startswith("<script>")
    assert len(shown) - len(tooltip.text) == LABEL_CHARS
    assert re.search(r"\\x1b", tooltip.text) and re.search(r"\\u202e", tooltip.text)
