"""Kind ``prose_percent``: a percentage in the prose must follow from the table.

Example: 予以公开及部分公开42件，占51.85% with table 3's 予以公开 + 部分公开 =
42 and 总计 = 81 (42 / 81 = 51.85%). The pack lists, per claim, the possible
numerators and denominators (spec §2.5: 公开率 = (予以公开 + 部分公开) / 总计;
"占X%" = category / 总计); organs also divide by 新收 or by 新收 + 上年结转,
so every combination is tried and the claim is reported only when none fits.

The comparison is made at the printed precision: 51.85 matches any ratio that
rounds half-up, or truncates, to 51.85. Clerks do both, and a linter that
insists on one rounding rule would raise false alarms.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import ClassVar, Literal

from pydantic import Field, field_validator, model_validator

from govcheck.engine.base import Context, Hit, Outcome, RuleBase, TableRef
from govcheck.i18n import Text, both
from govcheck.kinds.common import anchor, readable_table, table_name
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
from govcheck.parse.claims import Mention, read_percent

_HUNDRED = Decimal(100)


class PercentClaim(ClaimBase):
    """A stated percentage and the cell sums it may be the ratio of."""

    numerators: tuple[tuple[str, ...], ...] = Field(min_length=1)
    denominators: tuple[tuple[str, ...], ...] = Field(min_length=1)

    GROUP: ClassVar[str | None] = "p"

    @field_validator("numerators", "denominators")
    @classmethod
    def _non_empty(cls, value: tuple[tuple[str, ...], ...]) -> tuple[tuple[str, ...], ...]:
        if any(not reading for reading in value):
            raise ValueError("a numerator or denominator lists at least one cell")
        return value

    def refs(self) -> tuple[str, ...]:
        """Every cell of every numerator and denominator."""
        return tuple(ref for sums in (*self.numerators, *self.denominators) for ref in sums)


class Spec(RuleBase):
    kind: Literal["prose_percent"]
    table: str
    sections: tuple[str, ...] = Field(min_length=1)
    scope: Scope
    claim: tuple[PercentClaim, ...] = Field(min_length=1)
    # A blank total column is read as the columns it sums (总计 = the applicant columns).
    blank_totals: tuple[RowTotal, ...] = ()

    PLACEHOLDERS: ClassVar[frozenset[str]] = frozenset({"claim", "value", "table", "readings"})

    @field_validator("sections")
    @classmethod
    def _known_sections(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return check_sections(value)

    @model_validator(mode="after")
    def _claims(self) -> Spec:
        check_claim_refs(self.table, self.formats, self.claim)
        return self

    def references(self) -> tuple[TableRef, ...]:
        """Cells named by claims that apply in every format of the rule."""
        return (
            *references(self.table, "numerators", self.claim),
            *blank_total_refs(self.table, self.blank_totals),
        )


def evaluate(spec: Spec, doc: Document, ctx: Context) -> Outcome:
    """Check every in-scope percentage; fail on each that no ratio of the table gives."""
    found = list(find_claims(doc, spec.sections, spec.scope, spec.claim))
    if not found:
        return Outcome.of([])
    table = readable_table(doc, spec.table)
    if isinstance(table, Text):
        return Outcome.not_assessable(table)
    hits: list[Hit] = []
    unassessed = False
    for claim, mention in found:
        hit, assessed = _check(table, claim, mention, spec.blank_totals)
        unassessed |= not assessed
        if hit is not None:
            hits.append(hit)
    return Outcome.of(hits, both("note.cells_missing") if unassessed else None)


def matches(printed: Decimal, numerator: Decimal, denominator: Decimal) -> bool:
    """Whether ``printed`` is numerator/denominator in percent, rounded or truncated."""
    exponent = printed.as_tuple().exponent
    places = Decimal(1).scaleb(min(int(exponent), 0))
    ratio = numerator * _HUNDRED / denominator
    return printed in {ratio.quantize(places, ROUND_HALF_UP), ratio.quantize(places, ROUND_DOWN)}


def _check(
    table: Table, claim: PercentClaim, mention: Mention, blank_totals: tuple[RowTotal, ...]
) -> tuple[Hit | None, bool]:
    """(hit, assessed): a hit only when every ratio can be computed and none fits.

    A denominator of 0 is no reading at all (nothing was divided); if that
    leaves no reading, the claim is left alone.
    """
    printed = read_percent(mention.number or "")
    if printed is None:
        return None, True
    tried: list[Text] = []
    cells: list[Cell] = []
    unreadable = False
    for top_refs in claim.numerators:
        for bottom_refs in claim.denominators:
            top = resolve(table, top_refs, blank_totals)
            bottom = resolve(table, bottom_refs, blank_totals)
            if top is None or bottom is None:
                unreadable = True
                continue
            if total(bottom) == 0:
                continue
            if matches(printed, total(top), total(bottom)):
                return None, True
            tried.append(_ratio(table, top, bottom, printed))
            cells.extend((*top, *bottom))
    if unreadable or not tried:
        return None, not unreadable
    line = mention.line
    return Hit(
        line=line,
        column=mention.column,
        related=related_lines(cells, line),
        anchor=anchor(cells[0]),
        values={
            "claim": mention.quote,
            "value": f"{printed}%",
            "table": table_name(table),
            "readings": join(tried),
        },
    ), True


def _ratio(table: Table, top: list[Cell], bottom: list[Cell], printed: Decimal) -> Text:
    """``(予以公开 6 + 部分公开 2) / 总计 15 = 53.33%`` at the printed precision."""
    exponent = printed.as_tuple().exponent
    places = Decimal(1).scaleb(min(int(exponent), 0))
    ratio = (total(top) * _HUNDRED / total(bottom)).quantize(places, ROUND_HALF_UP)
    upper, lower = render_sum(table, top, result=False), render_sum(table, bottom, result=False)
    if len(top) > 1:
        upper = Text(f"({upper.zh})", f"({upper.en})")
    if len(bottom) > 1:
        lower = Text(f"({lower.zh})", f"({lower.en})")
    return Text(f"{upper.zh} / {lower.zh} = {ratio}%", f"{upper.en} / {lower.en} = {ratio}%")
