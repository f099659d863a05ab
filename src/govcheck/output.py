"""Writing outputs safely: a temporary file in the same folder, then a rename.

A baseline or report written by govcheck is either complete or absent, even
if the run is interrupted; the inputs are never opened for writing.
"""

from __future__ import annotations

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
    """Write ``content`` (UTF-8) to ``target`` atomically."""
    directory = target.parent if str(target.parent) else Path()
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(content)
        # mkstemp creates 0600; an output file should get the usual umask-based mode.
        Path(temp).chmod(0o666 & ~_umask())
        Path(temp).replace(target)
    except OSError as exc:
        raise GovcheckError(
            "output.unwritable", path=str(target), detail=exc.strerror or ""
        ) from exc
