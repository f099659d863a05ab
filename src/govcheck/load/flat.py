"""Flattened crawler text: a whole report on one line, table cells run together.

Scrapers save pages as ``page.txt`` with the body on a single line, so
``一、本年新收政府信息公开申请数量801000081`` is a row label followed by seven
cells whose boundaries are lost. This module cuts such a line into units at
the labels the official formats define, and splits a digit run only when
exactly one split is possible:

- whitespace separates as many groups as the row has cells, or
- the run has exactly as many digits as the row has cells (one digit each), or
- the row has a single cell.

Any other run stays whole, so the mapper sees the wrong number of values and
reports the table unreadable, quoting the run. A split is never chosen
because an identity would then hold.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache

from govcheck.load.text import SourceText, Unit
from govcheck.templates import TableSpec, Template, all_templates

# A line this long with section headings inside it is a flattened page.
_MIN_FLAT_LEN = 800
# Digits (with spaces, decimal points and thousands commas) at the start of a segment.
_LEADING_RUN = re.compile(r"^[\d\s.,]+(?![\d.,])")
_SENTENCE_END = "。；"
# How close a misspelt heading must be to the official one.
_FUZZY_HEADING = 0.9
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class _Label:
    norm: str
    kind: str  # "section", "row", "label"
    cells: dict[str, int]  # template id → number of cells after a row label
    section: str = ""  # for a section heading: its id


@dataclass(frozen=True, slots=True)
class _Hit:
    start: int  # in the normalised line
    end: int
    label: _Label


def unflatten(source: SourceText) -> SourceText:
    """Cut flattened lines into units; other sources are returned unchanged."""
    if not any(_is_flat(line) for line in source.lines):
        return source
    units: list[Unit] = []
    for number, line in enumerate(source.lines, 1):
        if _is_flat(line):
            units.extend(_split_line(line, number))
        elif line.strip():
            units.append(Unit(line, number))
    return SourceText(source.path, source.encoding, source.lines, tuple(units), form="flat")


def _is_flat(line: str) -> bool:
    if len(line) < _MIN_FLAT_LEN:
        return False
    norm = _folded(line)
    return sum(1 for label in _labels() if label.kind == "section" and label.norm in norm) >= 2


def _normalise(text: str) -> tuple[str, Sequence[int]]:
    """NFKC without whitespace, plus the raw offset of every normalised character.

    Offsets are a ``range`` when every character folds to exactly one (the
    usual case), else a packed array: a list of ints cost ~40 bytes a
    character, 1.8 GB for a 32 MiB flattened page.
    """
    folds = {ch: _fold(ch) for ch in set(text)}
    norm = text.translate({ord(ch): folded for ch, folded in folds.items()})
    odd = "".join(ch for ch, folded in folds.items() if len(folded) != 1)
    if not odd:
        return norm, range(len(text))
    offsets = array("q")
    position = 0
    for match in re.finditer(f"[{re.escape(odd)}]", text):
        index = match.start()
        offsets.extend(range(position, index))
        offsets.extend([index] * len(folds[match.group()]))
        position = index + 1
    offsets.extend(range(position, len(text)))
    return norm, offsets


def _folded(text: str) -> str:
    """``_normalise(text)[0]`` without the offsets, for the check of every long line.

    Each distinct character is folded once and the text translated in one
    C-level pass: normalising a 32 MiB line character by character into
    lists cost ~1.5 GB and most of a minute, for a line that was not flat.
    """
    return text.translate({ord(ch): _fold(ch) for ch in set(text)})


def _fold(ch: str) -> str:
    """What ``_normalise`` keeps of one character: its NFKC form without whitespace."""
    return "".join(piece for piece in unicodedata.normalize("NFKC", ch) if not piece.isspace())


@cache
def _labels() -> tuple[_Label, ...]:
    found: dict[str, _Label] = {}
    for template in all_templates():
        for section in template.section:
            for title in section.labels:
                key = _normalise(title)[0]
                found.setdefault(key, _Label(key, "section", {}, section.id))
        for table in template.table:
            _table_labels(template, table, found)
    return tuple(sorted(found.values(), key=lambda lab: -len(lab.norm)))


def _table_labels(template: Template, table: TableSpec, found: dict[str, _Label]) -> None:
    for text in (*table.headers, *table.groups, *(c.label for c in table.column)):
        key = _normalise(text)[0]
        found.setdefault(key, _Label(key, "label", {}))
    for row in table.row:
        count = len(table.row_columns(row))
        for text in row.labels:
            key = _normalise(text)[0]
            label = found.setdefault(key, _Label(key, "row", {}))
            if label.kind == "row":
                label.cells[template.id] = count if table.layout == "labelled" else 0


@cache
def _positional_slots() -> dict[tuple[str, str], int]:
    """(template id, section id) → cells of the positional table in that section."""
    return {
        (t.id, table.section): sum(len(table.row_columns(r)) for r in table.row)
        for t in all_templates()
        for table in t.table
        if table.layout == "positional"
    }


def _find_labels(norm: str) -> list[_Hit]:
    """Non-overlapping label occurrences, longest label first at each place."""
    taken = [False] * len(norm)
    sections = [lab for lab in _labels() if lab.kind == "section"]
    hits = _exact(norm, sections, taken)
    found = {h.label.section for h in hits}
    hits.extend(_misspelt_headings(norm, taken, found))
    hits.extend(_exact(norm, [lab for lab in _labels() if lab.kind != "section"], taken))
    return sorted(hits, key=lambda h: h.start)


def _exact(norm: str, labels: list[_Label], taken: list[bool]) -> list[_Hit]:
    """Occurrences of ``labels`` (longest first) in places not yet taken."""
    hits: list[_Hit] = []
    for label in labels:
        start = norm.find(label.norm)
        while start != -1:
            end = start + len(label.norm)
            if not any(taken[start:end]):
                hits.append(_Hit(start, end, label))
                taken[start:end] = [True] * (end - start)
            start = norm.find(label.norm, end)
    return hits


def _misspelt_headings(norm: str, taken: list[bool], found: set[str]) -> list[_Hit]:
    """A heading with a typo (行政法复议): its numeral, then text close to the title."""
    hits: list[_Hit] = []
    for section in all_templates()[-1].section:
        if section.id in found:
            continue
        title = _normalise(section.title)[0]
        prefix = title[: title.index("、") + 1]
        start = norm.find(prefix)
        while start != -1:
            best = _best_window(norm, start, title)
            if best and not any(taken[start:best]):
                hits.append(_Hit(start, best, _Label(norm[start:best], "section", {}, section.id)))
                taken[start:best] = [True] * (best - start)
                break
            start = norm.find(prefix, start + 1)
    return hits


def _best_window(norm: str, start: int, title: str) -> int | None:
    """The end of the window at ``start`` most similar to ``title``, if similar enough."""
    scored = [
        (SequenceMatcher(None, norm[start:end], title).ratio(), end)
        for end in range(start + len(title) - 2, start + len(title) + 3)
        if end <= len(norm)
    ]
    ratio, end = max(scored, default=(0.0, 0))
    return end if ratio >= _FUZZY_HEADING else None


def _template_id(norm: str) -> str:
    scores = {
        t.id: sum(norm.count(_normalise(m)[0]) for m in t.template.markers) for t in all_templates()
    }
    return max(scores, key=lambda k: (scores[k], k))


def _split_line(line: str, number: int) -> list[Unit]:
    norm, offsets = _normalise(line)
    template_id = _template_id(norm)
    units: list[Unit] = []
    cursor, section = 0, ""
    previous: _Label | None = None
    for hit in _find_labels(norm):
        cells = _cells_after(previous, template_id, section)
        units.extend(_segment(line, offsets, cursor, hit.start, cells, number))
        units.append(_unit(line, offsets, hit.start, hit.end, number))
        cursor, previous = hit.end, hit.label
        section = hit.label.section or section
    cells = _cells_after(previous, template_id, section)
    units.extend(_segment(line, offsets, cursor, len(norm), cells, number))
    return units


def _cells_after(previous: _Label | None, template_id: str, section: str) -> int | None:
    """How many cells a digit run after ``previous`` must hold, or None for prose."""
    if previous is None:
        return None
    if previous.kind == "row":
        return previous.cells.get(template_id)
    if previous.kind == "label":
        return _positional_slots().get((template_id, section))
    return None


def _raw_span(line: str, offsets: Sequence[int], start: int, end: int) -> tuple[int, int]:
    return offsets[start], offsets[end - 1] + 1


def _unit(line: str, offsets: Sequence[int], start: int, end: int, number: int) -> Unit:
    lo, hi = _raw_span(line, offsets, start, end)
    return Unit(line[lo:hi], number, column=lo + 1)


def _segment(
    line: str, offsets: Sequence[int], start: int, end: int, cells: int | None, number: int
) -> list[Unit]:
    """Text between two labels: cells of the previous row, then sentences of prose."""
    if start >= end:
        return []
    lo, hi = _raw_span(line, offsets, start, end)
    raw = line[lo:hi]
    run = _LEADING_RUN.match(raw) if cells else None
    if cells is None or run is None or not run.group(0).strip():
        return _sentences(raw, lo, number)
    values = [Unit(t, number, column=lo + col + 1) for t, col in _split_run(run.group(0), cells)]
    return values + _sentences(raw[run.end() :], lo + run.end(), number)


def _split_run(raw: str, cells: int) -> list[tuple[str, int]]:
    """The unique split of a digit run into ``cells`` values, or the run whole."""
    groups = [(m.group(0), m.start()) for m in re.finditer(r"\S+", raw)]
    if len(groups) == cells:
        return groups
    digits = _SPACE.sub("", raw)
    if cells == 1 or len(groups) != 1 or len(digits) != cells or not digits.isdigit():
        return [(raw.strip(), len(raw) - len(raw.lstrip()))]
    start = groups[0][1]
    return [(ch, start + i) for i, ch in enumerate(digits)]


def _sentences(raw: str, base: int, number: int) -> list[Unit]:
    units: list[Unit] = []
    start = 0
    for index, ch in enumerate(raw):
        if ch in _SENTENCE_END:
            units.extend(_prose(raw, start, index + 1, base, number))
            start = index + 1
    units.extend(_prose(raw, start, len(raw), base, number))
    return units


def _prose(raw: str, start: int, end: int, base: int, number: int) -> list[Unit]:
    text = raw[start:end]
    if not text.strip():
        return []
    lead = len(text) - len(text.lstrip())
    return [Unit(text.strip(), number, column=base + start + lead + 1)]
