"""The one entry point the CLI and the tests share: lint paths, get results.

Pipeline: load (bytes → lines) → parse (→ Document) → check (rules ×
Document → findings). Rendering is the reporters' job, not this module's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from govcheck.engine.base import Context, RuleBase
from govcheck.engine.packs import builtin_rules
from govcheck.engine.runner import Selection, run_rules, select_rules
from govcheck.findings import FileResult
from govcheck.i18n import Lang
from govcheck.load import SourceText, read_source
from govcheck.parse import parse


@dataclass(frozen=True, slots=True)
class Options:
    lang: Lang = "zh"
    selection: Selection = field(default_factory=Selection)
    context: Context = field(default_factory=Context)


def active_rules(options: Options) -> tuple[RuleBase, ...]:
    """The built-in rules that the options select."""
    return select_rules(builtin_rules(), options.selection)


def lint_source(
    source: SourceText, options: Options, rules: Sequence[RuleBase] | None = None
) -> FileResult:
    """Lint one already-decoded report."""
    doc = parse(source)
    chosen = rules if rules is not None else active_rules(options)
    statuses, findings = run_rules(doc, chosen, options.lang, options.context)
    return FileResult(
        path=source.path,
        format=doc.format,
        year=doc.year,
        issuer=doc.issuer,
        date=doc.date.date.isoformat() if doc.date else None,
        rules=statuses,
        findings=findings,
    )


def lint_file(path: Path, options: Options, display: str | None = None) -> FileResult:
    """Lint one report file; raises :class:`~govcheck.errors.InputError` when unreadable."""
    return lint_source(read_source(path, display), options)
