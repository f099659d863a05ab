"""The identities the format prints are stated twice, and must be the same.

The templates declare them (``[[table.identity]]``), because the parser uses
them to split a crawled page's run-together digits and may not depend on the
rule packs; the arithmetic rules GC301–GC304 check them (``lhs``/``rhs``).
This test makes the two one list: every instance the built-in identity rules
check is a template identity of the same name, and every template identity
is checked by a rule.
"""

from __future__ import annotations

import pytest

from govcheck.engine.packs import builtin_rules
from govcheck.kinds import sum_identity
from govcheck.templates import all_templates


@pytest.mark.parametrize("template", all_templates(), ids=lambda t: t.id)
def test_the_rules_check_exactly_the_templates_identities(template: object) -> None:
    rules = [r for r in builtin_rules() if isinstance(r, sum_identity.Spec)]
    assert {r.id for r in rules} == {"GC301", "GC302", "GC303", "GC304"}
    for table in template.table:  # type: ignore[attr-defined]
        printed = {(i.name, frozenset(i.lhs), frozenset(i.rhs)) for i in table.identities()}
        checked = {
            (rule.name, frozenset(lhs), frozenset(rhs))
            for rule in rules
            if rule.table == table.id
            for _, lhs, rhs in sum_identity.instances(rule, table)
        }
        assert checked == printed, table.id
        assert bool(printed) == (table.id in ("t3", "t4"))
