"""Markdown, as PDF-to-markdown converters and records repositories leave it.

Pipe-table rows become one unit per cell (blank cells kept: a lost 总计 is a
blank, not a missing column); separator rows and page footers (— 1 —) are
dropped; every other line is one unit. Fragmented tables, where converters
split row labels from their numbers, are not repaired: the table mapper
then finds rows without numbers and reports the table as unreadable.
"""

from __future__ import annotations

import re

from govcheck.load.text import SourceText, Unit, decode

_RULE_ROW = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_FOOTER = re.compile(r"^\s*[-\u2014\u2013\uff0d]\s*\d+\s*[-\u2014\u2013\uff0d]\s*$")


def load(data: bytes, path: str) -> SourceText:
    """Decode as text, then split pipe rows into cells."""
    source = decode(data, path)
    units: list[Unit] = []
    for number, line in enumerate(source.lines, 1):
        if not line.strip() or _RULE_ROW.match(line) or _FOOTER.match(line):
            continue
        if line.lstrip().startswith("|"):
            units.extend(_cells(line, number))
        else:
            units.append(Unit(line, number, column=len(line) - len(line.lstrip()) + 1))
    return SourceText(source.path, source.encoding, source.lines, tuple(units), form="markdown")


def _cells(line: str, number: int) -> list[Unit]:
    """The cells of one pipe row, with the column where each cell's text starts."""
    body = line.strip()
    start = line.index("|") + 1
    parts = body[1:-1].split("|") if body.endswith("|") and len(body) > 1 else body[1:].split("|")
    cells = []
    offset = start
    for part in parts:
        lead = len(part) - len(part.lstrip())
        cells.append(Unit(part.strip(), number, cell=True, column=offset + lead + 1))
        offset += len(part) + 1
    return cells
