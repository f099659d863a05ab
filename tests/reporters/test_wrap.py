"""Terminal line breaking, the colour decision and the verdict, as units."""

from __future__ import annotations

import io

import pytest
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from govcheck.findings import FileResult, Finding, RuleResult, RuleStatus, RunResult, Severity
from govcheck.reporters.console import colour_wanted
from govcheck.reporters.digest import unassessed, verdict, verdict_key
from govcheck.reporters.wrap import Wrapped, break_offsets, wrap

MESSAGE = (
    "表三“自然人”列：新收 5 + 上年结转 1 = 6，但 总计 4 + 结转下年度 1 = 5（相差 1）；"
    "see examples/f2021-faulty-2023.txt"
)


def lines(value: str, width: int) -> list[str]:
    return [line.plain for line in wrap(Text(value), width)]


@pytest.mark.parametrize("width", range(6, 60))
def test_lines_fit_and_lose_nothing_but_spaces_at_the_breaks(width: int) -> None:
    out = lines(MESSAGE, width)
    assert all(cell_len(line) <= width for line in out)
    assert "".join(out).replace(" ", "") == MESSAGE.replace(" ", "")
    # A Latin word, a number or the path is never cut while it fits a line.
    for word in ("examples/f2021-faulty-2023.txt", "see"):
        if cell_len(word) <= width:
            assert any(word in line for line in out), (width, out)


def test_chinese_breaks_between_characters_and_punctuation_stays_attached() -> None:
    # Ten cells are five characters; the comma stays with the character before it.
    assert lines("新收政府信息公开申请，予以公开", 10) == [
        "新收政府信",
        "息公开申",
        "请，予以公",
        "开",
    ]
    # An opening quote never ends a line; a closing mark never starts one.
    out = lines("甲乙丙丁“自然人”列", 10)
    assert all(not line.endswith("“") for line in out)
    assert all(not line.startswith(("”", "，")) for line in out)


def test_english_breaks_only_at_spaces() -> None:
    assert lines("carried forward figures until both sides agree", 16) == [
        "carried forward",
        "figures until",
        "both sides agree",
    ]


def test_a_word_wider_than_the_line_is_cut_to_the_width() -> None:
    assert lines("a " + "x" * 25, 10) == ["a", "x" * 10, "x" * 10, "x" * 5]
    assert break_offsets("", 10) == []


def test_wrapped_keeps_styles_and_indents_every_line() -> None:
    out = io.StringIO()
    console = Console(file=out, width=20, force_terminal=True, color_system="standard")
    console.print(Wrapped(Text("新收政府信息公开申请予以公开部分公开", style="red"), indent=4))
    rendered = out.getvalue().splitlines()
    assert len(rendered) == 3
    assert all(line.startswith("    \x1b[31m") for line in rendered)


@pytest.mark.parametrize(
    ("terminal", "environ", "wanted"),
    [
        (True, {}, True),
        (False, {}, False),
        (True, {"TERM": "dumb"}, False),
        (False, {"FORCE_COLOR": "1"}, True),
        (True, {"NO_COLOR": "1"}, False),
        (False, {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
        (True, {"NO_COLOR": ""}, True),  # set but empty: no effect (no-color.org)
    ],
)
def test_colour_wanted(terminal: bool, environ: dict[str, str], wanted: bool) -> None:
    assert colour_wanted(terminal, environ) is wanted


def file_with(
    statuses: list[tuple[str, RuleStatus, str]], findings: tuple[Finding, ...]
) -> FileResult:
    rules = tuple(RuleResult(i, i.lower(), Severity.ERROR, s, note) for i, s, note in statuses)
    return FileResult("r.txt", "2021", 2023, None, None, rules, findings)


def test_unassessed_rules_are_grouped_by_reason_in_order() -> None:
    file = file_with(
        [
            ("GC202", RuleStatus.NOT_ASSESSABLE, "no date"),
            ("GC301", RuleStatus.PASS, ""),
            ("GC304", RuleStatus.NOT_ASSESSABLE, "table 4 unread"),
            ("GC203", RuleStatus.NOT_ASSESSABLE, "no date"),
        ],
        (),
    )
    groups = unassessed(file)
    assert [(g.note, g.rules) for g in groups] == [
        ("no date", ("GC202", "GC203")),
        ("table 4 unread", ("GC304",)),
    ]
    assert groups[0].describe("en") == "2 rule(s) not assessable (GC202, GC203): no date"
    assert groups[0].describe("zh") == "无法评估 2 条规则（GC202、GC203）：no date"


def test_the_verdict_fails_closed() -> None:
    warning = Finding("GC401", "blank-cell", Severity.WARNING, 3, 1, "m")
    info = Finding("GC604", "x", Severity.INFO, 4, 1, "m")
    unread = [("GC304", RuleStatus.NOT_ASSESSABLE, "why")]
    assert verdict_key(RunResult((file_with([], ()),))) == "pass"
    assert verdict_key(RunResult((file_with(unread, ()),))) == "incomplete"
    assert verdict_key(RunResult((file_with(unread, (warning,)),))) == "warning"
    run = RunResult((file_with(unread, (warning, info)),))
    assert verdict(run, "en") == (
        "WARNINGS: 0 error(s), 1 warning(s), 1 info, 1 rule(s) not assessable (1 file(s) checked)"
    )
