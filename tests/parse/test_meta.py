"""Title, year, issuer and page date as real pages write them (parse/meta.py).

Each shape is one synthetic page head: site chrome, the title, a date line,
the first section. The expected year, issuer and date are exact.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest

from govcheck.load import decode
from govcheck.model import Document
from govcheck.parse import parse
from govcheck.parse.chrome import is_chrome

BODY = (
    "一、总体情况\n本局认真贯彻落实《中华人民共和国政府信息公开条例》。\n二、主动公开政府信息情况\n"
)


def doc(head: str, body: str = BODY) -> Document:
    return parse(decode((head + "\n" + body).encode("utf-8"), "t.txt"))


def meta(head: str, body: str = BODY) -> tuple[int | None, str | None]:
    parsed = doc(head, body)
    return parsed.year, parsed.issuer


TITLES = {
    "issuer first": ("示例县农业农村局2023年政府信息公开工作年度报告", 2023, "示例县农业农村局"),
    "year first": ("2021年示例市示例局政府信息公开工作年度报告", 2021, "示例市示例局"),
    "year first, 年度": ("2022年度示例高新区政府信息公开工作年度报告", 2022, "示例高新区"),
    "year first, 人民政府": ("2021年示例县人民政府信息公开工作年度报告", 2021, "示例县人民政府"),
    "space in 2025 年": ("2025 年示例县人社分局政府信息公开工作年度报告", 2025, "示例县人社分局"),
    "space after 年": ("示例县卫生健康局2025年 政府信息公开工作年度报告", 2025, "示例县卫生健康局"),
    "year without 年": (
        "示例区卫生健康委员会 2021政府信息公开工作年度报告",
        2021,
        "示例区卫生健康委员会",
    ),
    "without 政府": ("示例街道2025年信息公开工作年度报告", 2025, "示例街道"),
    "without 工作": ("市发改委2019年度政府信息公开年度报告", 2019, "市发改委"),
    "工作报告": ("示例街道2019年度政府信息公开工作报告", 2019, "示例街道"),
    "关于": ("示例县人民政府关于2019年度政府信息公开工作年度报告", 2019, "示例县人民政府"),
    "关于…的年度报告": (
        "示例县人民政府关于2021年度政府信息公开工作的年度报告",
        2021,
        "示例县人民政府",
    ),
    "short issuer": ("农业农村局2025年政府信息公开工作年度报告", 2025, "农业农村局"),
    "short branch": ("人社分局2024年政府信息公开工作年度报告", 2024, "人社分局"),
    "crawler prefix": (
        "标题: 示例综合实验区2023年度政府信息公开工作年度报告",
        2023,
        "示例综合实验区",
    ),
    "metadata table": (
        "| 名称 | 示例管理区2025年政府信息公开工作年度报告 | ||||",
        2025,
        "示例管理区",
    ),
    "breadcrumb": (
        "当前位置: 首页 > 政府信息公开 > 年报 > 示例县财政局2023年政府信息公开工作年度报告",
        2023,
        "示例县财政局",
    ),
    "font switch after": (
        "示例县交通运输局2024年政府信息公开工作年度报告 【字体:大 中 小】",
        2024,
        "示例县交通运输局",
    ),
    "font switch before": (
        "【字体:大中小】示例县交通运输局2024年政府信息公开工作年度报告",
        2024,
        "示例县交通运输局",
    ),
    "parentheses kept": (
        "示例市人民政府(市人民政府办公厅)2021年政府信息公开工作年度报告",
        2021,
        "示例市人民政府(市人民政府办公厅)",
    ),
}


@pytest.mark.parametrize("shape", list(TITLES))
def test_title_shape(shape: str) -> None:
    line, year, issuer = TITLES[shape]
    assert meta(line) == (year, issuer)


def test_title_split_issuer_above() -> None:
    assert meta("示例县卫生健康局\n2019年政府信息公开工作年度报告") == (2019, "示例县卫生健康局")


def test_title_split_issuer_below() -> None:
    head = "2020年政府信息公开工作年度报告\n示例经开区(滨江)管委会"
    assert meta(head) == (2020, "示例经开区(滨江)管委会")


def test_title_split_year_on_the_first_line() -> None:
    assert meta("示例县望疃镇2023\n政府信息公开工作年度报告") == (2023, "示例县望疃镇")


def test_title_split_inside_the_report_name() -> None:
    assert meta("2024 年示例市科委政府信息公开工作\n年度报告") == (2024, "示例市科委")


def test_title_repeated_and_split_after_a_breadcrumb() -> None:
    head = (
        "首页 > 政府信息公开 > 政府信息公开年报\n"
        "示例市教育局2022年政府信息公开工作年度报告\n"
        "示例市教育局\n2022年政府信息公开工作年度报告"
    )
    parsed = doc(head)
    assert (parsed.year, parsed.issuer, parsed.title_line) == (2022, "示例市教育局", 2)


def test_site_header_with_another_organ_and_its_own_date() -> None:
    head = (
        "示例市人民政府门户网站 2024年3月5日 星期二\n"
        "2023年政府信息公开工作年度报告\n"
        "示例县农业农村局\n"
        "发布时间:2024-01-20 09:30"
    )
    parsed = doc(head)
    assert (parsed.year, parsed.issuer) == (2023, "示例县农业农村局")
    assert parsed.published is not None and parsed.published.date == dt.date(2024, 1, 20)


def test_a_widget_line_is_no_issuer() -> None:
    head = "繁體版 ENGLISH\n2023年政府信息公开工作年度报告\n发布日期:2024-01-20"
    assert meta(head) == (2023, None)


def test_document_and_index_numbers_are_not_the_year() -> None:
    head = (
        "索引号: 000014349/2026-00007\n文号: 示政办〔2025〕2号\n"
        "示例县应急管理局2024年政府信息公开工作年度报告"
    )
    assert meta(head) == (2024, "示例县应急管理局")


def test_year_from_a_body_sentence_naming_the_report() -> None:
    head = (
        "根据《中华人民共和国政府信息公开条例》规定，"
        "现公布示例市教育局2022年政府信息公开工作年度报告。"
    )
    assert meta(head) == (2022, "示例市教育局")


def test_year_from_a_body_sentence_with_a_pronoun() -> None:
    head = "现将本机关2022年度政府信息公开工作情况报告如下。"
    assert meta(head) == (2022, None)


def test_year_from_the_first_sentence_of_section_one() -> None:
    body = "一、总体情况\n2019年，我委认真贯彻《条例》。\n二、主动公开政府信息情况\n"
    assert meta("目录", body) == (2019, None)
    assert doc("目录", body).year_source == "opening"


def test_where_the_year_was_read() -> None:
    assert doc("示例县财政局2023年政府信息公开工作年度报告").year_source == "title"
    assert doc("现将本机关2022年度政府信息公开工作情况报告如下。").year_source == "sentence"


def test_the_statistical_period_is_not_the_year() -> None:
    body = (
        "一、总体情况\n本报告统计期限为2025年1月1日至2025年12月31日。\n二、主动公开政府信息情况\n"
    )
    assert meta("目录", body) == (None, None)


def test_a_notice_named_in_a_sentence_is_no_title() -> None:
    head = "根据《示例州人民政府办公室关于做好2019年度政府信息公开工作年度报告编制工作的通知》要求"
    assert meta(head) == (None, None)


def published(head: str) -> dt.date | None:
    parsed = doc("示例县民政局2021年政府信息公开工作年度报告\n" + head)
    return parsed.published.date if parsed.published else None


DATES = {
    "发布时间 with time": ("发布时间：2022-02-25 10:12", dt.date(2022, 2, 25)),
    "发布日期": ("发布日期：2021-01-29", dt.date(2021, 1, 29)),
    "发表日期 with seconds": (
        "发表日期:2022-01-12 09:50:00 发布机构:卫生健康局",
        dt.date(2022, 1, 12),
    ),
    "时间": ("时间: 2025-01-31 12:01", dt.date(2025, 1, 31)),
    "日期 glued to 来源": ("日期:2021-01-22来源:示例县人民政府", dt.date(2021, 1, 22)),
    "成文日期": ("成文日期 2024-01-16 发布机构 示例镇", dt.date(2024, 1, 16)),
    "印发日期": ("印发日期：2024年1月16日", dt.date(2024, 1, 16)),
    "生成日期": ("生成日期: 2026-01-28", dt.date(2026, 1, 28)),
    "信息提供日期": ("信息提供日期：2023-02-01", dt.date(2023, 2, 1)),
    "slashes": ("发布时间：2022/02/25", dt.date(2022, 2, 25)),
    "bracketed": ("[2021-01-28]", dt.date(2021, 1, 28)),
    "年月日": ("发布时间:2022年02月25日", dt.date(2022, 2, 25)),
    "no colon": ("- 发布日期2025-01-16", dt.date(2025, 1, 16)),
    "time glued to the day": ("2021-03-2918:26", dt.date(2021, 3, 29)),
    "glued labels": ("时间:2026-01-26 09:42来源:示例局作者:", dt.date(2026, 1, 26)),
    "update time first": (
        "更新时间:2026-01-28 14:53 发布时间:2026-01-27 14:50 来源:示例区政府办",
        dt.date(2026, 1, 27),
    ),
    "effective date is not it": (
        "生效日期: 2022-03-02 废止日期:\n来源: 发布时间:2022-01-28 浏览次数:",
        dt.date(2022, 1, 28),
    ),
    "value on the next line": ("发布日期：\n2021-01-29", dt.date(2021, 1, 29)),
    "two-cell table row": ("发布日期 | 2026-01-20 | 发布机构 |", dt.date(2026, 1, 20)),
    "metadata line": ("来源:示例省交通运输厅       2025-01-26 09:18 【字体:", dt.date(2025, 1, 26)),
    "document date loses to 发布": (
        "发文日期 2023-01-17\n发布日期:2023-01-18 16:07",
        dt.date(2023, 1, 18),
    ),
    "empty label": ("发布日期：\n浏览次数：", None),
    "a preface sentence is no metadata line": (
        "本报告数据来源于各科室，统计期限为2021年1月1日至2021年12月31日。",
        None,
    ),
    "index number": ("索引号: 01425812-5/2020-00001", None),
}


@pytest.mark.parametrize("shape", list(DATES))
def test_date_line_shape(shape: str) -> None:
    line, expected = DATES[shape]
    assert published(line) == expected


def test_a_full_width_colon_is_a_colon() -> None:
    assert published("发布时间：2022-02-25") == published("发布时间:2022-02-25")
    assert published("发布时间：2022-02-25") == dt.date(2022, 2, 25)


def test_a_bare_date_above_the_title_is_the_site_headers() -> None:
    parsed = doc("2024-03-05\n示例县民政局2021年政府信息公开工作年度报告")
    assert parsed.published is None


def test_the_closing_date_wins_and_the_page_date_is_kept() -> None:
    head = "示例县民政局2021年政府信息公开工作年度报告\n发布时间：2022-03-10 10:12"
    body = BODY + "六、其他需要报告的事项\n无。\n示例县民政局\n2022年1月20日\n"
    parsed = doc(head, body)
    assert parsed.date is not None and parsed.date.date == dt.date(2022, 1, 20)
    assert parsed.date.source == "closing"
    assert parsed.published is not None and parsed.published.date == dt.date(2022, 3, 10)


def test_without_a_closing_date_the_page_date_is_the_date() -> None:
    parsed = doc("示例县民政局2021年政府信息公开工作年度报告\n发布日期：2022-01-29")
    assert parsed.date is not None and parsed.date.date == dt.date(2022, 1, 29)
    assert (parsed.date.source, parsed.date.line) == ("page", 2)


@pytest.mark.parametrize(
    "line",
    ["繁體版 ENGLISH", "字体：【大 中 小】", "[打印本页] [关闭窗口]", "首页 一网通办", "分享到："],
)
def test_chrome_lines(line: str) -> None:
    from govcheck.parse.normalize import norm

    assert is_chrome(norm(line))


@pytest.mark.parametrize("line", ["-", "/", "无", "一、总体情况", "示例县民政局", "大中小学校"])
def test_not_chrome(line: str) -> None:
    assert not is_chrome(line)


def test_chrome_and_footer_are_not_section_six_text() -> None:
    body = (
        BODY + "六、其他需要报告的事项\n本机关未收取信息处理费。\n"
        "[打印本页] [关闭窗口]\n友情链接\n中国政府网\n示例省人民政府\n版权所有：示例县人民政府\n"
    )
    parsed = doc("示例县民政局2021年政府信息公开工作年度报告", body)
    six = [t.norm for t in parsed.prose_in("other")]
    assert six == ["本机关未收取信息处理费。"]


def test_real_crawler_page_keeps_its_attachment_link_out_of_section_six(shared: Path) -> None:
    """05_pingtan-2021 ends in 附件下载, which the flat reader cuts into a unit of its own."""
    from govcheck.load import read_source

    parsed = parse(read_source(shared / "corpus" / "05_pingtan-2021.txt"))
    six = [t.norm for t in parsed.prose_in("other")]
    assert six == ["2021年,无收取信息处理费情况。"]
    assert (parsed.year, parsed.issuer) == (2021, "平潭综合实验区")
    assert parsed.published is not None and parsed.published.date == dt.date(2022, 2, 8)


HOSTILE = {
    "a title-like line of 50,000 years": "2021年" * 50_000,
    "a report name sentence of 20,000 organs": "现公布" + "示例局2021年" * 20_000,
    "50,000 date labels": "发布时间:" * 50_000,
    "40 lines of 5,000 half dates": "\n".join(["时间:2021-" * 5_000] * 40),
    "100,000 widget characters": "大" * 100_000,
    "near-miss titles": ("示例局" * 30 + "2021年政府信息公开工作年度") * 2_000,
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_long_head_lines_are_read_in_bounded_time(name: str) -> None:
    """Titles and date labels are looked for in the first 400 characters of a line only."""
    started = time.perf_counter()
    parsed = doc(HOSTILE[name])
    assert time.perf_counter() - started < 10  # measured: under 0.5 s each
    assert parsed.published is None
