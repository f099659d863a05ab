"""Units behind folder runs (issue 16): the report-sign test, walk names, the bar's switch."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from govcheck.ignore import WalkFilter
from govcheck.load import decode
from govcheck.parse import parse
from govcheck.progress import MIN_FILES, wanted
from tests.conftest import EXAMPLES


def signs(text: str) -> bool:
    return parse(decode(text.encode("utf-8"), "x.txt")).shows_a_report


def test_a_readme_about_reports_shows_no_sign_of_being_one() -> None:
    assert not signs((EXAMPLES / "README.md").read_text(encoding="utf-8"))
    assert not signs("会议纪要\n下周整理档案。\n")


@pytest.mark.parametrize(
    "text",
    [
        "示例县自然资源局2022年政府信息公开工作年度报告\n正文\n",  # a title alone
        "一、总体情况\n本年度……\n",  # a section heading alone
    ],
)
def test_one_sign_is_enough_to_be_linted(text: str) -> None:
    assert signs(text)


def test_every_example_report_shows_signs() -> None:
    for path in EXAMPLES.glob("*.txt"):
        assert signs(path.read_text(encoding="utf-8")), path


def test_walk_names() -> None:
    walk = WalkFilter()
    assert walk.skips_name("~$报告.docx") and walk.skips_name(".hidden.txt")
    assert walk.skips_name(".git") and not walk.skips_name("报告~$.docx")
    loose = WalkFilter(respect_ignores=False)
    assert loose.skips_name(".git") and not loose.skips_name("~$报告.docx")
    assert WalkFilter(exclude=("drafts",), root=Path("r")).forced_out(Path("r/drafts/a.txt"))


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_bar_only_on_a_terminal_for_more_than_a_few_files() -> None:
    assert wanted(Tty(), MIN_FILES + 1, quiet=False)
    assert not wanted(Tty(), MIN_FILES, quiet=False)
    assert not wanted(Tty(), 1000, quiet=True)
    assert not wanted(io.StringIO(), 1000, quiet=False)
