"""Kind ``recognised``: the file has the structure of an annual report at all."""

from __future__ import annotations

from typing import ClassVar, Literal

from govcheck.engine.base import Context, Hit, Outcome, RuleBase
from govcheck.model import Document


class Spec(RuleBase):
    kind: Literal["recognised"]

    PLACEHOLDERS: ClassVar[frozenset[str]] = frozenset()
    RUNS_ON_ANY: ClassVar[bool] = True


def evaluate(spec: Spec, doc: Document, ctx: Context) -> Outcome:
    """Fail at line 1 when neither title, sections nor tables were recognised."""
    if doc.recognised:
        return Outcome.of([])
    return Outcome.of([Hit(line=1, values={}, anchor="document")])
