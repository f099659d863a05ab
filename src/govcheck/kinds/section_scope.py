"""Helpers for kinds that look at the prose of one section.

Section ids in a pack are checked against the templates when the pack loads,
so a typo (``problem`` for ``problems``) is a load error, never a rule that
silently matches nothing.
"""

from __future__ import annotations

from functools import cache

from govcheck.model import PREFACE, Document, Token
from govcheck.templates import TEMPLATE_IDS, load_template

# The prose before the first heading, as named by Document.prose_in.


@cache
def known_section_ids() -> frozenset[str]:
    """Every section id of every format, plus the preface."""
    ids = {s.id for template_id in TEMPLATE_IDS for s in load_template(template_id).section}
    return frozenset({*ids, PREFACE})


def section_body(doc: Document, section_id: str) -> tuple[Token, ...]:
    """The prose of a section, without its heading and the closing signature and date.

    The last section runs to the end of the file, so it would otherwise take
    in the organ's name and the date under it; neither is part of what the
    section reports, and quoting them in a finding would mislead.
    """
    closing = _closing(doc)
    section = doc.section(section_id)
    heading = (section.line, section.raw.strip()) if section else None
    return tuple(
        t
        for t in doc.prose_in(section_id)
        if t not in closing and (t.line, t.raw.strip()) != heading
    )


def _closing(doc: Document) -> frozenset[Token]:
    """The date unit and, when it names the issuer, the signature unit just before it.

    Units are compared whole, not by line: in flattened text the date may
    share its line with the body.
    """
    if doc.date is None:
        return frozenset()
    date_raw = doc.date.raw.strip()
    prose = doc.prose
    at = next(
        (i for i, t in enumerate(prose) if t.line == doc.date.line and t.raw.strip() == date_raw),
        None,
    )
    if at is None:
        return frozenset()
    if at > 0 and _is_signature(prose[at - 1].norm, doc.issuer):
        return frozenset({prose[at], prose[at - 1]})
    return frozenset({prose[at]})


def _is_signature(text: str, issuer: str | None) -> bool:
    """Whether a unit names the issuing organ (in full or in short)."""
    if not issuer or not text:
        return False
    return text in issuer or issuer in text
