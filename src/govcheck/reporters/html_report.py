"""``--format html``: one self-contained page for clerks who fix the report.

The page opens offline in any browser and makes no request: the style sheet
is inlined, there is no script and no web font. It shows, for each file, a
pass/fail summary of every rule, the findings, tables 2–4 with the failing
cells marked, and the report's text with each finding highlighted at its
line (and column, where one is known). Everything links both ways: a finding
to its line and cell, a cell and a line back to their findings.

The page shows what the run linted (each result's snapshot of its text and
tables, see :mod:`govcheck.linted`); it never reads a file. The output
depends only on the run, never on the clock, so the same run renders the
same bytes.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from functools import cache
from importlib import resources
from typing import TextIO

from govcheck import __version__
from govcheck.findings import (
    FileResult,
    Finding,
    RuleMeta,
    RuleResult,
    RuleStatus,
    RunResult,
    Severity,
)
from govcheck.i18n import Lang, text
from govcheck.reporters.digest import unassessed, verdict, verdict_key
from govcheck.reporters.html_markup import (
    cell_id,
    classes,
    element,
    esc,
    finding_id,
    line_id,
)
from govcheck.reporters.html_source import (
    Shown,
    SourceLine,
    Unavailable,
    cell_anchor,
    cell_marks,
    segment_at,
    shown,
)
from govcheck.reporters.html_tables import render_tables

_HTML_LANG = {"zh": "zh-CN", "en": "en"}


def render(result: RunResult, out: TextIO, lang: Lang) -> None:
    """Write the whole page."""
    title = esc(text("html.title", lang))
    head = (
        '<meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="generator" content="govcheck">'
        f"<title>{title}</title><style>{_stylesheet()}</style>"
    )
    files = "".join(
        _file(f"f{i}", file, result.rules, lang) for i, file in enumerate(result.files, 1)
    )
    body = element("h1", title) + _verdict(result, lang) + _overview(result, lang)
    body += files + _footer(lang)
    out.write("<!DOCTYPE html>\n")
    out.write(element("html", element("head", head) + element("body", body), lang=_HTML_LANG[lang]))
    out.write("\n")


@cache
def _stylesheet() -> str:
    """The inline style sheet, kept as a .css file beside this module for editing."""
    source = resources.files("govcheck.reporters").joinpath("html_report.css")
    return source.read_text(encoding="utf-8")


def _footer(lang: Lang) -> str:
    return element("footer", esc(text("html.generator", lang, version=__version__)))


def _verdict(result: RunResult, lang: Lang) -> str:
    """At the top: the verdict line, then every rule that could not be assessed and why."""
    line = element(
        "p",
        esc(verdict(result, lang)),
        id="gc-verdict",
        class_=f"gc-verdict gc-verdict-{verdict_key(result)}",
        data_not_assessable=result.not_assessable(),
    )
    reasons = "".join(
        element("li", esc(f"{file.path}: {group.describe(lang)}"), class_="gc-unassessed-item")
        for file in result.files
        for group in unassessed(file)
    )
    if reasons:
        line += element("ul", reasons, id="gc-unassessed", class_="gc-unassessed")
    return line


def _overview(result: RunResult, lang: Lang) -> str:
    """The run's counts, then one row per file linking to its section."""
    counts = {s.value: result.count(s) for s in Severity}
    summary = element(
        "p",
        esc(text("ui.summary", lang, files=len(result.files), **counts)),
        id="gc-summary",
        class_="gc-summary",
        data_files=len(result.files),
        data_error=counts["error"],
        data_warning=counts["warning"],
        data_info=counts["info"],
    )
    heads = ("html.file", "html.format", "html.year", "html.issuer", "ui.error", "ui.warning")
    head = "".join(element("th", esc(text(k, lang)), scope="col") for k in heads)
    head += element("th", esc(text("html.rules", lang)), scope="col")
    rows = "".join(_overview_row(f"f{i}", file, lang) for i, file in enumerate(result.files, 1))
    table = element("table", element("tr", head) + rows, class_="gc-overview")
    return element("section", summary + table, class_="gc-run")


def _overview_row(file_id: str, file: FileResult, lang: Lang) -> str:
    unknown = text("ui.unknown", lang)
    severities = Counter(f.severity for f in file.findings)
    cells = [
        element("a", esc(file.path), href=f"#{file_id}"),
        esc(file.format or unknown),
        esc(file.year or unknown),
        esc(file.issuer or unknown),
        esc(severities[Severity.ERROR]),
        esc(severities[Severity.WARNING]),
        esc(_rule_counts(file, lang)),
    ]
    failed = any(r.status is RuleStatus.FAIL for r in file.rules)
    return element(
        "tr",
        "".join(element("td", c) for c in cells),
        class_="gc-file-fail" if failed else "gc-file-pass",
    )


def _rule_counts(file: FileResult, lang: Lang) -> str:
    counts = Counter(r.status for r in file.rules)
    return text(
        "html.rule_counts",
        lang,
        passed=counts[RuleStatus.PASS],
        failed=counts[RuleStatus.FAIL],
        not_applicable=counts[RuleStatus.NOT_APPLICABLE],
        not_assessable=counts[RuleStatus.NOT_ASSESSABLE],
    )


def _file(file_id: str, file: FileResult, metas: Sequence[RuleMeta], lang: Lang) -> str:
    """One file's section: header, rules, findings, tables and text."""
    loaded = shown(file, lang)
    available = None if isinstance(loaded, Unavailable) else loaded
    parts = [
        element("h2", esc(file.path)),
        _meta(file, lang),
        _unassessed(file, lang),
        _findings(file_id, file, available, {m.id: m.summary for m in metas}, lang),
        _rules(file_id, file, metas, lang),
    ]
    if isinstance(loaded, Unavailable):
        parts.append(element("p", esc(loaded.reason), class_="gc-note gc-unavailable"))
    else:
        parts.append(_tables_part(file_id, file, loaded, lang))
        parts.append(_text_part(file_id, file, loaded, lang))
    return element("section", "".join(parts), class_="gc-file", id=file_id, data_path=file.path)


def _unassessed(file: FileResult, lang: Lang) -> str:
    """Under the file's header: its rules that could not be assessed, by reason."""
    items = "".join(element("li", esc(g.describe(lang))) for g in unassessed(file))
    return element("ul", items, class_="gc-unassessed") if items else ""


def _meta(file: FileResult, lang: Lang) -> str:
    unknown = text("ui.unknown", lang)
    facts = (
        ("html.format", file.format),
        ("html.year", file.year),
        ("html.issuer", file.issuer),
        ("html.date", file.date),
    )
    items = "".join(
        element("dt", esc(text(key, lang))) + element("dd", esc(value or unknown))
        for key, value in facts
    )
    return element("dl", items, class_="gc-meta")


def _rules(file_id: str, file: FileResult, metas: Sequence[RuleMeta], lang: Lang) -> str:
    """Every rule's status, with what it checks and its findings or note."""
    summaries = {m.id: m.summary for m in metas}
    by_rule: dict[str, list[int]] = defaultdict(list)
    for index, finding in enumerate(file.findings, 1):
        by_rule[finding.rule].append(index)
    keys = ("ui.rule", "html.checks", "ui.status", "ui.details")
    head = "".join(element("th", esc(text(k, lang)), scope="col") for k in keys)
    rows = "".join(
        _rule_row(file_id, file, rule, summaries.get(rule.id, ""), by_rule[rule.id], lang)
        for rule in file.rules
    )
    counts = element("p", esc(_rule_counts(file, lang)), class_="gc-rule-counts")
    table = element("table", element("tr", head) + rows, class_="gc-rules")
    return _part("html.rules_heading", lang, counts + table, "gc-rules-part")


def _rule_row(
    file_id: str,
    file: FileResult,
    rule: RuleResult,
    summary: str,
    indexes: Sequence[int],
    lang: Lang,
) -> str:
    """One rule: a failing rule links to its findings, a skipped one gives its reason."""
    links = " ".join(
        element(
            "a",
            esc(text("ui.line", lang, line=file.findings[i - 1].line)),
            href="#" + finding_id(file_id, i),
        )
        for i in indexes
    )
    status = element(
        "span",
        esc(text(f"ui.{rule.status.value}", lang)),
        class_=f"gc-status gc-status-{rule.status.value}",
    )
    cells = (esc(rule.id), esc(summary or rule.name), status, links or esc(rule.note))
    return element(
        "tr",
        "".join(element("td", c) for c in cells),
        class_=f"gc-rule gc-rule-{rule.status.value}",
        data_rule=rule.id,
        data_status=rule.status.value,
    )


def _findings(
    file_id: str,
    file: FileResult,
    loaded: Shown | None,
    titles: Mapping[str, str],
    lang: Lang,
) -> str:
    """The numbered findings; their lines and cells are links when the text is shown."""
    if not file.findings:
        return _part(
            "html.findings_heading",
            lang,
            element("p", esc(text("html.no_findings", lang))),
            "gc-findings",
        )
    links = _Links(file_id, loaded)
    items = "".join(
        _finding(links, i, f, titles.get(f.rule, ""), lang) for i, f in enumerate(file.findings, 1)
    )
    return _part("html.findings_heading", lang, element("ol", items), "gc-findings")


class _Links:
    """Links into one file's text and tables; plain text when those are not shown."""

    def __init__(self, file_id: str, loaded: Shown | None) -> None:
        self.file_id = file_id
        self.lines = {line.number for line in loaded.lines} if loaded else set()
        self.cells = {cell_anchor(c) for c in loaded.cells()} if loaded else set()

    def line(self, number: int, label: str, class_name: str | None = None) -> str:
        """``label`` linking to line ``number`` of the text view, if it is shown."""
        if number not in self.lines:
            return element("span", esc(label), class_=class_name)
        return element("a", esc(label), href="#" + line_id(self.file_id, number), class_=class_name)

    def cell(self, anchor: str, label: str) -> str:
        """A link to the table cell ``anchor`` names, or "" when there is no such cell."""
        if anchor not in self.cells:
            return ""
        return element(
            "a", esc(label), href="#" + cell_id(self.file_id, anchor), class_="gc-cell-link"
        )


def _finding(links: _Links, index: int, finding: Finding, title: str, lang: Lang) -> str:
    """Severity, rule id and title (in the page's language), line, message, cell and fix."""
    related = ", ".join(links.line(n, str(n)) for n in finding.related_lines)
    parts = [
        element("span", esc(text(f"ui.{finding.severity.value}", lang)), class_="gc-severity"),
        element("span", esc(finding.rule), class_="gc-rule-id"),
        element("span", esc(title or finding.name), class_="gc-rule-title"),
        links.line(finding.line, _position(finding, lang), "gc-line-link"),
        element("span", esc(finding.message), class_="gc-message"),
    ]
    if finding.place:
        place = text("place.suffix", lang, place=finding.place).strip()
        parts.append(element("span", esc(place), class_="gc-place"))
    if related:
        label = esc(text("html.related_lines", lang))
        parts.append(element("span", f"{label} {related}", class_="gc-related-lines"))
    cell = links.cell(finding.anchor, text("html.cell_link", lang))
    if cell:
        parts.append(cell)
    if finding.fix:
        parts.append(element("span", esc(text("ui.fix", lang, fix=finding.fix)), class_="gc-fix"))
    return element(
        "li",
        " ".join(parts),
        id=finding_id(links.file_id, index),
        class_=f"gc-finding gc-sev-{finding.severity.value}",
        data_rule=finding.rule,
        data_line=finding.line,
        data_anchor=finding.anchor or None,
    )


def _position(finding: Finding, lang: Lang) -> str:
    if finding.column > 1:
        return text("html.line_column", lang, line=finding.line, column=finding.column)
    return text("ui.line", lang, line=finding.line)


def _tables_part(file_id: str, file: FileResult, loaded: Shown, lang: Lang) -> str:
    marks = cell_marks(loaded.cells(), file.findings)
    legend = element(
        "p",
        element("span", esc(text("html.legend_fail", lang)), class_="gc-legend gc-fail")
        + " "
        + element("span", esc(text("html.legend_related", lang)), class_="gc-legend gc-related"),
        class_="gc-legend-line",
    )
    body = legend + render_tables(file_id, loaded, file.findings, marks, lang)
    return _part("html.tables_heading", lang, body, "gc-tables")


def _text_part(file_id: str, file: FileResult, loaded: Shown, lang: Lang) -> str:
    """The report's lines, numbered, with findings shown under the lines they name."""
    at_line: dict[int, list[int]] = defaultdict(list)
    related_to: dict[int, list[int]] = defaultdict(list)
    for index, finding in enumerate(file.findings, 1):
        at_line[finding.line].append(index)
        for n in finding.related_lines:
            related_to[n].append(index)
    view = _TextView(file_id, file.findings, lang, loaded.units)
    rows = "".join(
        view.line(line, at_line.get(line.number, []), related_to.get(line.number, []))
        for line in loaded.lines
    )
    return _part("html.text_heading", lang, element("ol", rows, class_="gc-lines"), "gc-text")


class _TextView:
    """Renders lines of one file's text view; holds what every line needs."""

    def __init__(self, file_id: str, findings: Sequence[Finding], lang: Lang, units: bool) -> None:
        self.file_id = file_id
        self.findings = findings
        self.lang = lang
        self.units = units

    def line(self, line: SourceLine, hits: Sequence[int], related: Sequence[int]) -> str:
        """One numbered line: its text with marked segments, then its findings."""
        number = element(
            "a", esc(line.number), href="#" + line_id(self.file_id, line.number), class_="gc-ln"
        )
        content = element(
            "span",
            self._segments(line, hits),
            class_=classes("gc-src", "gc-units" if self.units else None),
        )
        if related:
            content += element("span", "".join(self._ref(i) for i in related), class_="gc-refs")
        if hits:
            content += element("ul", "".join(self._note(i) for i in hits), class_="gc-notes")
        body = number + element("div", content, class_="gc-body")
        severity = self._worst(hits)
        return element(
            "li",
            body,
            id=line_id(self.file_id, line.number),
            class_=classes(
                "gc-line",
                "gc-hit" if hits else None,
                f"gc-sev-{severity.value}" if severity else None,
                "gc-related" if related and not hits else None,
            ),
            data_line=line.number,
        )

    def _segments(self, line: SourceLine, hits: Sequence[int]) -> str:
        marked: dict[int, list[int]] = defaultdict(list)
        for index in hits:
            finding = self.findings[index - 1]
            at = segment_at(line.segments, finding.column) if finding.column > 1 else None
            if at is not None:
                marked[at].append(index)
        out = []
        for position, segment in enumerate(line.segments):
            if position in marked:
                rules = " ".join(self.findings[i - 1].rule for i in marked[position])
                out.append(
                    element(
                        "mark",
                        esc(segment.text),
                        class_="gc-mark",
                        data_rules=rules,
                        data_column=segment.column,
                    )
                )
            else:
                out.append(
                    element("span", esc(segment.text), class_="gc-seg", data_column=segment.column)
                )
        return "".join(out)

    def _note(self, index: int) -> str:
        finding = self.findings[index - 1]
        link = element(
            "a", esc(finding.rule), href="#" + finding_id(self.file_id, index), class_="gc-rule-id"
        )
        return element(
            "li",
            f"{link} {element('span', esc(finding.message), class_='gc-message')}",
            class_=f"gc-note-item gc-sev-{finding.severity.value}",
            data_rule=finding.rule,
        )

    def _ref(self, index: int) -> str:
        finding = self.findings[index - 1]
        label = esc(text("html.related_to_rule", self.lang, rule=finding.rule))
        return element("a", label, href="#" + finding_id(self.file_id, index), class_="gc-ref")

    def _worst(self, hits: Sequence[int]) -> Severity | None:
        severities = [self.findings[i - 1].severity for i in hits]
        return max(severities, key=lambda s: s.rank) if severities else None


def _part(heading_key: str, lang: Lang, body: str, class_name: str) -> str:
    """A titled part of a file's section."""
    return element("section", element("h3", esc(text(heading_key, lang))) + body, class_=class_name)
