"""Rows of cells: every text form of a table turned into cell tokens with positions.

The table mapper (:mod:`govcheck.parse.tables`) reads a sequence of cell
tokens, each at (line, column). HTML, Word and markdown loaders already hand
over one unit per cell; plain text arrives one unit per line, and a line may
be a whole table row:

- Word's copy of a table: cells separated by tabs, the continuation cells of
  a vertical merge as empty cells (so rows under a merged group label start
  with empty leading cells);
- PDF layout text (``pdftotext -layout``): cells separated by runs of two or
  more spaces, empty cells gone without a trace.

:func:`split_rows` cuts such lines into one token per cell, keeping where
each cell starts, so the same mapper reads every form. A line with a single
space-separated run is prose and is left whole: only a tab, or a run of
spaces next to a number or a template label, separates cells.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence

from govcheck.model import CellKind, Token
from govcheck.parse.normalize import norm
from govcheck.parse.numbers import parse_cell

# A tab always separates cells; so do two or more spaces (ASCII, no-break or
# ideographic) between non-blank text.
_TAB = "\t"
_SPACES = re.compile(r"[ \u00a0\u3000]{2,}")
_WORD = re.compile(r"[^ \u00a0\u3000\t]+")


def split_rows(
    tokens: Sequence[Token], is_label: Callable[[str], bool]
) -> tuple[list[Token], list[Token]]:
    """``tokens`` with every row-per-line token cut into its cells, and the tokens that were cut.

    ``is_label`` tells whether a normalised text is a label of the table
    (a row, header or group label); a space-separated line is a row only if
    one of its pieces is a number or such a label.
    """
    out: list[Token] = []
    cut: list[Token] = []
    for token in tokens:
        cells = list(_cells(token, is_label))
        if cells:
            cut.append(token)
        out.extend(cells if cells else (token,))
    return out, cut


def _cells(token: Token, is_label: Callable[[str], bool]) -> Iterator[Token]:
    """The cells of one line, or nothing when the line is not a row of cells."""
    raw = token.raw
    if _TAB in raw:
        yield from _tab_cells(token)
        return
    pieces = list(_space_pieces(raw))
    if len(pieces) < 2:
        pieces = _label_and_values(raw, is_label)
    if len(pieces) < 2:
        return
    if not any(_is_value(text) or is_label(norm(text)) for _, text in pieces):
        return
    for start, text in pieces:
        yield Token(token.line, text, norm(text), token.column + start)


def _tab_cells(token: Token) -> Iterator[Token]:
    """Every tab-separated cell, empty ones included: an empty cell is a position."""
    start = 0
    for part in token.raw.split(_TAB):
        lead = len(part) - len(part.lstrip())
        text = part.strip()
        yield Token(token.line, text, norm(text), token.column + start + (lead if text else 0))
        start += len(part) + 1


def _space_pieces(raw: str) -> Iterator[tuple[int, str]]:
    """(offset, text) of the pieces between runs of two or more spaces."""
    start = len(raw) - len(raw.lstrip())
    body = raw.rstrip()
    for match in _SPACES.finditer(body, start):
        if match.start() > start:
            yield start, body[start : match.start()]
        start = match.end()
    if start < len(body):
        yield start, body[start:]


def _label_and_values(raw: str, is_label: Callable[[str], bool]) -> list[tuple[int, str]]:
    """A row label and its numbers separated by single spaces (``行政许可 97``), or nothing.

    Only when every word after the label is a value and the words before
    them are, together, a label of the table: ``1. 属于国家秘密 0 0`` too.
    """
    words = [(m.start(), m.group()) for m in _WORD.finditer(raw)]
    values = 0
    while values < len(words) - 1 and _is_value(words[len(words) - 1 - values][1]):
        values += 1
    if not values:
        return []
    head = words[: len(words) - values]
    label = raw[head[0][0] : head[-1][0] + len(head[-1][1])]
    if not is_label(norm(label)):
        return []
    return [(head[0][0], label), *words[len(words) - values :]]


def _is_value(text: str) -> bool:
    value = parse_cell(text)
    return value is not None and value.kind is not CellKind.BLANK


__all__ = ["split_rows"]
