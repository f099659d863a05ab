"""The entry points the CLI and the tests share: lint sources, files and whole runs.

Pipeline: load (bytes → units) → parse (→ Document) → check (rules ×
Document → findings). Rendering is the reporters' job, not this module's.
Every function here is pure apart from reading its inputs, so a process pool
(or Dask, or Spark) can map :func:`lint_target` over many files.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from govcheck.engine.base import Context, RuleBase
from govcheck.engine.packs import builtin_rules
from govcheck.engine.runner import Selection, run_rules, select_rules
from govcheck.errors import InputError
from govcheck.findings import FileResult, RuleMeta
from govcheck.i18n import Lang
from govcheck.load import SourceText, read_source, read_stdin
from govcheck.parse import parse
from govcheck.paths import Target
from govcheck.selection import RuleSet

# Below this many files a process pool costs more than it saves.
_MIN_PARALLEL = 8


@dataclass(frozen=True, slots=True)
class Options:
    lang: Lang = "zh"
    selection: Selection = field(default_factory=Selection)
    context: Context = field(default_factory=Context)


@dataclass(frozen=True, slots=True)
class Failure:
    """A file that could not be read: an i18n message key and its values."""

    path: str
    key: str
    values: Mapping[str, object]


def active_rules(options: Options) -> tuple[RuleBase, ...]:
    """The built-in rules that the options select."""
    return select_rules(builtin_rules(), options.selection)


def lint_source(
    source: SourceText, options: Options, rules: Sequence[RuleBase] | None = None
) -> FileResult:
    """Lint one already-loaded report."""
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


def lint_target(target: Target, ruleset: RuleSet, options: Options) -> FileResult | Failure:
    """Lint one input; an unreadable one becomes a :class:`Failure`, never an exception."""
    try:
        if target.path is None:
            source = read_stdin(target.display)
        else:
            source = read_source(target.path, target.display)
    except InputError as exc:
        return Failure(target.display, exc.key, exc.values)
    return lint_source(source, options, ruleset.for_file(target.display))


def lint_targets(
    targets: Sequence[Target], ruleset: RuleSet, options: Options, jobs: int = 1
) -> list[FileResult | Failure]:
    """Lint every target; results come back in input order whatever ``jobs`` is."""
    files = [t for t in targets if t.path is not None]
    if jobs <= 1 or len(files) < _MIN_PARALLEL or len(files) != len(targets):
        return [lint_target(t, ruleset, options) for t in targets]
    chunk = max(1, len(targets) // (jobs * 8))
    with ProcessPoolExecutor(
        max_workers=jobs, initializer=_init_worker, initargs=(ruleset, options)
    ) as pool:
        return list(pool.map(_work, targets, chunksize=chunk))


_WORKER: tuple[RuleSet, Options] | None = None


def _init_worker(ruleset: RuleSet, options: Options) -> None:
    """Each worker receives the validated rules once, not once per file."""
    global _WORKER
    _WORKER = (ruleset, options)


def _work(target: Target) -> FileResult | Failure:
    assert _WORKER is not None, "worker not initialised"
    return lint_target(target, *_WORKER)


def rule_meta(rules: Sequence[RuleBase], lang: Lang) -> tuple[RuleMeta, ...]:
    """Reporter-facing descriptions of ``rules`` in ``lang``."""
    return tuple(
        RuleMeta(
            r.id, r.name, r.severity, r.summary.text().render(lang), r.rationale.text().render(lang)
        )
        for r in rules
    )
