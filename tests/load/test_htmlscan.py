"""The fast HTML scanner reports exactly html.parser's tokens, or gives the page back."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govcheck.load import html, htmlscan
from govcheck.load.html import extract_units
from govcheck.load.htmlscan import Position
from tests.conftest import EXAMPLES
from tests.forms.render_html import render_html

Call = tuple[object, ...]
EXAMPLE_NAMES = ["f2019-township-2020.txt", "f2021-department-2022.txt", "f2021-faulty-2023.txt"]


class Recorder:
    """A sink that records calls; ``wrapped`` is recorded as the three calls it stands for."""

    def __init__(self) -> None:
        self.calls: list[Call] = []

    def start(self, tag: str, names: str, at: Position) -> None:
        self.calls.append(("start", tag, names, at))

    def start_end(self, tag: str, names: str, at: Position) -> None:
        self.calls.append(("start_end", tag, names, at))

    def end(self, tag: str) -> None:
        self.calls.append(("end", tag))

    def wrapped(self, tag: str, names: str, at: Position, text: str, text_at: Position) -> None:
        self.start(tag, names, at)
        if text:
            self.data(text, text_at)
        self.end(tag)

    def data(self, data: str, at: Position) -> None:
        self.calls.append(("data", data, at))


class Reference(HTMLParser):
    """html.parser's own calls, in the recorder's terms (as the loader's adapter makes them)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.recorder = Recorder()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.recorder.start(tag, html._names(attrs), self._at())

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.recorder.start_end(tag, html._names(attrs), self._at())

    def handle_endtag(self, tag: str) -> None:
        self.recorder.end(tag)

    def handle_data(self, data: str) -> None:
        self.recorder.data(data, self._at())

    def _at(self) -> Position:
        line, offset = self.getpos()
        return line, offset + 1


def reference_calls(markup: str) -> list[Call]:
    parser = Reference()
    parser.feed(markup)
    parser.close()
    return parser.recorder.calls


def scanned_calls(markup: str) -> list[Call] | None:
    recorder = Recorder()
    return recorder.calls if htmlscan.scan(markup, recorder) else None


def read_by_html_parser(markup: str, monkeypatch: pytest.MonkeyPatch) -> tuple[object, ...]:
    """The units html.parser alone gives (the scanner made to give every page back)."""
    with monkeypatch.context() as patch:
        patch.setattr(htmlscan, "scan", lambda markup, sink: False)
        return extract_units(markup, "p.html")


ACCEPTED = [
    "<p>甲</p>",
    "<P CLASS='Nav'>x</P><div ID=menu>y</div>",
    '<td colspan="2" valign="middle"><p align="center"><span>3</span></p></td>',
    '<div class="a&amp;b">x</div><div class="&#110;av">y</div>',
    "<br/><br /><div/>x<td/>",
    "<span></span><span>a &amp; b &lt; c</span><SPAN>x</span>",
    '<a href=/a/b/>x</a><a href=x/>y</a><img src="a>b">',
    "<!DOCTYPE html><!-- c --><!---->z<!--x--\n><?xml x?><!x>",
    '<script>if (1 < 2 && 3 > 2) { s = "<p>"; }</script><p>after</p>',
    "<style>p { x: 1 }</style ><SCRIPT>x</SCRIPT>",
    "<p>a < b <3 and <</p>",
    "<o:p></o:p><st1:x>1</st1:x>",
    "<p>\r\n  line one\n<b>two</b>\n</p>",
    "<p>&nbsp;&copy &#x4e00;&#12288;&amp</p>",
    "text at the end &amp",
    "<",
]
GIVEN_BACK = [
    "<p>a<![if !supportLists]>1.<![endif]></p>",
    '<p class="a"id="b">x</p>',
    "<p a==b>x</p>",
    "<p a=`b`>x</p>",
    "<p\u3000class='x'>x</p>",
    "<p class=\u00a0x>x</p>",
    "</p x>",
    "</>",
    "<p>unterminated <!-- comment",
    "<p>unterminated <? pi",
    "<p>unterminated <!x",
    "<p/class='x'>",
    "<script>never closed",
    "<script>x</\u017fcript>y</script>",
    "<p>a<b",
]


@pytest.mark.parametrize("markup", ACCEPTED)
def test_the_scanner_reports_html_parsers_calls(markup: str) -> None:
    assert scanned_calls(markup) == reference_calls(markup)


@pytest.mark.parametrize("markup", GIVEN_BACK)
def test_markup_the_scanner_is_unsure_of_goes_to_html_parser(
    markup: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert scanned_calls(markup) is None
    assert extract_units(markup, "p.html") == read_by_html_parser(markup, monkeypatch)


def example_pages() -> list[bytes]:
    texts = [(EXAMPLES / name).read_text(encoding="utf-8") for name in EXAMPLE_NAMES]
    return [render_html(t, word=word) for t in texts for word in (False, True)]


def test_rendered_pages_are_read_by_the_scanner_with_the_same_units(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Guards the speed-up: a page as sites serve it never falls back to html.parser."""
    for data in example_pages():
        markup = data.decode("utf-8")
        assert scanned_calls(markup) == reference_calls(markup)
        assert extract_units(markup, "p.html") == read_by_html_parser(markup, monkeypatch)


def test_wrapped_inline_text_keeps_chrome_depth_and_stray_tags(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    deep = "<div>" * (html.MAX_DEPTH - 1)
    for markup in (
        "<nav><span>menu</span></nav><p><span>正文</span></p>",
        deep + "<table><tr><td><span>1</span></td><td><b>2</b></td></tr></table>",
        deep + "<p><span>1</span><span class='nav'>2</span></p>",
        "<table><tr><td><span class='share'>x</span><i>3</i></td></tr></table>",
        "<span><p><span>a</span></p></span><span>b</span></span>",
    ):
        assert extract_units(markup, "p.html") == read_by_html_parser(markup, monkeypatch)


# Pieces that pages are made of, clean and odd, to be strung together at random.
PIECES = [
    *("<p>", "</p>", "<div class='main'>", "</div>", "<td>", "</td>", "<tr>", "</tr>"),
    *("<table>", "</table>", "<span>", "</span>", "<br>", "<br/>", "<li>", "<dt>", "<dd>"),
    *("<nav>", "</nav>", "<form>", "</form>", "<h2>", "</h2>", "<th colspan=2>", "</th>"),
    *("<script>x</script>", "<style>y</style>", "<div id='footer'>", "<b class=x>", "</b>"),
    *("<!-- c -->", "<!DOCTYPE html>", "<?x?>", "<![if x]>", "<p/", "</p x>", "<a b=c/>"),
    *("甲", "12", " ", "\n", "&nbsp;", "&amp;", "a < b", "<", "&", "\u3000", "\r\n"),
    *("<span>3</span>", "<Span>3</SPAN>", "<i></i>", "<u>&lt;</u>", "<td><span>x</span></td>"),
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_any_page_reads_the_same_with_the_scanner(pieces: list[str]) -> None:
    markup = "".join(pieces)
    calls = scanned_calls(markup)
    if calls is not None:
        assert calls == reference_calls(markup)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(htmlscan, "scan", lambda markup, sink: False)
        by_html_parser = extract_units(markup, "p.html")
    assert extract_units(markup, "p.html") == by_html_parser
