"""Year, issuer and dates of real page layouts through the installed script's JSON."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

SECTIONS = "一、总体情况\n本局认真贯彻落实《条例》。\n二、主动公开政府信息情况\n"


def lint_json(path: Path) -> dict[str, Any]:
    exe = shutil.which("govcheck")
    if exe is None:
        pytest.fail("the govcheck console script is not installed")
    proc = subprocess.run(
        [exe, "lint", str(path), "--format", "json", "--select", "GC201,GC202"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode in (0, 1), proc.stderr
    file: dict[str, Any] = json.loads(proc.stdout)["files"][0]
    return file


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "page.txt"
    path.write_text(text, encoding="utf-8")
    return path


def top(file: dict[str, Any]) -> tuple[Any, ...]:
    return file["year"], file["issuer"], file["date"], file.get("published_page")


def test_year_first_title_with_a_page_date(tmp_path: Path) -> None:
    text = "首页 > 年报\n2021年示例市示例局政府信息公开工作年度报告\n发布时间：2022-01-25 10:12\n"
    file = lint_json(write(tmp_path, text + SECTIONS))
    assert top(file) == (2021, "示例市示例局", "2022-01-25", "2022-01-25")
    statuses = {r["id"]: r["status"] for r in file["rules"]}
    assert statuses == {"GC201": "pass", "GC202": "pass"}


def test_split_title_and_a_date_in_the_next_cell(tmp_path: Path) -> None:
    text = "示例县卫生健康局\n2025 年政府信息公开工作年度报告\n发布日期：\n2026-01-20\n"
    file = lint_json(write(tmp_path, text + SECTIONS))
    assert top(file) == (2025, "示例县卫生健康局", "2026-01-20", "2026-01-20")


def test_closing_date_wins_and_the_page_date_is_kept(tmp_path: Path) -> None:
    text = (
        "标题: 示例县民政局2021年政府信息公开工作年度报告\n发布日期：2023-03-10\n"
        + SECTIONS
        + "六、其他需要报告的事项\n无。\n示例县民政局\n2022年1月20日\n"
    )
    file = lint_json(write(tmp_path, text))
    assert top(file) == (2021, "示例县民政局", "2022-01-20", "2023-03-10")


def test_no_page_date_no_key(tmp_path: Path) -> None:
    file = lint_json(write(tmp_path, "示例县民政局2021年政府信息公开工作年度报告\n" + SECTIONS))
    assert top(file) == (2021, "示例县民政局", None, None)
    assert "published_page" not in file
    assert [f["rule"] for f in file["findings"]] == ["GC201"]


def test_page_date_out_of_range_is_named_as_the_page_date(tmp_path: Path) -> None:
    text = "示例县民政局2021年政府信息公开工作年度报告\n时间:2021-12-30 09:42来源:示例县民政局\n"
    file = lint_json(write(tmp_path, text + SECTIONS))
    assert [(f["rule"], f["line"]) for f in file["findings"]] == [("GC202", 2)]
    assert file["findings"][0]["message"].startswith("网页发布日期2021-12-30不在2022年内")


def test_saved_web_page_with_chrome_and_a_date_table(tmp_path: Path) -> None:
    page = (
        "<html><body><div>繁體版 ENGLISH</div><div>首页 一网通办</div>"
        "<h1>2021年示例市示例局政府信息公开工作年度报告</h1>"
        "<table><tr><td>发布日期</td><td>[2022-01-26]</td></tr></table>"
        "<div>字体：【大 中 小】</div>"
        "<h2>一、总体情况</h2><p>本局认真贯彻落实《条例》。</p>"
        "<h2>二、主动公开政府信息情况</h2>"
        "<div>友情链接</div><div>中国政府网</div></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    file = lint_json(path)
    assert top(file) == (2021, "示例市示例局", "2022-01-26", "2022-01-26")
