"""The few HTML-building helpers the ``--format html`` modules share.

Every piece of text that comes from a report, a path or a message passes
through :func:`esc`; markup is only ever assembled from escaped text and
the constant tag names here. Keeping that in one place is what makes a
hostile report (``<script>`` in a line, a quote in a file name) harmless. It also
shows what XML forbids and what would reorder the page (control codes, bidi
overrides, a file name's undecodable bytes) as visible escapes
(:func:`~govcheck.textsafe.markup_text`), so the page is well-formed UTF-8
and none of its lines can start a CI workflow command.
"""

from __future__ import annotations

from govcheck.textsafe import markup_text

AttrValue = str | int | None


def esc(value: object) -> str:
    """``value`` as HTML text, quotes included, so it is safe in attributes too."""
    return markup_text(value)


def attrs(**values: AttrValue) -> str:
    """`` name="value"`` pairs, None left out.

    Python names become attribute names: ``class_`` is ``class``, ``data_x`` is ``data-x``.
    """
    parts = []
    for name, value in values.items():
        if value is None:
            continue
        key = name.rstrip("_").replace("_", "-")
        parts.append(f' {key}="{esc(value)}"')
    return "".join(parts)


def element(name: str, body: str = "", **values: AttrValue) -> str:
    """``<name attrs>body</name>``; ``body`` must already be markup (escape text first)."""
    return f"<{name}{attrs(**values)}>{body}</{name}>"


def classes(*names: str | None) -> str:
    """A class attribute value from the names given, skipping empty ones."""
    return " ".join(n for n in names if n)


def line_id(file_id: str, line: int) -> str:
    """The element id of a line of the text view; findings and cells link to it."""
    return f"{file_id}-L{line}"


def finding_id(file_id: str, index: int) -> str:
    """The element id of a finding in a file's finding list (``index`` from 1)."""
    return f"{file_id}-F{index}"


def cell_id(file_id: str, anchor: str) -> str:
    """The element id of a table cell from its anchor (``t3.new.np``)."""
    return f"{file_id}-{anchor.replace('.', '-')}"
