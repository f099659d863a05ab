"""Stage 1 of the pipeline: bytes on disk → text units with positions.

Loaders never normalise what they return: units keep the text exactly as
written so that every message can quote and point at the original. The form
(text, html, docx, pdf, markdown) is chosen by sniffing the content, with the
file ending as a hint only: a .txt that holds HTML is read as HTML.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from govcheck.errors import InputError
from govcheck.load import sniff
from govcheck.load.text import MAX_BYTES, SourceText, Unit, decode

Loader = Callable[[bytes, str], SourceText]


def _loaders() -> dict[str, Loader]:
    """Form → loader. Imported lazily so a missing optional extra only matters when used."""
    from govcheck.load import docx, flat, html, markdown, pdf

    return {
        "text": lambda data, name: flat.unflatten(decode(data, name)),
        "markdown": markdown.load,
        "html": html.load,
        "docx": docx.load,
        "pdf": pdf.load,
    }


def load_bytes(data: bytes, name: str) -> SourceText:
    """Load report bytes whose display name is ``name`` (its ending is a hint)."""
    form = sniff.form_of(data, name)
    return _loaders()[form](data, name)


def read_source(path: Path, display: str | None = None) -> SourceText:
    """Read and load ``path``; raise :class:`InputError` with a clear reason."""
    name = display or str(path)
    if not path.exists():
        raise InputError("input.missing", path=name)
    if path.is_dir():
        raise InputError("input.directory", path=name)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError("input.too_large", path=name, size=size, limit=MAX_BYTES)
        data = path.read_bytes()
    except OSError as exc:
        raise InputError("input.unreadable", path=name, reason=exc.strerror or str(exc)) from exc
    return load_bytes(data, name)


def read_stdin(name: str) -> SourceText:
    """Read standard input; ``name`` (``--stdin-filename``) gives the form and the messages."""
    data = sys.stdin.buffer.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise InputError("input.too_large", path=name, size=len(data), limit=MAX_BYTES)
    return load_bytes(data, name)


__all__ = ["SourceText", "Unit", "decode", "load_bytes", "read_source", "read_stdin"]
