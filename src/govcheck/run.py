"""One ``govcheck lint`` run, from request to exit code, without Typer.

Steps: configuration → rules → inputs → lint (maybe in parallel) → waivers
→ baseline → render → exit code. The CLI builds a :class:`Request` from its
arguments and calls :func:`execute`; tests can do the same.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from govcheck import progress
from govcheck.api import Failure, NotReport, Options, Outcome, iter_outcomes, rule_meta
from govcheck.baseline import only_new, read_baseline, write_baseline
from govcheck.config import Config, load_config
from govcheck.crossyear import previous_targets
from govcheck.engine.base import Context
from govcheck.errors import GovcheckError
from govcheck.findings import (
    ExitCode,
    FailOn,
    FileResult,
    RuleMeta,
    RunResult,
    Severity,
    exit_code,
)
from govcheck.i18n import Lang, text
from govcheck.ignore import DEFAULT_EXCLUDE, WalkFilter
from govcheck.model import IssuerLevel
from govcheck.output import refuse_inputs, write_atomic
from govcheck.paths import Target, expand_inputs, write_skipped
from govcheck.reporters import MACHINE_FORMATS, REPORTERS, Format, Renderer
from govcheck.reporters.csv_report import CsvRows
from govcheck.selection import RuleSet, build_rules
from govcheck.textsafe import one_line
from govcheck.timebudget import DEFAULT_SECONDS
from govcheck.waivers import apply_waivers

if TYPE_CHECKING:
    from govcheck.dashboard_sink import PageSink


@dataclass(frozen=True, slots=True)
class Request:
    """Everything the command line can say about a lint run (None: not given)."""

    paths: tuple[str, ...]
    output_format: Format | None = None
    lang: Lang | None = None
    fail_on: FailOn | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    jobs: int | None = None
    config: Path | None = None
    isolated: bool = False
    output: Path | None = None
    baseline: Path | None = None
    write_baseline: Path | None = None
    statistics: bool = False
    stdin_filename: str = "-"
    issuer_level: IssuerLevel | None = None
    published_on: dt.date | None = None
    previous: str | None = None  # --previous: last year's report, for one input
    pair_years: bool = False  # --pair-years: pair the inputs by issuer and year
    follow_links: bool = False  # --follow-links: read links that leave a folder or glob
    timeout: float = DEFAULT_SECONDS  # --timeout: seconds per file, 0 for no limit
    verbose: bool = False  # --verbose: the rich report also lists every rule
    quiet: bool = False  # -q/--quiet: only failing files and the summary; no bar, no notes
    exit_zero: bool = False  # --exit-zero: exit 0 even with findings (2 stays 2)
    no_ignore: bool = False  # --no-ignore: walks read lock, hidden and .gitignored files too
    force_exclude: bool = False  # --force-exclude: exclude applies to named files too
    output_dir: Path | None = None  # --output-dir: a page per report and an index.html


@dataclass(frozen=True, slots=True)
class Settings:
    """The request with configuration defaults filled in."""

    lang: Lang
    fail_on: FailOn
    options: Options
    ruleset: RuleSet
    config: Config


def settle(request: Request) -> Settings:
    """Merge command line over configuration file over defaults."""
    config = load_config(request.config, request.isolated)
    data = config.data
    lang: Lang = request.lang or data.lang or "zh"
    level = request.issuer_level or data.issuer_level
    # Only the HTML page shows the text; other formats do not hold it in memory.
    keep = request.output_format is Format.HTML
    options = Options(lang=lang, context=Context(level, request.published_on), keep_source=keep)
    ruleset = build_rules(config, request.select, request.ignore)
    fail_on = request.fail_on or data.fail_on or FailOn.ERROR
    return Settings(lang, fail_on, options, ruleset, config)


def execute(request: Request, stdout: TextIO, stderr: TextIO) -> ExitCode:
    """Run the request; input problems go to ``stderr``, one line each."""
    request = dashboard_request(request)
    settings = settle(request)
    inputs = expand_inputs(
        request.paths,
        request.exclude,
        request.stdin_filename,
        request.follow_links,
        walk_filter(request, settings.config),
    )
    # Even under --quiet: a file left out is never left out silently.
    write_skipped(inputs.skipped, settings.lang, stderr)
    targets = inputs.targets
    previous = previous_targets(targets, request.previous, request.pair_years)
    _refuse_inputs(request, settings.config, [*targets, *previous.values()])
    meta = rule_meta(settings.ruleset.rules, settings.lang)
    if request.output_dir is not None:
        lint = Lint(targets, previous, meta)
        return corpus_dashboard(request, request.output_dir, settings, lint, stdout, stderr)
    _one_page_note(request, len(targets), settings.lang, stderr)
    rows = _csv_rows(request, settings, meta, stdout)
    files, failures, skipped = _lint(request, settings, targets, previous, rows, stderr)
    files = _after_run(request, settings, files)
    config = str(settings.config.path) if settings.config.path else None
    result = RunResult(tuple(files), meta, config, skipped)
    if rows is None:
        _render(request, _shown(request, result, settings.fail_on), settings.lang, stdout, stderr)
    elif request.statistics:
        stderr.write(statistics(result.files, settings.lang))
    code = exit_code(result, settings.fail_on)
    _summary(request, result, settings, skipped, stderr)
    if failures:
        return ExitCode.USAGE
    return ExitCode.OK if request.exit_zero else code


def _after_run(request: Request, settings: Settings, files: list[FileResult]) -> list[FileResult]:
    """Waivers, then the baseline: what needs every result before anything is shown."""
    files = apply_waivers(files, settings.config, settings.ruleset.rules, settings.lang)
    if request.write_baseline:
        write_baseline(files, request.write_baseline)
    if request.baseline:
        files = only_new(files, read_baseline(request.baseline))
    return files


@dataclass(frozen=True, slots=True)
class Lint:
    """What the run lints: the targets, their previous years, the rules' metadata."""

    targets: Sequence[Target]
    previous: Mapping[str, Target]
    meta: Sequence[RuleMeta]


def dashboard_request(request: Request) -> Request:
    """``--output-dir`` means ``--format html``; another format or ``--output`` is refused."""
    if request.output_dir is None:
        return request
    if request.output is not None:
        raise GovcheckError("usage.output_dir_output")
    chosen = request.output_format
    if chosen is not None and chosen is not Format.HTML:
        raise GovcheckError("usage.output_dir_format", format=chosen.value)
    return replace(request, output_format=Format.HTML)


def corpus_dashboard(
    request: Request,
    folder: Path,
    settings: Settings,
    lint: Lint,
    stdout: TextIO,
    stderr: TextIO,
) -> ExitCode:
    """``--output-dir``: a page per report as it finishes, then ``index.html``.

    Without waivers or a baseline, each page is written as its report
    finishes and the result is kept without its text, so memory does not
    grow with the reports' size. Waivers and baselines change results after
    the last report: then the pages are written at the end, as one page is.
    Imported here: no other run pays for the dashboard's modules.
    """
    from govcheck.dashboard_sink import PageSink
    from govcheck.output_dir import OutputDir, refuse_held_inputs
    from govcheck.reporters.dashboard import Dashboard

    held = [t.path for t in [*lint.targets, *lint.previous.values()] if t.path is not None]
    refuse_held_inputs(folder, held)
    config = str(settings.config.path) if settings.config.path else None
    streams = request.baseline is None and not settings.config.waivers
    board = Dashboard(lint.meta, settings.lang, config)
    sink = PageSink(OutputDir(folder), board, streams)
    try:
        files, failures, skipped = _lint(
            request, settings, lint.targets, lint.previous, None, stderr, sink
        )
        files = _after_run(request, settings, files)
        if not streams:
            for position, file in enumerate(files):
                sink.file(file)
                files[position] = replace(file, linted=None)
        index = sink.finish(skipped)
    finally:
        sink.close()
    result = RunResult(tuple(files), tuple(lint.meta), config, skipped)
    if request.statistics:
        stderr.write(statistics(result.files, settings.lang))
    if not request.quiet:
        written = text("dash.written", settings.lang, pages=len(files), index=index)
        stdout.write(one_line(written) + "\n")
    code = exit_code(result, settings.fail_on)
    _summary(request, result, settings, skipped, stderr)
    if failures:
        return ExitCode.USAGE
    return ExitCode.OK if request.exit_zero else code


# More files than this on one --format html page gets a note pointing to --output-dir.
ONE_PAGE_MANY = 100


def _one_page_note(request: Request, count: int, lang: Lang, stderr: TextIO) -> None:
    """Several reports still make one page (as before), but many of them get a note."""
    if request.output_format is Format.HTML and count > ONE_PAGE_MANY and not request.quiet:
        stderr.write(one_line(text("dash.one_page_many", lang, files=count)) + "\n")


def walk_filter(request: Request, config: Config) -> WalkFilter:
    """What walks leave out: the configuration's exclude (or the defaults) and its extension."""
    data = config.data
    exclude = DEFAULT_EXCLUDE if data.exclude is None else data.exclude
    return WalkFilter(
        exclude=(*exclude, *data.extend_exclude),
        root=config.root,
        respect_ignores=not request.no_ignore,
        force=request.force_exclude,
    )


def _lint(
    request: Request,
    settings: Settings,
    targets: Sequence[Target],
    previous: Mapping[str, Target],
    rows: CsvRows | None,
    stderr: TextIO,
    pages: PageSink | None = None,
) -> tuple[list[FileResult], int, int]:
    """Lint every target: the results, how many failed to read and how many were skipped.

    A file that cannot be read is reported on stderr as soon as it is met;
    with ``rows``, each result's CSV row is written as soon as it is known,
    and with ``pages`` each result's page (the result is then kept without
    its text).
    """
    jobs = request.jobs if request.jobs is not None else (os.cpu_count() or 1)
    outcomes: Iterable[Outcome] = iter_outcomes(
        targets, settings.ruleset, settings.options, jobs, previous, request.timeout or None
    )
    if progress.wanted(stderr, len(targets), request.quiet):
        outcomes = progress.tracked(outcomes, len(targets), stderr, settings.lang)
    files: list[FileResult] = []
    failures = skipped = 0
    for outcome in outcomes:
        if isinstance(outcome, Failure):
            failures += 1
            message = one_line(text(outcome.key, settings.lang, **outcome.values))
            stderr.write(message + "\n")
            if pages is not None:
                pages.not_read(outcome.path, message)
        elif isinstance(outcome, NotReport):
            skipped += 1
        elif pages is not None and pages.streams:
            pages.file(outcome)
            files.append(replace(outcome, linted=None))
        else:
            files.append(outcome)
            if rows is not None:
                rows.file(outcome)
    return files, failures, skipped


def _csv_rows(
    request: Request, settings: Settings, meta: Sequence[RuleMeta], stdout: TextIO
) -> CsvRows | None:
    """A CSV written row by row as files finish, when nothing needs the whole run first.

    Waivers (GC900 needs every file) and baselines change results after the
    last file, and ``--output`` is written atomically: then the CSV is
    rendered at the end like the other formats.
    """
    streams = (
        request.output_format is Format.CSV
        and request.output is None
        and request.baseline is None
        and not settings.config.waivers
    )
    return CsvRows(meta, stdout) if streams else None


def _shown(request: Request, result: RunResult, fail_on: FailOn) -> RunResult:
    """Under --quiet, the human formats show only the findings that fail the run."""
    chosen = request.output_format
    if not request.quiet or chosen in MACHINE_FORMATS:
        return result
    if fail_on is FailOn.NEVER:
        return replace(result, files=())
    rank = Severity(fail_on.value).rank
    kept = []
    for file in result.files:
        failing = tuple(f for f in file.findings if f.severity.rank >= rank)
        if failing:
            kept.append(replace(file, findings=failing))
    return replace(result, files=tuple(kept))


def _summary(
    request: Request,
    result: RunResult,
    settings: Settings,
    skipped: int,
    stderr: TextIO,
) -> None:
    """One line on stderr counting files failed, passed and skipped (when any were skipped).

    Skipped files are not failures, so they are counted apart; under --quiet
    the line is the run's summary.
    """
    if not skipped and not request.quiet:
        return
    never = settings.fail_on is FailOn.NEVER
    threshold = Severity.ERROR.rank if never else Severity(settings.fail_on.value).rank
    failed = sum(1 for f in result.files if any(x.severity.rank >= threshold for x in f.findings))
    values = {"files": len(result.files), "failed": failed, "skipped": skipped}
    line = text("ui.files_summary", settings.lang, passed=len(result.files) - failed, **values)
    stderr.write(one_line(line) + "\n")


def _refuse_inputs(request: Request, config: Config, targets: Sequence[Target]) -> None:
    """Refuse, before reading anything, an output that would overwrite an input."""
    inputs = [t.path for t in targets if t.path is not None]
    inputs += [p for p in (request.baseline, config.path) if p is not None]
    for output in (request.output, request.write_baseline):
        if output is not None:
            refuse_inputs(output, inputs)


def _render(
    request: Request, result: RunResult, lang: Lang, stdout: TextIO, stderr: TextIO
) -> None:
    chosen = request.output_format or _default_format(stdout)
    render = REPORTERS[chosen]
    if chosen is Format.RICH:
        render = _rich(request, stdout)
    if (result.files or chosen in MACHINE_FORMATS) and _streams(request, chosen):
        # The reporters write piece by piece (the JSON one file at a time):
        # a 10,000-file JSON report never exists as one string in memory.
        render(result, stdout, lang)
    elif result.files or chosen in MACHINE_FORMATS:
        buffer = io.StringIO()
        render(result, buffer, lang)
        if request.output:
            write_atomic(request.output, buffer.getvalue())
        else:
            stdout.write(buffer.getvalue())
    if request.statistics:
        target = stderr if chosen in MACHINE_FORMATS and not request.output else stdout
        target.write(statistics(result.files, lang))


def _rich(request: Request, stdout: TextIO) -> Renderer:
    """The rich reporter, coloured for the stream the report ends on, verbose if asked.

    rich writes into a buffer, which is no terminal: whether to colour is
    decided here, from stdout (never for --output, unless FORCE_COLOR says so).
    """
    from govcheck.reporters import console

    terminal = request.output is None and stdout.isatty()
    colour = console.colour_wanted(terminal, os.environ)
    return partial(console.render, verbose=request.verbose, colour=colour)


def _streams(request: Request, chosen: Format) -> bool:
    """Whether the report goes straight to stdout rather than through a buffer.

    --output is written atomically, so it needs the whole text first; rich
    sizes and colours its table for the stream it is given, so it keeps the
    buffer it always had.
    """
    return request.output is None and chosen is not Format.RICH


def _default_format(stdout: TextIO) -> Format:
    if os.environ.get("GITHUB_ACTIONS") == "true":
        return Format.GITHUB
    return Format.RICH if stdout.isatty() else Format.LINE


def statistics(files: Sequence[FileResult], lang: Lang) -> str:
    """Counts per rule, most frequent first, then by id."""
    counts = Counter((f.rule, f.name, f.severity.value) for r in files for f in r.findings)
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0][0]))
    lines = [f"{n:>5}  {rule:<6} {severity:<8} {name}" for (rule, name, severity), n in rows]
    header = text("ui.statistics", lang, total=sum(counts.values()))
    return "\n".join([header, *lines]) + "\n"
