"""Kind ``prose_percent`` and its built-in rule GC505."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import ValidationError

from govcheck.findings import RuleStatus
from govcheck.i18n import Text
from govcheck.kinds.prose_percent import Spec, matches
from tests.kinds.prose_report import T3, report, run, t3_line

COMMON = {
    "severity": "warning",
    "summary": {"zh": "摘要", "en": "summary"},
    "message": {"zh": "{claim}：{readings}", "en": "{claim}: {readings}"},
    "rationale": {"zh": "依据", "en": "basis"},
}


def spec(**fields: object) -> Spec:
    """A prose_percent rule on table 3 of section 一."""
    base: dict[str, object] = {
        "id": "GC901",
        "name": "mine",
        "kind": "prose_percent",
        "table": "t3",
        "sections": ["overview"],
        "scope": {"sentence_end": "[。;]", "clause_end": "[,、]"},
        **COMMON,
    }
    return Spec.model_validate({**base, **fields})


RATE = {
    "patterns": ["公开率为(?P<p>{PCT})%"],
    "numerators": [["open.tot", "partial.tot"]],
    "denominators": [["total.tot"], ["new.tot"]],
}


@pytest.mark.parametrize(
    ("printed", "top", "bottom", "expected"),
    [
        ("51.85", 42, 81, True),  # 51.851… rounds and truncates to 51.85
        ("51.86", 42, 81, False),
        ("66.67", 2, 3, True),  # rounded half-up
        ("66.66", 2, 3, True),  # truncated
        ("66.7", 2, 3, True),
        ("67", 2, 3, True),
        ("66", 2, 3, True),
        ("65", 2, 3, False),
        ("100", 81, 81, True),
        ("33.9", 258, 761, True),
    ],
)
def test_matches_at_printed_precision(printed: str, top: int, bottom: int, expected: bool) -> None:
    assert matches(Decimal(printed), Decimal(top), Decimal(bottom)) is expected


def test_any_denominator_passes() -> None:
    mine = spec(claim=[RATE])
    for printed in ("53.33", "53.3", "50", "50.0"):  # 8/15 and 8/16
        assert run(mine, report([f"公开率为{printed}%。"])).status is RuleStatus.PASS, printed


def test_no_ratio_fits() -> None:
    text = report(["全年办结15件，公开率为60%。"])
    outcome = run(spec(claim=[RATE]), text)
    [hit] = outcome.hits
    assert hit.line == 3
    assert hit.values["value"] == "60%"
    assert hit.values["claim"] == "公开率为60%"
    lines = tuple(t3_line(text, r) for r in ("new", "open", "partial", "total"))
    assert hit.related == lines
    readings = hit.values["readings"]
    assert isinstance(readings, Text)
    rate = "(“予以公开” 6 + “部分公开” 2)"
    assert readings.zh == f"{rate} / “总计” 15 = 53%；{rate} / “新收” 16 = 50%"


def test_zero_denominator_is_no_reading() -> None:
    empty = dict.fromkeys(T3, 0)
    assert run(spec(claim=[RATE]), report(["公开率为60%。"], empty)).status is RuleStatus.PASS


def test_pattern_needs_the_percent_group() -> None:
    with pytest.raises(ValidationError, match="named group"):
        spec(claim=[{**RATE, "patterns": ["公开率为[0-9]+%"]}])


# --- GC505 percentage-mismatch ------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        # The phrasing of corpus 02 (平潭 2023), scaled to the table: 8/15, 1/15, 3/15 …
        "办结依申请公开15件，其中：予以公开及部分公开8件，占53.33%；不予公开1件，占6.67%；"
        "无法提供3件，占20%；不予处理1件，占6.7%；其他处理2件，占13.33%。",
        "共受理政府信息公开申请16件，答复15件，同意公开或部分公开共8件，公开率为53.33%。",
        "予以公开6件，占比37.5%。",  # 6/16 (新收)
        "予以公开6件（占40%）。",
        "收到申请16件，同比增长33%。",  # not a share
    ],
)
def test_gc505_passes(sentence: str) -> None:
    assert run("GC505", report([sentence])).status is RuleStatus.PASS


def test_gc505_every_wrong_share() -> None:
    text = report(["办结的申请中，予以公开6件，占50%；", "无法提供3件，占25%；公开率为53.33%。"])
    outcome = run("GC505", text)
    assert outcome.status is RuleStatus.FAIL
    assert [(h.line, h.values["value"], h.anchor) for h in outcome.hits] == [
        (3, "50%", "t3.open.tot"),
        (4, "25%", "t3.unable1.tot"),
    ]
