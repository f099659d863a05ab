"""``--format rich`` (default): a pass/fail table per file, then a summary.

One row per rule: PASS, FAIL, N/A or NOT ASSESSABLE; a failing rule lists
each finding with its line and the lines of the cells involved.

Everything from a report, a path or a configuration reaches rich as a
``Text`` of :func:`~govcheck.textsafe.one_line` (never as a ``str``, which
rich would read as markup): ``[/]`` in a title is shown, not parsed, and
cannot end the run with a MarkupError; ``[link=…]`` or ``:emoji:`` change
nothing; controls and bidi overrides are shown escaped.
"""

from __future__ import annotations

from typing import TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text as RichText

from govcheck.findings import FileResult, Finding, RuleResult, RuleStatus, RunResult, Severity
from govcheck.i18n import Lang, text
from govcheck.textsafe import one_line

_STYLE = {
    RuleStatus.PASS: "green",
    RuleStatus.FAIL: "bold red",
    RuleStatus.NOT_APPLICABLE: "dim",
    RuleStatus.NOT_ASSESSABLE: "yellow",
}
_SEVERITY_STYLE = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def render(result: RunResult, out: TextIO, lang: Lang) -> None:
    """Print one table per file and the summary line."""
    console = Console(file=out, highlight=False, soft_wrap=False)
    for file in result.files:
        console.print(_header(file, lang))
        console.print(_table(file, lang))
    counts = {s.value: result.count(s) for s in Severity}
    console.print(_plain(text("ui.summary", lang, files=len(result.files), **counts)))
    if result.config:
        console.print(_plain(text("ui.config_in_effect", lang, path=result.config)))


def _plain(value: object, style: str = "") -> RichText:
    """``value`` as one inert line of rich text: shown as it is, never parsed as markup."""
    return RichText(one_line(value), style=style)


def _header(file: FileResult, lang: Lang) -> RichText:
    unknown = text("ui.unknown", lang)
    line = text(
        "ui.file_header",
        lang,
        path=file.path,
        format=file.format or unknown,
        year=file.year or unknown,
        issuer=file.issuer or unknown,
        date=file.date or unknown,
    )
    return _plain(line, style="bold")


def _table(file: FileResult, lang: Lang) -> Table:
    table = Table(show_lines=False, expand=False)
    for key in ("rule", "name", "status", "details"):
        table.add_column(_plain(text(f"ui.{key}", lang)), overflow="fold")
    by_rule: dict[str, list[Finding]] = {}
    for finding in file.findings:
        by_rule.setdefault(finding.rule, []).append(finding)
    for rule in file.rules:
        status = _plain(text(f"ui.{rule.status.value}", lang), style=_STYLE[rule.status])
        details = _details(rule, by_rule.get(rule.id, []), lang)
        table.add_row(_plain(rule.id), _plain(rule.name), status, details)
    return table


def _details(rule: RuleResult, findings: list[Finding], lang: Lang) -> RichText:
    out = RichText()
    for finding in findings:
        if out:
            out.append("\n")
        severity = text(f"ui.{finding.severity.value}", lang)
        out.append(f"{one_line(severity)} ", style=_SEVERITY_STYLE[finding.severity])
        out.append(one_line(f"{text('ui.line', lang, line=finding.line)}: {finding.message}"))
        if finding.related_lines:
            lines = ", ".join(str(n) for n in finding.related_lines)
            out.append(f"  ({one_line(text('ui.related', lang, lines=lines))})", style="dim")
    if rule.note and not findings:
        out.append(one_line(rule.note), style="dim")
    return out
