"""What the prose-versus-table kinds share: claim scope, cell references, rendering.

A *claim* is a pattern in a pack that finds a statement in the prose (收到申请
16件) together with the table cells it may be compared with. The kinds
``prose_count`` and ``prose_percent`` differ only in how they compare; this
module holds the rest:

- :class:`Scope`: sentence and clause delimiters, and the words that show a
  sentence is about another organ, another year or a subset (区政府办代表区政府
  受理…, 当面申请…). Such a claim is left alone: a false alarm costs more
  than a miss.
- cell references ``row.column`` (``new.tot``, ``rv.@outcomes``, ``ld.*``),
  checked against the format templates when the pack loads;
- rendering of a reading (``新收 16 + 上年结转 2 = 18``) for messages.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any, ClassVar, TypeVar

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator

from govcheck.engine.base import FormatId, TableRef, compile_patterns
from govcheck.i18n import Text, both
from govcheck.kinds.blanks import EMPTY_KINDS
from govcheck.kinds.common import column_name, row_name
from govcheck.kinds.literals import Prefilter, Texts, compiled, prefilter, search_any
from govcheck.model import PREFACE, Cell, Document, Table
from govcheck.parse.claims import (
    Boundaries,
    Mention,
    Passage,
    Sentence,
    claim_regex,
    compile_claim,
    expand,
    passages,
)
from govcheck.templates import TEMPLATE_IDS, TableSpec, load_template

# Up to this many terms of a sum are always shown; longer sums list non-zero terms.
_SHOW_ALL = 4
# Separates the readings tried, in each language (a full-width semicolon in Chinese).
JOIN = Text(zh="\uff1b", en="; ")
# Quote a cell's name, so that a name ending in a digit (不予公开4., withheld 4)
# cannot run into its value: opening and closing mark per language.
_QUOTES = Text(zh="\u201c\u201d", en='""')


class Scope(BaseModel):
    """How a claim's sentence is delimited, and when a claim is about something else.

    All patterns are matched against normalised prose (NFKC, no whitespace),
    so commas and colons are ASCII there and 。 and 、 stay as they are.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    sentence_end: str = Field(description="Regex matching the end of a sentence.")
    clause_end: str = Field(description="Regex matching the end of a clause inside a sentence.")
    other_year: str | None = Field(
        default=None,
        description="Regex with a group 'year'; a claim whose sentence names, before it, "
        "a year other than the report's is not checked.",
    )
    skip_sentence: tuple[str, ...] = Field(
        default=(),
        description="A claim is not checked when its whole sentence matches (全区共受理300件，"
        "其中区政府本级受理50件: which of the two does the table count?).",
    )
    skip_clause: tuple[str, ...] = Field(
        default=(), description="A claim is not checked when its clause, up to it, matches."
    )
    require: str | None = Field(
        default=None,
        description="A claim is checked only if this matches near it (the window before "
        "it, and the claim itself): keeps 不予公开N件 about a pre-publication review "
        "apart from the same words about applications.",
    )
    window: int = Field(default=80, ge=0, description="Characters before a claim for require.")

    @field_validator("sentence_end", "clause_end")
    @classmethod
    def _valid_delimiter(cls, value: str) -> str:
        compile_patterns((value,))
        return value

    @field_validator("require")
    @classmethod
    def _valid_require(cls, value: str | None) -> str | None:
        if value is not None:
            compile_patterns((value,))
        return value

    @field_validator("skip_sentence", "skip_clause")
    @classmethod
    def _valid_patterns(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return compile_patterns(value)

    @field_validator("other_year")
    @classmethod
    def _year_group(cls, value: str | None) -> str | None:
        if value is not None:
            compile_claim(value, "year")
        return value

    def boundaries(self) -> Boundaries:
        """The compiled delimiters."""
        return _boundaries(self.sentence_end, self.clause_end)

    def excludes(self, mention: Mention, year: int | None) -> bool:
        """Whether the claim's sentence is about another scope, year or subset.

        Each pattern is searched once per sentence, however many claims the
        sentence holds (see :class:`~govcheck.parse.claims.Sentence`): the
        clause and the text before a claim are looked up in those matches,
        so a long sentence of many claims costs its length, not its square.
        """
        context = mention.context
        if context.memo(
            ("skip_sentence", self.skip_sentence),
            lambda: search_any(self.skip_sentence, mention.sentence),
        ):
            return True
        skip_clause = context.spans(*_compiled_all(self.skip_clause))
        if skip_clause.within(mention.clause_start, mention.match.end()):
            return True
        require = None if self.require is None else compiled(self.require)
        if require is not None and not require.search(mention.near(self.window)):
            return True
        if self.other_year is None or year is None:
            return False
        return _other_year_end(context, self.other_year, year) <= mention.match.start()


def _other_year_end(context: Sentence, pattern: str, year: int) -> float:
    """Where the first mention of a year other than ``year`` ends in the sentence (inf: none)."""

    def derive() -> float:
        found = context.spans(compiled(pattern))
        ends = (e for g, e in zip(found.groups, found.ends, strict=True) if int(g["year"]) != year)
        return next(ends, math.inf)

    return context.memo(("other_year", pattern, year), derive)


# Compiled pattern sets and sentence boundaries of rules: pure functions of
# pattern strings, bounded because user packs may bring new ones on every run.
@lru_cache(maxsize=256)
def _compiled_all(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(compiled(p) for p in patterns)


@lru_cache(maxsize=256)
def _boundaries(sentence: str, clause: str) -> Boundaries:
    return Boundaries(re.compile(sentence), re.compile(f"(?:{clause})|(?:{sentence})"))


class ClaimBase(BaseModel):
    """Fields every claim has: its patterns, the formats it applies to, exceptions."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    patterns: tuple[str, ...] = Field(min_length=1)
    formats: tuple[FormatId, ...] | None = Field(
        default=None, description="Only in these formats (default: the rule's)."
    )
    unless: tuple[str, ...] = Field(
        default=(), description="The claim is not checked when its whole sentence matches."
    )

    # The named group holding the claim's number (None: the claim has no number).
    GROUP: ClassVar[str | None] = None
    # Each pattern with the literal text its matches contain: derived when
    # the pack is validated, and kept with the validated rules.
    _prefilter: Prefilter = PrivateAttr(default=())

    def model_post_init(self, context: Any, /) -> None:
        """Analyse the ({NUM}/{PCT} expanded) patterns once, with the validation."""
        self._prefilter = prefilter(self.patterns, expand)

    @field_validator("patterns")
    @classmethod
    def _valid_claim_patterns(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for pattern in value:
            compile_claim(pattern, cls.GROUP)
        return value

    @field_validator("unless")
    @classmethod
    def _valid_unless(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return compile_patterns(value)

    def refs(self) -> tuple[str, ...]:
        """Every cell reference the claim uses (for load-time checks)."""
        return ()

    def applies_to(self, format_id: str | None) -> bool:
        """Whether the claim is checked in a document of ``format_id``."""
        return self.formats is None or format_id in self.formats

    def prefiltered(self) -> Prefilter:
        """Each pattern with the literal text every match contains (see :mod:`.literals`)."""
        return prefilter(self.patterns, expand, stored=self._prefilter)

    def candidates(self, texts: Texts) -> list[tuple[int, list[str]]]:
        """(index, patterns) of the texts some pattern may match, in text then pattern order."""
        return texts.candidates(self.prefiltered())

    def excepted(self, mention: Mention) -> bool:
        """Whether an ``unless`` pattern matches the claim's sentence (asked once per sentence)."""
        return mention.context.memo(
            ("unless", self.unless), lambda: search_any(self.unless, mention.sentence)
        )


def check_sections(value: tuple[str, ...]) -> tuple[str, ...]:
    """Section ids must exist in a template (or be ``preface``); a typo is a load error."""
    known = {s.id for t in TEMPLATE_IDS for s in load_template(t).section} | {PREFACE}
    for section in value:
        if section not in known:
            raise ValueError(f"unknown section id {section!r}; known: {', '.join(sorted(known))}")
    return value


def split_ref(ref: str) -> tuple[str, str]:
    """``row.column`` → (row, column); either part may be ``@set`` or ``*``."""
    parts = ref.split(".")
    if len(parts) != 2 or not all(parts):
        raise ValueError(f"cell reference {ref!r} must be row.column")
    return parts[0], parts[1]


def references(table: str, field: str, claims: Sequence[ClaimBase]) -> tuple[TableRef, ...]:
    """TableRefs for the claims that apply in every format of the rule.

    Claims restricted to some formats are checked by :func:`check_claim_refs`
    instead, because the loader checks a TableRef against all the rule's formats.
    """
    keys = [k for c in claims if c.formats is None for r in c.refs() for k in split_ref(r)]
    return (TableRef(field=field, table=table, keys=tuple(k for k in keys if k != "*")),)


def check_claim_refs(
    table: str, rule_formats: tuple[FormatId, ...], claims: Sequence[ClaimBase]
) -> None:
    """Check the references of format-restricted claims against those formats' tables."""
    for claim in claims:
        if claim.formats is None:
            continue
        extra = set(claim.formats) - set(rule_formats)
        if extra:
            raise ValueError(f"claim formats {sorted(extra)} are not among the rule's formats")
        for format_id in claim.formats:
            spec = load_template(format_id).table_spec(table)
            if spec is None:
                raise ValueError(f"{format_id} has no table {table!r}")
            for ref in claim.refs():
                for key in split_ref(ref):
                    if key != "*" and not spec.has_key(key):
                        raise ValueError(f"{ref!r}: {format_id} {table} has no {key!r}")


def expand_ref(spec: TableSpec, ref: str) -> list[tuple[str, str]]:
    """The (row, column) keys a reference stands for, in template order."""
    row, column = split_ref(ref)
    rows = [r.key for r in spec.row] if row == "*" else list(spec.expand([row]))
    out: list[tuple[str, str]] = []
    for key in rows:
        own = spec.row_columns(spec.row_spec(key))
        columns = list(own) if column == "*" else list(spec.expand([column]))
        out.extend((key, c) for c in columns if c in own)
    return out


class RowTotal(BaseModel):
    """A total column and the columns it sums, per row: 总计 = the applicant columns."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    total: str
    over: tuple[str, ...] = Field(min_length=1)


def resolve(
    table: Table, refs: Sequence[str], blank_totals: Sequence[RowTotal] = ()
) -> list[Cell] | None:
    """The cells of ``refs``; None when one is missing, holds text or is blank.

    A blank cell in the ``total`` column of one of ``blank_totals`` is read
    as the filled cells of its row in that total's ``over`` columns, never as 0.
    """
    cells: list[Cell] = []
    for ref in refs:
        for key in expand_ref(table.spec, ref):
            cell = table.cells.get(key)
            over = _over(blank_totals, key[1]) if cell and cell.kind in EMPTY_KINDS else None
            if over is not None:
                parts = _parts(table, key[0], over)
                if parts is None:
                    return None
                cells.extend(parts)
                continue
            if cell is None or cell.number is None:
                return None
            cells.append(cell)
    return cells


def _over(blank_totals: Sequence[RowTotal], column: str) -> tuple[str, ...] | None:
    return next((t.over for t in blank_totals if t.total == column), None)


def _parts(table: Table, row: str, over: tuple[str, ...]) -> list[Cell] | None:
    """The row's cells in ``over``, when every one of them holds a number."""
    cells = [table.cells.get((row, c)) for c in table.spec.expand(over)]
    filled = [c for c in cells if c is not None and c.number is not None]
    return filled if len(filled) == len(cells) else None


def blank_total_refs(table: str, blank_totals: Sequence[RowTotal]) -> tuple[TableRef, ...]:
    """The total columns and the columns they sum must exist in the table."""
    return tuple(
        TableRef(field="blank_totals", table=table, keys=(t.total, *t.over)) for t in blank_totals
    )


def total(cells: Sequence[Cell]) -> Decimal:
    """The sum of the cells' numbers (cells from ``resolve``: never blank)."""
    return sum((c.number or Decimal(0) for c in cells), Decimal(0))


def cell_label(table: Table, cell: Cell) -> Text:
    """A cell's name: its row, plus its column unless that is the row's total column."""
    row = row_name(table, cell.row)
    if cell.column == table.spec.column[-1].key:
        return row
    column = column_name(table, cell.column)
    return Text(f"{row.zh}/{column.zh}", f"{row.en}/{column.en}")


def render_sum(table: Table, cells: Sequence[Cell], *, result: bool = True) -> Text:
    """``新收 16 + 上年结转 2 = 18``; long sums show only their non-zero terms."""
    shown = list(cells) if len(cells) <= _SHOW_ALL else [c for c in cells if c.number]
    labels = [cell_label(table, c) for c in shown]
    zh = " + ".join(
        f"{_QUOTES.zh[0]}{n.zh}{_QUOTES.zh[1]} {_value(c)}"
        for n, c in zip(labels, shown, strict=True)
    )
    en = " + ".join(
        f"{_QUOTES.en[0]}{n.en}{_QUOTES.en[1]} {_value(c)}"
        for n, c in zip(labels, shown, strict=True)
    )
    if len(shown) < len(cells):
        rest = both("expr.rest_zero")
        zh, en = f"{zh or '0'}{rest.zh}", f"{en or '0'}{rest.en}"
    if result and len(cells) > 1:
        value = total(cells)
        zh, en = f"{zh} = {value}", f"{en} = {value}"
    return Text(zh, en)


def _value(cell: Cell) -> str:
    """A cell's value as printed (``resolve`` never yields a blank, so none shows as 0)."""
    return cell.raw.strip()


def join(texts: Sequence[Text]) -> Text:
    """Readings side by side, separated in each language's way."""
    return Text(JOIN.zh.join(t.zh for t in texts), JOIN.en.join(t.en for t in texts))


def related_lines(cells: Sequence[Cell], line: int) -> tuple[int, ...]:
    """The table lines behind a finding, without the finding's own line."""
    return tuple(sorted({c.line for c in cells} - {line}))


C = TypeVar("C", bound="ClaimBase")


@dataclass(frozen=True, slots=True)
class _Prose:
    """The passages of some sections, with their texts ready for literal prefilters."""

    passages: tuple[Passage, ...]
    texts: Texts


def _prose(doc: Document, sections: tuple[str, ...]) -> _Prose:
    """The sections' passages, with their texts ready for the literal prefilters."""
    found = passages(doc.prose_in(*sections), doc.lines)
    return _Prose(found, Texts([p.text for p in found]))


def find_claims(
    doc: Document, sections: Sequence[str], scope: Scope, claims: Sequence[C]
) -> Iterator[tuple[C, Mention]]:
    """Every in-scope mention of every claim in the given sections.

    Each number (or, for claims without one, each match start) is read by the
    first claim that matches it, in pack order; a later, more general claim
    cannot read the same number again. A mention outside the scope still
    takes its number, so that nothing else checks it.

    A pattern runs only on passages holding its literal text: the mentions
    are those of running every pattern on every passage, in the same order.
    """
    format_id = doc.template.id if doc.template else None
    bounds = scope.boundaries()
    taken: set[tuple[int, int]] = set()
    prose = _prose(doc, tuple(sections))
    for claim in claims:
        if not claim.applies_to(format_id):
            continue
        for index, live in claim.candidates(prose.texts):
            passage = prose.passages[index]
            for pattern in live:
                for mention in bounds.find(passage, claim_regex(pattern), claim.GROUP):
                    key = (index, mention.offset)
                    if key in taken:
                        continue
                    taken.add(key)
                    if scope.excludes(mention, doc.year) or claim.excepted(mention):
                        continue
                    yield claim, mention
