"""Page geometry → tables and lines (load/pdfgrid.py), on hand-placed glyphs and rules.

No PDF is involved: the reader's layout rules are checked on their own, with
pdfplumber's behaviour (the reader before PDFium) as the reference.
"""

from __future__ import annotations

from govcheck.load.pdfgrid import (
    Char,
    Edge,
    cell_texts,
    closing_edges,
    dedupe,
    find_tables,
    merge_edges,
    outside,
    text_lines,
)


def h(x0: float, x1: float, y: float) -> Edge:
    return Edge("h", x0, x1, y, y)


def v(x: float, top: float, bottom: float) -> Edge:
    return Edge("v", x, x, top, bottom)


def glyphs(text: str, x: float, top: float, width: float = 10.0) -> list[Char]:
    """One glyph per character, side by side, 10 pt high."""
    return [
        Char(ch, x + i * width, x + (i + 1) * width, top, top + 10) for i, ch in enumerate(text)
    ]


# A 3 x 2 grid whose top-left cell spans two rows (no rule between them on the left).
GRID = [
    h(0, 200, 0),
    h(100, 200, 20),
    h(0, 200, 40),
    h(0, 200, 60),
    v(0, 0, 60),
    v(100, 0, 60),
    v(200, 0, 60),
]


def test_rules_within_the_tolerance_snap_and_join() -> None:
    merged = merge_edges([h(0, 50, 10), h(52, 100, 11.5), v(0, 0, 2)])
    # 10 and 11.5 snap to their mean; the 2 pt gap is within the tolerance; 2 pt is too short.
    assert merged == [h(0, 100, 10.75)]


def test_a_merged_cell_leaves_an_empty_slot_in_the_rows_below() -> None:
    (table,) = find_tables(GRID)
    assert table.bbox == (0, 0, 200, 60)
    assert table.rows == (
        ((0, 0, 100, 40), (100, 0, 200, 20)),
        (None, (100, 20, 200, 40)),
        ((0, 40, 100, 60), (100, 40, 200, 60)),
    )


def test_a_lone_box_is_no_table() -> None:
    assert find_tables([h(0, 100, 0), h(0, 100, 20), v(0, 0, 20), v(100, 0, 20)]) == []


def test_vertical_rules_ending_together_are_closed() -> None:
    """A table cut by a page break: no bottom rule, but the verticals end at 40."""
    edges = [h(0, 200, 0), h(0, 200, 20), v(0, 0, 40), v(100, 0, 40), v(200, 0, 40.5)]
    closing = closing_edges(edges, 2)
    assert closing == [h(0, 200, 0), h(0, 200, 40.166666666666664)]
    (table,) = find_tables(edges + closing)
    assert len(table.rows) == 2


def test_words_are_split_at_gaps_and_spaces_and_lines_by_height() -> None:
    chars = glyphs("ab", 0, 0) + glyphs("cd", 25, 1) + glyphs("e f", 60, 0) + glyphs("g", 0, 30)
    lines = text_lines(chars)
    assert [(line.text, line.x0, line.top) for line in lines] == [
        ("ab cd e f", 0, 0),
        ("g", 0, 30),
    ]


def test_a_glyph_belongs_to_the_cell_its_centre_is_in() -> None:
    (table,) = find_tables(GRID)
    chars = glyphs("AB", 10, 5) + glyphs("C", 110, 25) + glyphs("D", 195, 45)  # D: centre 200
    boxes = [box for row in table.rows for box in row if box is not None]
    assert cell_texts(chars, boxes) == ["AB", "", "C", "", ""]
    # D's centre lies on the table's right rule: in no cell for its text, not prose either.
    assert outside(chars + glyphs("after", 0, 80), [table]) == glyphs("after", 0, 80)


def test_a_glyph_drawn_twice_in_place_is_kept_once() -> None:
    twice = glyphs("x", 0, 0) + glyphs("x", 0.5, 0.5) + glyphs("x", 3, 0)
    assert dedupe(twice) == [twice[0], twice[2]]
