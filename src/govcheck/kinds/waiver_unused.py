"""Kind ``waiver_unused``: the catalogue entry for GC900.

Waivers live in the configuration, not in a report, so the check runs after
all files are linted (govcheck.waivers). This evaluator only passes; it gives
GC900 its place in ``govcheck rules``, ``explain``, SARIF and the docs.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from govcheck.engine.base import Context, Outcome, RuleBase
from govcheck.findings import RuleStatus
from govcheck.model import Document


class Spec(RuleBase):
    kind: Literal["waiver_unused"]

    PLACEHOLDERS: ClassVar[frozenset[str]] = frozenset()
    RUNS_ON_ANY: ClassVar[bool] = True


def evaluate(spec: Spec, doc: Document, ctx: Context) -> Outcome:
    """Not applicable to one document: waivers are matched run-wide (govcheck.waivers)."""
    return Outcome(RuleStatus.NOT_APPLICABLE)
