"""The place a clerk can find a finding at, appended to its message.

Word files, PDFs and web pages get a place in words (table, row and column,
page or paragraph: :mod:`govcheck.engine.places`), because their line numbers
cannot be found in Word or a browser. Text and markdown reports have none,
and their messages are unchanged.
"""

from __future__ import annotations

from govcheck.findings import Finding
from govcheck.i18n import Lang, text


def with_place(finding: Finding, lang: Lang) -> str:
    """The message, with ``（位置：第3页）`` / `` (at page 3)`` after it when the place is known."""
    if not finding.place:
        return finding.message
    return finding.message + text("place.suffix", lang, place=finding.place)
