"""Writing outputs safely: a temporary file in the same folder, then a rename.

A baseline or report written by govcheck is either complete or absent, even
if the run is interrupted; the inputs are never opened for writing.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from govcheck.errors import GovcheckError


def _umask() -> int:
    """The process umask (reading it requires setting it; restore at once)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(target: Path, content: str) -> None:
    """Write ``content`` (UTF-8) to ``target`` atomically.

    On any failure the temporary file is removed, so a failed write leaves
    neither a partial target nor a stray ``.tmp`` file beside it. A file name
    that is not valid UTF-8 (read from disk with surrogate escapes) is written
    back as its original bytes, as on standard output, instead of failing.
    """
    directory = target.parent if str(target.parent) else Path()
    temp: str | None = None
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
        with os.fdopen(fd, "w", encoding="utf-8", errors="surrogateescape", newline="") as handle:
            handle.write(content)
        # mkstemp creates 0600; an output file should get the usual umask-based mode.
        Path(temp).chmod(0o666 & ~_umask())
        Path(temp).replace(target)
        temp = None
    except (OSError, UnicodeError) as exc:
        detail = (exc.strerror or "") if isinstance(exc, OSError) else str(exc)
        raise GovcheckError("output.unwritable", path=str(target), detail=detail) from exc
    finally:
        if temp is not None:
            with contextlib.suppress(OSError):
                Path(temp).unlink()
