"""The helpers of the date kinds (govcheck.kinds.dating), and the small inline
reports that the tests of GC202–GC206 and GC605 share (``report``, ``doc``, ``rule``)."""

from __future__ import annotations

import re

import pytest

from govcheck.engine.base import RuleBase
from govcheck.engine.packs import builtin_rules
from govcheck.kinds.dating import Period, check_period_patterns, find_periods
from govcheck.load import decode
from govcheck.model import Document, Token
from govcheck.parse import parse
from govcheck.parse.normalize import norm
from govcheck.parse.paragraphs import paragraphs

PERIOD = "本报告所列数据的统计期限为{year}年1月1日至{year}年12月31日。"


def rule(rule_id: str) -> RuleBase:
    """The built-in rule ``rule_id``."""
    return next(r for r in builtin_rules() if r.id == rule_id)


def report(
    issuer: str = "示例县自然资源局",
    year: int = 2022,
    date: str | None = "2023年1月18日",
    preface: str | None = None,
    overview: str = "2022年，本局共收到政府信息公开申请3件。",
    other: str = "无。",
) -> str:
    """A short report: title, preface, sections 一 and 六, signature and date.

    Lines: 1 title, 2 preface, 3 heading 一, 4 overview, 5 heading 六,
    6 other, 7 issuer, 8 date.
    """
    lines = [
        f"{issuer}{year}年政府信息公开工作年度报告",
        PERIOD.format(year=year) if preface is None else preface,
        "一、总体情况",
        overview,
        "六、其他需要报告的事项",
        other,
        issuer,
    ]
    if date is not None:
        lines.append(date)
    return "\n".join(lines) + "\n"


def doc(text: str) -> Document:
    """Parse ``text`` as a report file."""
    return parse(decode(text.encode("utf-8"), "t.txt"))


def tokens(*lines: str, first: int = 1) -> tuple[Token, ...]:
    """Consecutive lines as tokens, numbered from ``first``."""
    return tuple(Token(n, raw, norm(raw)) for n, raw in enumerate(lines, first))


def period_patterns() -> tuple[str, ...]:
    patterns: tuple[str, ...] = getattr(rule("GC206"), "period_patterns")  # noqa: B009
    return patterns


# The ten wordings of spec §3.3, each with its (start, end).
WORDINGS = [
    ("本年度报告中所列数据统计期限从2019年1月1日到12月31日止", 2019),
    ("本年度报告中所列数据统计期限为2022年1月1日至12月31日", 2022),
    ("本报告所列数据的统计期限自2021年1月1日起至2021年12月31日止", 2021),
    ("本报告中所列数据的统计时限为2021年1月1日至2021年12月31日", 2021),
    ("本年报中所列数据的统计期限从2021年1月1日起至2021年12月31日止", 2021),
    ("本报告所列数据的统计期限为2024年1月1日至2024年12月31日", 2024),
    ("本报告中使用数据统计期限为2025年1月1日至12月31日", 2025),
    ("报告中所列数据统计起止时间为2022年1月1日至2022年12月31日", 2022),
    ("本报告所列数据为2020年1月1日至2020年12月31日", 2020),
    ("本报告所列数据统计期限自2020年1月1日起至2020年12月31日止", 2020),
]


@pytest.mark.parametrize(("sentence", "year"), WORDINGS)
def test_every_listed_wording_parses(sentence: str, year: int) -> None:
    (period,) = find_periods(tokens(sentence), period_patterns())
    assert period.start == (year, 1, 1)
    assert period.end == (year, 12, 31)
    assert period.year == year
    assert period.is_calendar_year(year)


@pytest.mark.parametrize(
    ("sentence", "start", "end"),
    [
        ("本报告所列数据的统计期限为二〇二一年一月一日至二〇二一年十二月三十一日。", 2021, 2021),
        ("本报告所列数据统计期限为 2023 年 1 月 1 日 — 2023 年 12 月 31 日。", 2023, 2023),
        ("本报告所列数据的统计期限为2021年1月1日至2022年12月31日。", 2021, 2022),
    ],
)
def test_other_spellings(sentence: str, start: int, end: int) -> None:
    (period,) = find_periods(tokens(sentence), period_patterns())
    assert (period.start[0], period.end[0]) == (start, end)
    assert period.year == (start if start == end else None)


def test_a_single_date_is_not_a_period() -> None:
    assert find_periods(tokens("本报告所列数据截至2022年12月31日。"), period_patterns()) == []


def test_a_wrapped_period_is_found_at_the_line_where_it_starts() -> None:
    lines = tokens(
        "要求编制此报告。报告中所列数据统计期限自 2023 年 1 月 1 日",
        "起至 2023 年 12 月 31 日止。如对本报告有疑问，请与办公室联系",
        first=5,
    )
    (period,) = find_periods(lines, period_patterns())
    assert period.line == 5
    assert period.is_calendar_year(2023)


def test_short_lines_do_not_wrap() -> None:
    lines = tokens("（一）主动公开", "2022年，本局公开信息10条。")
    assert [p.text for p in paragraphs(lines)] == [t.norm for t in lines]


def test_sentences_know_their_line() -> None:
    lines = tokens("第一句话很长很长很长很长很长很长很长很长。第二句", "接着写完。第三句。")
    (paragraph,) = paragraphs(lines)
    found = paragraph.sentences(re.compile("[。]"))
    assert found == [
        (1, "第一句话很长很长很长很长很长很长很长很长"),
        (1, "第二句接着写完"),
        (2, "第三句"),
    ]


def test_period_patterns_must_name_their_groups() -> None:
    with pytest.raises(ValueError, match="groups"):
        check_period_patterns(("统计期限为(?P<y1>\\d{4})年",))


def test_the_three_rules_share_one_period_pattern() -> None:
    """GC204, GC205 and GC206 must read the same sentences."""
    patterns = {getattr(rule(i), "period_patterns") for i in ("GC204", "GC205", "GC206")}  # noqa: B009
    assert len(patterns) == 1


def test_period_year() -> None:
    assert Period(1, "", (2022, 1, 1), (2022, 12, 31)).year == 2022
    assert Period(1, "", (2022, 1, 1), (2023, 1, 1)).year is None
