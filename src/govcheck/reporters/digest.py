"""What every summary for people states first: the verdict, and what could not be assessed.

A rule that could not be assessed is no pass: the rich, line and HTML
reports all count such rules at the top and say why, grouped by reason, so
that a gate which passes is seen to mean that the report was checked.
"""

from __future__ import annotations

from dataclasses import dataclass

from govcheck.findings import FileResult, RuleStatus, RunResult, Severity
from govcheck.i18n import Lang, text


@dataclass(frozen=True, slots=True)
class Unassessed:
    """Rules of one file that could not be assessed for one and the same reason."""

    note: str
    rules: tuple[str, ...]

    def describe(self, lang: Lang) -> str:
        """The group as one line in ``lang``: how many rules, which ones, and why."""
        return text(
            "ui.unassessed",
            lang,
            count=len(self.rules),
            rules=text("ui.separator", lang).join(self.rules),
            note=self.note or text("ui.unknown", lang),
        )


def unassessed(file: FileResult) -> list[Unassessed]:
    """The file's not-assessable rules, grouped by their note in order of first appearance."""
    groups: dict[str, list[str]] = {}
    for rule in file.rules:
        if rule.status is RuleStatus.NOT_ASSESSABLE:
            groups.setdefault(rule.note, []).append(rule.id)
    return [Unassessed(note, tuple(ids)) for note, ids in groups.items()]


def verdict_key(result: RunResult) -> str:
    """fail (errors), warning, incomplete (something not assessed) or pass."""
    if result.count(Severity.ERROR):
        return "fail"
    if result.count(Severity.WARNING):
        return "warning"
    return "incomplete" if result.not_assessable() else "pass"


def verdict(result: RunResult, lang: Lang) -> str:
    """The run in one line: verdict, errors, warnings, rules not assessed, files."""
    info = result.count(Severity.INFO)
    return text(
        "ui.verdict",
        lang,
        verdict=text(f"ui.verdict_{verdict_key(result)}", lang),
        error=result.count(Severity.ERROR),
        warning=result.count(Severity.WARNING),
        info=text("ui.verdict_info", lang, info=info) if info else "",
        not_assessable=result.not_assessable(),
        files=len(result.files),
    )
