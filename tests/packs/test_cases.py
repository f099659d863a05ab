"""Run every per-rule case, in-process and (for failures) through the CLI."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from govcheck.api import Options, lint_source
from govcheck.engine.packs import builtin_rules
from govcheck.findings import FileResult, Finding, RuleResult, RuleStatus, Severity
from govcheck.load import decode
from govcheck.reporters import Format
from govcheck.run import Request, execute
from tests.conftest import run_cli, status
from tests.packs.caselib import RuleCase, load_cases

CASES = load_cases()


def _with_config(rc: RuleCase, tmp_path: Path) -> FileResult:
    """Run-level rules (waivers) need the whole run, in-process."""
    report = tmp_path / "report.txt"
    report.write_text(rc.case.document(), encoding="utf-8")
    config = tmp_path / "govcheck.toml"
    config.write_text(rc.case.config or "", encoding="utf-8")
    out = io.StringIO()
    request = Request(
        paths=(str(report),),
        output_format=Format.JSON,
        config=config,
        previous=_previous_file(rc, tmp_path),
    )
    execute(request, out, out)
    data = json.loads(out.getvalue())["files"][0]
    return FileResult(
        path=str(report),
        format=None,
        year=None,
        issuer=None,
        date=None,
        rules=tuple(
            RuleResult(r["id"], r["name"], Severity.INFO, RuleStatus(r["status"]))
            for r in data["rules"]
        ),
        findings=tuple(
            Finding(
                f["rule"], f["name"], Severity(f["severity"]), f["line"], f["column"], f["message"]
            )
            for f in data["findings"]
        ),
    )


def _previous_file(rc: RuleCase, tmp_path: Path) -> str | None:
    """Last year's report of a cross-year case, written beside the report."""
    if rc.case.previous is None:
        return None
    path = tmp_path / "previous.txt"
    path.write_text(rc.case.previous.document(), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("rc", CASES, ids=[c.id for c in CASES])
def test_case(rc: RuleCase, tmp_path: Path) -> None:
    if rc.case.config is not None:
        result = _with_config(rc, tmp_path)
    else:
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
    options = list(rc.case.options)
    if rc.case.config is not None:
        (tmp_path / "govcheck.toml").write_text(rc.case.config, encoding="utf-8")
        options += ["--config", str(tmp_path / "govcheck.toml")]
    previous = _previous_file(rc, tmp_path)
    if previous is not None:
        options += ["--previous", previous]
    result = run_cli("lint", str(report), "--format", "json", *options)
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
