"""Stage 1 of the pipeline: bytes on disk → text units with positions.

Loaders never normalise what they return: units keep the text exactly as
written so that every message can quote and point at the original. The form
(text, html, docx, pdf, markdown) is chosen by sniffing the content, with the
file ending as a hint only: a .txt that holds HTML is read as HTML.
"""

from __future__ import annotations

import stat
import sys
from collections.abc import Callable
from importlib import import_module
from pathlib import Path

from govcheck.errors import InputError
from govcheck.load import sniff
from govcheck.load.text import MAX_BYTES, SourceText, Unit, decode

Loader = Callable[[bytes, str], SourceText]


def _load_text(data: bytes, name: str) -> SourceText:
    from govcheck.load import flat

    return flat.unflatten(decode(data, name))


def _loader(form: str) -> Loader:
    """The loader of ``form``, importing only its module.

    A missing optional extra only matters when its form is read, and a run
    over text files never pays for the zip, XML, HTML and PDF readers.
    """
    if form == "text":
        return _load_text
    module = import_module(f"govcheck.load.{form}")
    load: Loader = module.load
    return load


def load_bytes(data: bytes, name: str) -> SourceText:
    """Load report bytes whose display name is ``name`` (its ending is a hint)."""
    form = sniff.form_of(data, name)
    return _loader(form)(data, name)


def read_source(path: Path, display: str | None = None) -> SourceText:
    """Read and load ``path``; raise :class:`InputError` with a clear reason.

    The size is checked before anything is read, and the read itself is
    bounded too: a pipe or a device (``/dev/zero``) has no size to check, and a
    file may grow, or vanish, between the check and the read. A path that
    cannot be examined (a symbolic-link loop, a folder without access) is
    unreadable, not missing: the OS's reason says which.
    """
    name = display or str(path)
    try:
        info = path.stat()
    except FileNotFoundError as exc:
        raise InputError("input.missing", path=name) from exc
    except OSError as exc:
        raise InputError("input.unreadable", path=name, reason=exc.strerror or str(exc)) from exc
    if stat.S_ISDIR(info.st_mode):
        raise InputError("input.directory", path=name)
    if info.st_size > MAX_BYTES:
        raise InputError("input.too_large", path=name, size=info.st_size, limit=MAX_BYTES)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except FileNotFoundError as exc:  # removed since it was listed
        raise InputError("input.missing", path=name) from exc
    except OSError as exc:
        raise InputError("input.unreadable", path=name, reason=exc.strerror or str(exc)) from exc
    if len(data) > MAX_BYTES:
        raise InputError("input.too_large", path=name, size=len(data), limit=MAX_BYTES)
    return load_bytes(data, name)


def read_stdin(name: str) -> SourceText:
    """Read standard input; ``name`` (``--stdin-filename``) gives the form and the messages."""
    data = sys.stdin.buffer.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise InputError("input.too_large", path=name, size=len(data), limit=MAX_BYTES)
    return load_bytes(data, name)


__all__ = ["SourceText", "Unit", "decode", "load_bytes", "read_source", "read_stdin"]
