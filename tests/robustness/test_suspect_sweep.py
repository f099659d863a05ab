"""The suspect-cell sweep: every one-cell typo of tables 3 and 4, and whether its cell is named.

Each number of tables 3 and 4 of the seed and of the example reports is set
to its value + 1 and, where it is at least 1, to its value - 1 (the
mutations of test_mutation.py), and the report is linted with GC301–GC304.
Where one cell uniquely explains the failures, govcheck names it: the
mutated report then has exactly one arithmetic finding, whose ``cell`` is the
mutated cell and whose ``suggested`` value is the cell's original value. A
suspect finding naming any other cell, or any other value, fails the test.
Where no unique explanation exists, the identities are reported as before.

The shares are pinned (docs/reliability.md states them), so that a change
that names fewer cells, or more, is seen. A second sweep raises two cells of
one row of table 3 at once, where the pair is the explanation to find.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import pairwise

import pytest

from govcheck.api import Options, lint_source
from govcheck.findings import FileResult
from govcheck.load import decode
from tests.robustness.test_mutation import (
    ARITHMETIC,
    REPORTS,
    Mutation,
    numeric_cells,
    off_by_one,
    rules,
)

# Measured outcomes per report: (mutations, suspect named), and for pairs (pairs, named).
# No mutation ever names a wrong cell or value (asserted); the rest keep their findings.
SINGLE = {
    "000_2e2d9f4e0f781cc7.txt": (176, 161),
    "f2019-township-2020.txt": (199, 182),
    "f2021-department-2022.txt": (235, 214),
    "f2021-department-2023.txt": (229, 210),
}
PAIRS = {
    "000_2e2d9f4e0f781cc7.txt": (138, 135),
    "f2019-township-2020.txt": (138, 135),
    "f2021-department-2022.txt": (150, 127),
    "f2021-department-2023.txt": (150, 147),
}
# Every table-3 typo is named; no table-4 typo can be: each table-4 cell lies in one
# identity only (its group's total), so any of the group's five cells could be the typo.
NAMED_TABLES = {"t3"}


@dataclass(frozen=True, slots=True)
class Typo:
    """The cells changed, each as (cell key, original text)."""

    cells: tuple[tuple[str, str], ...]


def lint_text(text: str) -> FileResult:
    return lint_source(decode(text.encode("utf-8"), "r.txt"), Options(), rules(ARITHMETIC))


def verdict(result: FileResult, typo: Typo) -> str:
    """``named`` when the findings name exactly the typo's cells and values, else ``kept``.

    Fails when a suspect finding names any other cell or value.
    """
    findings = [f for f in result.findings if f.rule in ARITHMETIC]
    assert findings, typo
    suspects = [(f.cell, f.suggested) for f in findings if f.suggested is not None]
    if not suspects:
        return "kept"
    assert sorted(suspects) == sorted(typo.cells), (typo, findings)
    assert len(findings) == len(typo.cells), (typo, findings)
    return "named"


def single_typos(text: str) -> list[tuple[Mutation, Typo]]:
    return [(m, Typo(((f"{m.table}.{m.row}.{m.column}", m.old),))) for m in off_by_one(text)]


def row_pairs(text: str) -> list[tuple[str, Typo]]:
    """Two neighbouring cells of each table-3 row, both raised by one."""
    cells = [c for c in numeric_cells(text) if c.table == "t3"]
    out = []
    for left, right in pairwise(cells):
        if left.row != right.row:
            continue
        lines = text.split("\n")
        for cell in (left, right):
            lines[cell.line - 1] = lines[cell.line - 1].replace(cell.raw, str(cell.value + 1), 1)
        keys = tuple((f"t3.{c.row}.{c.column}", c.raw) for c in (left, right))
        out.append(("\n".join(lines), Typo(keys)))
    return out


@pytest.mark.parametrize("report", sorted(REPORTS))
def test_every_one_cell_typo_names_its_cell_or_keeps_the_findings(report: str) -> None:
    text = REPORTS[report].read_text(encoding="utf-8")
    counts = Counter(
        (m.table, verdict(lint_text(m.apply(text)), typo)) for m, typo in single_typos(text)
    )
    named = {table for table, outcome in counts if outcome == "named"}
    kept = {table for table, outcome in counts if outcome == "kept"}
    assert (named, kept) == (NAMED_TABLES, {"t4"}), counts
    named_count = sum(n for (_, outcome), n in counts.items() if outcome == "named")
    assert (sum(counts.values()), named_count) == SINGLE[report], counts


@pytest.mark.parametrize("report", sorted(REPORTS))
def test_two_typos_in_one_row_name_both_cells_or_keep_the_findings(report: str) -> None:
    text = REPORTS[report].read_text(encoding="utf-8")
    counts = Counter(verdict(lint_text(mutated), typo) for mutated, typo in row_pairs(text))
    total = sum(counts.values())
    assert (total, counts["named"]) == PAIRS[report], counts
