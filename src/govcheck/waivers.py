"""Waivers: accepted findings, declared in the configuration with a reason.

A report has no comment syntax, so a waiver names the file (or a glob), the
rule, and the cell (semantic location, e.g. ``t3.new.np``) or line. Waived
findings disappear from the output. A waiver that matches nothing in a file
that was checked is itself a finding, GC900 unused-waiver, so that stale
waivers do not hide future problems.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Sequence
from dataclasses import replace

from govcheck.config import Config, PlacedWaiver
from govcheck.engine.base import RuleBase
from govcheck.engine.runner import rule_fix
from govcheck.findings import FileResult, Finding, RuleResult, RuleStatus
from govcheck.i18n import Lang, text
from govcheck.selection import relative_to_root

UNUSED_RULE = "GC900"


def apply_waivers(
    results: Sequence[FileResult], config: Config, rules: Sequence[RuleBase], lang: Lang
) -> list[FileResult]:
    """Drop waived findings; add GC900 once for each waiver that matched nothing.

    The GC900 finding goes to the first checked file the waiver's path names,
    so a run that does not check that file does not call the waiver unused.
    """
    if not config.waivers:
        return list(results)
    used: set[int] = set()
    first_file: dict[int, int] = {}
    out: list[FileResult] = []
    for position, result in enumerate(results):
        relative = relative_to_root(result.path, config.root)
        mine = [
            (i, w) for i, w in enumerate(config.waivers) if fnmatch.fnmatch(relative, w.waiver.path)
        ]
        for i, _ in mine:
            first_file.setdefault(i, position)
        kept = []
        for finding in result.findings:
            hit = next((i for i, w in mine if _matches(w, finding)), None)
            if hit is None:
                kept.append(finding)
            else:
                used.add(hit)
        out.append(replace(result, findings=tuple(kept)))
    for i, position in sorted(first_file.items()):
        if i not in used:
            out[position] = _with_unused(out[position], [config.waivers[i]], rules, lang)
        else:
            out[position] = _mark(out[position], RuleStatus.PASS)
    return out


def _mark(result: FileResult, status: RuleStatus) -> FileResult:
    """Set GC900's status on a file unless it already failed there."""
    rules = tuple(
        replace(r, status=status) if r.id == UNUSED_RULE and r.status is not RuleStatus.FAIL else r
        for r in result.rules
    )
    return replace(result, rules=rules)


def _matches(placed: PlacedWaiver, finding: Finding) -> bool:
    waiver = placed.waiver
    if waiver.rule not in (finding.rule, finding.name):
        return False
    if waiver.cell is not None:
        return finding.anchor == waiver.cell
    return finding.line == waiver.line


def _with_unused(
    result: FileResult, unused: list[PlacedWaiver], rules: Sequence[RuleBase], lang: Lang
) -> FileResult:
    rule = next((r for r in rules if r.id == UNUSED_RULE), None)
    if rule is None or not unused:
        return result
    findings = [
        Finding(
            rule=rule.id,
            name=rule.name,
            severity=rule.severity,
            line=1,
            column=1,
            message=text(
                "waiver.unused",
                lang,
                source=w.source,
                line=w.line,
                rule=w.waiver.rule,
                where=w.waiver.cell or w.waiver.line,
            ),
            anchor=f"waiver:{w.waiver.rule}:{w.waiver.cell or w.waiver.line}",
            fix=rule_fix(rule, lang),
        )
        for w in unused
    ]
    statuses = tuple(
        RuleResult(r.id, r.name, r.severity, RuleStatus.FAIL) if r.id == rule.id else r
        for r in result.rules
    )
    merged = tuple(sorted((*result.findings, *findings), key=lambda f: (f.line, f.column, f.rule)))
    return replace(result, findings=merged, rules=statuses)
