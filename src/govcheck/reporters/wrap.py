"""Line breaking for the terminal report: between Chinese characters and at spaces.

rich breaks lines only at spaces, so a Chinese message (which has none)
moves whole to the next line and is then cut wherever the width ends. Here
a line may break between two CJK characters or at a space, never inside a
Latin word, a number or a path; closing punctuation (a full-width comma or
full stop, a closing bracket or quote) never starts a line and opening
punctuation never ends one. Only a word wider than the whole line is cut,
as rich would cut it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from rich.cells import cell_len, chop_cells
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.text import Text

# ASCII marks that close a phrase; wide ones are found by their Unicode category.
_ASCII_CLOSING = frozenset(",.;:!?%)]}")


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def _closing(char: str) -> bool:
    """A mark no line starts with: a closing bracket or quote, or a wide comma, stop, colon…"""
    category = unicodedata.category(char)
    wide_mark = category == "Po" and _wide(char)
    return category in ("Pe", "Pf") or wide_mark or char in _ASCII_CLOSING


def _opening(text: str) -> bool:
    """An opening bracket or quote (no line ends with one)."""
    return len(text) == 1 and unicodedata.category(text) in ("Ps", "Pi")


def _units(line: str) -> Iterator[tuple[int, int]]:
    """Spans that are never broken: a word or a wide character, with its trailing spaces."""
    start, index = 0, 0
    while index < len(line):
        char = line[index]
        index += 1
        if not char.isspace() and not _wide(char):
            while index < len(line) and not line[index].isspace() and not _wide(line[index]):
                index += 1
        while index < len(line) and line[index].isspace():
            index += 1
        yield start, index
        start = index


def _glued(line: str) -> list[tuple[int, int]]:
    """The units, with closing punctuation kept on its line and opening on the next."""
    spans: list[tuple[int, int]] = []
    hold: int | None = None  # start of an opening mark waiting for what it opens
    for start, end in _units(line):
        first = line[start]
        if _closing(first) and spans and hold is None:
            spans[-1] = (spans[-1][0], end)
        elif _opening(line[start:end]):
            hold = start if hold is None else hold
        else:
            spans.append((hold if hold is not None else start, end))
            hold = None
    if hold is not None:
        spans.append((hold, len(line)))
    return spans


def break_offsets(line: str, width: int) -> list[int]:
    """Where to break ``line`` (no newlines) so that each piece fits ``width`` cells."""
    width = max(width, 1)
    breaks: list[int] = []
    used = 0
    for start, end in _glued(line):
        piece = line[start:end]
        size = cell_len(piece.rstrip())
        if used + size <= width:
            used += cell_len(piece)
            continue
        if start:
            breaks.append(start)
        if size <= width:
            used = cell_len(piece)
            continue
        # A word wider than a whole line: cut it into line-wide pieces.
        for chunk in chop_cells(piece, width)[:-1]:
            start += len(chunk)
            breaks.append(start)
        used = cell_len(line[start:end])
    return [b for b in breaks if 0 < b < len(line)]


def wrap(text: Text, width: int) -> list[Text]:
    """``text`` as lines of at most ``width`` cells, styles kept, trailing spaces dropped."""
    lines: list[Text] = []
    for paragraph in text.split("\n", allow_blank=True):
        for line in paragraph.divide(break_offsets(paragraph.plain, width)):
            line.rstrip()
            lines.append(line)
    return lines


class Wrapped:
    """A rich renderable: ``text`` wrapped to the console, every line indented by ``indent``."""

    def __init__(self, text: Text, indent: int = 0) -> None:
        self.text = text
        self.indent = indent

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        pad = Segment(" " * self.indent)
        for line in wrap(self.text, options.max_width - self.indent):
            if self.indent:
                yield pad
            # Text.render leaves the base style to its caller: carry it as a span.
            yield from Text().append_text(line).render(console, end="")
            yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        """At least the widest unbreakable unit, at most the longest line: for table columns."""
        lines = self.text.plain.split("\n")
        units = [cell_len(line[s:e].rstrip()) for line in lines for s, e in _glued(line)]
        widest = max(units, default=0) + self.indent
        longest = max((cell_len(line) for line in lines), default=0) + self.indent
        return Measurement(min(widest, options.max_width), min(longest, options.max_width))
