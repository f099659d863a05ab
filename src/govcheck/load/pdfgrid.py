"""Page geometry → ruled tables and text lines: the layout half of the PDF reader.

Pure geometry on plain tuples, with no PDF library: :mod:`govcheck.load.pdf`
reads glyph boxes and drawn rules with pdfium and hands them here. The
algorithms are those of pdfplumber (the reader before pdfium), kept so that
every corpus report reads exactly as it did:

- **Tables** (pdfplumber's "lines" strategy): rules become horizontal and
  vertical edges; edges within 3 pt of one another snap to their mean
  position and touching edges join; every crossing is a corner; a cell is the
  smallest rectangle of corners joined by edges on all four sides; cells that
  share a corner form one table.
- **Text**: glyphs cluster into lines by their top (3 pt, chained), a gap
  over 3 pt or a space starts a new word, and words are joined by one space.

Coordinates are points from the page's top-left corner (``top`` grows down).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple, TypeVar

# pdfplumber's default tolerances (pt): snapping, joining, crossings, words and lines.
TOLERANCE = 3.0
# An edge shorter than this (pt) after joining is no rule.
_MIN_EDGE = 3.0

T = TypeVar("T")


class Char(NamedTuple):
    """One glyph: its text and its box."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float


class Edge(NamedTuple):
    """A horizontal (``"h"``, ``top == bottom``) or vertical (``"v"``, ``x0 == x1``) rule."""

    orientation: str
    x0: float
    x1: float
    top: float
    bottom: float


Box = tuple[float, float, float, float]  # x0, top, x1, bottom


@dataclass(frozen=True, slots=True)
class Line:
    """A line of text: its words joined by single spaces, and where it starts."""

    text: str
    x0: float
    top: float


@dataclass(frozen=True, slots=True)
class Table:
    """A ruled table: its cells, and its rows as grid slots (None: a slot a merged cell spans)."""

    cells: tuple[Box, ...]
    rows: tuple[tuple[Box | None, ...], ...]
    bbox: Box


def _bbox(cells: Sequence[Box]) -> Box:
    return (
        min(c[0] for c in cells),
        min(c[1] for c in cells),
        max(c[2] for c in cells),
        max(c[3] for c in cells),
    )


# --- clustering ----------------------------------------------------------------------------


def cluster(items: Iterable[T], key: Callable[[T], float], tolerance: float) -> list[list[T]]:
    """Items grouped by ``key``: sorted distinct values closer than ``tolerance`` chain together."""
    items = list(items)
    index: dict[float, int] = {}
    group = -1
    last: float | None = None
    for value in sorted({key(i) for i in items}):
        if last is None or value > last + tolerance:
            group += 1
        index[value] = group
        last = value
    groups: list[list[T]] = [[] for _ in range(group + 1)]
    for item in items:
        groups[index[key(item)]].append(item)
    return groups


# --- edges ---------------------------------------------------------------------------------


def segment_edge(ax: float, ay: float, bx: float, by: float) -> Edge | None:
    """The edge of a straight segment between two points, if it is horizontal or vertical."""
    if ax == bx:
        return Edge("v", ax, ax, min(ay, by), max(ay, by))
    if ay == by:
        return Edge("h", min(ax, bx), max(ax, bx), ay, ay)
    return None


def rect_edges(box: Box) -> list[Edge]:
    """The four sides of a rectangle."""
    x0, top, x1, bottom = box
    return [
        Edge("h", x0, x1, top, top),
        Edge("h", x0, x1, bottom, bottom),
        Edge("v", x0, x0, top, bottom),
        Edge("v", x1, x1, top, bottom),
    ]


def closing_edges(edges: Sequence[Edge], min_grid: int) -> list[Edge]:
    """Horizontal edges joining the ends of vertical rules that end at the same height.

    Where a table breaks across pages the word processor draws no closing
    rule; without one the page's last (or first) row would be lost. Inside a
    normal table such an edge lies on an existing rule and changes nothing.
    """
    verticals = [e for e in edges if e.orientation == "v"]
    closing: list[Edge] = []
    ends: tuple[Callable[[Edge], float], ...] = (lambda e: e.top, lambda e: e.bottom)
    for end in ends:
        for group in _runs(sorted(verticals, key=end), end):
            if len(group) >= min_grid:
                y = sum(end(e) for e in group) / len(group)
                x0 = min(e.x0 for e in group)
                x1 = max(e.x1 for e in group)
                closing.append(Edge("h", x0, x1, y, y))
    return closing


def _runs(edges: Sequence[Edge], key: Callable[[Edge], float]) -> Iterator[list[Edge]]:
    """Sorted edges grouped where neighbours are at most the tolerance apart."""
    group: list[Edge] = []
    for edge in edges:
        if group and key(edge) - key(group[-1]) > TOLERANCE:
            yield group
            group = []
        group.append(edge)
    if group:
        yield group


def merge_edges(edges: Sequence[Edge]) -> list[Edge]:
    """Snap edges to their cluster's mean position, join touching ones, drop short ones."""
    snapped: list[Edge] = []
    for orientation in ("v", "h"):
        same = [e for e in edges if e.orientation == orientation and _length(e) >= 1]
        position: Callable[[Edge], float] = (
            (lambda e: e.x0) if orientation == "v" else (lambda e: e.top)
        )
        for group in cluster(same, position, TOLERANCE):
            mean = sum(position(e) for e in group) / len(group)
            snapped.extend(_moved(e, mean) for e in group)
    joined: list[Edge] = []
    lines: dict[tuple[str, float], list[Edge]] = defaultdict(list)
    for edge in snapped:
        lines[(edge.orientation, edge.x0 if edge.orientation == "v" else edge.top)].append(edge)
    for key in sorted(lines):
        joined.extend(_joined(lines[key]))
    return [e for e in joined if _length(e) >= _MIN_EDGE]


def _length(edge: Edge) -> float:
    return edge.bottom - edge.top if edge.orientation == "v" else edge.x1 - edge.x0


def _moved(edge: Edge, at: float) -> Edge:
    if edge.orientation == "v":
        return edge._replace(x0=at, x1=at)
    return edge._replace(top=at, bottom=at)


def _joined(edges: list[Edge]) -> list[Edge]:
    """Edges on one line, overlapping or within the tolerance, as one edge each."""
    vertical = edges[0].orientation == "v"
    start: Callable[[Edge], float] = (lambda e: e.top) if vertical else (lambda e: e.x0)
    end: Callable[[Edge], float] = (lambda e: e.bottom) if vertical else (lambda e: e.x1)
    out: list[Edge] = []
    for edge in sorted(edges, key=start):
        if out and start(edge) <= end(out[-1]) + TOLERANCE:
            if end(edge) > end(out[-1]):
                last = out[-1]
                grown = last._replace(bottom=edge.bottom) if vertical else last._replace(x1=edge.x1)
                out[-1] = grown
        else:
            out.append(edge)
    return out


# --- tables --------------------------------------------------------------------------------


def find_tables(edges: Sequence[Edge]) -> list[Table]:
    """The tables the rules draw, top to bottom (pdfplumber's order)."""
    merged = merge_edges(edges)
    corners = _intersections(merged)
    cells = _cells(corners)
    return [_table(group) for group in _groups(cells) if len(group) > 1]


Point = tuple[float, float]


def _intersections(edges: Sequence[Edge]) -> dict[Point, tuple[set[Edge], set[Edge]]]:
    """Every crossing of a vertical and a horizontal edge, with the edges through it."""
    tol = TOLERANCE
    verticals = sorted((e for e in edges if e.orientation == "v"), key=lambda e: (e.x0, e.top))
    horizontals = sorted((e for e in edges if e.orientation == "h"), key=lambda e: (e.top, e.x0))
    found: dict[Point, tuple[set[Edge], set[Edge]]] = {}
    for v in verticals:
        for h in horizontals:
            crosses = v.top <= h.top + tol and v.bottom >= h.top - tol
            if crosses and h.x0 - tol <= v.x0 <= h.x1 + tol:
                through = found.setdefault((v.x0, h.top), (set(), set()))
                through[0].add(v)
                through[1].add(h)
    return found


def _cells(corners: dict[Point, tuple[set[Edge], set[Edge]]]) -> list[Box]:
    """The smallest cell whose top-left corner is each crossing, if any."""
    points = sorted(corners)
    below: dict[float, list[Point]] = defaultdict(list)
    right: dict[float, list[Point]] = defaultdict(list)
    for point in points:
        below[point[0]].append(point)
        right[point[1]].append(point)

    def joined(a: Point, b: Point) -> bool:
        if a[0] == b[0] and corners[a][0] & corners[b][0]:
            return True
        return a[1] == b[1] and bool(corners[a][1] & corners[b][1])

    cells: list[Box] = []
    for point in points:
        cell = _smallest(point, below[point[0]], right[point[1]], corners, joined)
        if cell:
            cells.append(cell)
    return cells


def _smallest(
    point: Point,
    column: list[Point],
    row: list[Point],
    corners: dict[Point, tuple[set[Edge], set[Edge]]],
    joined: Callable[[Point, Point], bool],
) -> Box | None:
    for under in (p for p in column if p > point):
        if not joined(point, under):
            continue
        for beside in (p for p in row if p > point):
            if not joined(point, beside):
                continue
            corner = (beside[0], under[1])
            if corner in corners and joined(corner, beside) and joined(corner, under):
                return (point[0], point[1], corner[0], corner[1])
    return None


def _groups(cells: list[Box]) -> list[list[Box]]:
    """Cells sharing corners, transitively, as tables ordered by their top-left cell."""
    remaining = list(cells)
    tables: list[list[Box]] = []
    while remaining:
        current = [remaining.pop(0)]
        seen = set(_corners(current[0]))
        grew = True
        while grew:
            grew = False
            for cell in list(remaining):
                if any(c in seen for c in _corners(cell)):
                    seen.update(_corners(cell))
                    current.append(cell)
                    remaining.remove(cell)
                    grew = True
        tables.append(current)
    return sorted(tables, key=lambda t: min((c[1], c[0]) for c in t))


def _corners(box: Box) -> tuple[Point, ...]:
    x0, top, x1, bottom = box
    return ((x0, top), (x0, bottom), (x1, top), (x1, bottom))


def _table(cells: list[Box]) -> Table:
    """Cells as rows of grid slots: one slot per distinct left edge, None where none starts."""
    xs = sorted({c[0] for c in cells})
    rows: list[tuple[Box | None, ...]] = []
    for group in cluster(cells, lambda c: c[1], 0):
        starts = {c[0]: c for c in group}
        rows.append(tuple(starts.get(x) for x in xs))
    return Table(tuple(cells), tuple(rows), _bbox(cells))


# --- text ----------------------------------------------------------------------------------


def text_lines(chars: Iterable[Char]) -> list[Line]:
    """Glyphs as lines of words, top to bottom (see the module docstring)."""
    words: list[tuple[float, float, str]] = []  # top, x0, text
    for line in cluster(chars, lambda c: c.top, TOLERANCE):
        words.extend(_words(sorted(line, key=lambda c: c.x0)))
    lines = []
    for group in cluster(words, lambda w: w[0], TOLERANCE):
        group.sort(key=lambda w: w[1])
        text = " ".join(w[2] for w in group)
        lines.append(Line(text, group[0][1], min(w[0] for w in group)))
    return lines


def _words(line: Sequence[Char]) -> Iterator[tuple[float, float, str]]:
    """A line's glyphs (left to right) as words: split at spaces and gaps over the tolerance."""
    word: list[Char] = []
    for char in line:
        if char.text.isspace():
            if word:
                yield _word(word)
            word = []
            continue
        if word and _new_word(word[-1], char):
            yield _word(word)
            word = []
        word.append(char)
    if word:
        yield _word(word)


def _new_word(prev: Char, char: Char) -> bool:
    return char.x0 > prev.x1 + TOLERANCE or char.x0 < prev.x0 or char.top > prev.top + TOLERANCE


def _word(chars: list[Char]) -> tuple[float, float, str]:
    return min(c.top for c in chars), chars[0].x0, "".join(c.text for c in chars)


def cell_texts(chars: Sequence[Char], boxes: Sequence[Box]) -> list[str]:
    """The text of each cell: its glyphs (centre in the cell, right and bottom edges out)
    as lines of words, one line per visual line.

    Glyphs are looked up by their centre's height (bisection), not tested
    against every cell: a table of 200 cells on a page of 1,000 glyphs.
    """
    order = sorted(range(len(chars)), key=lambda i: chars[i].top + chars[i].bottom)
    heights = [(chars[i].top + chars[i].bottom) / 2 for i in order]
    texts = []
    for x0, top, x1, bottom in boxes:
        picked = sorted(
            i
            for i in order[bisect_left(heights, top) : bisect_left(heights, bottom)]
            if x0 <= (chars[i].x0 + chars[i].x1) / 2 < x1
        )
        texts.append("\n".join(line.text for line in text_lines(chars[i] for i in picked)))
    return texts


def outside(chars: Sequence[Char], tables: Sequence[Table]) -> list[Char]:
    """The glyphs whose centre is in no cell (edges included) of the tables, in order."""
    kept = []
    for char in chars:
        x = (char.x0 + char.x1) / 2
        y = (char.top + char.bottom) / 2
        if not any(_within(x, y, t.bbox) and _in_cell(x, y, t) for t in tables):
            kept.append(char)
    return kept


def _within(x: float, y: float, box: Box) -> bool:
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _in_cell(x: float, y: float, table: Table) -> bool:
    return any(_within(x, y, cell) for cell in table.cells)


def dedupe(chars: Iterable[Char]) -> list[Char]:
    """Glyphs without the copies drawn over themselves (fake bold): within 1 pt, same text."""
    kept: list[Char] = []
    seen: dict[tuple[str, int, int], list[Char]] = defaultdict(list)
    for char in chars:
        gx, gy = int(char.x0), int(char.top)
        near = (
            other
            for dx in (-1, 0, 1)
            for dy in (-1, 0, 1)
            for other in seen.get((char.text, gx + dx, gy + dy), ())
        )
        if any(abs(o.x0 - char.x0) <= 1 and abs(o.top - char.top) <= 1 for o in near):
            continue
        seen[(char.text, gx, gy)].append(char)
        kept.append(char)
    return kept
