"""Kind ``required_section``: each listed section heading must be present."""

from __future__ import annotations

from typing import ClassVar, Literal

from govcheck.engine.base import Context, Hit, Outcome, RuleBase
from govcheck.i18n import Text
from govcheck.model import Document
from govcheck.templates import load_template


class Spec(RuleBase):
    kind: Literal["required_section"]
    sections: tuple[str, ...]

    PLACEHOLDERS: ClassVar[frozenset[str]] = frozenset({"number", "title"})


def evaluate(spec: Spec, doc: Document, ctx: Context) -> Outcome:
    """One hit per missing section, at the heading that follows the gap."""
    template = doc.template or load_template("F2021")
    order = [s.id for s in template.section]
    hits = []
    for section_id in spec.sections:
        if doc.section(section_id) is not None:
            continue
        section = next(s for s in template.section if s.id == section_id)
        later = [s for s in doc.sections if order.index(s.spec.id) > order.index(section_id)]
        line = min((s.line for s in later), default=len(doc.lines))
        values = {"number": section.number, "title": Text(section.title, section.title_en)}
        hits.append(Hit(line=line, values=values, anchor=f"section:{section_id}"))
    return Outcome.of(hits)
