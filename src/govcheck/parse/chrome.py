"""Site chrome in text: widget and navigation lines, and the footer of a page.

The HTML loader drops chrome by element (``nav``, ``footer``, ids such as
``share``), but a page saved as text, a crawler's page.txt or a page built
from plain divs keeps it: 繁體版 ENGLISH, 字体:【大 中 小】, 打印 关闭, 首页
一网通办, and at the bottom 友情链接 with its list of sites. Left in, the
footer became part of section 六's text and a widget line could be read as
the issuer above a title. The vocabulary is ``[chrome]`` in
templates/common.toml; this module only applies it, to every form alike.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from govcheck.model import Section, Token
from govcheck.templates import vocabulary

# Widget lines are short; longer lines are text and are not even tried.
_MAX_CHROME_LINE = 60


@cache
def _line_re() -> re.Pattern[str]:
    return re.compile(vocabulary().chrome.get("line", "(?!)"))


@cache
def _footer_re() -> re.Pattern[str]:
    return re.compile(vocabulary().chrome.get("footer", "(?!)"))


@cache
def lead_re() -> re.Pattern[str]:
    """A font-size switch glued before a title."""
    return re.compile(vocabulary().chrome.get("lead", "(?!)"))


def is_chrome(text: str) -> bool:
    """Whether a normalised line is made only of widgets and navigation words.

    A line needs a letter to be chrome: a table cell of ``-`` or ``/`` is a
    placeholder value, not a widget.
    """
    return (
        0 < len(text) <= _MAX_CHROME_LINE
        and any(ch.isalpha() for ch in text)
        and _line_re().match(text) is not None
    )


def drop_chrome_lines(tokens: Sequence[Token]) -> tuple[Token, ...]:
    """The tokens without whole widget or navigation lines."""
    return tuple(t for t in tokens if not is_chrome(t.norm))


def drop_footer(tokens: Sequence[Token], sections: Sequence[Section]) -> tuple[Token, ...]:
    """The tokens up to the page footer (友情链接, 版权所有 …) after the last section.

    Only after the last section heading: a report never mentions 主办单位 or
    版权所有 there, while the top of a page may carry them in its header.
    """
    after = sections[-1].position if sections else None
    if after is None:
        return tuple(tokens)
    for index, token in enumerate(tokens):
        if (token.line, token.column) > after and _footer_re().match(token.norm):
            return tuple(tokens[:index])
    return tuple(tokens)
