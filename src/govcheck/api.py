"""The entry points the CLI and the tests share: lint sources, files and whole runs.

Pipeline: load (bytes → units) → parse (→ Document) → check (rules ×
Document → findings). Rendering is the reporters' job, not this module's.
Every function here is pure apart from reading its inputs, so a process pool
(or Dask, or Spark) can map :func:`lint_target` over many files;
:func:`check` is the documented form of it for programs (docs/api.md).
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from govcheck.config import load_config
from govcheck.engine.base import Context, RuleBase
from govcheck.engine.packs import builtin_rules
from govcheck.engine.places import locate
from govcheck.engine.runner import Selection, run_rules, select_rules
from govcheck.errors import InputError
from govcheck.findings import FileResult, RuleMeta, RuleResult
from govcheck.i18n import Lang, text
from govcheck.linted import Linted, LintedTable, LintedUnit
from govcheck.load import SourceText, load_bytes, read_source, read_stdin
from govcheck.model import Document, IssuerLevel
from govcheck.parse import parse
from govcheck.parse.issuer import infer_issuer, with_option
from govcheck.paths import Target
from govcheck.selection import RuleSet, build_rules
from govcheck.timebudget import time_budget
from govcheck.waivers import apply_waivers

if TYPE_CHECKING:
    from concurrent.futures import Executor, Future

# Below this many files a process pool costs more than it saves.
_MIN_PARALLEL = 8


@dataclass(frozen=True, slots=True)
class Options:
    lang: Lang = "zh"
    selection: Selection = field(default_factory=Selection)
    context: Context = field(default_factory=Context)
    # Keep what was linted in each result (for ``--format html``); costs the text's memory.
    keep_source: bool = False


@dataclass(frozen=True, slots=True)
class NotReport:
    """A file found by a walk that shows no sign of being a report: skipped, not failed."""

    path: str


@dataclass(frozen=True, slots=True)
class Failure:
    """A file that could not be read: an i18n message key and its values."""

    path: str
    key: str
    values: Mapping[str, object]


Outcome = FileResult | Failure | NotReport


def active_rules(options: Options) -> tuple[RuleBase, ...]:
    """The built-in rules that the options select."""
    return select_rules(builtin_rules(), options.selection)


def lint_source(
    source: SourceText, options: Options, rules: Sequence[RuleBase] | None = None
) -> FileResult:
    """Lint one already-loaded report."""
    return lint_document(source, parse(source), options, rules)


def lint_document(
    source: SourceText, doc: Document, options: Options, rules: Sequence[RuleBase] | None = None
) -> FileResult:
    """Lint one parsed report."""
    chosen = rules if rules is not None else active_rules(options)
    statuses, findings = run_rules(doc, chosen, options.lang, options.context)
    findings = locate(findings, source, doc, options.lang)
    return FileResult(
        path=source.path,
        format=doc.format,
        year=doc.year,
        issuer=doc.issuer,
        date=doc.date.date.isoformat() if doc.date else None,
        rules=statuses,
        findings=findings,
        linted=_linted(source, doc, options.lang) if options.keep_source else None,
        published_page=doc.published.date.isoformat() if doc.published else None,
        level=_level(doc, options.context),
    )


def _level(doc: Document, context: Context) -> str | None:
    """The issuer's level(s) for tables of reports: known ones "|"-joined, else None."""
    issuer = with_option(infer_issuer(doc.issuer), context.issuer_level)
    if not issuer.known:
        return None
    return "|".join(level.value for level in IssuerLevel if level in issuer.levels)


def _linted(source: SourceText, doc: Document, lang: Lang) -> Linted:
    """The text and tables the rules saw, as plain values a reporter can show."""
    tables = tuple(
        LintedTable(
            table.spec.id,
            table.status,
            table.line,
            tuple(table.cells.values()),
            tuple((p.line, text(p.key, lang, **p.values)) for p in table.problems),
        )
        for table in doc.tables.values()
    )
    units = tuple(LintedUnit(u.text, u.line, u.column) for u in source.units)
    template = doc.template.id if doc.template else None
    return Linted(source.form, source.lines, units, template, tables)


def lint_target(
    target: Target,
    ruleset: RuleSet,
    options: Options,
    previous: Target | None = None,
    timeout: float | None = None,
) -> Outcome:
    """Lint one input; an unreadable one becomes a :class:`Failure`, never an exception.

    ``previous`` is the same organ's report for the year before: it is parsed
    here, in the worker, and handed to the cross-year rules in the context.
    ``timeout`` is the file's time budget in seconds (None: none); a file that
    runs over it is a Failure too (``input.timeout``), see :mod:`govcheck.timebudget`.
    """
    try:
        with time_budget(timeout, target.display):
            return _lint_target(target, ruleset, options, previous)
    except InputError as exc:
        return Failure(target.display, exc.key, exc.values)


def _lint_target(
    target: Target, ruleset: RuleSet, options: Options, previous: Target | None
) -> FileResult | NotReport:
    source = _read(target)
    doc = parse(source)
    if target.walked and not doc.shows_a_report:
        return NotReport(target.display)
    before = parse(_read(previous)) if previous is not None else None
    if before is not None:
        options = replace(options, context=replace(options.context, previous=before))
    return lint_document(source, doc, options, ruleset.for_file(target.display))


def _read(target: Target) -> SourceText:
    if target.path is None:
        return read_stdin(target.display)
    return read_source(target.path, target.display, target.vetted)


def lint_targets(
    targets: Sequence[Target],
    ruleset: RuleSet,
    options: Options,
    jobs: int = 1,
    previous: Mapping[str, Target] | None = None,
    timeout: float | None = None,
) -> list[Outcome]:
    """Lint every target; results come back in input order whatever ``jobs`` is.

    ``previous`` maps a target's display name to its previous-year report;
    ``timeout`` is each file's time budget in seconds (None: none).
    """
    return list(iter_outcomes(targets, ruleset, options, jobs, previous, timeout))


def iter_outcomes(
    targets: Sequence[Target],
    ruleset: RuleSet,
    options: Options,
    jobs: int = 1,
    previous: Mapping[str, Target] | None = None,
    timeout: float | None = None,
) -> Iterator[Outcome]:
    """Each target's outcome as soon as it and those before it are done, in input order.

    A caller can show progress or write a row per file while the rest are
    still being linted; equal rule-status tuples are shared (see :func:`_shared`).
    """
    befores = [(previous or {}).get(t.display) for t in targets]
    files = [t for t in targets if t.path is not None]
    if jobs <= 1 or len(files) < _MIN_PARALLEL or len(files) != len(targets):
        yield from _shared(
            lint_target(t, ruleset, options, b, timeout)
            for t, b in zip(targets, befores, strict=True)
        )
        return
    chunk = _chunk_size(len(targets), jobs)
    from concurrent.futures import ProcessPoolExecutor  # ~20 ms: only for a pool

    with ProcessPoolExecutor(
        max_workers=jobs, initializer=_init_worker, initargs=(ruleset, options, timeout)
    ) as pool:
        yield from _shared(_windowed(pool, targets, befores, chunk, jobs))


# Chunks in flight per worker: one running and one queued keeps every worker
# busy; a slow consumer (the dashboard renders a page per result) then never
# has thousands of finished results waiting in memory, as ``pool.map`` (which
# submits everything at once) would.
_WINDOW_PER_JOB = 2


def _windowed(
    pool: Executor,
    targets: Sequence[Target],
    befores: Sequence[Target | None],
    chunk: int,
    jobs: int,
) -> Iterator[Outcome]:
    """``pool.map`` in chunks, in input order, with a bounded number of chunks submitted."""
    pending: deque[Future[list[Outcome]]] = deque()
    for start in range(0, len(targets), chunk):
        end = start + chunk
        pending.append(pool.submit(_work_chunk, targets[start:end], befores[start:end]))
        if len(pending) >= jobs * _WINDOW_PER_JOB:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()


def _shared(outcomes: Iterable[Outcome]) -> Iterator[Outcome]:
    """The outcomes, with equal rule-status tuples shared rather than repeated.

    A bulk run holds every result until it renders, and most files of a run
    have the same ~80 statuses; each file built (or unpickled from a worker)
    its own copy. Sharing them keeps 10,000 results in a few megabytes.
    """
    shared: dict[tuple[RuleResult, ...], tuple[RuleResult, ...]] = {}
    for outcome in outcomes:
        if isinstance(outcome, FileResult):
            rules = shared.setdefault(outcome.rules, outcome.rules)
            outcome = outcome if rules is outcome.rules else replace(outcome, rules=rules)
        yield outcome


# Files per task sent to a worker: enough to make the IPC cost negligible,
# few enough that no worker idles while another finishes a long last chunk.
_MAX_CHUNK = 32


def _chunk_size(files: int, jobs: int) -> int:
    """Chunks of at most :data:`_MAX_CHUNK` files, at least four per worker."""
    return max(1, min(_MAX_CHUNK, files // (jobs * 4)))


_WORKER: tuple[RuleSet, Options, float | None] | None = None


def _init_worker(ruleset: RuleSet, options: Options, timeout: float | None) -> None:
    """Each worker receives the validated rules (and the time budget) once, not once per file."""
    global _WORKER
    _WORKER = (ruleset, options, timeout)


def _work(target: Target, previous: Target | None) -> Outcome:
    assert _WORKER is not None, "worker not initialised"
    ruleset, options, timeout = _WORKER
    return lint_target(target, ruleset, options, previous, timeout)


def _work_chunk(targets: Sequence[Target], befores: Sequence[Target | None]) -> list[Outcome]:
    return [_work(t, b) for t, b in zip(targets, befores, strict=True)]


def rule_meta(rules: Sequence[RuleBase], lang: Lang) -> tuple[RuleMeta, ...]:
    """Reporter-facing descriptions of ``rules`` in ``lang``."""
    return tuple(
        RuleMeta(
            r.id, r.name, r.severity, r.summary.text().render(lang), r.rationale.text().render(lang)
        )
        for r in rules
    )


def check(
    source: str | os.PathLike[str] | bytes,
    *,
    name: str | None = None,
    config: str | os.PathLike[str] | None = None,
    lang: Lang = "zh",
    previous: str | os.PathLike[str] | bytes | None = None,
) -> FileResult:
    """Lint one report, given as a path or as its bytes: the API for programs (docs/api.md).

    A pure function of its arguments and the files they name: no
    configuration is discovered (``config`` names a govcheck.toml to use, with
    its rule selection, severities and waivers), nothing is written, and the
    arguments and the :class:`FileResult` are plain picklable values, so a
    process pool, Dask or Spark can map it over a corpus. ``name`` is the
    display name (and, by its ending, the form hint) for bytes; ``previous`` is
    the same organ's report for the year before, for the cross-year rules. An
    unreadable input raises :class:`~govcheck.errors.InputError`.
    """
    settings = load_config(Path(config), isolated=False) if config else load_config(None, True)
    ruleset = build_rules(settings, (), ())
    report = _load(source, name, "<bytes>")
    before = parse(_load(previous, None, "<previous>")) if previous is not None else None
    options = Options(lang=lang, context=Context(settings.data.issuer_level, previous=before))
    result = lint_source(report, options, ruleset.for_file(report.path))
    return apply_waivers([result], settings, ruleset.rules, lang)[0]


def _load(source: str | os.PathLike[str] | bytes, name: str | None, unnamed: str) -> SourceText:
    """Bytes shown as ``name`` (or ``unnamed``), or a file shown as ``name`` (or its path)."""
    if isinstance(source, bytes):
        return load_bytes(source, name or unnamed)
    return read_source(Path(source), name or os.fspath(source))
