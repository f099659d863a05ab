"""Format fingerprints: the distinct markers of each format a document shows.

``doc.markers`` holds, per format, the short table-like lines that contain one
of the format's markers (templates/f2019.toml, f2021.toml). One such line is
weak evidence: a short prose line may name 行政规范性文件 in any report. The
format rules therefore count *distinct* markers, so that a single stray word
never makes a report look like the other format.
"""

from __future__ import annotations

from govcheck.model import Document, Token
from govcheck.parse.normalize import norm
from govcheck.templates import load_template


def distinct_markers(doc: Document, template_id: str) -> dict[str, Token]:
    """Each marker of ``template_id`` found in ``doc``, with the first line carrying it."""
    markers = [m for m in (norm(x) for x in load_template(template_id).template.markers) if m]
    found: dict[str, Token] = {}
    for token in sorted(doc.markers.get(template_id, ()), key=lambda t: t.line):
        for marker in markers:
            if marker in token.norm and marker not in found:
                found[marker] = token
    return found


def first_line(found: dict[str, Token]) -> int:
    """The earliest line among the found markers (0 when there are none)."""
    return min((t.line for t in found.values()), default=0)


def marker_lines(found: dict[str, Token]) -> tuple[int, ...]:
    """The distinct lines that carry the found markers, in document order."""
    return tuple(sorted({t.line for t in found.values()}))


def summary(found: dict[str, Token], shown: int = 3) -> str:
    """The first ``shown`` markers for a message, with an ellipsis when there are more."""
    names = list(found)
    more = " / ..." if len(names) > shown else ""
    return " / ".join(names[:shown]) + more
