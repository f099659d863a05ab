"""Finding the six section headings.

A heading is a whole line whose normalised text is the canonical title or an
accepted variant, or, for a misspelt heading, a short line with the right
numeral prefix that is nearly the same. Table row labels such as
``四、结转下年度继续办理`` look like headings; every table row and group label
of the template is excluded first, so they can never be taken for sections.
"""

from __future__ import annotations

from collections.abc import Iterable
from difflib import SequenceMatcher

from govcheck.model import Section, Token
from govcheck.parse.normalize import norm_label
from govcheck.templates import SectionSpec, Template

# How similar a misspelt heading must be to an accepted one (after its numeral).
_FUZZY_RATIO = 0.8
# A heading is short; a longer line is prose that happens to start like one.
_MAX_HEADING_LEN = 40


def table_labels(template: Template) -> frozenset[str]:
    """Normalised labels of every table row, group and header in ``template``."""
    labels: set[str] = set()
    for table in template.table:
        labels.update(norm_label(g) for g in (*table.groups, *table.headers))
        for row in table.row:
            labels.update(norm_label(label) for label in row.labels)
    return frozenset(labels)


def find_sections(tokens: Iterable[Token], template: Template) -> tuple[Section, ...]:
    """The first occurrence of each section heading, in document order."""
    excluded = table_labels(template)
    found: dict[str, Section] = {}
    for token in tokens:
        label = norm_label(token.raw)
        if not label or label in excluded or len(label) > _MAX_HEADING_LEN:
            continue
        match = _match_heading(label, template.section)
        if match and match[0].id not in found:
            spec, canonical = match
            found[spec.id] = Section(spec, token.line, token.raw, canonical, token.column)
    return tuple(sorted(found.values(), key=lambda s: s.position))


def _match_heading(label: str, specs: tuple[SectionSpec, ...]) -> tuple[SectionSpec, bool] | None:
    for spec in specs:
        accepted = [norm_label(v) for v in spec.labels]
        if label == accepted[0]:
            return spec, True
        if label in accepted[1:]:
            return spec, False
    for spec in specs:
        prefix = f"{spec.number}、"
        if not label.startswith(prefix):
            continue
        rest = label[len(prefix) :]
        for variant in spec.labels:
            other = norm_label(variant)[len(prefix) :]
            if SequenceMatcher(None, rest, other).ratio() >= _FUZZY_RATIO:
                return spec, False
    return None
