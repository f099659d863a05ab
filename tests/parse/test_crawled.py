"""Rows whose digits ran together, read by the tables' identities (parse/crawled.py).

Built from examples/f2021-department-2022.txt (one cell per line): a row's
or table 4's value lines are replaced by one line of their digits run
together, as a crawled page prints them.
"""

from __future__ import annotations

from govcheck.load import decode
from govcheck.model import Document, TableStatus
from govcheck.parse import parse
from tests.conftest import EXAMPLES, lint_text, status

REPORT = (EXAMPLES / "f2021-department-2022.txt").read_text(encoding="utf-8")
NEW_ROW = "一、本年新收政府信息公开申请数量"


def value_lines(lines: list[str], start: int, count: int) -> list[int]:
    found = [i for i in range(start, len(lines)) if lines[i].strip().isdigit()]
    return found[:count]


def joined(text: str, start: int, count: int, digits: str | None) -> str:
    """``text`` with the ``count`` value lines from line index ``start`` on as one run."""
    lines = text.split("\n")
    at = value_lines(lines, start, count)
    lines[at[0]] = "".join(lines[i] for i in at) if digits is None else digits
    for i in reversed(at[1:]):
        del lines[i]
    return "\n".join(lines)


def run_together(text: str, label: str, count: int, digits: str | None = None) -> str:
    """``text`` with the ``count`` value lines after ``label`` as one run (or ``digits``)."""
    return joined(text, text.split("\n").index(label), count, digits)


def table4(text: str, digits: str | None = None) -> str:
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("四、政府信息公开行政复议"))
    return joined(text, start, 15, digits)


def doc_of(text: str) -> Document:
    return parse(decode(text.encode("utf-8"), "r.txt"))


def test_a_row_run_is_read_by_its_identities_and_they_are_not_reported_as_checked() -> None:
    original = doc_of(REPORT).tables["t3"]
    text = run_together(REPORT, NEW_ROW, 7)
    table = doc_of(text).tables["t3"]
    assert table.status is TableStatus.READ
    assert {k: c.value for k, c in table.cells.items()} == {
        k: c.value for k, c in original.cells.items()
    }
    assert {i.name for i in table.read_by} >= {"t3-row-total", "t3-balance"}
    result = lint_text(text, lang="en")
    assert status(result, "GC303") == "not_assessable"
    note = next(r.note for r in result.rules if r.id == "GC303")
    assert note is not None and "split digits that ran together" in note
    assert status(lint_text(REPORT), "GC303") == "pass"


def test_a_run_no_split_can_satisfy_is_reported_as_seen() -> None:
    text = run_together(REPORT, NEW_ROW, 7, digits="1234567")
    table = doc_of(text).tables["t3"]
    assert table.status is TableStatus.PARTIAL
    assert "new" in table.unread_rows
    problem = next(p for p in table.problems if p.key == "table.run_none")
    assert (problem.values["values"], problem.values["expected"]) == ("1234567", 7)
    result = lint_text(text, lang="en")
    gc003 = [f for f in result.findings if f.rule == "GC003"]
    assert [f.severity.value for f in gc003] == ["error"]
    assert "no split satisfies every identity" in gc003[0].message


def test_table4_as_one_run_is_split_by_its_group_totals() -> None:
    # 12|0|0|0|12, 0|3|1|0|4, 0|0|0|0|0: the group totals admit no other split.
    text = table4(REPORT, digits="12000120310400000")
    table = doc_of(text).tables["t4"]
    assert table.status is TableStatus.READ
    assert [table.cells[("rv", c)].value for c in ("keep", "fix", "other", "pending", "total")] == [
        12,
        0,
        0,
        0,
        12,
    ]
    assert {i.name for i in table.read_by} == {"t4-group-total"}


def test_table4_with_two_readings_is_not_read() -> None:
    # 1|10|0|0|11 and 11|0|0|0|11 both add up: nothing is chosen.
    text = table4(REPORT, digits="1100011" + "0" * 10)
    table = doc_of(text).tables["t4"]
    assert table.status is TableStatus.UNREADABLE
    assert [p.key for p in table.problems] == ["table.run_ambiguous"]
    assert table.cells == {}
