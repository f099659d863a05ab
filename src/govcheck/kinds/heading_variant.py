"""Kind ``heading_variant``: a heading that is not the format's canonical text.

The parser accepts a section heading in its canonical wording, in one of the
template's accepted variants (Art. 50 wording, for instance), or misspelt but
nearly the same, or under another numeral (a 五 written 六, two 四、). All of
them count as the section, so nothing else fails; this kind tells the clerk,
at info level, which text the format prints. The rule file words the cases
(accepted variant, near match and, optionally, a wrong numeral).
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
    renumbered: Localized | None = None

    PLACEHOLDERS: ClassVar[frozenset[str]] = frozenset({"found", "canonical", "how"})

    @field_validator("variant", "near", "renumbered")
    @classmethod
    def _no_placeholders(cls, value: Localized | None) -> Localized | None:
        return None if value is None else check_placeholders(value, frozenset())


def evaluate(spec: Spec, doc: Document, ctx: Context) -> Outcome:
    """One hit per non-canonical heading, at its line."""
    hits = [
        Hit(
            line=section.line,
            values={
                "found": section.raw.strip(_DEBRIS),
                "canonical": section.spec.title,
                "how": fill(_how(spec, section)),
            },
            anchor=f"section:{section.spec.id}",
        )
        for section in doc.sections
        if not section.canonical
    ]
    return Outcome.of(hits)


def _how(spec: Spec, section: Section) -> Localized:
    """The case's wording: a wrong numeral first, as it is what the clerk must fix."""
    if spec.renumbered is not None and is_renumbered(section):
        return spec.renumbered
    return spec.variant if is_variant(section) else spec.near


def is_renumbered(section: Section) -> bool:
    """Whether the heading's numeral (六 in 六、存在的主要问题…) is not its section's."""
    numeral, sep, _ = norm_label(section.raw).lstrip(_DEBRIS).partition("、")
    return bool(sep) and numeral != section.spec.number


def is_variant(section: Section) -> bool:
    """Whether the heading is one of the template's accepted variants (not a near match)."""
    accepted = {norm_label(v) for v in section.spec.variants}
    return norm_label(section.raw) in accepted
