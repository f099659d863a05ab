"""``--format rich`` (default on a terminal): a report a clerk reads in ten seconds.

First one line with the verdict: errors, warnings, and how many rules could
not be assessed. Then, per file, its header, why rules could not be
assessed, and only the failing rules, each with its title in the user's
language, its findings and its fix; then one line counting what passed.
``--verbose`` adds the table of every rule. The id stays everywhere; the
English kebab-case name is left to the machine formats.

Lines break between Chinese characters and at spaces, never inside a word
(see :mod:`govcheck.reporters.wrap`). Colour is used on a terminal, never
with ``NO_COLOR``, and also in a pipe with ``FORCE_COLOR``.

Everything from a report, a path or a configuration reaches rich as a
``Text`` of :func:`~govcheck.textsafe.one_line` (never as a ``str``, which
rich would read as markup): ``[/]`` in a title is shown, not parsed, and
cannot end the run with a MarkupError; ``[link=…]`` or ``:emoji:`` change
nothing; controls and bidi overrides are shown escaped.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text as RichText

from govcheck.findings import FileResult, Finding, RuleResult, RuleStatus, RunResult, Severity
from govcheck.i18n import Lang, text
from govcheck.reporters.digest import unassessed, verdict, verdict_key
from govcheck.reporters.place import with_place
from govcheck.reporters.wrap import Wrapped
from govcheck.textsafe import one_line

_STYLE = {
    RuleStatus.PASS: "green",
    RuleStatus.FAIL: "bold red",
    RuleStatus.NOT_APPLICABLE: "dim",
    RuleStatus.NOT_ASSESSABLE: "yellow",
}
_SEVERITY_STYLE = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
_VERDICT_STYLE = {
    "fail": "bold red",
    "warning": "bold yellow",
    "incomplete": "bold yellow",
    "pass": "bold green",
}
# Findings and fixes sit under their rule's title, indented by this many cells.
_INDENT = 4


def colour_wanted(is_terminal: bool, environ: Mapping[str, str]) -> bool:
    """Colour on a terminal; ``NO_COLOR`` (set, not empty) turns it off, ``FORCE_COLOR`` on.

    ``NO_COLOR`` wins over ``FORCE_COLOR`` (https://no-color.org): the output
    then has no escape sequence at all, as in a pipe.
    """
    if environ.get("NO_COLOR"):
        return False
    if environ.get("FORCE_COLOR"):
        return True
    return is_terminal and environ.get("TERM") != "dumb"


def render(
    result: RunResult,
    out: TextIO,
    lang: Lang,
    *,
    verbose: bool = False,
    colour: bool | None = None,
) -> None:
    """The verdict, then each file's failing rules; every rule too when ``verbose``.

    ``colour`` None decides from ``out`` and the environment (:func:`colour_wanted`).
    """
    if colour is None:
        colour = colour_wanted(out.isatty(), os.environ)
    console = Console(
        file=out,
        force_terminal=colour,
        no_color=not colour,
        color_system="auto" if colour else None,
        highlight=False,
        soft_wrap=False,
        emoji=False,
    )
    titles = {meta.id: meta.summary for meta in result.rules}
    line = _plain(verdict(result, lang), _VERDICT_STYLE[verdict_key(result)])
    console.print(Wrapped(line))
    for file in result.files:
        console.print()
        _file(console, file, titles, lang, verbose)
    if len(result.files) > 1:
        console.print()
        console.print(Wrapped(line))
    if result.config:
        console.print(Wrapped(_plain(text("ui.config_in_effect", lang, path=result.config))))


def _plain(value: object, style: str = "") -> RichText:
    """``value`` as one inert line of rich text: shown as it is, never parsed as markup."""
    return RichText(one_line(value), style=style)


def _file(
    console: Console, file: FileResult, titles: Mapping[str, str], lang: Lang, verbose: bool
) -> None:
    """Header, what could not be assessed, failing rules, (every rule), what passed."""
    console.print(Wrapped(_header(file, lang)))
    for group in unassessed(file):
        console.print(Wrapped(_plain(group.describe(lang), "yellow"), indent=2))
    by_rule: dict[str, list[Finding]] = {}
    for finding in file.findings:
        by_rule.setdefault(finding.rule, []).append(finding)
    for rule in _failing(file.rules, by_rule):
        _rule(console, rule, titles.get(rule, ""), by_rule[rule], lang)
    for result in file.rules:  # failed, its finding merged into another rule's (a suspect cell)
        if result.status is RuleStatus.FAIL and result.id not in by_rule and result.note:
            _merged(console, result, titles.get(result.id, ""))
    if verbose:
        console.print()
        console.print(_table(file, titles, by_rule, lang))
    elif by_rule:
        console.print()
    console.print(Wrapped(_passed(file, lang)))


def _failing(rules: Sequence[RuleResult], by_rule: Mapping[str, list[Finding]]) -> list[str]:
    """Ids of the rules with findings: in rule order, then any the statuses do not list."""
    ordered = [r.id for r in rules if r.id in by_rule]
    return ordered + [rule for rule in by_rule if rule not in ordered]


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


def _rule(console: Console, rule: str, title: str, findings: Sequence[Finding], lang: Lang) -> None:
    """A failing rule: its id and title, its findings, then its fix once."""
    worst = max((f.severity for f in findings), key=lambda s: s.rank)
    heading = _plain(rule, f"bold {_SEVERITY_STYLE[worst]}")
    if title:
        heading.append(" ").append(_plain(title, "bold"))
    console.print()
    console.print(Wrapped(heading, indent=2))
    for finding in findings:
        console.print(Wrapped(_finding(finding, lang), indent=_INDENT))
    for fix in dict.fromkeys(f.fix for f in findings if f.fix):
        console.print(Wrapped(_plain(text("ui.fix", lang, fix=fix), "cyan"), indent=_INDENT))


def _merged(console: Console, result: RuleResult, title: str) -> None:
    """A failing rule without findings of its own: its id and title, and the note saying where."""
    heading = _plain(result.id, _STYLE[RuleStatus.FAIL])
    if title:
        heading.append(" ").append(_plain(title, "bold"))
    console.print()
    console.print(Wrapped(heading, indent=2))
    console.print(Wrapped(_plain(result.note, "dim"), indent=_INDENT))


def _finding(finding: Finding, lang: Lang) -> RichText:
    """Severity, line, message and related lines; the severity word in its colour."""
    severity = one_line(text(f"ui.{finding.severity.value}", lang))
    message = with_place(finding, lang)
    line = text("ui.finding", lang, severity=severity, line=finding.line, message=message)
    out = RichText(one_line(line))
    if out.plain.startswith(severity):
        out.stylize(f"bold {_SEVERITY_STYLE[finding.severity]}", 0, len(severity))
    if finding.related_lines:
        lines = ", ".join(str(n) for n in finding.related_lines)
        out.append(f"  ({one_line(text('ui.related', lang, lines=lines))})", style="dim")
    return out


def _passed(file: FileResult, lang: Lang) -> RichText:
    counts = dict.fromkeys(RuleStatus, 0)
    for rule in file.rules:
        counts[rule.status] += 1
    passed = counts[RuleStatus.PASS]
    line = text("ui.passed", lang, passed=passed, not_applicable=counts[RuleStatus.NOT_APPLICABLE])
    return _plain(line, "green" if passed else "")


def _table(
    file: FileResult, titles: Mapping[str, str], by_rule: Mapping[str, list[Finding]], lang: Lang
) -> Table:
    """Every rule: id, title, status, and its note or how many findings it has."""
    table = Table(show_lines=False, expand=False)
    for key in ("rule", "title", "status", "details"):
        table.add_column(_plain(text(f"ui.{key}", lang)))
    for rule in file.rules:
        status = _plain(text(f"ui.{rule.status.value}", lang), style=_STYLE[rule.status])
        count = len(by_rule.get(rule.id, ()))
        details = text("ui.findings_count", lang, count=count) if count else rule.note
        table.add_row(
            _plain(rule.id),
            Wrapped(_plain(titles.get(rule.id) or rule.name)),
            status,
            Wrapped(_plain(details, "dim")),
        )
    return table
