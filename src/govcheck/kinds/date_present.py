"""Kind ``date_present``: the report carries a signing or publication date."""

from __future__ import annotations

from typing import ClassVar, Literal

from govcheck.engine.base import Context, Hit, Outcome, RuleBase
from govcheck.model import Document


class Spec(RuleBase):
    kind: Literal["date_present"]

    PLACEHOLDERS: ClassVar[frozenset[str]] = frozenset()


def evaluate(spec: Spec, doc: Document, ctx: Context) -> Outcome:
    """Fail at the last line when no date line was found."""
    if doc.date is not None:
        return Outcome.of([])
    return Outcome.of([Hit(line=max(len(doc.lines), 1), values={}, anchor="closing")])
