"""Rule packs: validation errors name file, line and key; references are checked."""

from __future__ import annotations

import pytest

from govcheck.engine.packs import builtin_rules, load_pack_text, merge_packs
from govcheck.errors import RuleFileError

HEADER = '[pack]\nid = "mine"\n\n'
RULE = """[[rule]]
id = "GC901"
name = "my-balance"
kind = "sum_identity"
severity = "error"
table = "t3"
each = "column"
lhs = ["new", "carry_in"]
rhs = ["total", "carry_out"]
summary = { zh = "摘要", en = "summary" }
message = { zh = "{column}：{lhs} ≠ {rhs}", en = "{column}: {lhs} != {rhs}" }
rationale = { zh = "依据", en = "basis" }
"""


def error_of(text: str) -> RuleFileError:
    with pytest.raises(RuleFileError) as info:
        load_pack_text(text, "mine.toml")
    return info.value


def test_a_valid_user_pack_loads() -> None:
    pack = load_pack_text(HEADER + RULE, "mine.toml")
    assert [r.id for r in pack.rules] == ["GC901"]


def test_unknown_key_names_line_and_suggests() -> None:
    err = error_of(HEADER + RULE.replace('each = "column"', 'eahc = "column"'))
    assert err.key == "rules.invalid"
    assert err.values["line"] == 10
    assert "did you mean 'each'" in str(err.values["detail"])


def test_wrong_type_names_the_key_line() -> None:
    err = error_of(HEADER + RULE.replace('lhs = ["new", "carry_in"]', "lhs = 3"))
    assert (err.values["line"], err.values["field"]) == (11, "rule.0.sum_identity.lhs")


def test_unknown_kind_lists_the_choice() -> None:
    err = error_of(HEADER + RULE.replace('kind = "sum_identity"', 'kind = "magic"'))
    assert err.values["line"] == 7
    assert "sum_identity" in str(err.values["detail"])


def test_reference_to_a_row_the_template_lacks() -> None:
    err = error_of(HEADER + RULE.replace('"carry_out"]', '"carried_out"]'))
    assert err.key == "rules.bad_reference"
    assert err.values["line"] == 12
    assert "carried_out" in str(err.values["detail"])


def test_unknown_message_placeholder_is_rejected() -> None:
    err = error_of(HEADER + RULE.replace("{column}：", "{column.__class__}："))
    assert "placeholder" in str(err.values["detail"])


def test_toml_syntax_error_has_a_line() -> None:
    err = error_of(HEADER + RULE.replace('severity = "error"', "severity = error"))
    assert err.key == "rules.toml_syntax"
    assert err.values["line"] == 8


def test_duplicate_ids_across_packs() -> None:
    pack = load_pack_text(HEADER + RULE, "mine.toml")
    with pytest.raises(RuleFileError) as info:
        merge_packs([pack, load_pack_text(HEADER + RULE, "other.toml")])
    assert info.value.key == "rules.duplicate_id"


def test_builtin_rules_are_unique_and_documented() -> None:
    rules = builtin_rules()
    ids = [r.id for r in rules]
    assert len(ids) == len(set(ids))
    assert len({r.name for r in rules}) == len(rules)
    for rule in rules:
        for text in (rule.summary, rule.message, rule.rationale):
            assert text.zh.strip() and text.en.strip(), rule.id
        assert rule.fix is not None and rule.example, rule.id
