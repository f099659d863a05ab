"""The "no false pass" proof: change any one number of tables 3 or 4 by one, and it is caught.

Tables 3 and 4 are bound by identities (GC301 balance, GC302 results total,
GC303 row totals, GC304 review and litigation totals), and every cell takes
part in at least one, so a single typo in any cell must fail at least one of
them. For every numeric cell of the seed and of the example reports, and in
every supported form (the text, the web page a site would serve for it, the
Word file a clerk would have drafted, Word's tab-separated copy of it and PDF
layout text with space-separated cells), each cell is set to its value + 1
and, where the value is at least 1, to its value - 1; the report is then
rendered again and linted with GC301–GC304 alone. A mutation that leaves all
four passing (or merely not assessable) escapes: a bug in the loader, the
parser or the rules, never a reason to weaken this test.

A 0 lowered to -1 is no typo but an impossible count: GC305 (negative-count)
is the rule for it. It is tested separately, for every zero cell, and must
fail GC305; whether an identity fails as well is not required.

Every unmutated report passes all four rules in every form first, so that
no mutation is "caught" by a failure that was there before.

Rendering a page or a Word file for each of ~2,500 mutations would cost more
than linting them, so each report is rendered once with every cell holding a
unique 7-digit number, and a mutation fills those slots. That this is the
same as rendering the mutated text is checked, byte for byte, for the
unmutated report and for a sample of mutations in every form.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache
from multiprocessing import get_context
from pathlib import Path

import pytest

from govcheck.api import Options, lint_source
from govcheck.engine.base import RuleBase
from govcheck.engine.packs import builtin_rules
from govcheck.engine.runner import Selection, select_rules
from govcheck.findings import FileResult, RuleStatus
from govcheck.load import decode, load_bytes
from govcheck.model import CellKind
from govcheck.parse import parse
from tests.forms.render_docx import document_xml, package, report_blocks
from tests.forms.render_html import render_html
from tests.forms.render_markdown import render_markdown
from tests.forms.render_rows import render_spaces, render_tabs
from tests.robustness.common import report_paths

ARITHMETIC = ("GC301", "GC302", "GC303", "GC304")
NEGATIVE = "GC305"
TABLES = ("t3", "t4")
# How many cells the official tables have: a parser that mapped fewer would
# make this test pass vacuously over the cells it lost.
CELLS = {("2019", "t3"): 161, ("2021", "t3"): 175, ("2019", "t4"): 15, ("2021", "t4"): 15}
# Form → (display name, renderer of the report text to the text of the file, packer to bytes).
FORMS: dict[str, tuple[str, Callable[[str], str], Callable[[str], bytes]]] = {
    "text": ("r.txt", lambda text: text, lambda text: text.encode("utf-8")),
    "html": ("r.html", lambda text: render_html(text).decode("utf-8"), lambda t: t.encode("utf-8")),
    "docx": (
        "r.docx",
        lambda text: document_xml(report_blocks(text)),
        lambda xml: package(xml.encode("utf-8")),
    ),
    # Word's copy of the document: a table row per line, cells by tabs, CRLF.
    "tabs": ("r.txt", render_tabs, lambda text: text.encode("utf-8")),
    # PDF layout text: a table row per line, cells by runs of spaces.
    "spaces": ("r.txt", render_spaces, lambda text: text.encode("utf-8")),
    # Markdown pipe rows, a group label sharing a cell with its first item.
    "markdown": (
        "r.md",
        lambda text: render_markdown(text, shared_cell=True),
        lambda text: text.encode("utf-8"),
    ),
}
# A slot: a number no report holds, one per cell (7 digits, starting with 8).
SLOT = re.compile(r"(?<![0-9])8[0-9]{6}(?![0-9])")
WORKERS = 2
# Every this-many-th mutation is also rendered for real, to check the slots.
SAMPLE = 97


@dataclass(frozen=True, slots=True)
class Mutation:
    """One cell's text ``old`` on its line, replaced by ``new``."""

    table: str
    row: str
    column: str
    line: int
    old: str
    new: str

    def apply(self, text: str) -> str:
        """The report with this one cell changed."""
        lines = text.split("\n")
        current = lines[self.line - 1]
        assert current.strip() == self.old, (self, current)
        lines[self.line - 1] = current.replace(self.old, self.new, 1)
        return "\n".join(lines)

    def __str__(self) -> str:
        return f"{self.table} {self.row}/{self.column} line {self.line}: {self.old} → {self.new}"


@dataclass(frozen=True, slots=True)
class Cell:
    """A number of table 3 or 4: where it is, its value and its text."""

    table: str
    row: str
    column: str
    line: int
    value: int
    raw: str


def numeric_cells(text: str) -> list[Cell]:
    """Every number in tables 3 and 4, in line order."""
    doc = parse(decode(text.encode("utf-8"), "r.txt"))
    assert doc.format is not None
    cells = []
    for table_id in TABLES:
        table = doc.tables[table_id]
        numbers = [c for c in table.cells.values() if c.kind is CellKind.NUMBER]
        assert len(numbers) == CELLS[(doc.format, table_id)], (table_id, len(numbers))
        for c in numbers:
            assert c.value is not None and c.value == int(c.value), c
            cells.append(Cell(table_id, c.row, c.column, c.line, int(c.value), c.raw))
    assert len({c.line for c in cells}) == len(cells), "a cell per line"
    return sorted(cells, key=lambda c: c.line)


def off_by_one(text: str) -> list[Mutation]:
    """Every cell + 1, and - 1 where that stays a count (value ≥ 1)."""
    return [
        Mutation(c.table, c.row, c.column, c.line, c.raw, str(c.value + delta))
        for c in numeric_cells(text)
        for delta in (1, -1)
        if c.value + delta >= 0
    ]


def zero_to_negative(text: str) -> list[Mutation]:
    """Every 0 cell set to -1."""
    return [
        Mutation(c.table, c.row, c.column, c.line, c.raw, "-1")
        for c in numeric_cells(text)
        if c.value == 0
    ]


class Slots:
    """A report rendered once in a form, with a slot where each number goes.

    ``bytes_with(mutation)`` is the file the mutated report renders to:
    every slot filled with its cell's text, the mutated one with the new text.
    """

    def __init__(self, text: str, form: str) -> None:
        self.form = form
        cells = numeric_cells(text)
        self.lines = {c.line: c.raw for c in cells}
        slotted = {c.line: f"8{i:06d}" for i, c in enumerate(cells)}
        lines = text.split("\n")
        for line, slot in slotted.items():
            lines[line - 1] = lines[line - 1].replace(self.lines[line], slot, 1)
        rendered = FORMS[form][1]("\n".join(lines))
        self.parts = SLOT.split(rendered)
        self.order = [int(m) for m in SLOT.findall(rendered)]
        assert sorted(self.order) == sorted(int(s) for s in slotted.values()), "one slot a cell"
        self.line_of = {int(slot): line for line, slot in slotted.items()}

    def render(self, mutation: Mutation | None = None) -> str:
        """The text of the file for the report, mutated by ``mutation`` if given."""
        values = dict(self.lines)
        if mutation is not None:
            values[mutation.line] = mutation.new
        out = [self.parts[0]]
        for slot, part in zip(self.order, self.parts[1:], strict=True):
            out += [values[self.line_of[slot]], part]
        return "".join(out)

    def bytes_with(self, mutation: Mutation | None = None) -> bytes:
        return FORMS[self.form][2](self.render(mutation))


@cache
def rules(ids: tuple[str, ...]) -> tuple[RuleBase, ...]:
    return select_rules(builtin_rules(), Selection(select=ids))


def lint_bytes(data: bytes, form: str, ids: tuple[str, ...]) -> FileResult:
    return lint_source(load_bytes(data, FORMS[form][0]), Options(), rules(ids))


def lint_form(text: str, form: str, ids: tuple[str, ...]) -> FileResult:
    """Render ``text`` in ``form`` (for real, no slots) and lint it with rules ``ids``."""
    _, render, pack = FORMS[form]
    return lint_bytes(pack(render(text)), form, ids)


def failing(result: FileResult) -> set[str]:
    return {r.id for r in result.rules if r.status is RuleStatus.FAIL}


Job = tuple[str, str, tuple[str, ...], tuple[Mutation, ...]]


def escapes(job: Job) -> list[tuple[Mutation, dict[str, str]]]:
    """The mutations of ``job`` that fail none of its rules, with the statuses they got."""
    path, form, ids, mutations = job
    slots = Slots(Path(path).read_text(encoding="utf-8"), form)
    missed = []
    for mutation in mutations:
        result = lint_bytes(slots.bytes_with(mutation), form, ids)
        if not failing(result):
            missed.append((mutation, {r.id: r.status.value for r in result.rules}))
    return missed


def run_jobs(
    path: Path, form: str, ids: tuple[str, ...], mutations: Sequence[Mutation]
) -> list[tuple[Mutation, dict[str, str]]]:
    """:func:`escapes` over ``mutations``, in two processes."""
    chunks = [tuple(mutations[i::WORKERS]) for i in range(WORKERS)]
    jobs = [(str(path), form, ids, chunk) for chunk in chunks]
    with ProcessPoolExecutor(WORKERS, mp_context=get_context("fork")) as pool:
        return [escape for found in pool.map(escapes, jobs) for escape in found]


REPORTS = {path.name: path for path in report_paths()}


@pytest.mark.parametrize("form", sorted(FORMS))
@pytest.mark.parametrize("report", sorted(REPORTS))
def test_every_cell_off_by_one_fails_an_identity(report: str, form: str) -> None:
    path = REPORTS[report]
    text = path.read_text(encoding="utf-8")
    baseline = lint_form(text, form, ARITHMETIC)
    assert [(r.id, r.status) for r in baseline.rules] == [
        (rule, RuleStatus.PASS) for rule in ARITHMETIC
    ]
    mutations = off_by_one(text)
    missed = run_jobs(path, form, ARITHMETIC, mutations)
    assert not missed, "\n".join(f"{m}: {statuses}" for m, statuses in missed)


@pytest.mark.parametrize("form", sorted(FORMS))
@pytest.mark.parametrize("report", sorted(REPORTS))
def test_slots_render_exactly_what_rendering_the_mutated_text_gives(report: str, form: str) -> None:
    text = REPORTS[report].read_text(encoding="utf-8")
    slots = Slots(text, form)
    _, render, _ = FORMS[form]
    assert slots.render() == render(text)
    for mutation in off_by_one(text)[::SAMPLE]:
        assert slots.render(mutation) == render(mutation.apply(text)), mutation


@pytest.mark.parametrize("report", sorted(REPORTS))
def test_every_zero_cell_set_to_minus_one_fails_negative_count(report: str) -> None:
    path = REPORTS[report]
    text = path.read_text(encoding="utf-8")
    assert failing(lint_form(text, "text", (NEGATIVE,))) == set()
    mutations = zero_to_negative(text)
    assert mutations
    missed = escapes((str(path), "text", (NEGATIVE,), tuple(mutations)))
    assert not missed, "\n".join(f"{m}: {statuses}" for m, statuses in missed)


def test_the_mutation_is_one_cell_exactly() -> None:
    """Guards the harness: a mutated report differs from the original in one cell only."""
    path = next(iter(REPORTS.values()))
    text = path.read_text(encoding="utf-8")
    mutation = off_by_one(text)[0]
    before = parse(decode(text.encode("utf-8"), "r.txt"))
    after = parse(decode(mutation.apply(text).encode("utf-8"), "r.txt"))
    changed = [
        key
        for table in TABLES
        for key, cell in before.tables[table].cells.items()
        if after.tables[table].cells[key].value != cell.value
    ]
    assert changed == [(mutation.row, mutation.column)]
