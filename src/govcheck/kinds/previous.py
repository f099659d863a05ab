"""Helpers for the cross-year kinds (GC70x): the previous year's report and its tables.

The previous report arrives in :attr:`Context.previous` (``--previous`` or
``--pair-years``). Without one, a cross-year rule is *not applicable*; with
one that cannot be compared (not a report, not the year before, a table
that cannot be read), it is *not assessable*. It never guesses.
"""

from __future__ import annotations

from govcheck.engine.base import Context, Outcome
from govcheck.findings import RuleStatus
from govcheck.i18n import Text, both
from govcheck.kinds.common import readable_table
from govcheck.model import Cell, Document, Table


def previous_report(doc: Document, ctx: Context) -> Document | Outcome:
    """The previous year's report, or the outcome to give when it cannot be used."""
    previous = ctx.previous
    if previous is None:
        return Outcome(RuleStatus.NOT_APPLICABLE)
    if not previous.recognised:
        return Outcome.not_assessable(both("crossyear.previous_unrecognised", path=previous.path))
    if doc.year is not None and previous.year is not None and previous.year != doc.year - 1:
        # Comparing with a report two years back (or a later one) would turn
        # every honest change into a finding.
        note = both("crossyear.not_consecutive", year=doc.year, previous=previous.year)
        return Outcome.not_assessable(note)
    return previous


def previous_table(previous: Document, table_id: str) -> Table | Text:
    """A readable table of the previous report, else why it cannot be assessed."""
    found = readable_table(previous, table_id)
    if isinstance(found, Text):
        return both("crossyear.previous_note", path=previous.path, reason=found)
    return found


def shown(cell: Cell) -> str:
    """A cell as printed, or its value when it was left blank."""
    return cell.raw.strip() or str(cell.number)
