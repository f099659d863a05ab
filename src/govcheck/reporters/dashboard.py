"""``--format html --output-dir OUT``: one page per report and an ``index.html``.

A corpus of thousands of reports on one page is hundreds of megabytes that
no browser renders. The dashboard gives each report today's page
(:mod:`govcheck.reporters.html_report`) and an index an assessor can read
at a glance: counts, charts (inline SVG, :mod:`govcheck.reporters.svg_chart`)
and a table linking every report to its page.

Memory stays bounded: :meth:`Dashboard.page` renders one report's page for
the caller to write at once, and keeps only a small :class:`Row` and the
running tallies the charts need. This module writes nothing itself; the run
writes the pages it returns (:mod:`govcheck.output_dir`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from io import StringIO
from urllib.parse import quote

from govcheck import __version__
from govcheck.findings import FileResult, RuleMeta, RuleStatus, RunResult, Severity
from govcheck.i18n import Lang, text
from govcheck.output_dir import PAGES, page_name
from govcheck.reporters import html_report
from govcheck.reporters.digest import unassessed, verdict_key
from govcheck.reporters.html_markup import element, esc
from govcheck.reporters.svg_chart import Bar, Series, bar_chart

VERDICTS = ("fail", "warning", "incomplete", "pass")
SHARE = ("pass", "fail", "not_assessable")
_FAILING_SHOWN = 3  # failing rules named in a report's row
_REASONS_SHOWN = 15  # bars in the chart of reasons rules were not assessable


@dataclass(frozen=True, slots=True)
class Row:
    """What the index keeps of one report: its facts, counts and page."""

    path: str
    page: str
    issuer: str | None
    level: str | None
    year: int | None
    format: str | None
    verdict: str
    errors: int
    warnings: int
    not_assessable: int
    failing: tuple[str, ...]
    reasons: tuple[str, ...]


@dataclass
class Tally:
    """Running counts over the reports, enough for every chart."""

    findings: Counter[str] = field(default_factory=Counter)
    statuses: defaultdict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    by_level: defaultdict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    by_year: defaultdict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    reasons: Counter[str] = field(default_factory=Counter)
    verdicts: Counter[str] = field(default_factory=Counter)

    def add(self, file: FileResult, verdict: str) -> None:
        """Count one report."""
        self.findings.update(f.rule for f in file.findings)
        for rule in file.rules:
            self.statuses[rule.id][rule.status.value] += 1
        levels = file.level.split("|") if file.level else [""]
        for level in levels:
            self.by_level[level][verdict] += 1
        self.by_year["" if file.year is None else str(file.year)][verdict] += 1
        self.reasons.update({group.note for group in unassessed(file)})
        self.verdicts[verdict] += 1


@dataclass(frozen=True, slots=True)
class Unread:
    """A file that could not be read, with the one-line message the run printed."""

    path: str
    message: str


class Dashboard:
    """The pages and index of one run, built a report at a time."""

    def __init__(self, rules: Sequence[RuleMeta], lang: Lang, config: str | None = None) -> None:
        self.rules = tuple(rules)
        self.lang = lang
        self.config = config
        self.rows: list[Row] = []
        self.unread: list[Unread] = []
        self.tally = Tally()
        self.skipped = 0

    def page(self, file: FileResult) -> tuple[str, str]:
        """One report's page: its file name and its text; the report is then let go."""
        name = page_name(len(self.rows) + 1, file.path)
        out = StringIO()
        html_report.render(RunResult((file,), self.rules, self.config), out, self.lang)
        verdict = verdict_key(RunResult((file,)))
        self.tally.add(file, verdict)
        self.rows.append(_row(file, name, verdict, self.lang))
        return name, out.getvalue()

    def not_read(self, path: str, message: str) -> None:
        """Record a file that could not be read."""
        self.unread.append(Unread(path, message))

    def index(self) -> str:
        """The whole ``index.html``."""
        lang = self.lang
        title = esc(text("dash.title", lang))
        head = (
            '<meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            '<meta name="generator" content="govcheck">'
            f"<title>{title}</title><style>{_stylesheet()}</style>"
        )
        body = element("h1", title) + self._summary() + self._charts()
        body += self._unread() + self._unassessed() + self._reports()
        body += element("footer", esc(text("html.generator", lang, version=__version__)))
        html_lang = "en" if lang == "en" else "zh-CN"
        page = element("html", element("head", head) + element("body", body), lang=html_lang)
        return f"<!DOCTYPE html>\n{page}\n"

    def _summary(self) -> str:
        """The counts as tiles: reports, each verdict, unread and skipped files."""
        counts = {
            "files": len(self.rows),
            **{v: self.tally.verdicts[v] for v in VERDICTS},
            "unread": len(self.unread),
            "skipped": self.skipped,
        }
        tiles = "".join(
            element(
                "li",
                element("b", esc(n)) + esc(text(f"dash.count_{key}", self.lang)),
                data_count=key,
                data_value=n,
            )
            for key, n in counts.items()
        )
        line = element("p", esc(text("dash.summary", self.lang, **counts)), id="gc-dash-summary")
        return line + element("ul", tiles, class_="gc-dash-summary")

    def _charts(self) -> str:
        """The charts, each under its heading, or a note when it has nothing to show."""
        lang = self.lang
        charts = (
            ("verdicts", self._verdict_chart()),
            ("findings", findings_chart(self.tally, self.rules, lang)),
            ("share", share_chart(self.tally, self.rules, lang)),
            ("level", group_chart("dash.chart_level", self.tally.by_level, _level_label, lang)),
            ("year", group_chart("dash.chart_year", self.tally.by_year, _year_label, lang)),
            ("reasons", reasons_chart(self.tally, lang)),
        )
        parts = []
        for key, svg in charts:
            heading = element("h2", esc(text(f"dash.chart_{key}", lang)))
            shown = svg or element("p", esc(text("dash.no_data", lang)), class_="gc-note")
            parts.append(element("section", heading + shown, id=f"gc-chart-{key}"))
        return element("div", "".join(parts), class_="gc-charts")

    def _verdict_chart(self) -> str:
        series = [Series("count", text("dash.reports", self.lang))]
        counts = [(v, self.tally.verdicts[v]) for v in VERDICTS] if self.rows else []
        bars = [Bar(text(f"dash.count_{v}", self.lang), (n,), str(n)) for v, n in counts]
        return bar_chart(text("dash.chart_verdicts", self.lang), series, bars)

    def _unread(self) -> str:
        """Files that could not be read, with their messages."""
        if not self.unread:
            return ""
        items = "".join(
            element("li", esc(u.message), data_path=u.path, class_="gc-unread-item")
            for u in self.unread
        )
        heading = element("h2", esc(text("dash.unread_heading", self.lang)))
        return element("section", heading + element("ul", items), id="gc-unread")

    def _unassessed(self) -> str:
        """Reports with rules that could not be assessed, with why."""
        rows = [r for r in self.rows if r.not_assessable]
        if not rows:
            return ""
        keys = ("html.file", "dash.col_unassessed", "ui.details")
        head = "".join(element("th", esc(text(k, self.lang)), scope="col") for k in keys)
        body = "".join(
            element(
                "tr",
                element("td", _link(r))
                + element("td", esc(r.not_assessable), class_="gc-num")
                + element("td", "<br>".join(esc(reason) for reason in r.reasons)),
            )
            for r in rows
        )
        table = element("table", element("tr", head) + body, class_="gc-dash-table")
        heading = element("h2", esc(text("dash.unassessed_heading", self.lang)))
        return element("section", heading + table, id="gc-unassessed-reports")

    def _reports(self) -> str:
        """Every report, in run order, linking to its page."""
        keys = (
            "html.file",
            "html.issuer",
            "dash.col_level",
            "html.year",
            "html.format",
            "dash.col_verdict",
            "ui.error",
            "ui.warning",
            "dash.col_unassessed",
            "dash.col_failing",
        )
        head = "".join(element("th", esc(text(k, self.lang)), scope="col") for k in keys)
        body = "".join(_report_row(r, self.lang) for r in self.rows)
        table = element("table", element("tr", head) + body, class_="gc-dash-table")
        heading = element("h2", esc(text("dash.reports_heading", self.lang)))
        return element("section", heading + table, id="gc-reports")


def _row(file: FileResult, name: str, verdict: str, lang: Lang) -> Row:
    failing = tuple(dict.fromkeys(f.rule for f in file.findings if f.severity is Severity.ERROR))
    na = sum(1 for r in file.rules if r.status is RuleStatus.NOT_ASSESSABLE)
    return Row(
        path=file.path,
        page=name,
        issuer=file.issuer,
        level=file.level,
        year=file.year,
        format=file.format,
        verdict=verdict,
        errors=sum(1 for f in file.findings if f.severity is Severity.ERROR),
        warnings=sum(1 for f in file.findings if f.severity is Severity.WARNING),
        not_assessable=na,
        failing=failing,
        reasons=tuple(group.describe(lang) for group in unassessed(file)),
    )


def _link(row: Row) -> str:
    """The report's path, linking to its page (the name is ours; quoted all the same)."""
    return element("a", esc(row.path), href=f"{PAGES}/{quote(row.page)}", class_="gc-page-link")


def _report_row(row: Row, lang: Lang) -> str:
    unknown = text("ui.unknown", lang)
    failing = text("ui.separator", lang).join(row.failing[:_FAILING_SHOWN])
    if len(row.failing) > _FAILING_SHOWN:
        failing += "…"
    cells = (
        element("td", _link(row)),
        element("td", esc(row.issuer or unknown)),
        element("td", esc(_levels_label(row.level, lang))),
        element("td", esc(row.year or unknown)),
        element("td", esc(row.format or unknown)),
        element("td", esc(text(f"ui.verdict_{row.verdict}", lang))),
        element("td", esc(row.errors), class_="gc-num"),
        element("td", esc(row.warnings), class_="gc-num"),
        element("td", esc(row.not_assessable), class_="gc-num"),
        element("td", esc(failing)),
    )
    return element("tr", "".join(cells), class_=f"gc-v-{row.verdict}", data_verdict=row.verdict)


def verdict_series(lang: Lang) -> list[Series]:
    """The four verdicts of a report, as stacked series."""
    return [Series(v, text(f"ui.verdict_{v}", lang)) for v in VERDICTS]


def findings_chart(tally: Tally, rules: Sequence[RuleMeta], lang: Lang) -> str:
    """Findings per rule, most first (then by id)."""
    titles = {m.id: m.summary or m.name for m in rules}
    ranked = sorted(tally.findings.items(), key=lambda item: (-item[1], item[0]))
    bars = [Bar(f"{rule} {titles.get(rule, '')}".strip(), (n,), str(n)) for rule, n in ranked]
    series = [Series("count", text("dash.findings", lang))]
    return bar_chart(text("dash.chart_findings", lang), series, bars)


def share_chart(tally: Tally, rules: Sequence[RuleMeta], lang: Lang) -> str:
    """For each rule, the share of reports passing, failing and not assessed; worst first.

    A report where the rule does not apply is left out of that rule's bar.
    """
    titles = {m.id: m.summary or m.name for m in rules}
    shares = []
    for rule, counts in tally.statuses.items():
        parts = tuple(counts[s] for s in SHARE)
        if sum(parts):
            shares.append((parts[0] / sum(parts), rule, parts))
    bars = []
    for _, rule, parts in sorted(shares):
        total = sum(parts)
        percent = round(100 * parts[0] / total)
        note = text("dash.share_note", lang, percent=percent, passed=parts[0], total=total)
        bars.append(Bar(f"{rule} {titles.get(rule, '')}".strip(), parts, note))
    series = [Series(s, text(f"ui.{s}", lang)) for s in SHARE]
    return bar_chart(text("dash.chart_share", lang), series, bars, share=True)


def group_chart(
    title_key: str,
    groups: Mapping[str, Counter[str]],
    label: Callable[[str, Lang], str],
    lang: Lang,
) -> str:
    """Reports of each group (issuer level, year) by verdict; the unknown group last."""
    keys = sorted(groups, key=lambda k: (k == "", k))
    bars = [
        Bar(
            label(key, lang),
            tuple(groups[key][v] for v in VERDICTS),
            str(sum(groups[key].values())),
        )
        for key in keys
    ]
    return bar_chart(text(title_key, lang), verdict_series(lang), bars)


def reasons_chart(tally: Tally, lang: Lang) -> str:
    """Why rules could not be assessed: reports per reason, most first."""
    unknown = text("ui.unknown", lang)
    ranked = sorted(tally.reasons.items(), key=lambda item: (-item[1], item[0]))
    bars = [Bar(note or unknown, (n,), str(n)) for note, n in ranked[:_REASONS_SHOWN]]
    series = [Series("incomplete", text("dash.reports", lang))]
    return bar_chart(text("dash.chart_reasons", lang), series, bars)


def _level_label(key: str, lang: Lang) -> str:
    return text(f"dash.level_{key}", lang) if key else text("ui.unknown", lang)


def _levels_label(levels: str | None, lang: Lang) -> str:
    if not levels:
        return text("ui.unknown", lang)
    return text("ui.separator", lang).join(_level_label(k, lang) for k in levels.split("|"))


def _year_label(key: str, lang: Lang) -> str:
    return key or text("ui.unknown", lang)


@cache
def _stylesheet() -> str:
    """The report page's style sheet and the dashboard's own additions."""
    folder = resources.files("govcheck.reporters")
    return "".join(
        folder.joinpath(name).read_text(encoding="utf-8")
        for name in ("html_report.css", "dashboard.css")
    )
