"""The HTML loader: charsets, reading order, tables with merged cells, chrome, bad markup."""

from __future__ import annotations

import codecs
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

from govcheck.errors import InputError
from govcheck.i18n import LANGS, text
from govcheck.load import load_bytes, read_source
from govcheck.load.html import MAX_DEPTH, extract_units, load
from govcheck.model import CellKind
from govcheck.parse import parse
from tests.conftest import EXAMPLES, edit_lines
from tests.forms.render_html import render_html

TITLE = "示例镇人民政府2023年政府信息公开工作年度报告"
BODY = "2023年，本镇共收到政府信息公开申请3件。"


def page(body: str, head: str = '<meta charset="utf-8">', title: str = TITLE) -> str:
    head = f"<html><head>{head}<title>{title}</title></head>"
    return f"<!DOCTYPE html>\n{head}\n<body>\n{body}\n</body></html>\n"


def texts(markup: str) -> list[str]:
    return [u.text for u in extract_units(markup, "t.html")]


def cells(markup: str) -> list[tuple[str, bool]]:
    return [(u.text, u.cell) for u in extract_units(markup, "t.html")]


# --- charsets ------------------------------------------------------------------------------

GBK_HEAD = '<meta http-equiv="Content-Type" content="text/html; charset=gbk" />'


def test_meta_http_equiv_declares_a_gbk_page() -> None:
    source = load(page(f"<p>{BODY}</p>", GBK_HEAD).encode("gbk"), "r.html")
    assert source.encoding == "gb18030"
    assert [u.text for u in source.units] == [BODY]
    assert source.form == "html"


def test_gb2312_label_reads_gbk_only_characters() -> None:
    # 镕 is in GBK but not in GB2312; pages labelled gb2312 hold it all the same.
    body = "<p>朱镕基</p>"
    data = page(body, '<meta charset="gb2312">').encode("gbk")
    assert [u.text for u in load(data, "r.html").units] == ["朱镕基"]


def test_bom_wins_over_the_declaration() -> None:
    data = codecs.BOM_UTF8 + page(f"<p>{BODY}</p>", GBK_HEAD).encode("utf-8")
    source = load(data, "r.html")
    assert (source.encoding, source.units[0].text) == ("utf-8-sig", BODY)


def test_utf16_page_with_bom_is_sniffed_and_read() -> None:
    source = load_bytes(page(f"<p>{BODY}</p>").encode("utf-16"), "r.htm")
    assert (source.form, source.encoding, source.units[0].text) == ("html", "utf-16", BODY)


@pytest.mark.parametrize(
    ("head", "encoding", "expected"),
    [
        ('<meta charset="utf-8">', "gbk", "gb18030"),  # declared UTF-8, bytes GBK
        (GBK_HEAD, "utf-8", "utf-8"),  # re-saved as UTF-8, old gbk <meta> kept
        ('<meta charset="iso-8859-1">', "gbk", "gb18030"),  # a CMS template's default
        ('<meta charset="utf-16">', "utf-8", "utf-8"),  # found in ASCII: cannot be true
        ('<meta charset="no-such-charset">', "gbk", "gb18030"),
    ],
)
def test_a_wrong_declaration_never_gives_mojibake(head: str, encoding: str, expected: str) -> None:
    source = load(page(f"<p>{BODY}</p>", head).encode(encoding), "r.html")
    assert (source.encoding, source.units[0].text) == (expected, BODY)


def test_big5_declaration_is_used_when_the_bytes_are_big5() -> None:
    body = "<p>政府資訊公開</p>"
    data = page(body, '<meta charset="big5">', title="").encode("big5")
    source = load(data, "r.html")
    assert (source.encoding, source.units[0].text) == ("big5", "政府資訊公開")


def test_bytes_no_charset_decodes_give_a_clear_error() -> None:
    data = page("<p>x</p>", '<meta charset="big5">', title="").encode() + b"<p>\xff\xfe</p>"
    with pytest.raises(InputError) as info:
        load(data, "bad.html")
    assert info.value.key == "input.undecodable"
    assert info.value.values["encoding"] == "UTF-8/BIG5/GB18030"


@pytest.mark.parametrize(
    ("data", "key"),
    [
        (b"", "input.empty"),
        (b" \n\t", "input.empty"),
        (b"<html>\x00<p>x</p>", "input.binary"),
        (page('<nav>menu</nav><script>var a = "text";</script>').encode(), "input.html_no_text"),
    ],
)
def test_bad_pages_raise_one_input_error(data: bytes, key: str) -> None:
    with pytest.raises(InputError) as info:
        load(data, "bad.html")
    assert info.value.key == key
    assert info.value.values["path"] == "bad.html"


@pytest.mark.parametrize("key", ["input.html_no_text", "input.html_malformed"])
def test_new_messages_exist_in_both_languages(key: str) -> None:
    for lang in LANGS:
        assert "p.html" in text(key, lang, path="p.html", reason="r")


# --- prose ---------------------------------------------------------------------------------


def test_blocks_of_prose_become_one_unit_each() -> None:
    markup = (
        "<h1>标题</h1><div>段落<b>加粗</b>继续<div>内层</div>尾部</div>"
        "<p>第一行<br>第二行<br/>第三行</p><ul><li>甲<li>乙</ul><h3>小标题</h3>"
    )
    assert texts(markup) == [
        "标题",
        "段落加粗继续",
        "内层",
        "尾部",
        "第一行",
        "第二行",
        "第三行",
        "甲",
        "乙",
        "小标题",
    ]
    assert not any(u.cell for u in extract_units(markup, "t.html"))


def test_whitespace_collapses_as_rendered_and_entities_are_resolved() -> None:
    markup = (
        "<p>\n  A&amp;B&nbsp;&lt;c&gt;  \n  （一）&#20013;&#x6587;\t</p>"
        "<p>&nbsp;</p><p>\u3000\u3000缩进</p>"
    )
    assert texts(markup) == ["A&B\xa0<c> （一）中文", "\u3000\u3000缩进"]


def test_external_entities_are_never_resolved() -> None:
    markup = (
        '<!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        "<p>&xxe;</p><p>&unknown;text</p>"
    )
    # An HTML doctype ends at its first ">", in browsers too: the rest of the subset is text.
    assert texts(markup) == ["]>", "&xxe;", "&unknown;text"]


def test_a_txt_file_holding_html_is_read_as_html(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(page(f"<h1>{TITLE}</h1><p>{BODY}</p>").encode("utf-8"))
    source = read_source(path)
    assert source.form == "html"
    assert [u.text for u in source.units] == [TITLE, BODY]


# --- locations -----------------------------------------------------------------------------


def test_units_point_at_html_source_lines_and_columns() -> None:
    markup = page(
        f"<h1>{TITLE}</h1>\n<p>\n    {BODY}</p>\n<table>\n<tr><td>标签</td><td>\n"
        "<p>12</p>\n</td><td></td></tr>\n</table>"
    )
    source = load(markup.encode("utf-8"), "r.html")
    assert source.lines == tuple(markup.split("\n")[:-1])
    assert [(u.text, u.line, u.column, u.cell) for u in source.units] == [
        (TITLE, 4, 5, False),
        (BODY, 6, 5, False),
        ("标签", 8, 9, True),
        ("12", 9, 4, True),
        ("", 10, 6, True),  # an empty cell points at its <td>
    ]
    for unit in source.units:
        if unit.text:
            assert source.lines[unit.line - 1][unit.column - 1 :].startswith(unit.text)


def test_crlf_and_cr_count_as_one_line_break() -> None:
    markup = page("<p>一</p>\n<p>二</p>\n<p>三</p>")
    for newline in ("\r\n", "\r"):
        source = load(markup.replace("\n", newline).encode("utf-8"), "r.html")
        assert [(u.text, u.line) for u in source.units] == [("一", 4), ("二", 5), ("三", 6)]


# --- tables --------------------------------------------------------------------------------

MERGED = """<table>
<tr><td colspan=3 rowspan=3>（本列数据的勾稽关系为：…）</td><td colspan=7>申请人情况</td></tr>
<tr><td rowspan=2>自然人</td><td colspan=5>法人或其他组织</td><td rowspan=2>总计</td></tr>
<tr><th>商业企业</th><th>科研机构</th><th>社会公益组织</th><th>法律服务机构</th><th>其他</th></tr>
<tr><td rowspan=3>三、本年度办理结果</td><td colspan=2>（一）予以公开</td>
<td>1</td><td>2</td><td>3</td><td>4</td><td>5</td><td>6</td><td>21</td></tr>
<tr><td rowspan=2>（三）不予公开</td><td>1.属于国家秘密</td>
<td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td>2.其他法律行政法规禁止公开</td>
<td>0</td><td>&nbsp;</td><td> </td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
</table>"""


def test_merged_cells_are_emitted_once_at_their_origin_row_by_row() -> None:
    units = extract_units(MERGED, "t.html")
    assert all(u.cell for u in units)
    values = [str(n) for n in (1, 2, 3, 4, 5, 6, 21)]
    assert [u.text for u in units] == [
        "（本列数据的勾稽关系为：…）",
        "申请人情况",
        "自然人",
        "法人或其他组织",
        "总计",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
        "三、本年度办理结果",
        "（一）予以公开",
        *values,
        "（三）不予公开",
        "1.属于国家秘密",
        *["0"] * 7,
        "2.其他法律行政法规禁止公开",
        "0",
        "",
        "",
        *["0"] * 4,
    ]
    assert [u.line for u in units][-8:] == [9] + [10] * 7


def test_nbsp_and_empty_cells_are_blank_units() -> None:
    markup = "<table><tr><td>a</td><td>&nbsp;</td><td></td><td><p> </p></td></tr></table>"
    assert cells(markup) == [("a", True), ("", True), ("", True), ("", True)]


def test_br_inside_a_cell_is_a_space_and_paragraphs_join() -> None:
    markup = (
        "<table><tr><td>（二）部分公开<br>（区分处理的）</td>"
        "<td><p>本年收费金额</p><p>（单位：万元）</p></td></tr></table>"
    )
    assert texts(markup) == ["（二）部分公开 （区分处理的）", "本年收费金额（单位：万元）"]


def test_omitted_end_tags_of_cells_and_rows_are_implied() -> None:
    markup = "<table><tr><td>a<td>b<tr><th>c<td><p>d</table><p>after"
    assert cells(markup) == [("a", True), ("b", True), ("c", True), ("d", True), ("after", False)]


def test_a_stray_end_tag_does_not_close_a_cell_or_its_table() -> None:
    markup = "<div><table><tr><td>a</div>b</td><td>c</td></tr></table></div>"
    assert cells(markup) == [("ab", True), ("c", True)]


def test_layout_tables_are_read_as_prose() -> None:
    single = f"<table><tr><td><h1>{TITLE}</h1><p>{BODY}</p></td></tr></table>"
    assert cells(single) == [(TITLE, False), (BODY, False)]
    nested = (
        "<table><tr><td>左栏文字</td><td><p>正文</p>"
        "<table><tr><td>规章</td><td>0</td></tr></table><p>结尾</p></td></tr></table>"
    )
    assert cells(nested) == [
        ("左栏文字", False),
        ("正文", False),
        ("规章", True),
        ("0", True),
        ("结尾", False),
    ]


def test_an_nbsp_cell_maps_to_a_blank_template_cell(tmp_path: Path) -> None:
    # Table 3, 新收 科研机构 (line 59 of the text) left empty; the page writes &nbsp;.
    text_ = (EXAMPLES / "f2021-department-2022.txt").read_text(encoding="utf-8")
    data = render_html(edit_lines(text_, {59: ("0", "")}))
    source = load(data, "r.html")
    cell = parse(source).tables["t3"].cell("new", "sci")
    assert cell is not None
    assert (cell.kind, cell.raw) == (CellKind.BLANK, "")
    assert "&nbsp;" in source.lines[cell.line - 1]


# --- site chrome ---------------------------------------------------------------------------


def test_site_chrome_is_dropped() -> None:
    markup = page(
        "<header><h1>门户网站</h1></header>"
        "<nav><a>首页</a></nav>"
        '<div id="breadcrumb">首页 &gt; 政务公开</div>'
        '<div class="position crumbs">当前位置</div>'
        '<div class="MainMenu"><ul><li>栏目</li></ul></div>'
        '<div id="left_sidebar"><p>相关链接</p></div>'
        '<div class="bdsharebuttonbox">分享到</div>'
        '<div class="article-toolbar">打印</div>'
        '<form action="/search"><input name="q"><button>搜索</button>站内搜索</form>'
        "<aside>热点</aside><iframe src='x'>框架</iframe><noscript>请启用脚本</noscript>"
        '<style>p { color: red }</style><script>document.write("<p>脚本</p>")</script>'
        f"<div class='content'><h1>{TITLE}</h1><p>{BODY}</p></div>"
        '<div id="Footer">版权所有</div><footer>联系我们</footer><p>末段</p>'
    )
    assert [u.text for u in load(markup.encode(), "r.html").units] == [TITLE, BODY, "末段"]


def test_a_page_class_naming_a_sidebar_does_not_drop_the_page() -> None:
    markup = f'<html class="nav-open"><body class="has-sidebar"><p>{BODY}</p></body></html>'
    assert texts(markup) == [BODY]


def test_a_form_that_wraps_the_page_is_kept() -> None:
    # ASP.NET pages put everything inside one <form>; a search box is a small form.
    body = (
        f"<form id='form1' method='post'><h1>{TITLE}</h1><p>{BODY}</p></form>"
        "<form><p>搜索</p></form>"
    )
    assert texts(page(body)) == [TITLE, BODY]


# --- robustness ----------------------------------------------------------------------------


def test_deep_nesting_finishes_without_recursion() -> None:
    depth = 100_000
    markup = "<div>" * depth + "深处的文字" + "</div>" * depth + "<p>之后</p>"
    started = time.monotonic()
    assert texts(markup) == ["深处的文字", "之后"]
    assert time.monotonic() - started < 60


def test_tags_below_the_depth_cap_only_carry_text() -> None:
    markup = (
        "<div>" * MAX_DEPTH
        + "<table><tr><td>甲</td><td>乙</td></tr></table>"
        + "</div>" * MAX_DEPTH
    )
    assert cells(markup) == [("甲乙", False)]


def test_deeply_nested_tables_finish() -> None:
    markup = "<table><tr><td>" * 20_000 + "核心" + "</td></tr></table>" * 20_000
    assert texts(markup) == ["核心"]


@pytest.mark.parametrize(
    "markup",
    [
        "<p>a<![foo[ b ]]>c</p>",
        "<p>a<![ b</p><p>c</p>",
        "<p>a</p><![if !supportLists]>1.<![endif]>",
    ],
)
def test_malformed_declarations_are_read_as_browsers_do(markup: str) -> None:
    assert texts(markup)


def test_a_parser_failure_is_one_input_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(self: HTMLParser, end: bool) -> None:
        raise AssertionError("unexpected markup")

    monkeypatch.setattr(HTMLParser, "goahead", fail)
    with pytest.raises(InputError) as info:
        # (A marked section sends the page to html.parser: the fast scanner leaves it alone.)
        extract_units("<p>x</p><![if x]>", "bad.html")
    assert (info.value.key, info.value.values["reason"]) == (
        "input.html_malformed",
        "unexpected markup",
    )


def test_units_are_in_source_order() -> None:
    source = load(
        render_html((EXAMPLES / "f2021-faulty-2023.txt").read_text(encoding="utf-8")), "r.html"
    )
    positions = [(u.line, u.column) for u in source.units]
    assert positions == sorted(positions)
    assert len(set(positions)) == len(positions)
