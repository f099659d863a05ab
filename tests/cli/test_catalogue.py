"""`govcheck rules`, `govcheck explain` and the generated docs/rules.md."""

from __future__ import annotations

import io
import json

import pytest

from govcheck.engine.packs import builtin_rules
from tests.conftest import ROOT, run_cli


def test_rules_json_lists_every_rule() -> None:
    result = run_cli("rules", "--format", "json")
    assert result.exit_code == 0
    records = json.loads(result.stdout)
    assert [r["id"] for r in records] == [r.id for r in builtin_rules()]
    gc301 = next(r for r in records if r["id"] == "GC301")
    assert (gc301["name"], gc301["severity"], gc301["formats"]) == (
        "t3-balance",
        "error",
        ["2019", "2021"],
    )


def test_rules_table_in_english() -> None:
    result = run_cli("rules", "--lang", "en")
    assert result.exit_code == 0
    assert "t3-balance" in result.stdout and "Severity" in result.stdout


@pytest.mark.parametrize("ref", ["GC301", "gc301", "t3-balance"])
def test_explain_by_id_or_name(ref: str) -> None:
    result = run_cli("explain", ref)
    assert result.exit_code == 0
    assert result.stdout.startswith("GC301 t3-balance (error")
    assert "第一项加第二项之和" in result.stdout  # the legal basis
    assert "不合格示例" in result.stdout and "修改方法" in result.stdout


def test_explain_in_english() -> None:
    result = run_cli("explain", "GC501", "--lang", "en")
    assert "Rationale:" in result.stdout and "Fix:" in result.stdout


def test_explain_unknown_rule() -> None:
    result = run_cli("explain", "GC999")
    assert result.exit_code == 2
    assert result.stderr.strip() == "未知的规则：GC999。请用 govcheck rules 查看全部规则。"


def test_docs_rules_md_is_up_to_date() -> None:
    generated = run_cli("rules", "--format", "markdown").stdout
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == generated, (
        "docs/rules.md is stale: run `govcheck rules --format markdown > docs/rules.md`"
    )


def test_the_rules_table_shows_summaries_as_text_not_rich_markup(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from govcheck import catalogue

    monkeypatch.setenv("COLUMNS", "200")
    rule = builtin_rules()[0]
    summary = rule.summary.model_copy(update={"en": "[/] and [b]x[/b] [link=http://x]y"})
    out = io.StringIO()
    catalogue.render_table([rule.model_copy(update={"summary": summary})], out, "en")
    assert "[/] and [b]x[/b] [link=http://x]y" in out.getvalue()
