"""Kind ``heading_variant``: a heading that is not the format's canonical text.

The parser accepts a section heading in its canonical wording, in one of the
template's accepted variants (Art. 50 wording, for instance), or misspelt but
nearly the same. All of them count as the section, so nothing else fails; this
kind tells the clerk, at info level, which text the format prints. The rule
file words the two cases (accepted variant, near match).
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import field_validator

from govcheck.engine.base import Context, Hit, Localized, Outcome, RuleBase
from govcheck.kinds.snippets import check_placeholders, fill
from govcheck.model import Document, Section
from govcheck.parse.normalize import norm_label

# Markdown and table debris around a heading, dropped before quoting it.
_DEBRIS = "#*>|` \t\u3000"


class Spec(RuleBase):
    kind: Literal["heading_variant"]
    variant: Localized
    near: Localized

    PLACEHOLDERS: ClassVar[frozenset[str]] = frozenset({"found", "canonical", "how"})

    @field_validator("variant", "near")
    @classmethod
    def _no_placeholders(cls, value: Localized) -> Localized:
        return check_placeholders(value, frozenset())


def evaluate(spec: Spec, doc: Document, ctx: Context) -> Outcome:
    """One hit per non-canonical heading, at its line."""
    hits = [
        Hit(
            line=section.line,
            values={
                "found": section.raw.strip(_DEBRIS),
                "canonical": section.spec.title,
                "how": fill(spec.variant if is_variant(section) else spec.near),
            },
            anchor=f"section:{section.spec.id}",
        )
        for section in doc.sections
        if not section.canonical
    ]
    return Outcome.of(hits)


def is_variant(section: Section) -> bool:
    """Whether the heading is one of the template's accepted variants (not a near match)."""
    accepted = {norm_label(v) for v in section.spec.variants}
    return norm_label(section.raw) in accepted
