"""Helpers shared by the date kinds (GC202–GC206): which date counts, the period sentence.

Not a kind itself. Everything Chinese (labels, notes, patterns) comes from the
rule's own fields in rules/dates.toml; this module only reads them.
"""

from __future__ import annotations

import datetime as dt
import re
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field, field_validator

from govcheck.engine.base import Context, Localized, RuleBase, compile_patterns
from govcheck.i18n import Text, render_value
from govcheck.kinds.literals import Texts, compiled, needs
from govcheck.model import Document, Paragraph, Token
from govcheck.parse.numbers import chinese_to_int
from govcheck.parse.paragraphs import paragraphs

# Named groups a statistical-period pattern must define; y2 (the end year)
# may be absent from a match: 2022年1月1日至12月31日 inherits the start year.
PERIOD_GROUPS = frozenset({"y1", "m1", "d1", "y2", "m2", "d2"})
_REQUIRED_GROUPS = PERIOD_GROUPS - {"y2"}


class NotedSpec(RuleBase):
    """A date rule whose not-assessable notes are rule data (zh and en).

    Each kind names its notes and their placeholders in ``NOTES``; the pack
    must give exactly those, so a misspelt note is a load-time error.
    """

    notes: dict[str, Localized]

    NOTES: ClassVar[Mapping[str, frozenset[str]]] = {}

    @field_validator("notes")
    @classmethod
    def _known_notes(cls, value: dict[str, Localized]) -> dict[str, Localized]:
        return check_notes(value, cls.NOTES)


class PeriodSpec(RuleBase):
    """A rule that reads the statistical-period sentence (GC205, GC206)."""

    period_patterns: tuple[str, ...] = Field(min_length=1)
    cue_patterns: tuple[str, ...] = ()

    @field_validator("period_patterns")
    @classmethod
    def _valid_period(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return check_period_patterns(value)

    @field_validator("cue_patterns")
    @classmethod
    def _valid_cues(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return compile_patterns(value)


class DateLabels(BaseModel):
    """How the two dates are named in findings."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    signed: Localized
    published: Localized
    # The publication date a web page shows, used when the report has no closing date.
    page: Localized | None = None


@dataclass(frozen=True, slots=True)
class Dated:
    """A date to check, with the line a finding points at and how it is shown."""

    date: dt.date
    line: int
    shown: str
    label: Text
    anchor: str


def anchor_line(doc: Document) -> int:
    """Where a date finding without a date line points: the date, else the title."""
    if doc.date is not None:
        return doc.date.line
    return doc.title_line or 1


def signed(doc: Document, labels: DateLabels) -> Dated | None:
    """The signing (or closing) date found in the report, else the page's publication date."""
    if doc.date is None:
        return None
    if doc.date.source == "page" and labels.page is not None:
        # A page's date line also holds other labels and widgets: show the date alone.
        shown, label, anchor = doc.date.date.isoformat(), labels.page.text(), "page"
    else:
        shown, label, anchor = doc.date.raw.strip(), labels.signed.text(), "closing"
    return Dated(doc.date.date, doc.date.line, shown, label, anchor)


def published(doc: Document, ctx: Context, labels: DateLabels) -> Dated | None:
    """The publication date given with --published-on."""
    if ctx.published_on is None:
        return None
    date = ctx.published_on
    return Dated(date, anchor_line(doc), date.isoformat(), labels.published.text(), "published_on")


def publication(doc: Document, ctx: Context, labels: DateLabels) -> Dated | None:
    """The date that publication is judged by: --published-on, else the signing date."""
    return published(doc, ctx, labels) or signed(doc, labels)


def check_notes(
    notes: Mapping[str, Localized], placeholders: Mapping[str, frozenset[str]]
) -> dict[str, Localized]:
    """Validate a rule's notes: exactly the names the kind uses, with known placeholders."""
    missing = set(placeholders) - set(notes)
    extra = set(notes) - set(placeholders)
    if missing or extra:
        raise ValueError(
            f"notes must be {sorted(placeholders)}; missing {sorted(missing)}, "
            f"unknown {sorted(extra)}"
        )
    for name, note in notes.items():
        for text in (note.zh, note.en):
            for _, field, spec, conversion in string.Formatter().parse(text):
                if field is not None and (field not in placeholders[name] or spec or conversion):
                    raise ValueError(f"note {name}: unknown placeholder {{{field}}}")
    return dict(notes)


def note(notes: Mapping[str, Localized], name: str, **values: object) -> Text:
    """The note ``name`` filled with ``values`` (Text values in their own language)."""
    localized = notes[name]
    return Text(
        localized.zh.format_map({k: render_value(v, "zh") for k, v in values.items()}),
        localized.en.format_map({k: render_value(v, "en") for k, v in values.items()}),
    )


def prose_paragraphs(doc: Document, *section_ids: str) -> tuple[Paragraph, ...]:
    """:func:`paragraphs` of the prose (of some sections); the whole prose's are the parser's."""
    return tuple(paragraphs(doc.prose_in(*section_ids))) if section_ids else doc.paragraphs


# --- the statistical period -------------------------------------------------


@dataclass(frozen=True, slots=True)
class Period:
    """A statistical-period statement: 统计期限为2022年1月1日至12月31日."""

    line: int
    excerpt: str
    start: tuple[int, int, int]
    end: tuple[int, int, int]

    @property
    def year(self) -> int | None:
        """The one year the period names, or None when it spans two."""
        return self.start[0] if self.start[0] == self.end[0] else None

    def is_calendar_year(self, year: int) -> bool:
        """Whether the period is 1 January to 31 December of ``year``."""
        return self.start == (year, 1, 1) and self.end == (year, 12, 31)


def check_period_patterns(patterns: tuple[str, ...]) -> tuple[str, ...]:
    """Period patterns must compile and define the groups :func:`find_periods` reads."""
    for pattern in compile_patterns(patterns):
        groups = set(re.compile(pattern).groupindex)
        if groups != PERIOD_GROUPS:
            raise ValueError(f"period pattern must define groups {sorted(PERIOD_GROUPS)}")
    return patterns


def find_periods(tokens: tuple[Token, ...], patterns: tuple[str, ...]) -> list[Period]:
    """Every statistical-period statement, in line order (one per pattern match)."""
    return _periods(paragraphs(tokens), patterns)


def prose_periods(doc: Document, patterns: tuple[str, ...]) -> tuple[Period, ...]:
    """:func:`find_periods` in the document's paragraphs, which the parser joined."""
    return tuple(_periods(doc.paragraphs, patterns))


def _periods(paragraphs: Sequence[Paragraph], patterns: tuple[str, ...]) -> list[Period]:
    """Every match of every pattern; a pattern runs only where its literal text is."""
    found: list[Period] = []
    for index, live in _candidates(paragraphs, patterns):
        paragraph = paragraphs[index]
        for pattern in live:
            for match in compiled(pattern).finditer(paragraph.text):
                period = _period(paragraph.line_at(match.start()), match)
                if period is not None:
                    found.append(period)
    return sorted(found, key=lambda p: p.line)


def _candidates(
    paragraphs: Sequence[Paragraph], patterns: tuple[str, ...]
) -> list[tuple[int, list[str]]]:
    """(index, patterns) of the paragraphs that hold some pattern's literal text."""
    texts = Texts([p.text for p in paragraphs])
    return texts.candidates((p, needs(p)) for p in patterns)


def _period(line: int, match: re.Match[str]) -> Period | None:
    """The period a match names; None if a part is not a number after all."""
    parts = {name: number(match[name]) for name in PERIOD_GROUPS if match[name]}
    if not parts.keys() >= _REQUIRED_GROUPS:
        return None
    start = (parts["y1"], parts["m1"], parts["d1"])
    end = (parts.get("y2", parts["y1"]), parts["m2"], parts["d2"])
    return Period(line, match.group(0), start, end)


def number(text: str) -> int:
    """A year, month or day in digits or Chinese numerals (二〇二一, 十二); -1 if neither."""
    value = chinese_to_int(text)
    return -1 if value is None else value


def mentions(tokens: tuple[Token, ...], patterns: tuple[str, ...]) -> int | None:
    """The first line where one of ``patterns`` matches (wrapped lines joined)."""
    return _mentions(paragraphs(tokens), patterns)


def prose_mentions(doc: Document, patterns: tuple[str, ...]) -> int | None:
    """:func:`mentions` in the document's paragraphs, which the parser joined."""
    return _mentions(doc.paragraphs, patterns)


def _mentions(paragraphs: Sequence[Paragraph], patterns: tuple[str, ...]) -> int | None:
    for index, live in _candidates(paragraphs, patterns):
        paragraph = paragraphs[index]
        for pattern in live:
            match = compiled(pattern).search(paragraph.text)
            if match:
                return paragraph.line_at(match.start())
    return None
