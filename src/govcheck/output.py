"""Writing outputs safely: a temporary file in the same folder, then a rename.

A baseline or report written by govcheck is either complete or absent, even
if the run is interrupted; the inputs are never opened for writing, and an
output that is one of the inputs (by any name: the same path, a symbolic
link, a hard link) is refused before anything is read.

An existing output keeps its permission bits (a 0600 report stays private).
An output path that is a symbolic link is written through: the file it leads
to is replaced and the link stays, as the shell's ``>`` would do, rather than
the link being swapped for a regular file.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from govcheck.errors import GovcheckError


def _umask() -> int:
    """The process umask (reading it requires setting it; restore at once)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def refuse_inputs(target: Path, inputs: Iterable[Path]) -> None:
    """Raise ``output.is_input`` when ``target`` is the same file as one of ``inputs``.

    Files are compared by device and inode, so a symbolic link or a hard
    link to an input is caught as surely as its own path. A target that does
    not exist yet cannot be an input.
    """
    try:
        out = target.stat()
    except (OSError, ValueError):
        return
    for path in inputs:
        try:
            found = path.stat()
        except (OSError, ValueError):
            continue
        if (found.st_dev, found.st_ino) == (out.st_dev, out.st_ino):
            raise GovcheckError("output.is_input", path=str(target), input=str(path))


def _destination(target: Path) -> tuple[Path, int]:
    """Where to write ``target`` (through a symbolic link) and the mode to give it.

    An existing file keeps its permission bits; a new one gets the usual
    umask-based mode.
    """
    real = Path(os.path.realpath(target)) if target.is_symlink() else target
    try:
        return real, stat.S_IMODE(real.stat().st_mode)
    except OSError:
        return real, 0o666 & ~_umask()


def write_atomic(target: Path, content: str) -> None:
    """Write ``content`` (UTF-8) to ``target`` atomically.

    On any failure the temporary file is removed, so a failed write leaves
    neither a partial target nor a stray ``.tmp`` file beside it. A file name
    that is not valid UTF-8 (read from disk with surrogate escapes) is written
    back as its original bytes, as on standard output, instead of failing.
    """
    temp: str | None = None
    try:
        real, mode = _destination(target)
        directory = real.parent if str(real.parent) else Path()
        fd, temp = tempfile.mkstemp(prefix=f".{real.name}.", suffix=".tmp", dir=directory)
        with os.fdopen(fd, "w", encoding="utf-8", errors="surrogateescape", newline="") as handle:
            handle.write(content)
        # mkstemp creates 0600: give the file the mode it had, or the umask's.
        Path(temp).chmod(mode)
        Path(temp).replace(real)
        temp = None
    except (OSError, UnicodeError) as exc:
        detail = (exc.strerror or "") if isinstance(exc, OSError) else str(exc)
        raise GovcheckError("output.unwritable", path=str(target), detail=detail) from exc
    finally:
        if temp is not None:
            with contextlib.suppress(OSError):
                Path(temp).unlink()
