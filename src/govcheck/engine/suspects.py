"""One finding per suspect cell, in place of the identity failures it explains.

A post-pass over one document's outcomes. The identities are the
``sum_identity`` rules that ran (GC301–GC304 by default): their instances
come from :func:`govcheck.kinds.sum_identity.instances`, so the rule packs
stay the one owner of the identities. An instance fails when its rule
reported it; it passes when all its cells are numbers and it holds; any
other instance (a blank, a placeholder, a missing cell) is unknown. When
:func:`govcheck.engine.suspect.suspect` finds a unique correction of one
cell (or two), the failures it mends become one finding per corrected cell,
under the lowest rule id among them, naming the cell and the value that
would satisfy them all. Otherwise the outcomes are left exactly as they were.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from govcheck.engine.base import Hit, Outcome, RuleBase
from govcheck.engine.suspect import Correction, Identity, Slot, suspect
from govcheck.findings import RuleStatus
from govcheck.i18n import Text, both
from govcheck.kinds import sum_identity
from govcheck.kinds.common import anchor, column_name, readable_table, row_name, table_name
from govcheck.model import Cell, Document, Table

_RAN = (RuleStatus.PASS, RuleStatus.FAIL, RuleStatus.NOT_ASSESSABLE)


@dataclass(frozen=True, slots=True)
class _Instance:
    """One identity instance of a rule, with the hit its rule reported for it (if it failed)."""

    rule: sum_identity.Spec
    identity: Identity
    hit: Hit | None


def merge_suspects(
    doc: Document, rules: Sequence[RuleBase], outcomes: dict[str, Outcome]
) -> dict[str, Outcome]:
    """``outcomes`` with each table's uniquely explained identity failures merged."""
    specs = [r for r in rules if isinstance(r, sum_identity.Spec) and outcomes[r.id].status in _RAN]
    if not any(outcomes[s.id].status is RuleStatus.FAIL for s in specs):
        return outcomes
    merged = dict(outcomes)
    for table_id in dict.fromkeys(s.table for s in specs):
        table = readable_table(doc, table_id)
        if isinstance(table, Table):
            _merge_table(table, [s for s in specs if s.table == table_id], merged)
    return merged


def _merge_table(
    table: Table, specs: list[sum_identity.Spec], outcomes: dict[str, Outcome]
) -> None:
    """Replace the failures of ``table`` that one unique correction mends (in place)."""
    values = {slot: cell.number for slot, cell in table.cells.items()}
    found = _instances(table, specs, outcomes, values)
    correction = suspect(values, [i.identity for i in found])
    if correction is None:
        return
    mended = {id(i) for i in correction.mends}
    failing = [i for i in found if id(i.identity) in mended and i.hit is not None]
    if len(failing) != len(correction.mends):
        return  # a mended failure its rule did not report: leave the rule's word
    new_hits = _suspect_hits(table, correction, failing)
    dropped = {id(i.hit) for i in failing}
    for spec in specs:
        outcome = outcomes[spec.id]
        kept = [h for h in outcome.hits if id(h) not in dropped]
        mine = [hit for rule_id, hit in new_hits if rule_id == spec.id]
        if len(kept) < len(outcome.hits) and not mine:
            outcome = replace(outcome, note=_merged_note(outcome.note, new_hits))
        outcomes[spec.id] = replace(outcome, hits=(*kept, *mine))


def _merged_note(note: Text | None, new_hits: list[tuple[str, Hit]]) -> Text:
    """A rule whose failures went into another rule's suspect-cell finding says where."""
    rule_id, hit = new_hits[0]
    merged = both("suspect.merged", rule=rule_id, line=hit.line, cell=hit.anchor)
    if note is None:
        return merged
    return both("suspect.notes", note=note, merged=merged)


def _instances(
    table: Table,
    specs: list[sum_identity.Spec],
    outcomes: dict[str, Outcome],
    values: dict[Slot, Decimal | None],
) -> list[_Instance]:
    """Every instance of the rules on ``table``; a failure its rule did not report is left out."""
    found = []
    for spec in specs:
        hits = {h.anchor: h for h in outcomes[spec.id].hits}
        for _, lhs, rhs in sum_identity.instances(spec, table.spec):
            identity = Identity(lhs, rhs)
            gap = identity.gap(values)
            hit = hits.get(f"{table.spec.id}.{lhs[0][0]}.{lhs[0][1]}") if lhs else None
            if gap is not None and gap != 0 and hit is None:
                continue  # the rule did not call it a failure: unknown here
            found.append(_Instance(spec, identity, hit))
    return found


def _suspect_hits(
    table: Table, correction: Correction, failing: list[_Instance]
) -> list[tuple[str, Hit]]:
    """One hit per corrected cell, under the lowest rule id of the failures through it."""
    cells = [(table.cells[slot], value) for slot, value in correction.values]
    names = _holds(failing)
    out = []
    for index, (cell, value) in enumerate(cells):
        through = [i for i in failing if i.identity.sign((cell.row, cell.column))]
        others = [c.line for c, _ in cells if c is not cell]
        related = {i.hit.line for i in through if i.hit is not None} | set(others)
        hit = Hit(
            line=cell.line,
            column=cell.char_column,
            values={},
            related=tuple(sorted(related - {cell.line})),
            anchor=anchor(cell),
            suggested=_plain(value),
            message=_message(table, cells, index, names),
        )
        out.append((_owner(through, hit.anchor), hit))
    return out


def _owner(through: list[_Instance], cell: str) -> str:
    """The rule whose own finding stood at the cell (a row total: GC303), else the lowest id."""
    at_cell = [i.rule.id for i in through if i.hit is not None and i.hit.anchor == cell]
    return min(at_cell or [i.rule.id for i in through])


def _message(table: Table, cells: list[tuple[Cell, Decimal]], index: int, holds: Text) -> Text:
    cell, value = cells[index]
    where = {
        "table": table_name(table),
        "row": row_name(table, cell.row),
        "column": column_name(table, cell.column),
        "value": cell.raw.strip(),
        "suggested": _plain(value),
        "holds": holds,
    }
    if len(cells) == 1:
        return both("suspect.single", **where)
    other, other_value = cells[1 - index]
    return both(
        "suspect.pair",
        **where,
        row2=row_name(table, other.row),
        column2=column_name(table, other.column),
        value2=other.raw.strip(),
        suggested2=_plain(other_value),
    )


def _holds(failing: list[_Instance]) -> Text:
    """ "本行合计（GC303）与本列合计（GC302）都成立": the identities the correction satisfies."""
    items = [both("suspect.identity", name=_name(i.rule), rule=i.rule.id) for i in failing]
    if len(items) == 1:
        return both("suspect.holds_one", identity=items[0])
    sep, last = both("suspect.sep"), both("suspect.last")
    zh = sep.zh.join(i.zh for i in items[:-1]) + last.zh + items[-1].zh
    en = sep.en.join(i.en for i in items[:-1]) + last.en + items[-1].en
    return both("suspect.holds_all", identities=Text(zh, en))


def _name(rule: sum_identity.Spec) -> Text:
    return rule.identity.text() if rule.identity else Text(rule.id, rule.id)


def _plain(value: Decimal) -> str:
    """A count as written: ``2``, never ``2.0`` or ``2E+1``."""
    return format(value.normalize() if value == value.to_integral() else value, "f")
