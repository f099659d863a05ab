"""Kind ``prose_count`` and its built-in rules GC502, GC503 and GC504."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from govcheck.engine.packs import load_pack_text
from govcheck.engine.runner import run_rules
from govcheck.errors import RuleFileError
from govcheck.findings import RuleStatus
from govcheck.i18n import Text
from govcheck.kinds.prose_count import Spec
from govcheck.load import decode
from govcheck.parse import parse
from tests.kinds.prose_report import T3, T4, report, rule, run, t3_line, t4_line

COMMON = {
    "severity": "error",
    "summary": {"zh": "摘要", "en": "summary"},
    "message": {"zh": "{claim}：{readings}", "en": "{claim}: {readings}"},
    "rationale": {"zh": "依据", "en": "basis"},
}
SCOPE = {"sentence_end": "[。;]", "clause_end": "[,、]", "skip_sentence": ["代表"]}


def spec(**fields: object) -> Spec:
    """A prose_count rule on table 3 of section 一, with the given fields."""
    base: dict[str, object] = {
        "id": "GC901",
        "name": "mine",
        "kind": "prose_count",
        "table": "t3",
        "sections": ["overview"],
        "scope": SCOPE,
        **COMMON,
    }
    return Spec.model_validate({**base, **fields})


# A recognised report without tables.
SHORT = "示例局2022年政府信息公开工作年度报告\n一、总体情况\n{body}\n二、主动公开政府信息情况\n"

RECEIVED = {
    "patterns": ["收到申请(?P<n>{NUM})件"],
    "readings": [["new.tot"], ["new.tot", "carry_in.tot"]],
}


# --- the kind ---------------------------------------------------------------------


def test_any_reading_passes() -> None:
    mine = spec(count=[RECEIVED])
    for number in ("16", "18", "十六", "十八", "１８"):
        outcome = run(mine, report([f"本局收到申请{number}件。"]))
        assert outcome.status is RuleStatus.PASS, number


def test_no_reading_fits_reports_line_number_and_related_cells() -> None:
    text = report(["本局收到申请三十二件。"])
    outcome = run(spec(count=[RECEIVED]), text)
    assert outcome.status is RuleStatus.FAIL
    [hit] = outcome.hits
    assert hit.line == 3
    assert hit.related == (t3_line(text, "new"), t3_line(text, "carry_in"))
    assert hit.anchor == "t3.new.tot"
    assert hit.values["value"] == 32
    assert hit.values["claim"] == "收到申请三十二件"
    readings = hit.values["readings"]
    assert isinstance(readings, Text)
    assert readings.zh == "“新收” 16 ≠ 32；“新收” 16 + “上年结转” 2 = 18 ≠ 32"
    assert readings.en == '"new" 16 ≠ 32; "new" 16 + "carried in" 2 = 18 ≠ 32'


def test_every_mention_counts() -> None:
    text = report(["本局收到申请17件。", "另：收到申请16件；收到申请19件。"])
    outcome = run(spec(count=[RECEIVED]), text)
    assert [(h.line, h.values["value"]) for h in outcome.hits] == [(3, 17), (4, 19)]


def test_wrapped_line_points_at_the_number() -> None:
    text = report(["本局收到申", "请17件。"])
    [hit] = run(spec(count=[RECEIVED]), text).hits
    assert hit.line == 4


def test_scope_words_leave_the_sentence_alone() -> None:
    text = report(["区政府办代表区政府收到申请17件。"])
    assert run(spec(count=[RECEIVED]), text).status is RuleStatus.PASS


def test_first_claim_reads_a_number() -> None:
    carried = {"patterns": ["上年结转(?P<n>{NUM})件"], "readings": [["carry_in.tot"]]}
    anything = {"patterns": ["(?P<n>{NUM})件"], "readings": [["total.tot"]]}
    text = report(["上年结转2件。"])
    assert run(spec(count=[carried, anything]), text).status is RuleStatus.PASS
    assert run(spec(count=[anything, carried]), text).status is RuleStatus.FAIL


def test_no_claim_passes_even_without_a_table() -> None:
    text = SHORT.format(body="本局依法公开。")
    assert run(spec(count=[RECEIVED]), text).status is RuleStatus.PASS


def test_claim_without_a_readable_table_is_not_assessable() -> None:
    text = SHORT.format(body="本局收到申请3件。")
    assert run(spec(count=[RECEIVED]), text).status is RuleStatus.NOT_ASSESSABLE


def test_text_in_a_cell_is_not_assessable_never_a_guess() -> None:
    lines = report(["本局收到申请17件。"]).split("\n")
    lines[t3_line("\n".join(lines), "new") - 1] = "十六"
    text = "\n".join(lines)
    outcome = run(spec(count=[RECEIVED]), text)
    assert outcome.status is RuleStatus.NOT_ASSESSABLE
    assert outcome.hits == ()


def test_zero_claim_with_groups_named_in_the_sentence() -> None:
    upheld = {
        "patterns": ["均获维持"],
        "since": "纠正",
        "when": [
            {"mention": "复议", "cells": ["rv.fix", "rv.pending"]},
            {"mention": "诉讼", "cells": ["ld.pending", "lr.pending"]},
        ],
    }
    mine = spec(table="t4", zero=[upheld])
    text = report(["行政复议3件，均获维持。"])
    [hit] = run(mine, text).hits
    assert (hit.line, hit.anchor) == (3, "t4.rv.fix")
    assert hit.related == (t4_line(text, 2), t4_line(text, 4))
    assert hit.values["value"] == 0
    # Only the group after the last outcome word is meant.
    assert run(mine, report(["行政复议3件，1件纠正，行政诉讼2件，均获维持。"])).hits[0].line == 3
    clean = report(["行政复议3件，均获维持。"], t4=(3, 0, 0, 0, 3, *T4[5:]))
    assert run(mine, clean).status is RuleStatus.PASS
    # No group named: nothing to check.
    assert run(mine, report(["上述案件均获维持。"])).status is RuleStatus.PASS


def test_pattern_needs_the_number_group() -> None:
    with pytest.raises(ValidationError, match="named group"):
        spec(count=[{"patterns": ["收到申请[0-9]+件"], "readings": [["new.tot"]]}])


def test_format_restricted_claim_checks_its_own_format() -> None:
    other = {
        "formats": ["F2021"],
        "patterns": ["其他处理(?P<n>{NUM})件"],
        "readings": [["other.tot"]],
    }
    with pytest.raises(ValidationError, match="F2021 t3 has no 'other'"):
        spec(count=[other])


def test_unknown_cell_key_is_a_load_error() -> None:
    pack = """
[pack]
id = "x"

[[rule]]
id = "GC901"
name = "mine"
kind = "prose_count"
severity = "error"
table = "t3"
sections = ["overview"]
summary = { zh = "摘要", en = "summary" }
message = { zh = "{claim}", en = "{claim}" }
rationale = { zh = "依据", en = "basis" }
[rule.scope]
sentence_end = '。'
clause_end = ','
[[rule.count]]
patterns = ['收到申请(?P<n>{NUM})件']
readings = [["neww.tot"]]
"""
    with pytest.raises(RuleFileError) as error:
        load_pack_text(pack, "x.toml")
    assert "neww" in str(error.value.values)


# --- GC502 application-count-mismatch -------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "2022年，本局共收到政府信息公开申请16件，上年结转2件；全年办结15件，结转下年度继续办理3件。",
        "2022年，本局收到政府信息公开申请十八件，涉及自然人18件。",  # 新收 + 上年结转 (corpus 06)
        "本年度全区共收到16件申请，及时依法依规办结15件，3件结转下年度继续办理。",
        "全县共受理政府信息公开申请 18 件，其中自然人申请 17 件；共办理 15 件，结转下一年 3 件。",
        "全年共收到政府信息公开申请16件，共办结15件，结转至2023年3件。",
        "区政府办代表区政府受理政府信息公开申请17件。",  # another organ (corpus 10)
        "全区共受理政府信息公开申请300件，其中区政府本级受理16件。",  # two scopes
        "2021年，本局共收到政府信息公开申请12件。",  # another year
        "其中，通过网络收到政府信息公开申请5件。",  # a subset
        "所有办结的申请中同意公开答复 6 件，部分公开答复 2 件。",  # GC504's, not handled
    ],
)
def test_gc502_passes(sentence: str) -> None:
    assert run("GC502", report([sentence])).status is RuleStatus.PASS


def test_gc502_every_wrong_count_at_its_line() -> None:
    text = report(["本局共收到政府信息公开申请十七件，上年结转3件；", "全年办结14件。"])
    hits = run("GC502", text).hits
    assert [(h.line, h.values["value"], h.anchor) for h in hits] == [
        (3, 3, "t3.carry_in.tot"),
        (3, 17, "t3.new.tot"),
        (4, 14, "t3.total.tot"),
    ]
    assert hits[2].related == (t3_line(text, "total"),)


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("本年新收政府信息公开申请17件。", 17),
        ("本年度共新收到各类政府信息公开申请18件。", 18),  # 新收 + 上年结转: not 新收
        ("本年新收15件政府信息公开申请。", 15),
    ],
)
def test_gc502_new_this_year_is_the_new_row(sentence: str, value: int) -> None:
    """新收 names table 3's first row, so it is checked against 新收 alone."""
    hits = run("GC502", report([sentence])).hits
    assert [(h.line, h.values["value"], h.anchor) for h in hits] == [(3, value, "t3.new.tot")]


def test_gc502_new_this_year_that_fits_passes() -> None:
    assert run("GC502", report(["本年新收政府信息公开申请16件。"])).status is RuleStatus.PASS


# --- GC503 review-litigation-mismatch -----------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "本局因政府信息公开工作被申请行政复议3件，其中结果维持2件、结果纠正1件；被提起行政诉讼2件，其中结果维持1件、尚未审结1件。",
        "本年度有1件答复被行政复议纠正。",
        "全年办理因政府信息公开申请引发的行政复议3起，行政诉讼2起。",
        "共有行政诉讼案件2件、行政复议案件3件。",
        "依法做好相关行政复议、行政诉讼案件的应诉工作，共办理相关案件 5 件。",
        "未发生因政府信息公开被行政复议纠错或行政诉讼败诉的情况。",
    ],
)
def test_gc503_passes(sentence: str) -> None:
    assert run("GC503", report([sentence])).status is RuleStatus.PASS


def test_gc503_counts_and_outcomes() -> None:
    text = report(["被申请行政复议4件，其中结果维持2件；被提起行政诉讼二件，其中尚未审结2件。"])
    hits = run("GC503", text).hits
    assert [(h.line, h.values["value"], h.anchor) for h in hits] == [
        (3, 4, "t4.rv.total"),
        (3, 2, "t4.ld.pending"),
    ]
    assert hits[0].related == (t4_line(text, 5),)
    assert hits[1].related == (t4_line(text, 9), t4_line(text, 14))


def test_gc503_none_with_cases_in_table_4() -> None:
    text = report(["本局未发生因政府信息公开工作引起的行政复议和行政诉讼。"])
    [hit] = run("GC503", text).hits
    assert hit.line == 3
    assert hit.related == tuple(t4_line(text, p) for p in range(1, 16))
    zero = report(["本局未发生因政府信息公开工作引起的行政复议和行政诉讼。"], t4=(0,) * 15)
    assert run("GC503", zero).status is RuleStatus.PASS


def test_gc503_litigation_only_none() -> None:
    text = report(["被申请行政复议3件，结果维持；未发生因政府信息公开工作引起的行政诉讼。"])
    hits = run("GC503", text).hits
    # 结果维持 is wrong (1 corrected); 未发生…行政诉讼 is wrong (直诉 2).
    assert sorted(h.anchor for h in hits) == ["t4.ld.keep", "t4.rv.fix"]


def test_gc503_all_upheld_both_groups_d20() -> None:
    text = report(["信息公开类行政复议3件，诉讼2件，均获维持。"])
    [hit] = run("GC503", text).hits
    readings = hit.values["readings"]
    assert isinstance(readings, Text)
    assert "结果纠正” 1 ≠ 0" in readings.zh
    assert "尚未审结” 1 ≠ 0" in readings.zh


# --- GC504 outcome-count-mismatch ---------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "办结的申请中，予以公开6件，部分公开2件，不予公开1件，无法提供3件，不予处理1件，其他处理2件。",
        "办结依申请公开15件，其中：予以公开及部分公开8件，占53.33%；无法提供2件。",
        "所有办结的信息公开申请中同意公开答复 6 件，部分公开答复 2 件，无法提供的 3 件。",
        "对拟公开信息开展保密审查，不予公开5件。",  # not about applications
    ],
)
def test_gc504_passes(sentence: str) -> None:
    assert run("GC504", report([sentence])).status is RuleStatus.PASS


def test_gc504_each_category() -> None:
    prose = ["办结的申请中，予以公开5件，部分公开3件，不予公开2件，", "不予处理0件，其他处理一件。"]
    text = report(prose)
    hits = run("GC504", text).hits
    assert [(h.values["value"], h.anchor) for h in hits] == [
        (5, "t3.open.tot"),
        (3, "t3.partial.tot"),
        (2, "t3.deny1.tot"),
        (0, "t3.noproc1.tot"),
        (1, "t3.other1.tot"),
    ]
    assert [h.line for h in hits] == [3, 3, 3, 4, 4]
    assert hits[4].related == tuple(t3_line(text, r) for r in ("other1", "other2", "other3"))


def test_gc504_f2019_other_handling_is_one_row() -> None:
    t3 = {**{k: v for k, v in T3.items() if not k.startswith("other")}, "other": 2}
    text = report(["办结的申请中，其他处理2件。"], t3, fmt="F2019", year=2020)
    assert run("GC504", text).status is RuleStatus.PASS
    wrong = report(["办结的申请中，其他处理3件。"], t3, fmt="F2019", year=2020)
    [hit] = run("GC504", wrong).hits
    assert (hit.anchor, hit.related) == ("t3.other.tot", (t3_line(wrong, "other", "F2019"),))


# --- real reports -------------------------------------------------------------------


def test_corpus_06_received_is_new_plus_carried_in() -> None:
    """平潭 2022: 收到…75件 with 新收 74 and 上年结转 1 is an accepted reading."""
    prose = [
        "2022年，全区收到政府信息公开申请75件，涉及自然人72件、商业企业3件，"
        "均在法定期限内予以答复，办结率100%。",
        "2022年，全区政府信息公开工作方面共有行政诉讼案件1件、行政复议案件2件，均已结案。",
    ]
    t3 = {"new": 74, "carry_in": 1, "open": 75, "total": 75}
    t4 = (0, 1, 1, 0, 2, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0)
    for rule_id in ("GC502", "GC503", "GC504", "GC505"):
        assert run(rule_id, report(prose, t3, t4)).status is RuleStatus.PASS, rule_id


@pytest.mark.parametrize(
    "name",
    [
        "02_pingtan-2023.txt",
        "05_pingtan-2021.txt",
        "06_pingtan-2022.txt",
        "08_pingtan-2025.txt",
        "01_shuyang-county-2025.txt",
    ],
)
def test_corpus_reports_never_fail(shared: Path, name: str) -> None:
    """These reports' prose agrees with their tables (MANIFEST notes): pass or not assessable."""
    path = shared / "corpus" / name
    if not path.exists():
        pytest.skip(f"{name} is not in the corpus")
    rules = [rule(r) for r in ("GC502", "GC503", "GC504", "GC505")]
    results, findings = run_rules(parse(decode(path.read_bytes(), str(path))), rules, "zh")
    assert findings == ()
    assert all(r.status is not RuleStatus.FAIL for r in results)
