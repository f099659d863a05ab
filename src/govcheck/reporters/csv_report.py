"""``--format csv``: one row per report, for assessors' spreadsheets.

Columns: path, issuer, level, year, format, date, verdict, the counts of
errors, warnings, infos and not-assessable rules, then one column per rule
(its id) holding that rule's status. The text starts with a UTF-8 BOM, which
Excel needs to open Chinese text as UTF-8 rather than the system code page.
Every field goes through :func:`~govcheck.textsafe.csv_field`: an issuer or
path such as ``=HYPERLINK(…)`` is shown as text, never run as a formula.

:class:`CsvRows` writes the header first and then a row per file as it is
given one, so the run can stream rows while files are still being linted.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from typing import TextIO

from govcheck.findings import FileResult, RuleMeta, RuleStatus, RunResult, Severity
from govcheck.i18n import Lang
from govcheck.textsafe import csv_field

BOM = "\ufeff"
FIELDS = (
    "path",
    "issuer",
    "level",
    "year",
    "format",
    "date",
    "verdict",
    "errors",
    "warnings",
    "infos",
    "not_assessable",
)


def verdict(result: FileResult) -> str:
    """``fail`` with an error, ``warning`` with only warnings, else ``pass``."""
    severities = {f.severity for f in result.findings}
    if Severity.ERROR in severities:
        return "fail"
    return "warning" if Severity.WARNING in severities else "pass"


class CsvRows:
    """A CSV being written: the BOM and header at once, then :meth:`file` per report."""

    def __init__(self, rules: Sequence[RuleMeta], out: TextIO) -> None:
        self.rules = tuple(r.id for r in rules)
        self.out = out
        out.write(BOM)
        self.writer = csv.writer(out, lineterminator="\r\n")
        self.writer.writerow([csv_field(name) for name in (*FIELDS, *self.rules)])

    def file(self, result: FileResult) -> None:
        """Write one report's row."""
        counts = [sum(1 for f in result.findings if f.severity is s) for s in Severity]
        statuses = {r.id: r.status.value for r in result.rules}
        unassessed = sum(1 for r in result.rules if r.status is RuleStatus.NOT_ASSESSABLE)
        row = [
            result.path,
            result.issuer,
            result.level,
            result.year,
            result.format,
            result.date,
            verdict(result),
            *counts,
            unassessed,
            *(statuses.get(rule, "") for rule in self.rules),
        ]
        self.writer.writerow([csv_field(value) for value in row])
        # A reader at the other end of a pipe sees each row as its file finishes.
        self.out.flush()


def render(result: RunResult, out: TextIO, lang: Lang) -> None:
    """The whole run: header, then one row per file in input order."""
    rows = CsvRows(result.rules, out)
    for file in result.files:
        rows.file(file)
