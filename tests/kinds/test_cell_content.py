"""Kind ``cell_content`` (GC401 blank, GC402 placeholder, GC403 text)."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from govcheck.engine.base import Context
from govcheck.findings import RuleStatus, Severity
from govcheck.i18n import Text
from govcheck.kinds.cell_content import Spec, evaluate
from tests.conftest import lint_text
from tests.kinds.cell_report import COMMON, f2021_t2, f2021_t2_text, line_of, table, with_tables

MESSAGE = {
    "zh": "{table}{row}{column}{raw}{escalation}",
    "en": "{table} {row} {column} {raw}{escalation}",
}
ESCALATION: dict[str, Any] = {
    "severity": "error",
    "note": {"zh": "；{other}为{value}", "en": "; {other} is {value}"},
    "totals": [
        {"table": "t3", "each": "row", "total": "tot", "over": ["@applicants"]},
        {"table": "t3", "each": "column", "total": "total", "over": ["@results"]},
        {"table": "t4", "each": "row", "total": "total", "over": ["@outcomes"]},
    ],
}


def spec(content: str, *tables: str, **fields: Any) -> Spec:
    data = {**COMMON, "kind": "cell_content", "message": MESSAGE, "content": content}
    return Spec.model_validate({**data, "tables": tables, **fields})


def blank_rule() -> Spec:
    return spec("blank", "t2", "t3", "t4", escalation=ESCALATION)


# --- which cells ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "raw"), [("placeholder", "—"), ("placeholder", "无"), ("text", "不详")]
)
def test_each_content_finds_its_own_cells(content: str, raw: str) -> None:
    outcome = evaluate(spec(content, "t2"), f2021_t2(normative=f"2\n{raw}\n7"), Context())
    assert outcome.status is RuleStatus.FAIL
    (hit,) = outcome.hits
    assert (hit.line, hit.anchor, hit.severity) == (16, "t2.normative.repealed", None)
    assert hit.values["raw"] == raw
    assert hit.values["column"] == Text("本年废止件数", "repealed this year")
    assert hit.values["escalation"] == Text("", "")
    for other in {"blank", "placeholder", "text"} - {content}:
        passed = evaluate(spec(other, "t2"), f2021_t2(normative=f"2\n{raw}\n7"), Context())
        assert passed.status is RuleStatus.PASS


def test_numbers_only_pass() -> None:
    assert evaluate(blank_rule(), with_tables("F2021", *_tables()), Context()).hits == ()


def test_absent_tables_are_not_assessable() -> None:
    outcome = evaluate(spec("placeholder", "t2", "t3"), f2021_t2(), Context())
    assert outcome.status is RuleStatus.NOT_ASSESSABLE


# --- blank cells and the totals around them --------------------------------------


def _tables(**raws: str) -> tuple[Any, ...]:
    """Hand-built F2021 tables 2-4, all 0 except ``raws`` ("t3.new.np" = "")."""
    by_table: dict[str, dict[tuple[str, str], str]] = {"t2": {}, "t3": {}, "t4": {}}
    for key, raw in raws.items():
        table_id, row, column = key.split("__")
        by_table[table_id][(row, column)] = raw
    return tuple(table("F2021", t, cells) for t, cells in by_table.items())


def blank_hits(**raws: str) -> list[tuple[str, Severity | None, tuple[int, ...]]]:
    doc = with_tables("F2021", *_tables(**raws))
    return [(h.anchor, h.severity, h.related) for h in evaluate(blank_rule(), doc, Context()).hits]


def test_a_blank_in_zero_totals_is_a_warning() -> None:
    assert blank_hits(t3__open__np="", t2__rules__issued="") == [
        ("t2.rules.issued", None, ()),
        ("t3.open.np", None, ()),
    ]


def test_a_blank_whose_row_total_is_not_zero_is_an_error() -> None:
    t3 = table("F2021", "t3", {("open", "np"): "", ("open", "biz"): "2", ("open", "tot"): "2"})
    outcome = evaluate(blank_rule(), with_tables("F2021", t3), Context())
    (hit,) = outcome.hits
    assert (hit.anchor, hit.severity) == ("t3.open.np", Severity.ERROR)
    assert hit.related == (line_of(t3, "open", "tot"),)
    assert hit.values["escalation"] == Text("；予以公开 / 总计为2", "; disclosed / total is 2")


def test_a_blank_whose_column_total_is_not_zero_is_an_error() -> None:
    hits = blank_hits(t3__deny4__law="", t3__total__law="1", t3__unable1__law="1")
    assert [(a, s) for a, s, _ in hits] == [("t3.deny4.law", Severity.ERROR)]


def test_a_blank_total_with_non_zero_parts_is_an_error() -> None:
    hits = blank_hits(t4__rv__total="", t4__rv__keep="1")
    assert [(a, s) for a, s, _ in hits] == [("t4.rv.total", Severity.ERROR)]
    hits = blank_hits(t3__total__np="", t3__open__np="3")
    assert [(a, s) for a, s, _ in hits] == [("t3.total.np", Severity.ERROR)]


def test_rows_outside_a_column_total_are_not_escalated_by_it() -> None:
    # 新收 is not one of the result rows that （七）总计 adds up.
    assert blank_hits(t3__new__np="", t3__total__np="4", t3__open__np="4") == [
        ("t3.new.np", None, ())
    ]


def test_a_text_partner_does_not_escalate() -> None:
    assert blank_hits(t3__open__np="", t3__open__tot="不详") == [("t3.open.np", None, ())]


# --- the spec ---------------------------------------------------------------------


def test_escalation_note_placeholders_are_checked() -> None:
    bad = {**ESCALATION, "note": {"zh": "{total}", "en": "{total}"}}
    with pytest.raises(ValidationError):
        spec("blank", "t3", escalation=bad)


def test_references_cover_the_totals() -> None:
    refs = blank_rule().references()
    assert [(r.field, r.table) for r in refs][:3] == [
        ("tables", "t2"),
        ("tables", "t3"),
        ("tables", "t4"),
    ]
    assert refs[3].keys == ("tot", "@applicants")


# --- through the pipeline -----------------------------------------------------------


def test_gc401_on_a_blank_line_of_a_dense_table() -> None:
    result = lint_text(f2021_t2_text(normative="2\n\n7"))
    findings = [f for f in result.findings if f.rule == "GC401"]
    assert [(f.line, f.severity.value) for f in findings] == [(16, "warning")]
    # GC401 is the grouped blank_cells kind: one finding per table.
    expected = "表二有 1 个数字单元格为空：行政规范性文件/本年废止件数；"
    assert findings[0].message.startswith(expected)


def test_gc402_and_gc403_through_the_pipeline() -> None:
    result = lint_text(f2021_t2_text(normative="—\n不详\n7"))
    mine = [(f.line, f.rule, f.severity.value) for f in result.findings if f.rule[:4] == "GC40"]
    assert mine == [(15, "GC402", "warning"), (16, "GC403", "error")]
