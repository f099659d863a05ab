"""Kind ``prose_count``: counts stated in the prose must agree with table cells.

Two sorts of claim, both listed in the pack:

- ``[[rule.count]]``: a pattern with a number (收到政府信息公开申请16件) and the
  *readings* it may have, each a sum of cells (新收; 新收 + 上年结转). Prose is
  often ambiguous (收到 may mean 新收 or 新收 + 上年结转, spec §4.2), so the claim
  holds if ANY reading equals the number, and is reported only when none does.
- ``[[rule.zero]]``: a pattern saying "none" or "all upheld" (未发生…行政复议…
  行政诉讼; 均获维持), and the cells that must then all be 0. Cells may depend
  on which groups the sentence mentions (``when``): 行政复议…均获维持 concerns
  the review group only.

Every mention is checked, not just the first. A finding points at the prose
line of the number (or of the claim) and lists the table cells' lines as
related lines. When a cell is missing or holds text, the claim is not
assessable rather than guessed.
"""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from govcheck.engine.base import Context, Hit, Outcome, RuleBase, TableRef, compile_patterns
from govcheck.i18n import Text, both
from govcheck.kinds.common import anchor, readable_table, table_name
from govcheck.kinds.literals import compiled
from govcheck.kinds.prose_claims import (
    ClaimBase,
    RowTotal,
    Scope,
    blank_total_refs,
    check_claim_refs,
    check_sections,
    find_claims,
    join,
    references,
    related_lines,
    render_sum,
    resolve,
    total,
)
from govcheck.model import Cell, Document, Table
from govcheck.parse.claims import Mention, read_count

# "is not": between a table value and the prose value in a reading that failed.
_NE = " \u2260 "


class CountClaim(ClaimBase):
    """A stated count and the cell sums it may stand for."""

    readings: tuple[tuple[str, ...], ...] = Field(min_length=1)

    GROUP: ClassVar[str | None] = "n"

    @field_validator("readings")
    @classmethod
    def _non_empty(cls, value: tuple[tuple[str, ...], ...]) -> tuple[tuple[str, ...], ...]:
        if any(not reading for reading in value):
            raise ValueError("a reading lists at least one cell")
        return value

    def refs(self) -> tuple[str, ...]:
        """Every cell of every reading."""
        return tuple(ref for reading in self.readings for ref in reading)


class GroupCells(BaseModel):
    """Cells that a zero claim concerns when its sentence mentions a group."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    mention: str
    cells: tuple[str, ...] = Field(min_length=1)

    @field_validator("mention")
    @classmethod
    def _valid_mention(cls, value: str) -> str:
        compile_patterns((value,))
        return value


class ZeroClaim(ClaimBase):
    """A statement that cells are all 0: always ``cells``, plus those of mentioned groups."""

    cells: tuple[str, ...] = ()
    when: tuple[GroupCells, ...] = ()
    since: str | None = Field(
        default=None,
        description="Groups are looked for only after the last match of this in the sentence.",
    )

    @field_validator("since")
    @classmethod
    def _valid_since(cls, value: str | None) -> str | None:
        """Checked as a field, so that an error names the key ``since`` and its line."""
        if value is not None:
            compile_patterns((value,))
        return value

    @model_validator(mode="after")
    def _some_cells(self) -> ZeroClaim:
        if not self.cells and not self.when:
            raise ValueError("a zero claim needs cells or when")
        return self

    def refs(self) -> tuple[str, ...]:
        """The fixed cells and every group's cells."""
        return (*self.cells, *(ref for group in self.when for ref in group.cells))

    def cells_for(self, mention: Mention) -> tuple[str, ...]:
        """The cells this mention speaks about: fixed ones plus the mentioned groups'.

        A group counts when it is named between the last ``since`` before the
        claim (or the sentence start) and the claim's end; each pattern is
        searched once per sentence, not once per claim.
        """
        context, start, end = mention.context, mention.sentence_start, mention.match.end()
        if self.since is not None:
            start = context.spans(compiled(self.since)).last_end(mention.match.start(), start)
        mentioned = [
            g.cells for g in self.when if context.spans(compiled(g.mention)).within(start, end)
        ]
        return (*self.cells, *(ref for cells in mentioned for ref in cells))


class Spec(RuleBase):
    kind: Literal["prose_count"]
    table: str
    sections: tuple[str, ...] = Field(min_length=1)
    scope: Scope
    count: tuple[CountClaim, ...] = ()
    zero: tuple[ZeroClaim, ...] = ()
    # A blank total column is read as the columns it sums (总计 = the applicant columns).
    blank_totals: tuple[RowTotal, ...] = ()

    PLACEHOLDERS: ClassVar[frozenset[str]] = frozenset({"claim", "value", "table", "readings"})

    @field_validator("sections")
    @classmethod
    def _known_sections(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return check_sections(value)

    @model_validator(mode="after")
    def _claims(self) -> Spec:
        if not self.count and not self.zero:
            raise ValueError("a prose_count rule needs count or zero claims")
        check_claim_refs(self.table, self.formats, (*self.count, *self.zero))
        return self

    def references(self) -> tuple[TableRef, ...]:
        """Cells named by claims that apply in every format of the rule."""
        return (
            *references(self.table, "readings", self.count),
            *references(self.table, "cells", self.zero),
            *blank_total_refs(self.table, self.blank_totals),
        )


def evaluate(spec: Spec, doc: Document, ctx: Context) -> Outcome:
    """Check every in-scope claim; fail on each one that no reading supports."""
    counts = list(find_claims(doc, spec.sections, spec.scope, spec.count))
    zeros = list(find_claims(doc, spec.sections, spec.scope, spec.zero))
    if not counts and not zeros:
        return Outcome.of([])
    table = readable_table(doc, spec.table)
    if isinstance(table, Text):
        return Outcome.not_assessable(table)
    verdicts = [
        *(_check_count(table, claim, mention, spec.blank_totals) for claim, mention in counts),
        *(_check_zero(table, claim, mention, spec.blank_totals) for claim, mention in zeros),
    ]
    hits = [hit for hit, _ in verdicts if hit is not None]
    unassessed = not all(assessed for _, assessed in verdicts)
    return Outcome.of(hits, both("note.cells_missing") if unassessed else None)


def _check_count(
    table: Table, claim: CountClaim, mention: Mention, blank_totals: tuple[RowTotal, ...]
) -> tuple[Hit | None, bool]:
    """(hit, assessed): a hit only when every reading can be read and none fits."""
    value = read_count(mention.number or "")
    if value is None:
        return None, True  # not a count after all (一二 is a year, 一两 is vague)
    readings: list[list[Cell]] = []
    for refs in claim.readings:
        cells = resolve(table, refs, blank_totals)
        if cells is None:
            continue
        if total(cells) == value:
            return None, True
        readings.append(cells)
    if len(readings) < len(claim.readings):
        return None, False  # some reading cannot be read, and none of the rest fits
    tried = [_tried(table, cells, value) for cells in readings]
    all_cells = [c for cells in readings for c in cells]
    return _hit(table, mention, value, tried, readings[0][0], all_cells), True


def _check_zero(
    table: Table, claim: ZeroClaim, mention: Mention, blank_totals: tuple[RowTotal, ...]
) -> tuple[Hit | None, bool]:
    """(hit, assessed): a hit when a cell the claim says is 0 is not."""
    refs = claim.cells_for(mention)
    if not refs:
        return None, True  # the sentence names no group this claim knows
    cells = resolve(table, refs, blank_totals)
    if cells is None:
        return None, False
    nonzero = [c for c in cells if c.number != 0]
    if not nonzero:
        return None, True
    tried = [_tried(table, [c], 0) for c in nonzero]
    return _hit(table, mention, 0, tried, nonzero[0], cells), True


def _tried(table: Table, cells: list[Cell], value: int) -> Text:
    """One reading that failed: ``新收 16 + 上年结转 2 = 18 ≠ 17``."""
    text = render_sum(table, cells)
    return Text(f"{text.zh}{_NE}{value}", f"{text.en}{_NE}{value}")


def _hit(
    table: Table,
    mention: Mention,
    value: int | Decimal,
    tried: list[Text],
    first: Cell,
    cells: list[Cell],
) -> Hit:
    line = mention.line
    return Hit(
        line=line,
        column=mention.column,
        related=related_lines(cells, line),
        anchor=anchor(first),
        values={
            "claim": mention.quote,
            "value": value,
            "table": table_name(table),
            "readings": join(tried),
        },
    )
