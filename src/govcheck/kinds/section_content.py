"""Kind ``section_content``: a prose section must say enough, or say certain things.

Two checks, one per rule (a rule sets exactly one of them):

- ``min_chars``: the section's text, counting letters and digits only, is at
  least this long. ``无。`` under 五、存在的主要问题及改进情况 is the 敷衍塞责 the
  format notice warns against.
- ``aspects``: each named aspect is mentioned, where an aspect is mentioned if
  any of its patterns matches the section's normalised text. Section 一 should
  cover five aspects; an F2021 section 六 should state the 信息处理费.

A section whose heading is missing is *not applicable* here: GC101 reports the
missing heading, and a second finding about the same gap would be noise.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from govcheck.engine.base import Context, Hit, Localized, Outcome, RuleBase, compile_patterns
from govcheck.findings import RuleStatus
from govcheck.i18n import Text, both
from govcheck.kinds.literals import search_any
from govcheck.kinds.section_scope import known_section_ids, section_body
from govcheck.model import PREFACE, Document, Token
from govcheck.templates import TEMPLATE_IDS

# Joins the names of missing aspects in each language (the ideographic
# enumeration comma in Chinese).
_JOIN = Text(zh="\u3001", en=", ")
# The quoted section text is clipped so that a finding stays readable.
_MAX_EXCERPT = 40
_ELLIPSIS = "\u2026"


class Aspect(BaseModel):
    """Something a section should mention, and the wordings that count as mentioning it."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    name: Localized
    patterns: tuple[str, ...] = Field(min_length=1)

    @field_validator("patterns")
    @classmethod
    def _valid_patterns(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return compile_patterns(value)

    def mentioned_in(self, text: str) -> bool:
        """Whether any of the aspect's wordings occurs in ``text``."""
        return search_any(self.patterns, text)


class Spec(RuleBase):
    kind: Literal["section_content"]
    section: str
    min_chars: int | None = Field(default=None, ge=1)
    aspects: tuple[Aspect, ...] = ()

    PLACEHOLDERS: ClassVar[frozenset[str]] = frozenset(
        {"number", "title", "excerpt", "length", "min_chars", "missing"}
    )

    @field_validator("section")
    @classmethod
    def _known_section(cls, value: str) -> str:
        if value == PREFACE or value not in known_section_ids():
            raise ValueError(f"unknown section id {value!r}")
        return value

    @model_validator(mode="after")
    def _one_check(self) -> Spec:
        if (self.min_chars is None) == (not self.aspects):
            raise ValueError("give exactly one of min_chars or aspects")
        return self


def evaluate(spec: Spec, doc: Document, ctx: Context) -> Outcome:
    """One hit at the section heading when the section is too thin or misses aspects."""
    if doc.template is None and set(spec.formats) != set(TEMPLATE_IDS):
        # The rule is limited to some formats, and this one is unknown.
        return Outcome.not_assessable(both("note.no_format"))
    section = doc.section(spec.section)
    if section is None:
        return Outcome(RuleStatus.NOT_APPLICABLE)
    body = section_body(doc, spec.section)
    length = content_length(body)
    missing = missing_aspects(spec.aspects, "".join(t.norm for t in body))
    too_short = spec.min_chars is not None and length < spec.min_chars
    if not (too_short or missing):
        return Outcome.of([])
    # Every placeholder gets a value whichever check the rule makes, so that a
    # message can never name a value that is missing at run time.
    values = {
        "number": section.spec.number,
        "title": Text(section.spec.title, section.spec.title_en),
        "excerpt": _excerpt(body),
        "length": length,
        "min_chars": spec.min_chars or 0,
        "missing": _names(missing),
    }
    return Outcome.of([Hit(line=section.line, values=values, anchor=f"section:{spec.section}")])


def content_length(body: tuple[Token, ...]) -> int:
    """Letters and digits in the section: punctuation and spacing say nothing."""
    return sum(sum(map(str.isalnum, token.norm)) for token in body)


def missing_aspects(aspects: tuple[Aspect, ...], text: str) -> tuple[Aspect, ...]:
    """The aspects that ``text`` does not mention, in pack order."""
    return tuple(a for a in aspects if not a.mentioned_in(text))


def _names(aspects: tuple[Aspect, ...]) -> Text:
    return Text(
        zh=_JOIN.zh.join(a.name.zh for a in aspects),
        en=_JOIN.en.join(a.name.en for a in aspects),
    )


def _excerpt(body: tuple[Token, ...]) -> str:
    """The section's text as written, clipped, for quoting in a message."""
    text = " ".join(t.raw.strip() for t in body)
    return text if len(text) <= _MAX_EXCERPT else text[:_MAX_EXCERPT] + _ELLIPSIS
