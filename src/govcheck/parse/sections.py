"""Finding the six section headings.

A heading is a whole line whose normalised text is the canonical title or an
accepted variant, or, for a misspelt heading, a short line with the right
numeral prefix that is nearly the same. Table row labels such as
``四、结转下年度继续办理`` look like headings; every table row and group label
of the template is excluded first, so they can never be taken for sections.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import cache
from typing import TypeAlias

from govcheck.model import Section, Token
from govcheck.parse.normalize import MEMO_TEXT_LEN, norm_label, strip_label
from govcheck.templates import SectionSpec, Template, load_template

# How similar a misspelt heading must be to an accepted one (after its numeral).
_FUZZY_RATIO = 0.8
# A heading is short; a longer line is prose that happens to start like one.
_MAX_HEADING_LEN = 40
# How many short numbered lines may be misnumbered headings: a report has a
# dozen; the bound keeps a hostile file of such lines from costing a fuzzy
# comparison each.
_MAX_MISNUMBERED = 64
# How many labels a template's heading memo keeps (a bulk run sees unlimited texts).
_MEMO = 4096
_Match: TypeAlias = tuple[SectionSpec, bool]


def table_labels(template: Template) -> frozenset[str]:
    """Normalised labels of every table row, group and header in ``template``."""
    labels: set[str] = set()
    for table in template.table:
        labels.update(norm_label(g) for g in (*table.groups, *table.headers))
        for row in table.row:
            labels.update(norm_label(label) for label in row.labels)
    return frozenset(labels)


@dataclass(frozen=True, slots=True)
class _Headings:
    """A template's headings in normalised form, computed once per template.

    ``exact`` maps an accepted label to the first section (in template order)
    that accepts it and whether it is that section's canonical title, as the
    ordered scan of :func:`_match_heading` would decide; ``fuzzy`` holds each
    section's numeral prefix and its labels after that prefix.
    """

    excluded: frozenset[str]
    exact: dict[str, tuple[SectionSpec, bool]]
    fuzzy: tuple[tuple[SectionSpec, str, tuple[str, ...]], ...]
    # Accepted labels after their numeral (主动公开政府信息情况), for a heading
    # numbered differently: the Shanghai layout numbers its tables' headings 一、二、三.
    renumbered: dict[str, SectionSpec] = field(default_factory=dict)
    numerals: frozenset[str] = frozenset()
    # What each normalised token text seen was (see _heading_of): lines recur
    # across reports, and the fuzzy comparison is the costly part of finding sections.
    matches: dict[str, _Match | None] = field(default_factory=dict)


@cache
def _headings(template_id: str) -> _Headings:
    """The heading matchers of a built-in template, built once per process.

    Keyed by the template's id: templates are built-in data, so the cache
    holds at most one entry per format.
    """
    template = load_template(template_id)
    exact: dict[str, tuple[SectionSpec, bool]] = {}
    fuzzy = []
    renumbered: dict[str, SectionSpec] = {}
    for spec in template.section:
        accepted = [norm_label(v) for v in spec.labels]
        exact.setdefault(accepted[0], (spec, True))
        for variant in accepted[1:]:
            exact.setdefault(variant, (spec, False))
        prefix = f"{spec.number}、"
        fuzzy.append((spec, prefix, tuple(v[len(prefix) :] for v in accepted)))
        for label in accepted:
            renumbered.setdefault(label[len(prefix) :], spec)
    numerals = frozenset(spec.number for spec in template.section)
    return _Headings(
        table_labels(template), exact, tuple(fuzzy), renumbered=renumbered, numerals=numerals
    )


def find_sections(tokens: Iterable[Token], template: Template) -> tuple[Section, ...]:
    """The first occurrence of each section heading, in document order.

    Labels are read from ``token.norm`` (``norm(token.raw)``, as the tokenizers
    make it) rather than normalising the raw text again.
    """
    headings = _headings(template.id)
    seen = headings.matches
    found: dict[str, Section] = {}
    unmatched: list[Token] = []
    for token in tokens:
        text = token.norm
        match = seen[text] if text in seen else _remembered(text, headings)
        if match and match[0].id not in found:
            spec, canonical = match
            found[spec.id] = Section(spec, token.line, token.raw, canonical, token.column)
        elif match is None and len(unmatched) < _MAX_MISNUMBERED and _numbered(text, headings):
            unmatched.append(token)
    if unmatched and len(found) < len(headings.fuzzy):
        named = ((t, _misnumbered(t.norm, headings)) for t in unmatched)
        near = [(t, spec_of) for t, spec_of in named if spec_of is not None]
        _place_misnumbered(near, headings, found)
    return tuple(sorted(found.values(), key=lambda s: s.position))


def _numbered(normalised: str, headings: _Headings) -> bool:
    """Whether a line could be a misnumbered heading: short, under 一、 to 六、, no table label."""
    label = strip_label(normalised)
    return (
        label[:1] in headings.numerals
        and len(label) <= _MAX_HEADING_LEN
        and label not in headings.excluded
    )


def _misnumbered(normalised: str, headings: _Headings) -> SectionSpec | None:
    """The one section a heading under a wrong numeral nearly names (六、存在的主要问题及整改情况).

    A text that is nearly the accepted texts of two sections names neither.
    Whether it is taken for the section is :func:`_place_misnumbered`'s call.
    """
    numeral, sep, rest = strip_label(normalised).partition("、")
    if not sep or numeral not in headings.numerals:
        return None
    close = {
        spec.id: spec
        for spec, _, others in headings.fuzzy
        if any(SequenceMatcher(None, rest, other).ratio() >= _FUZZY_RATIO for other in others)
    }
    return next(iter(close.values())) if len(close) == 1 else None


def _place_misnumbered(
    near: list[tuple[Token, SectionSpec]], headings: _Headings, found: dict[str, Section]
) -> None:
    """Take a misnumbered, reworded heading for a section that is otherwise missing.

    A clerk who numbers 五 as 六 (or writes 四 twice) and rewords it slightly
    has still written the section; missing it would report the section
    missing as well as the heading, two findings for one slip. Only a section
    not found otherwise qualifies, and only at a heading between the sections
    found before and after it in the format's order: a report's own
    sub-heading (四、政府信息公开申请情况 in a layout numbered its own way) is
    never taken for a section that stands elsewhere.
    """
    order = [spec for spec, _, _ in headings.fuzzy]
    for index, spec in enumerate(order):
        if spec.id in found:
            continue
        before = [found[s.id].position for s in order[:index] if s.id in found]
        after = [found[s.id].position for s in order[index + 1 :] if s.id in found]
        low, high = max(before, default=(0, 0)), min(after, default=None)
        for token, named in near:
            place = (token.line, token.column)
            if named.id == spec.id and low < place and (high is None or place < high):
                found[spec.id] = Section(spec, token.line, token.raw, False, token.column)
                break


def _remembered(normalised: str, headings: _Headings) -> _Match | None:
    """The heading a token's normalised text is, if any, memoised per template.

    Keyed by the token's ``norm``, so a token seen before costs one lookup;
    long prose lines are not kept (none is a heading, and they would only
    hold memory).
    """
    found = _heading_of(normalised, headings)
    if len(normalised) <= MEMO_TEXT_LEN:
        if len(headings.matches) >= _MEMO:
            headings.matches.clear()
        headings.matches[normalised] = found
    return found


def _heading_of(normalised: str, headings: _Headings) -> _Match | None:
    label = strip_label(normalised)
    if not label or label in headings.excluded or len(label) > _MAX_HEADING_LEN:
        return None
    return _match_heading(label, headings)


def _match_heading(label: str, headings: _Headings) -> _Match | None:
    exact = headings.exact.get(label)
    if exact is not None:
        return exact
    for spec, prefix, others in headings.fuzzy:
        if not label.startswith(prefix):
            continue
        rest = label[len(prefix) :]
        for other in others:
            if SequenceMatcher(None, rest, other).ratio() >= _FUZZY_RATIO:
                return spec, False
    return _renumbered(label, headings)


def _renumbered(label: str, headings: _Headings) -> _Match | None:
    """A heading whose text is exactly an accepted one's, under another numeral (一、 to 六、).

    Only the exact text counts: a different numeral and a different wording
    together are no heading.
    """
    numeral, sep, rest = label.partition("、")
    if not sep or numeral not in headings.numerals:
        return None
    spec = headings.renumbered.get(rest)
    return (spec, False) if spec is not None else None
