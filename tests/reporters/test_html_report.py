"""``--format html`` without a browser: the page's structure, parsed with html.parser.

The browser test (tests/cli/test_html_browser.py) proves the page renders;
these tests pin what it contains: marks on the right cells and lines, every
rule's status, links that resolve, escaping, and no external resource.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from govcheck.api import rule_meta
from govcheck.engine.packs import builtin_rules
from govcheck.findings import FileResult, Finding, RuleResult, RuleStatus, RunResult, Severity
from govcheck.i18n import Lang, text
from govcheck.linted import Linted
from govcheck.load import load_bytes
from govcheck.parse import parse
from govcheck.reporters import MACHINE_FORMATS, REPORTERS, Format, renderer
from govcheck.reporters.html_report import render
from govcheck.reporters.html_source import _cut, cell_marks, source_lines
from tests.conftest import EXAMPLES, edit_lines, run_cli
from tests.forms.render_html import render_html

FAULTY = EXAMPLES / "f2021-faulty-2023.txt"
VOID = frozenset({"meta", "br", "hr", "img", "input", "link"})


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    @property
    def text(self) -> str:
        """All text inside, in document order."""
        return "".join(self._texts())

    def _texts(self) -> Iterator[str]:
        # ``parts`` holds text, with "\0" where each child comes.
        children = iter(self.children)
        for part in self.parts:
            if part == "\0":
                yield from next(children)._texts()
            else:
                yield part

    def iter(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None) -> list[Node]:
        return [
            n
            for n in self.iter()
            if (tag is None or n.tag == tag) and (cls is None or cls in n.classes)
        ]

    def by_id(self, ident: str) -> Node:
        found = [n for n in self.iter() if n.attrs.get("id") == ident]
        assert len(found) == 1, (ident, len(found))
        return found[0]


class _Builder(HTMLParser):
    """A strict little tree builder: a misnested tag fails the test."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {})
        self.stack = [self.root]
        self.doctype = ""

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        self.stack[-1].parts.append("\0")
        if tag not in VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].parts.append(data)


def dom(page: str) -> tuple[Node, str]:
    builder = _Builder()
    builder.feed(page)
    builder.close()
    assert builder.stack == [builder.root], "unclosed elements"
    return builder.root, builder.doctype


def lint_to_html(tmp_path: Path, *args: str, lang: Lang = "zh") -> str:
    out = tmp_path / "report.html"
    result = run_cli("lint", *args, "--format", "html", "--lang", lang, "--output", str(out))
    assert result.exit_code in (0, 1), result.output
    return out.read_text(encoding="utf-8")


def findings_json(*args: str) -> list[dict[str, object]]:
    data = json.loads(run_cli("lint", *args, "--format", "json").stdout)
    return data["files"][0]["findings"]  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def faulty_page(tmp_path_factory: pytest.TempPathFactory) -> str:
    return lint_to_html(tmp_path_factory.mktemp("html"), str(FAULTY))


@pytest.fixture(scope="module")
def faulty(faulty_page: str) -> Node:
    return dom(faulty_page)[0]


# --- registry and page shell ----------------------------------------------------------


def test_html_is_a_registered_document_format() -> None:
    assert Format("html") is Format.HTML
    assert renderer(Format.HTML) is render
    assert REPORTERS[Format.HTML] is render
    assert Format.HTML in MACHINE_FORMATS


def test_page_is_well_formed_chinese_html(faulty_page: str, faulty: Node) -> None:
    _, doctype = dom(faulty_page)
    assert doctype.lower() == "doctype html"
    (page,) = faulty.find_all("html")
    assert page.attrs["lang"] == "zh-CN"
    (title,) = faulty.find_all("title")
    assert title.text == text("html.title", "zh")
    (meta,) = [m for m in faulty.find_all("meta") if "charset" in m.attrs]
    assert meta.attrs["charset"] == "utf-8"


def test_page_is_self_contained(faulty_page: str, faulty: Node) -> None:
    assert not faulty.find_all("script")
    assert not faulty.find_all("link")
    assert not faulty.find_all("img")
    assert not any("src" in n.attrs for n in faulty.iter())
    hrefs = [n.attrs["href"] for n in faulty.find_all("a")]
    assert hrefs
    assert all(h.startswith("#") for h in hrefs)
    (style,) = faulty.find_all("style")
    assert "url(" not in style.text
    assert "@import" not in style.text
    assert "@font-face" not in style.text
    assert not re.search(r"(?i)\b(?:https?|ftp)://", faulty_page.split("<footer", 1)[0])


def test_every_link_resolves_and_ids_are_unique(faulty: Node) -> None:
    ids = [n.attrs["id"] for n in faulty.iter() if "id" in n.attrs]
    assert len(ids) == len(set(ids))
    targets = {n.attrs["href"][1:] for n in faulty.find_all("a")}
    assert targets <= set(ids)


def test_output_is_deterministic(tmp_path: Path, faulty_page: str) -> None:
    assert lint_to_html(tmp_path, str(FAULTY)) == faulty_page


# --- summary and rules ------------------------------------------------------------------


def test_summary_counts(faulty: Node) -> None:
    summary = faulty.by_id("gc-summary")
    counts = {k: summary.attrs[f"data-{k}"] for k in ("files", "error", "warning", "info")}
    assert counts == {"files": "1", "error": "6", "warning": "0", "info": "0"}
    assert summary.text == text("ui.summary", "zh", files=1, error=6, warning=0, info=0)


def test_every_rule_has_its_status(faulty: Node) -> None:
    data = json.loads(run_cli("lint", str(FAULTY), "--format", "json").stdout)
    expected = {r["id"]: r["status"] for r in data["files"][0]["rules"]}
    rows = faulty.find_all("tr", "gc-rule")
    assert {r.attrs["data-rule"]: r.attrs["data-status"] for r in rows} == expected
    failing = {r.attrs["data-rule"] for r in rows if "gc-rule-fail" in r.classes}
    assert failing == {"GC101", "GC201", "GC301", "GC304", "GC501"}
    gc304 = next(r for r in rows if r.attrs["data-rule"] == "GC304")
    assert text("ui.fail", "zh") in gc304.text


def test_findings_list_every_finding_with_its_line(faulty: Node) -> None:
    items = faulty.find_all("li", "gc-finding")
    expected = findings_json(str(FAULTY))
    assert [(i.attrs["data-rule"], int(i.attrs["data-line"])) for i in items] == [
        (f["rule"], f["line"]) for f in expected
    ]
    for item, finding in zip(items, expected, strict=True):
        assert str(finding["message"]) in item.text


def test_findings_carry_the_rule_title_and_fix_not_the_kebab_name(faulty: Node) -> None:
    """What a clerk acts on: the rule's title in the page's language and the pack's fix."""
    data = json.loads(run_cli("lint", str(FAULTY), "--format", "json").stdout)
    expected = data["files"][0]["findings"]
    titles = {m.id: m.summary for m in rule_meta(builtin_rules(), "zh")}
    items = faulty.find_all("li", "gc-finding")
    for item, finding in zip(items, expected, strict=True):
        assert item.find_all("span", "gc-rule-id")[0].text == finding["rule"]
        assert item.find_all("span", "gc-rule-title")[0].text == titles[finding["rule"]]
        assert item.find_all("span", "gc-fix")[0].text == text("ui.fix", "zh", fix=finding["fix"])
        assert finding["fix"] and finding["name"] not in item.text
    rules_table = faulty.find_all("table", "gc-rules")[0]
    assert "t3-balance" not in rules_table.text


def test_the_verdict_and_what_was_not_assessed_open_the_page(faulty: Node) -> None:
    verdict = faulty.by_id("gc-verdict")
    assert verdict.text == "不通过：6 个错误，0 个警告，2 条规则无法评估（共检查 1 个文件）"
    assert verdict.attrs["data-not-assessable"] == "2"
    assert "gc-verdict-fail" in verdict.classes
    reasons = [li.text for li in faulty.by_id("gc-unassessed").find_all("li")]
    assert reasons == [
        f"{FAULTY}: 无法评估 2 条规则（GC202、GC203）：未找到落款日期或发布日期（见 GC201），"
        "也未给出 --published-on"
    ]
    # The file's own section says it again, under its header.
    section = faulty.by_id("f1")
    assert [ul.text for ul in section.find_all("ul", "gc-unassessed")] == [
        reasons[0].split(": ", 1)[1]
    ]


# --- tables -------------------------------------------------------------------------------


def test_three_tables_are_real_tables(faulty: Node) -> None:
    grids = faulty.find_all("table", "gc-grid")
    assert [g.attrs["data-table"] for g in grids] == ["t2", "t3", "t4"]
    t3 = grids[1]
    rows = [r for r in t3.find_all("tr") if "data-row" in r.attrs]
    assert len(rows) == 25
    assert all(len(r.find_all("td")) == 7 for r in rows)
    groups = [g.text for g in t3.find_all("tr", "gc-group")]
    assert groups == ["（三）不予公开", "（四）无法提供", "（五）不予处理", "（六）其他处理"]


def test_t4_review_total_cell_fails_with_gc304_text(faulty: Node) -> None:
    cell = faulty.by_id("f1-t4-rv-total")
    assert {"gc-fail", "gc-sev-error"} <= cell.classes
    assert cell.attrs["data-anchor"] == "t4.rv.total"
    assert cell.attrs["data-line"] == "571"
    message = next(f["message"] for f in findings_json(str(FAULTY)) if f["rule"] == "GC304")
    assert "GC304" in cell.attrs["title"]
    assert str(message) in cell.attrs["title"]
    assert cell.find_all("a", "gc-badge")[0].text == "GC304"
    assert cell.text.startswith("3")
    for column in ("keep", "fix", "other", "pending"):
        involved = faulty.by_id(f"f1-t4-rv-{column}")
        assert "gc-related" in involved.classes
        assert "gc-fail" not in involved.classes
    assert not ({"gc-fail", "gc-related"} & faulty.by_id("f1-t4-ld-total").classes)


def test_t3_natural_person_new_cell_is_marked_for_gc301(faulty: Node) -> None:
    cell = faulty.by_id("f1-t3-new-np")
    assert "gc-fail" in cell.classes
    assert "GC301" in cell.attrs["title"]
    assert [b.text for b in cell.find_all("a", "gc-badge")] == ["GC301"]
    # The other cells of the identity are involved, not failing.
    for row in ("carry_in", "total", "carry_out"):
        assert "gc-related" in faulty.by_id(f"f1-t3-{row}-np").classes
    assert not ({"gc-fail", "gc-related"} & faulty.by_id("f1-t3-new-biz").classes)


def test_prose_finding_marks_the_cell_it_contradicts(faulty: Node) -> None:
    # GC501 is on prose line 13; its anchor is 表三 新收 总计 (also failing GC301).
    cell = faulty.by_id("f1-t3-new-tot")
    assert "gc-fail" in cell.classes
    assert [b.text for b in cell.find_all("a", "gc-badge")] == ["GC501", "GC301"]


def test_findings_link_to_their_cell(faulty: Node) -> None:
    gc304 = next(i for i in faulty.find_all("li", "gc-finding") if i.attrs["data-rule"] == "GC304")
    (link,) = gc304.find_all("a", "gc-cell-link")
    assert link.attrs["href"] == "#f1-t4-rv-total"
    gc201 = next(i for i in faulty.find_all("li", "gc-finding") if i.attrs["data-rule"] == "GC201")
    assert not gc201.find_all("a", "gc-cell-link")


def test_cell_values_link_to_their_line(faulty: Node) -> None:
    value = faulty.by_id("f1-t3-new-np").find_all("a", "gc-value")[0]
    assert value.attrs["href"] == "#f1-L115"
    assert value.text == "5"


# --- text ---------------------------------------------------------------------------------


def test_text_shows_each_finding_at_its_line(faulty: Node) -> None:
    for finding in findings_json(str(FAULTY)):
        line = faulty.by_id(f"f1-L{finding['line']}")
        assert {"gc-line", "gc-hit", "gc-sev-error"} <= line.classes
        notes = [n.attrs["data-rule"] for n in line.find_all("li", "gc-note-item")]
        assert finding["rule"] in notes
    line = faulty.by_id("f1-L115")
    assert line.find_all("span", "gc-src")[0].text == "5"
    assert "GC301" in line.text
    related = faulty.by_id("f1-L131")
    assert "gc-related" in related.classes
    assert "gc-hit" not in related.classes


def test_text_keeps_every_non_blank_line_in_order(faulty: Node) -> None:
    lines = FAULTY.read_text(encoding="utf-8").splitlines()
    shown = faulty.find_all("li", "gc-line")
    numbers = [int(n.attrs["data-line"]) for n in shown]
    assert numbers == [n for n, raw in enumerate(lines, 1) if raw.strip()]
    for node in shown:
        number = int(node.attrs["data-line"])
        if number <= len(lines):
            assert node.find_all("span", "gc-src")[0].text == lines[number - 1]


def test_a_finding_column_is_marked_within_its_line(tmp_path: Path) -> None:
    body = "2022年，本局共主动公开条，其中政策解读3条。"
    report = tmp_path / "r.txt"
    report.write_text(
        "示例县交通运输局2022年政府信息公开工作年度报告\n一、总体情况\n"
        f"{body}\n二、主动公开政府信息情况\n",
        encoding="utf-8",
    )
    page, _ = dom(lint_to_html(tmp_path, str(report)))
    line = page.by_id("f1-L3")
    (mark,) = line.find_all("mark", "gc-mark")
    assert mark.attrs["data-rules"] == "GC506"
    assert mark.attrs["data-column"] == "12"
    assert mark.text == body[11:]
    assert line.find_all("span", "gc-src")[0].text == body


# --- languages, several files, fallbacks --------------------------------------------------


def test_english_page(tmp_path: Path) -> None:
    page, _ = dom(lint_to_html(tmp_path, str(FAULTY), lang="en"))
    assert page.find_all("html")[0].attrs["lang"] == "en"
    assert page.find_all("title")[0].text == text("html.title", "en")
    headings = [h.text for h in page.find_all("h3")]
    assert headings[:2] == [text("html.findings_heading", "en"), text("html.rules_heading", "en")]
    heads = [h.text for h in page.by_id("f1-t4").find_all("th")]
    assert "administrative review" in heads


def test_several_files_get_a_section_each(tmp_path: Path) -> None:
    clean = EXAMPLES / "f2021-department-2022.txt"
    page, _ = dom(lint_to_html(tmp_path, str(FAULTY), str(clean)))
    sections = page.find_all("section", "gc-file")
    assert [s.attrs["id"] for s in sections] == ["f1", "f2"]
    assert sections[1].attrs["data-path"] == str(clean)
    assert page.by_id("gc-summary").attrs["data-files"] == "2"
    assert len(page.find_all("table", "gc-overview")[0].find_all("tr")) == 3
    assert not sections[1].find_all("td", "gc-fail")
    assert sections[1].find_all("p")[0].text == text("html.no_findings", "zh")


def test_web_page_input_shows_units_and_marks_anchored_cells(tmp_path: Path) -> None:
    page_file = tmp_path / "faulty.html"
    page_file.write_bytes(render_html(FAULTY.read_text(encoding="utf-8")))
    page, _ = dom(lint_to_html(tmp_path, str(page_file)))
    assert page.find_all("span", "gc-units")
    assert "gc-fail" in page.by_id("f1-t4-rv-total").classes
    assert "gc-fail" in page.by_id("f1-t3-new-np").classes
    # Its cells share lines, so a related line cannot name a cell: none is guessed.
    assert not page.find_all("td", "gc-related")


def test_partial_table_lists_its_problems_above_the_rows_read(tmp_path: Path) -> None:
    # Drop the 商业企业 value (line 117) of 表三's 新收 row: 6 numbers, not 7.
    report = tmp_path / "short.txt"
    report.write_text(edit_lines(FAULTY.read_text(encoding="utf-8"), {117: ("1", None)}))
    page, _ = dom(lint_to_html(tmp_path, str(report)))
    t3 = page.by_id("f1-t3")
    (note,) = t3.find_all("div", "gc-unreadable")
    assert "6" in note.text
    assert "7" in note.text
    assert "这些行在下表中空缺" in note.text
    assert t3.find_all("table", "gc-grid"), "the rows that were read are still shown"


def test_unreadable_table_lists_its_problems(tmp_path: Path) -> None:
    # Table 3's only row label dropped: its numbers belong to no row, nothing is read.
    text = FAULTY.read_text(encoding="utf-8")
    lines = text.split("\n")
    start, end = (
        lines.index("一、本年新收政府信息公开申请数量"),
        lines.index("四、结转下年度继续办理"),
    )
    kept = [line for line in lines[start : end + 8] if not line or line.isdigit()]
    report = tmp_path / "nolabels.txt"
    report.write_text("\n".join([*lines[:start], *kept, *lines[end + 8 :]]), encoding="utf-8")
    page, _ = dom(lint_to_html(tmp_path, str(report)))
    t3 = page.by_id("f1-t3")
    assert not t3.find_all("table")
    (note,) = t3.find_all("div", "gc-unreadable")
    assert "不按表格显示" in note.text
    assert page.find_all("table", "gc-grid")


def test_empty_run_still_renders_a_page(tmp_path: Path) -> None:
    empty = tmp_path / "none"
    empty.mkdir()
    out = tmp_path / "report.html"
    result = run_cli("lint", str(empty), "--format", "html", "--output", str(out))
    assert result.exit_code == 0
    page, _ = dom(out.read_text(encoding="utf-8"))
    assert page.by_id("gc-summary").attrs["data-files"] == "0"


def test_statistics_stay_out_of_the_page_on_stdout() -> None:
    result = run_cli("lint", str(FAULTY), "--format", "html", "--statistics")
    assert result.stdout.rstrip().endswith("</html>")
    assert text("ui.statistics", "zh", total=6) in result.stderr


# --- hand-made results: escaping and files that cannot be shown ---------------------------


def finding(message: str, line: int = 3) -> Finding:
    return Finding("GC101", "missing-section", Severity.ERROR, line, 1, message, (), "x")


def file_result(path: str, *findings: Finding, year: int | None = 2023) -> FileResult:
    rules = (RuleResult("GC101", "missing-section", Severity.ERROR, RuleStatus.FAIL),)
    return FileResult(path, "2021", year, None, None, rules, tuple(findings))


def rendered(*files: FileResult, lang: Lang = "zh") -> str:
    out = io.StringIO()
    render(RunResult(tuple(files)), out, lang)
    return out.getvalue()


def test_everything_from_the_input_is_escaped() -> None:
    hostile = '<img src=x onerror="alert(1)">'
    page = rendered(file_result('<script>alert("p")</script>.txt', finding(hostile)))
    tree, _ = dom(page)
    assert not tree.find_all("script")
    assert not tree.find_all("img")
    assert hostile in tree.find_all("li", "gc-finding")[0].text
    assert tree.find_all("h2")[0].text == '<script>alert("p")</script>.txt'


def test_a_result_without_its_text_shows_findings_only(tmp_path: Path) -> None:
    # The reporter never reads a file: a result the run kept no text for is
    # shown with its findings alone, even when its path names a real report.
    tree, _ = dom(rendered(file_result(str(FAULTY), finding("msg"))))
    (note,) = tree.find_all("p", "gc-unavailable")
    assert note.text == text("html.not_kept", "zh")
    assert tree.find_all("li", "gc-finding")
    assert not tree.find_all("ol", "gc-lines")
    assert not tree.find_all("table", "gc-grid")
    # No link may point at text that is not on the page.
    ids = {n.attrs["id"] for n in tree.iter() if "id" in n.attrs}
    assert {a.attrs["href"][1:] for a in tree.find_all("a")} <= ids
    assert text("ui.line", "zh", line=3) in tree.find_all("li", "gc-finding")[0].text


def test_the_page_shows_the_kept_text_not_the_file_of_that_name() -> None:
    # The path names the faulty example on disk; the kept text is something else.
    kept = Linted("text", ("first line", "", "kept line three"))
    result = replace(file_result(str(FAULTY), finding("msg")), linted=kept)
    tree, _ = dom(rendered(result))
    lines = [li.find_all("span", "gc-src")[0].text for li in tree.find_all("li", "gc-line")]
    assert lines == ["first line", "kept line three"]
    (hit,) = tree.find_all("li", "gc-hit")
    assert hit.attrs["data-line"] == "3"
    assert "msg" in hit.text
    assert FAULTY.read_text(encoding="utf-8").splitlines()[0] not in tree.text


# --- helpers --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "starts"),
    [("abcdef", {3, 5}), ("abc", {1}), ("abc", {9}), ("", set()), ("ab", {2, 1})],
)
def test_cut_pieces_rejoin_to_the_line(raw: str, starts: set[int]) -> None:
    pieces = _cut(raw, starts)
    assert "".join(p.text for p in pieces) == raw
    assert pieces[0].column == 1
    assert [p.column for p in pieces] == sorted(p.column for p in pieces)


def test_cells_sharing_a_line_are_marked_by_anchor_only() -> None:
    # In the web page form, table 4's fifteen cells are one source line.
    doc = parse(load_bytes(render_html(FAULTY.read_text(encoding="utf-8")), "faulty.html"))
    total = doc.tables["t4"].cell("rv", "total")
    keep = doc.tables["t4"].cell("rv", "keep")
    assert total is not None and keep is not None
    assert total.line == keep.line
    gc304 = Finding("GC304", "t4", Severity.ERROR, total.line, 1, "m", (keep.line,), "t4.rv.total")
    cells = [c for table in doc.tables.values() for c in table.cells.values()]
    marks = cell_marks(cells, [gc304])
    assert set(marks) == {"t4.rv.total"}
    assert (marks["t4.rv.total"].failing, marks["t4.rv.total"].related) == ([1], [])


def test_source_lines_include_flagged_blank_lines() -> None:
    source = Linted("text", ("a", "", "b"))
    assert [line.number for line in source_lines(source, {2})] == [1, 2, 3]
    assert [line.number for line in source_lines(source, set())] == [1, 3]
