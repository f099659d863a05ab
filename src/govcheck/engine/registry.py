"""The explicit registry of rule kinds: kind name → (Spec model, evaluator).

Adding a kind means one module in govcheck/kinds and one line here; there is
no plugin discovery, so what runs is always what this file lists.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Union

from pydantic import Field

from govcheck.engine.base import Context, Outcome, RuleBase
from govcheck.kinds import (
    blank_cells,
    blank_total,
    carry_over,
    cell_content,
    cell_unit,
    copied_text,
    date_present,
    date_year,
    deadline,
    format_mismatch,
    heading_variant,
    incomplete_table,
    mixed_template,
    negative_value,
    outdated_template,
    parts_count,
    pattern_prohibited,
    period_present,
    period_range,
    prose_count,
    prose_percent,
    prose_zero,
    recognised,
    required_section,
    row_minimum,
    rulemaker,
    section_content,
    section_order,
    sum_identity,
    table_readable,
    valid_chain,
    waiver_unused,
    year_consistency,
)
from govcheck.model import Document

Evaluator = Callable[[Any, Document, Context], Outcome]

KINDS: dict[str, tuple[type[RuleBase], Evaluator]] = {
    "recognised": (recognised.Spec, recognised.evaluate),
    "table_readable": (table_readable.Spec, table_readable.evaluate),
    "required_section": (required_section.Spec, required_section.evaluate),
    "date_present": (date_present.Spec, date_present.evaluate),
    "sum_identity": (sum_identity.Spec, sum_identity.evaluate),
    "prose_zero": (prose_zero.Spec, prose_zero.evaluate),
    "prose_count": (prose_count.Spec, prose_count.evaluate),
    "prose_percent": (prose_percent.Spec, prose_percent.evaluate),
    "pattern_prohibited": (pattern_prohibited.Spec, pattern_prohibited.evaluate),
    "section_content": (section_content.Spec, section_content.evaluate),
    "negative_value": (negative_value.Spec, negative_value.evaluate),
    "row_minimum": (row_minimum.Spec, row_minimum.evaluate),
    "cell_content": (cell_content.Spec, cell_content.evaluate),
    "blank_cells": (blank_cells.Spec, blank_cells.evaluate),
    "blank_total": (blank_total.Spec, blank_total.evaluate),
    "cell_unit": (cell_unit.Spec, cell_unit.evaluate),
    "format_mismatch": (format_mismatch.Spec, format_mismatch.evaluate),
    "heading_variant": (heading_variant.Spec, heading_variant.evaluate),
    "incomplete_table": (incomplete_table.Spec, incomplete_table.evaluate),
    "mixed_template": (mixed_template.Spec, mixed_template.evaluate),
    "outdated_template": (outdated_template.Spec, outdated_template.evaluate),
    "parts_count": (parts_count.Spec, parts_count.evaluate),
    "section_order": (section_order.Spec, section_order.evaluate),
    "date_year": (date_year.Spec, date_year.evaluate),
    "deadline": (deadline.Spec, deadline.evaluate),
    "year_consistency": (year_consistency.Spec, year_consistency.evaluate),
    "period_present": (period_present.Spec, period_present.evaluate),
    "period_range": (period_range.Spec, period_range.evaluate),
    "rulemaker": (rulemaker.Spec, rulemaker.evaluate),
    "waiver_unused": (waiver_unused.Spec, waiver_unused.evaluate),
    "carry_over": (carry_over.Spec, carry_over.evaluate),
    "valid_chain": (valid_chain.Spec, valid_chain.evaluate),
    "copied_text": (copied_text.Spec, copied_text.evaluate),
}

# The discriminated union of every kind's Spec, built from KINDS so that a new
# kind is registered in exactly one place. An unknown ``kind`` is a load error
# listing the valid ones.
RuleSpec: Any = Annotated[
    Union[tuple(spec for spec, _ in KINDS.values())],  # noqa: UP007 - built at runtime
    Field(discriminator="kind"),
]


def evaluate(rule: RuleBase, doc: Document, ctx: Context) -> Outcome:
    """Run the evaluator registered for the rule's kind."""
    kind: str = getattr(rule, "kind")  # noqa: B009 - every Spec declares kind
    return KINDS[kind][1](rule, doc, ctx)
