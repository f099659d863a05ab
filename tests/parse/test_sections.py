"""Section headings, report metadata and format detection."""

from __future__ import annotations

import datetime as dt

import pytest

from govcheck.load import decode
from govcheck.model import Document
from govcheck.parse import parse
from govcheck.parse.meta import parse_date


def doc(text: str) -> Document:
    return parse(decode(text.encode("utf-8"), "t.txt"))


HEADINGS = """示例县交通运输局2022年政府信息公开工作年度报告
一、总体情况
二、主动公开政府信息情况
三、收到和处理政府信息公开申请情况
四、因政府信息公开工作被申请行政复议、提起行政诉讼情况
五、政府信息公开工作存在的主要问题及改进情况
六、其他需要报告的事项
示例县交通运输局
2023年1月30日
"""


def test_canonical_and_variant_headings() -> None:
    d = doc(HEADINGS)
    assert [(s.spec.id, s.line, s.canonical) for s in d.sections] == [
        ("overview", 2, True),
        ("proactive", 3, True),
        ("requests", 4, True),
        ("review_litigation", 5, False),
        ("problems", 6, False),
        ("other", 7, True),
    ]


def test_metadata_from_title_and_closing() -> None:
    d = doc(HEADINGS)
    assert (d.year, d.issuer, d.title_line) == (2022, "示例县交通运输局", 1)
    assert d.date is not None and (d.date.date, d.date.line) == (dt.date(2023, 1, 30), 9)


def test_ascii_parentheses_spaces_and_markdown_are_tolerated() -> None:
    d = doc("## 一、 总体 情况\n**二、主动公开政府信息情况**\n")
    assert [s.spec.id for s in d.sections] == ["overview", "proactive"]


def test_misspelt_heading_is_matched_as_variant() -> None:
    d = doc("四、政府信息公开行政法复议、行政诉讼情况\n")
    assert [(s.spec.id, s.canonical) for s in d.sections] == [("review_litigation", False)]


@pytest.mark.parametrize(
    "label",
    ["一、本年新收政府信息公开申请数量", "四、结转下年度继续办理", "三、本年度办理结果"],
)
def test_table_row_labels_are_never_headings(label: str) -> None:
    assert doc(f"{label}\n0\n").sections == ()


def test_heading_words_inside_prose_are_not_headings() -> None:
    d = doc("本报告分为一、总体情况，二、主动公开政府信息情况等六个部分，现报告如下。\n")
    assert d.sections == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2021年1月19日", dt.date(2021, 1, 19)),
        ("二〇二一年一月十九日", dt.date(2021, 1, 19)),
        ("二○二四年三月三十一日", dt.date(2024, 3, 31)),
        ("发布日期:2023年1月5日", dt.date(2023, 1, 5)),
        ("2021年2月30日", None),
        ("本报告于2021年1月19日印发", None),
    ],
)
def test_dates(text: str, expected: dt.date | None) -> None:
    assert parse_date(text) == expected


def test_issuer_from_signature_when_title_has_none() -> None:
    d = doc(
        "2022年政府信息公开工作年度报告\n一、总体情况\n六、其他需要报告的事项\n无。\n示例乡人民政府\n2023年1月9日\n"
    )
    assert d.issuer == "示例乡人民政府"


@pytest.mark.parametrize(
    ("marker", "year", "expected"),
    [
        ("本年新制作数量", 2020, "2019"),
        ("本年制发件数", 2022, "2021"),
        ("本年新制作数量", 2022, "2019"),  # tables say F2019 whatever the year says
        ("信息内容", 2020, "2019"),  # no marker: the year decides
        ("信息内容", 2023, "2021"),
    ],
)
def test_format_detection(marker: str, year: int, expected: str) -> None:
    d = doc(f"示例局{year}年政府信息公开工作年度报告\n二、主动公开政府信息情况\n{marker}\n")
    assert d.format == expected


def test_no_year_and_no_marker_means_unknown_format() -> None:
    assert doc("一、总体情况\n二、主动公开政府信息情况\n").format is None


def test_prose_marker_does_not_decide_the_format() -> None:
    text = "示例镇2020年政府信息公开工作年度报告\n本年制发件数较上年有所增加，现行有效件数稳定。\n"
    assert doc(text).format == "2019"


def test_the_shanghai_layout_numbers_its_table_headings_one_two_three() -> None:
    """Text parts first, then the tables under 一、二、三: the exact titles are the sections."""
    text = """上海市某委2024年政府信息公开工作年度报告
一、总体情况
二、工作机制保障
一、主动公开政府信息情况
二、收到和处理政府信息公开申请情况
三、政府信息公开行政复议、行政诉讼情况
五、其他需要报告的事项
"""
    d = doc(text)
    assert [(s.spec.id, s.line, s.canonical) for s in d.sections] == [
        ("overview", 2, True),
        ("proactive", 4, False),
        ("requests", 5, False),
        ("review_litigation", 6, False),
        ("other", 7, False),
    ]


RENUMBERED_NOT = ["二、工作机制保障", "七、主动公开政府信息情况", "三、主动公开工作情况"]


@pytest.mark.parametrize("line", RENUMBERED_NOT)
def test_a_renumbered_heading_must_be_exact_and_one_of_the_six_numerals(line: str) -> None:
    assert [s.spec.id for s in doc(f"一、总体情况\n{line}\n").sections] == ["overview"]


MISNUMBERED = """示例县交通运输局2022年政府信息公开工作年度报告
一、总体情况
二、主动公开政府信息情况
三、收到和处理政府信息公开申请情况
四、政府信息公开行政复议、行政诉讼情况
{five}
六、其他需要报告的事项
"""


@pytest.mark.parametrize(
    "five",
    ["六、存在的主要问题及整改情况", "四、存在的主要问题及整改情况", "六、存在的问题及改进情况"],
)
def test_a_misnumbered_reworded_heading_between_its_neighbours_is_the_section(
    five: str,
) -> None:
    """A 五 written 六 (or a second 四) and reworded is still section 五, not a missing one."""
    sections = doc(MISNUMBERED.format(five=five)).sections
    assert [(s.spec.id, s.line, s.canonical) for s in sections][4:] == [
        ("problems", 6, False),
        ("other", 7, True),
    ]


def test_a_misnumbered_near_heading_outside_its_place_is_no_section() -> None:
    """A layout's own sub-heading before section 二 is never taken for a missing 三."""
    text = """一、总体情况
四、政府信息公开申请情况
二、主动公开政府信息情况
四、政府信息公开行政复议、行政诉讼情况
五、存在的主要问题及改进情况
六、其他需要报告的事项
"""
    ids = [s.spec.id for s in doc(text).sections]
    assert ids == ["overview", "proactive", "review_litigation", "problems", "other"]


def test_a_misnumbered_reworded_heading_does_not_displace_a_found_section() -> None:
    """Section 五 is present; a later 六、存在的问题及整改情况 is just a line."""
    text = MISNUMBERED.format(five="五、存在的主要问题及改进情况") + "六、存在的问题及整改情况\n"
    problems = [s for s in doc(text).sections if s.spec.id == "problems"]
    assert [(s.line, s.canonical) for s in problems] == [(6, True)]
