"""Run rules over a document: select, evaluate, and stamp findings.

The runner is the only place that turns an evaluator's :class:`Hit` into a
:class:`Finding`: it adds the rule's id, name, severity and the message in
the user's language. Rules that cannot apply (another format) are
``not_applicable``; rules over a document that is not a report at all are
``not_assessable``, except the rule that says so.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from govcheck.engine.base import Context, Hit, Outcome, RuleBase
from govcheck.engine.budget import BudgetUnavailable, RuleTimeout, budget_seconds, within_budget
from govcheck.engine.registry import evaluate
from govcheck.engine.suspects import merge_suspects
from govcheck.findings import Finding, RuleResult, RuleStatus
from govcheck.i18n import Lang, both, render_value
from govcheck.model import Document

_ID_PREFIX = re.compile(r"^GC\d{0,3}$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Selection:
    """``--select`` / ``--ignore``: ids, id prefixes (GC3) or names."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    def wants(self, rule: RuleBase) -> bool:
        """Whether ``rule`` runs under this selection."""
        selected = not self.select or any(_matches(rule, p) for p in self.select)
        return selected and not any(_matches(rule, p) for p in self.ignore)


def _matches(rule: RuleBase, pattern: str) -> bool:
    pattern = pattern.strip()
    if _ID_PREFIX.match(pattern):
        return rule.id.upper().startswith(pattern.upper())
    return pattern == rule.name


def run_rules(
    doc: Document, rules: Sequence[RuleBase], lang: Lang, ctx: Context | None = None
) -> tuple[tuple[RuleResult, ...], tuple[Finding, ...]]:
    """Evaluate ``rules`` on ``doc``; findings come back sorted by line, column, rule."""
    outcomes = {rule.id: _outcome(rule, doc, ctx or Context()) for rule in rules if rule.gate}
    closed = next((r for r in rules if r.gate and outcomes[r.id].status is RuleStatus.FAIL), None)
    for rule in rules:
        outcomes[rule.id] = outcomes.get(rule.id) or _gated(rule, doc, ctx or Context(), closed)
    outcomes = merge_suspects(doc, rules, outcomes)
    results: list[RuleResult] = []
    findings: list[Finding] = []
    for rule in rules:
        outcome = outcomes[rule.id]
        note = outcome.note.render(lang) if outcome.note else ""
        results.append(RuleResult(rule.id, rule.name, rule.severity, outcome.status, note))
        findings.extend(_finding(rule, hit, lang) for hit in outcome.hits)
    findings.sort(key=lambda f: (f.line, f.column, f.rule, f.message))
    return tuple(results), tuple(findings)


def _gated(rule: RuleBase, doc: Document, ctx: Context, closed: RuleBase | None) -> Outcome:
    """A failed gate rule (e.g. GC002, pre-2019 layout) makes the others not assessable."""
    if closed is not None and not rule.RUNS_ON_ANY:
        return Outcome.not_assessable(both("note.gated", rule=closed.id, name=closed.name))
    return _outcome(rule, doc, ctx)


def _outcome(rule: RuleBase, doc: Document, ctx: Context) -> Outcome:
    if not doc.recognised and not rule.RUNS_ON_ANY:
        return Outcome.not_assessable(both("note.not_a_report"))
    if doc.template is not None and doc.template.id not in rule.formats:
        return Outcome(RuleStatus.NOT_APPLICABLE)
    if rule.from_user_pack:
        return _budgeted(rule, doc, ctx)
    return evaluate(rule, doc, ctx)


def _budgeted(rule: RuleBase, doc: Document, ctx: Context) -> Outcome:
    """A user pack's rule, not assessable when it overruns its budget (a slow pattern)."""
    try:
        return within_budget(lambda: evaluate(rule, doc, ctx))
    except RuleTimeout:
        return Outcome.not_assessable(both("note.over_budget", seconds=f"{budget_seconds():g}"))
    except BudgetUnavailable:
        return Outcome.not_assessable(both("note.no_budget"))


def _finding(rule: RuleBase, hit: Hit, lang: Lang) -> Finding:
    if hit.message is not None:
        message = hit.message.render(lang)
    else:
        template = rule.message.en if lang == "en" else rule.message.zh
        message = template.format_map({k: render_value(v, lang) for k, v in hit.values.items()})
    return Finding(
        rule=rule.id,
        name=rule.name,
        severity=hit.severity or rule.severity,
        line=hit.line,
        column=hit.column,
        message=message,
        related_lines=hit.related,
        anchor=hit.anchor,
        fix=rule_fix(rule, lang),
        suggested=hit.suggested,
    )


def rule_fix(rule: RuleBase, lang: Lang) -> str:
    """The rule's fix text in ``lang`` ("" for a rule without one), shown with each finding."""
    return rule.fix.text().render(lang) if rule.fix else ""


def select_rules(rules: Iterable[RuleBase], selection: Selection) -> tuple[RuleBase, ...]:
    """The rules that ``selection`` keeps, in id order."""
    return tuple(sorted((r for r in rules if selection.wants(r)), key=lambda r: r.id))
