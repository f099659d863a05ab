"""Paragraphs: prose lines that wrap (PDF text) joined back.

The parser joins the whole prose once (:attr:`Document.paragraphs`); rules
that read only some sections join those sections' prose the same way.
"""

from __future__ import annotations

from collections.abc import Sequence

from govcheck.model import Paragraph, Token

# A prose line at least this long, directly followed by another prose line, is
# taken to wrap: the sentence goes on in the next line (PDF text layers break
# lines at the page width). Short lines are headings or one-line paragraphs.
WRAP_MIN = 20


def paragraphs(tokens: Sequence[Token]) -> list[Paragraph]:
    """Tokens grouped into paragraphs: a long line followed directly by another one wraps."""
    groups: list[list[Token]] = []
    for token in tokens:
        previous = groups[-1][-1] if groups else None
        wraps = (
            previous is not None
            and token.line == previous.line + 1
            and len(previous.norm) >= WRAP_MIN
        )
        if wraps:
            groups[-1].append(token)
        else:
            groups.append([token])
    return [_paragraph(group) for group in groups]


def _paragraph(group: list[Token]) -> Paragraph:
    if len(group) == 1:  # most paragraphs are one line
        return Paragraph(group[0].norm, ((0, group[0].line),))
    starts: list[tuple[int, int]] = []
    offset = 0
    for token in group:
        starts.append((offset, token.line))
        offset += len(token.norm)
    return Paragraph("".join(t.norm for t in group), tuple(starts))
