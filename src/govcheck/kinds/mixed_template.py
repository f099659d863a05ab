"""Kind ``mixed_template``: markers of both format versions in one report.

A report that pastes a table block of the other version (the F2019
第二十条第（九）项 block in an F2021 report, say) matches neither format. The
format with the most distinct markers, or the one the parser chose, is taken
as the one used; each other format with at least ``min_markers`` distinct
markers gives one finding, at its first marker line, listing the markers.
Requiring several distinct markers keeps a single short line that happens to
name 行政规范性文件 or 政府集中采购 from being taken for a mixed table.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from govcheck.engine.base import Context, Hit, Outcome, RuleBase
from govcheck.kinds.fingerprints import distinct_markers, first_line, marker_lines, summary
from govcheck.model import Document, Token
from govcheck.templates import all_templates, load_template


class Spec(RuleBase):
    kind: Literal["mixed_template"]
    min_markers: int = Field(default=2, ge=1)

    PLACEHOLDERS: ClassVar[frozenset[str]] = frozenset({"used", "other", "markers", "count"})


def evaluate(spec: Spec, doc: Document, ctx: Context) -> Outcome:
    """One hit per minority format that shows enough distinct markers."""
    found = {t.id: distinct_markers(doc, t.id) for t in all_templates()}
    strong = {k: v for k, v in found.items() if len(v) >= spec.min_markers}
    if len(strong) <= 1:
        return Outcome.of([])
    used = _used(doc, strong)
    hits = [_hit(used, other, markers) for other, markers in strong.items() if other != used]
    return Outcome.of(hits)


def _used(doc: Document, strong: dict[str, dict[str, Token]]) -> str:
    """The parser's format if it has markers; else the one with most, earliest first."""
    if doc.template is not None and doc.template.id in strong:
        return doc.template.id
    return min(strong, key=lambda k: (-len(strong[k]), first_line(strong[k])))


def _hit(used: str, other: str, markers: dict[str, Token]) -> Hit:
    lines = marker_lines(markers)
    values = {
        "used": load_template(used).template.source,
        "other": load_template(other).template.source,
        "markers": summary(markers),
        "count": len(markers),
    }
    return Hit(line=lines[0], values=values, related=lines[1:], anchor=f"template:{other}")
