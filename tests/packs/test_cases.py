"""Run every per-rule case, in-process and (for failures) through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from govcheck.api import Options, lint_source
from govcheck.engine.packs import builtin_rules
from govcheck.load import decode
from tests.conftest import run_cli, status
from tests.packs.caselib import RuleCase, load_cases

CASES = load_cases()


@pytest.mark.parametrize("rc", CASES, ids=[c.id for c in CASES])
def test_case(rc: RuleCase) -> None:
    source = decode(rc.case.document().encode("utf-8"), "<test>")
    result = lint_source(source, Options(lang="zh", context=rc.case.context()))
    assert status(result, rc.rule) == rc.case.status
    lines = [f.line for f in result.findings if f.rule == rc.rule]
    if rc.case.status == "fail":
        assert lines, "a failing rule must produce findings"
    else:
        assert lines == []
    if rc.case.lines is not None:
        assert lines == rc.case.lines


@pytest.mark.parametrize("rc", CASES, ids=[c.id for c in CASES])
def test_case_through_cli(rc: RuleCase, tmp_path: Path) -> None:
    report = tmp_path / "report.txt"
    report.write_text(rc.case.document(), encoding="utf-8")
    result = run_cli("lint", str(report), "--format", "json", *rc.case.options)
    data = json.loads(result.stdout)
    statuses = {r["id"]: r["status"] for r in data["files"][0]["rules"]}
    assert statuses[rc.rule] == rc.case.status
    failing = [f for f in data["files"][0]["findings"] if f["severity"] == "error"]
    assert result.exit_code == (1 if failing else 0)


def test_every_rule_has_a_passing_and_a_failing_case() -> None:
    covered: dict[str, set[str]] = {}
    for rc in CASES:
        covered.setdefault(rc.rule, set()).add(rc.case.status)
    for rule in builtin_rules():
        assert {"pass", "fail"} <= covered.get(rule.id, set()), (
            f"{rule.id} needs pass and fail cases"
        )
