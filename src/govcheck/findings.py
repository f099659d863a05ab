"""What a run produces: rule statuses, findings and the exit-code policy."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import IntEnum, StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from govcheck.linted import Linted


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Higher is more severe; used for ``--fail-on`` thresholds."""
        return {"info": 1, "warning": 2, "error": 3}[self.value]


class FailOn(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"
    NEVER = "never"


class RuleStatus(StrEnum):
    PASS = "pass"  # noqa: S105 - a status, not a password
    FAIL = "fail"
    NOT_APPLICABLE = "not_applicable"
    NOT_ASSESSABLE = "not_assessable"


class ExitCode(IntEnum):
    OK = 0
    FINDINGS = 1
    USAGE = 2


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem at one place. ``anchor`` is the semantic location (table.row.column).

    ``fix`` is the rule's fix text in the run's language, stamped on each
    finding so that every output (and a program calling :func:`govcheck.check`)
    tells the clerk what to do, not only what is wrong.
    """

    rule: str
    name: str
    severity: Severity
    line: int
    column: int
    message: str
    related_lines: tuple[int, ...] = ()
    anchor: str = ""
    fix: str = ""
    # The value the cell should hold, where the check implies a single one.
    suggested: str | None = None
    # Where a reader finds it in a Word file or web page (paragraph) or a PDF (page);
    # 0: not known. ``place`` says it in words, in the run's language, with the
    # table, row and column of a cell ("" for plain text and markdown, where the line is enough).
    page: int = 0
    paragraph: int = 0
    place: str = ""

    @property
    def cell(self) -> str | None:
        """The table cell the finding is about (``t3.deny4.biz``): its anchor, if a cell's.

        The same key waivers and baselines take (docs/ci.md) and ``govcheck
        extract`` writes; sections and whole tables are not cells.
        """
        return self.anchor if _CELL_KEY.fullmatch(self.anchor) else None


# A cell's semantic location: table.row.column, as kinds.common.anchor writes it.
_CELL_KEY = re.compile(r"t\d+\.[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*")


@dataclass(frozen=True, slots=True)
class RuleResult:
    id: str
    name: str
    severity: Severity
    status: RuleStatus
    note: str = ""


@dataclass(frozen=True, slots=True)
class FileResult:
    path: str
    format: str | None
    year: int | None
    issuer: str | None
    date: str | None
    rules: tuple[RuleResult, ...]
    findings: tuple[Finding, ...]
    # What was linted, for the HTML page; kept only when that page is asked for.
    linted: Linted | None = None
    # The publication date the page shows, when it shows one (JSON: published_page).
    published_page: str | None = None
    # The issuer's level(s) as read from its name (or --issuer-level), "|"-joined; None: unknown.
    level: str | None = None


@dataclass(frozen=True, slots=True)
class RuleMeta:
    """What reporters say about a rule (SARIF rules[], JUnit names), in the run's language."""

    id: str
    name: str
    severity: Severity
    summary: str
    rationale: str


@dataclass(frozen=True, slots=True)
class RunResult:
    files: tuple[FileResult, ...]
    rules: tuple[RuleMeta, ...] = ()
    # The configuration file in effect, named in the summary (None: defaults).
    config: str | None = None
    # Walked files that showed no sign of being a report: skipped, not failed.
    skipped: int = 0

    def count(self, severity: Severity) -> int:
        """How many findings of ``severity`` the run has, over all files."""
        return sum(1 for f in self.files for x in f.findings if x.severity is severity)

    def not_assessable(self) -> int:
        """How many rule results could not be assessed, over all files (a rule per file)."""
        return sum(1 for f in self.files for r in f.rules if r.status is RuleStatus.NOT_ASSESSABLE)


def exit_code(result: RunResult, fail_on: FailOn) -> ExitCode:
    """0 when no finding is at or above ``fail_on``; 1 otherwise."""
    if fail_on is FailOn.NEVER:
        return ExitCode.OK
    threshold = Severity(fail_on.value).rank
    failing = any(x.severity.rank >= threshold for f in result.files for x in f.findings)
    return ExitCode.FINDINGS if failing else ExitCode.OK
