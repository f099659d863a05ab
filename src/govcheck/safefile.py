"""Reading a small settings file (configuration, rule pack, baseline) that may be hostile.

A path in a configuration can name anything: ``/dev/zero`` reads until
memory runs out, a FIFO blocks ``open`` until someone writes to it, a 2 GB
file is read whole. Such files are only ever *regular files of bounded
size*, so the file is opened without blocking (``O_NONBLOCK``: a FIFO opens at
once), the *opened* descriptor is examined (no race with a rename between a
check and the open), anything but a regular file is refused, and at most
``limit + 1`` bytes are read whatever the size claimed.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

# A rule pack or a configuration file is hand-written TOML: the built-in
# packs together are under 200 KB.
MAX_PACK_BYTES = 1024 * 1024
MAX_CONFIG_BYTES = 1024 * 1024
# A baseline holds one entry (~120 bytes) per distinct finding key: 16 MiB
# is over 100,000 keys, and parses into ~120 MB at most.
MAX_BASELINE_BYTES = 16 * 1024 * 1024

_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)


class FileRefused(Exception):  # noqa: N818 - a verdict on a file, carried to the caller
    """The path is not a regular file, or is larger than allowed.

    ``reason`` is ``not_regular`` or ``too_large``; the caller turns it into
    its own message key (``config.too_large``, ``rules.not_regular``…).
    """

    def __init__(self, reason: str, **values: object) -> None:
        super().__init__(reason)
        self.reason = reason
        self.values = values


def read_small_bytes(path: Path, limit: int) -> bytes:
    """The bytes of the regular file ``path``, refused beyond ``limit`` bytes.

    Raises :class:`FileRefused`, or ``OSError`` when the file cannot be opened.
    """
    fd = os.open(path, _FLAGS | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise FileRefused("not_regular")
        if info.st_size > limit:
            raise FileRefused("too_large", size=info.st_size, limit=limit)
        data = _read_at_most(fd, limit + 1)
    finally:
        os.close(fd)
    if len(data) > limit:  # the file grew since fstat
        raise FileRefused("too_large", size=len(data), limit=limit)
    return data


def read_small_text(path: Path, limit: int, encoding: str = "utf-8") -> str:
    """:func:`read_small_bytes`, decoded (``UnicodeDecodeError`` when it does not decode)."""
    return read_small_bytes(path, limit).decode(encoding)


def _read_at_most(fd: int, count: int) -> bytes:
    chunks: list[bytes] = []
    left = count
    while left > 0:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)
