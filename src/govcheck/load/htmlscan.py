"""A fast reader of the tokens html.parser reports, for pages made of clean markup.

:class:`html.parser.HTMLParser` is exact but costs a dozen regular-expression
matches and Python calls per tag, most of the time spent loading a saved web
page. Nearly every page is made of a few kinds of markup only: tags whose
attributes are separated by spaces and quoted (or bare), text, comments,
the ``<!DOCTYPE>``, processing instructions and ``script``/``style``
content. :func:`scan` reads exactly those with one match per tag and reports
to a :class:`Sink` the very calls html.parser would make, with the same
text pieces (entities resolved, script content as is) and the same source
positions.

Anything else (a marked section ``<![…``, ``<a b="1"c="2">``, an unclosed
tag or comment, unicode spaces between attributes, an end tag with
attributes, script content that is never closed) makes :func:`scan` return
``False`` at once, and the caller reads the whole page with html.parser
again. The patterns below are html.parser's own, narrowed: where this
module accepts a token, html.parser splits it the same way; where the two
could differ, this module gives up.
"""

from __future__ import annotations

import re
from html import unescape
from typing import Protocol, TypeAlias

# A 1-based (line, column) in the source.
Position: TypeAlias = tuple[int, int]

_SPACE = r"[ \t\n\r\f]"
# A start tag with space-separated attributes whose values are quoted or bare;
# possessive, so that it never backtracks (html.parser's own matches are greedy).
# When text and the same element's end tag follow at once (<span>3</span>, the
# most common markup of a table), they are read with it, so as one token.
_START_TAG = (
    r"<(?P<tag>[a-zA-Z][-.a-zA-Z0-9:_]*+)"
    rf"((?:{_SPACE}++[a-zA-Z_:][-.a-zA-Z0-9:_]*+"
    rf"(?:{_SPACE}*+={_SPACE}*+(?:\"[^\"]*+\"|'[^']*+'|[^\s\"'=<>`]++))?+)*+)"
    rf"{_SPACE}*+(?:(/)>|>(?:([^<]*+)</(?P=tag)\s*+>)?+)"
)
# html.parser's end tag (its endtagfind); anything else after "</" is left to it.
_END_TAG = r"</\s*([a-zA-Z][-.a-zA-Z0-9:_]*)\s*>"
# Markup that html.parser skips without a callback we use: a comment (up to the
# first "--\s*>" after "<!--"), a processing instruction (up to the first ">"),
# and any other "<!" but a marked section "<![", the <!DOCTYPE> among them (up
# to the first ">"; "<!doctype" holds none, so that is where html.parser ends it).
_SKIPPED = r"<!--.*?--\s*>|<\?[^>]*>|<!(?!--|\[)[^>]*>"
# One token: text up to a "<", a start tag, an end tag, skipped markup, or a "<"
# that starts none of these. Groups, by number: 1 text; 2 name, 3 attributes,
# 4 "/" of a self-closing tag, 5 the text of a start tag read with its end tag;
# 6 name of an end tag; 7 skipped; 8 any other "<".
_TOKEN = re.compile(rf"([^<]+)|{_START_TAG}|{_END_TAG}|({_SKIPPED})|(<)", re.DOTALL)
# What a token is, by the number of its last group (a plain start tag's is its attributes').
_TEXT, _START, _START_END, _WRAPPED, _END, _SKIP, _OTHER = 1, 3, 4, 5, 6, 7, 8
# One attribute of a matched start tag: name and the value in one of its forms.
_ATTRIBUTE = re.compile(
    rf"{_SPACE}++([a-zA-Z_:][-.a-zA-Z0-9:_]*+)"
    rf"(?:{_SPACE}*+={_SPACE}*+(?:\"([^\"]*+)\"|'([^']*+)'|([^\s\"'=<>`]++)))?+"
)
# Attributes that may hold an id or a class (each name follows a space; names are
# case-free): a cheap test, so that only those are parsed, and they are few.
_MAY_NAME = re.compile(rf"{_SPACE}(?:id|class){_SPACE}*=", re.IGNORECASE)
_NAMING_ATTRIBUTES = ("id", "class")
_END_TAG_AT = re.compile(_END_TAG)
# Elements whose content is not markup, and what ends each (html.parser's set_cdata_mode).
_RAW_TEXT_END = {
    name: re.compile(rf"</\s*{name}\s*>", re.IGNORECASE) for name in ("script", "style")
}


class Sink(Protocol):
    """Where the tokens go: html.parser's callbacks, with names read from attributes."""

    def start(self, tag: str, names: str, at: Position) -> None:
        """A start tag at ``at``; ``names`` is its id and class values, lower-cased."""

    def start_end(self, tag: str, names: str, at: Position) -> None:
        """A self-closing start tag (``<br/>``, ``<div/>``)."""

    def end(self, tag: str) -> None:
        """An end tag."""

    def wrapped(self, tag: str, names: str, at: Position, text: str, text_at: Position) -> None:
        """A start tag, text (perhaps empty: then no text is reported), and its end tag."""

    def data(self, data: str, at: Position) -> None:
        """Text starting at ``at``, entities resolved (outside script and style)."""


class _GiveUp(Exception):  # noqa: N818 - a signal, not an error
    """Markup this module does not read as html.parser would; html.parser must read it."""


def scan(markup: str, sink: Sink) -> bool:
    """Report ``markup`` 's tokens to ``sink``; ``False`` (part way) if html.parser must read it.

    The sink has then seen a prefix of the page's tokens and must be dropped.
    """
    try:
        _Scanner(markup, sink).run()
    except _GiveUp:
        return False
    return True


def names_of(attributes: str) -> str:
    """The id and class values of a matched tag's attributes, as html.parser gives them.

    html.parser lower-cases attribute names and resolves entities in
    non-empty values; an attribute without a value has ``None``, and empty
    values are skipped, as the chrome check skips them.
    """
    values = []
    for match in _ATTRIBUTE.finditer(attributes):
        if match.group(1).lower() not in _NAMING_ATTRIBUTES:
            continue
        value = next((v for v in match.group(2, 3, 4) if v is not None), None)
        if value:
            values.append(unescape(value))
    return " ".join(values).lower()


class _Scanner:
    """One pass over the markup, keeping html.parser's line and column count."""

    def __init__(self, markup: str, sink: Sink) -> None:
        self._markup = markup
        self._sink = sink
        # Where the position was last computed, its line, and the last line break before it.
        self._mark = 0
        self._line = 1
        self._break = -1

    def run(self) -> None:
        """Every token to the end; script and style content is read apart from the tokens."""
        at = 0
        while at < len(self._markup):
            at = self._tokens(at)

    def _tokens(self, at: int) -> int:
        """Read tokens from ``at``; where the content of a script or style starts, else the end.

        This loop runs for every tag and text of a page: it keeps what it uses in
        locals, and computes positions in line (as :meth:`_position` does).
        """
        markup = self._markup
        count = markup.count
        rfind = markup.rfind
        # The names of each attribute string seen: pages repeat a few (align="center").
        names_by_attributes: dict[str, str] = {"": ""}
        sink = self._sink
        mark, line, last_break = self._mark, self._line, self._break
        for token in _TOKEN.finditer(markup, at):
            kind = token.lastindex
            if kind == _END:
                sink.end(token.group(6).lower())
                continue
            if kind == _SKIP:
                continue
            if kind == _OTHER:
                self._mark, self._line, self._break = mark, line, last_break
                self._other(token.start())
                mark, line, last_break = self._mark, self._line, self._break
                continue
            at = token.start()
            breaks = count("\n", mark, at)
            if breaks:
                line += breaks
                last_break = rfind("\n", mark, at)
            mark = at
            if kind == _TEXT:
                text = token.group()
                sink.data(unescape(text) if "&" in text else text, (line, at - last_break))
                continue
            tag, attributes, text = token.group(2, 3, 5)
            tag = tag.lower()
            names = names_by_attributes.get(attributes)
            if names is None:
                names = names_of(attributes) if _MAY_NAME.search(attributes) else ""
                names_by_attributes[attributes] = names
            if kind == _START_END:
                sink.start_end(tag, names, (line, at - last_break))
            elif tag in _RAW_TEXT_END:
                sink.start(tag, names, (line, at - last_break))
                self._mark, self._line, self._break = mark, line, last_break
                return self._raw_text(tag, token.end() if text is None else token.start(5))
            elif kind == _START:
                sink.start(tag, names, (line, at - last_break))
            else:
                inside = token.start(5)
                breaks = count("\n", mark, inside)
                tag_at = (line, at - last_break)
                if breaks:
                    line += breaks
                    last_break = rfind("\n", mark, inside)
                mark = inside
                text = unescape(text) if "&" in text else text
                sink.wrapped(tag, names, tag_at, text, (line, inside - last_break))
        return len(markup)

    def _raw_text(self, tag: str, at: int) -> int:
        """Script or style content, as is, up to its end tag; where the end tag ends."""
        markup = self._markup
        close = _RAW_TEXT_END[tag].search(markup, at)
        if close is None:
            raise _GiveUp  # html.parser would hold the rest back unread
        end = _END_TAG_AT.match(markup, close.start())
        if end is None or end.group(1).lower() != tag:
            raise _GiveUp  # "</\u017fcript>" matches case-free; html.parser reads it as text
        if at < close.start():
            self._sink.data(markup[at : close.start()], self._position(at))
        self._sink.end(tag)
        return close.end()

    def _other(self, lt: int) -> None:
        """A "<" that starts no token: text of its own, as html.parser reports it, or give up.

        After a letter, "/", "!" or "?" it starts markup that this module does
        not read as html.parser would (or that is unterminated).
        """
        follower = self._markup[lt + 1 : lt + 2]
        if follower in ("/", "!", "?") or (follower.isascii() and follower.isalpha()):
            raise _GiveUp
        self._sink.data("<", self._position(lt))

    def _position(self, at: int) -> Position:
        """html.parser's (line, column + 1) of offset ``at``; offsets only ever grow."""
        markup = self._markup
        breaks = markup.count("\n", self._mark, at)
        if breaks:
            self._line += breaks
            self._break = markup.rfind("\n", self._mark, at)
        self._mark = at
        return self._line, at - self._break


__all__ = ["Position", "Sink", "names_of", "scan"]
