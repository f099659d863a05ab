"""Stage 1 of the pipeline: bytes on disk → text units with positions.

Loaders never normalise what they return: units keep the text exactly as
written so that every message can quote and point at the original. The form
(text, html, docx, pdf, markdown) is chosen by sniffing the content, with the
file ending as a hint only: a .txt that holds HTML is read as HTML.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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


def read_source(
    path: Path, display: str | None = None, vetted: tuple[int, int] | None = None
) -> SourceText:
    """Read and load ``path``; raise :class:`InputError` with a clear reason.

    Only a regular file is read. A pipe, device or socket named on the command
    line is refused before it is opened, and the file is opened without
    blocking and checked again on the open descriptor: a FIFO swapped in after
    the check cannot make the read wait for a writer. A link named explicitly
    is followed (its target is checked). The size is checked before anything
    is read and the read is bounded too, as a file may grow between the two.
    A path that cannot be examined (a symbolic-link loop, a folder without
    access) is unreadable, not missing: the OS's reason says which. With
    ``vetted`` (the (st_dev, st_ino) a folder walk found), the open file must
    be that file: one swapped in since the walk is refused, not read.
    """
    name = display or str(path)
    with _error_of(name):
        _check_file(path.stat(), name)
        fd = os.open(path, os.O_RDONLY | _NONBLOCK | _BINARY | _CLOEXEC)
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(fd)
            _check_file(info, name)
            if vetted is not None and (info.st_dev, info.st_ino) != vetted:
                raise InputError("input.swapped", path=name)
            data = handle.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise InputError("input.too_large", path=name, size=len(data), limit=MAX_BYTES)
    return load_bytes(data, name)


# Open flags that do not exist everywhere (O_NONBLOCK is POSIX, O_BINARY Windows).
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_BINARY = getattr(os, "O_BINARY", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


def _check_file(info: os.stat_result, name: str) -> None:
    """Refuse a folder, anything that is not a regular file, and a file too large."""
    if stat.S_ISDIR(info.st_mode):
        raise InputError("input.directory", path=name)
    if not stat.S_ISREG(info.st_mode):
        raise InputError("input.not_regular", path=name)
    if info.st_size > MAX_BYTES:
        raise InputError("input.too_large", path=name, size=info.st_size, limit=MAX_BYTES)


@contextmanager
def _error_of(name: str) -> Iterator[None]:
    """An OS error while examining or reading ``name``, as the one InputError it means."""
    try:
        yield
    except FileNotFoundError as exc:  # absent, or removed since it was listed
        raise InputError("input.missing", path=name) from exc
    except IsADirectoryError as exc:  # Windows cannot open a folder to examine it
        raise InputError("input.directory", path=name) from exc
    except OSError as exc:
        raise InputError("input.unreadable", path=name, reason=exc.strerror or str(exc)) from exc


def read_stdin(name: str) -> SourceText:
    """Read standard input; ``name`` (``--stdin-filename``) gives the form and the messages."""
    data = sys.stdin.buffer.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise InputError("input.too_large", path=name, size=len(data), limit=MAX_BYTES)
    return load_bytes(data, name)


__all__ = ["SourceText", "Unit", "decode", "load_bytes", "read_source", "read_stdin"]
