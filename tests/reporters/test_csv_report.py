"""``--format csv`` in units: columns, verdicts, counts, formula neutralisation, the BOM."""

from __future__ import annotations

import csv
import io

from govcheck.findings import (
    FileResult,
    Finding,
    RuleMeta,
    RuleResult,
    RuleStatus,
    RunResult,
    Severity,
)
from govcheck.reporters import REPORTERS, Format
from govcheck.reporters.csv_report import FIELDS, CsvRows

META = (
    RuleMeta("GC301", "t3-balance", Severity.ERROR, "", ""),
    RuleMeta("GC601", "thin-section", Severity.WARNING, "", ""),
    RuleMeta("GC900", "unused-waiver", Severity.WARNING, "", ""),
)


def result(path: str, issuer: str | None, *findings: Severity) -> FileResult:
    rules = (
        RuleResult("GC301", "t3-balance", Severity.ERROR, RuleStatus.PASS),
        RuleResult("GC601", "thin-section", Severity.WARNING, RuleStatus.NOT_ASSESSABLE),
    )
    found = tuple(Finding("GC301", "t3-balance", s, 3, 1, "m") for s in findings)
    return FileResult(path, "2021", 2023, issuer, "2024-01-20", rules, found, level="county")


def rows(run: RunResult) -> tuple[str, list[list[str]]]:
    out = io.StringIO()
    REPORTERS[Format.CSV](run, out, "en")
    text = out.getvalue()
    return text, list(csv.reader(io.StringIO(text[1:], newline="")))


def test_one_row_per_file_with_every_rules_status() -> None:
    files = (
        result("a.txt", "示例县人民政府"),
        result("b.txt", "=cmd|' /C calc'!A0", Severity.WARNING, Severity.INFO),
        result("-c.txt", None, Severity.ERROR, Severity.WARNING),
    )
    text, table = rows(RunResult(files, META))
    assert text.startswith("\ufeffpath,issuer,level,")
    assert "\r\n" in text
    assert table[0] == [*FIELDS, "GC301", "GC601", "GC900"]
    assert table[1] == [
        "a.txt", "示例县人民政府", "county", "2023", "2021", "2024-01-20", "pass",
        "0", "0", "0", "1", "pass", "not_assessable", "",
    ]  # fmt: skip
    assert table[2][1] == "'=cmd|' /C calc'!A0"  # shown as text, never run
    assert table[2][6:10] == ["warning", "0", "1", "1"]
    assert table[3][:2] == ["'-c.txt", ""] and table[3][6:10] == ["fail", "1", "1", "0"]
    assert len(table) == 4


def test_rows_are_flushed_as_they_are_written() -> None:
    class Counting(io.StringIO):
        flushes = 0

        def flush(self) -> None:
            self.flushes += 1

    out = Counting()
    writer = CsvRows(META, out)
    writer.file(result("a.txt", None))
    writer.file(result("b.txt", None))
    assert out.flushes == 2 and out.getvalue().count("\r\n") == 3
