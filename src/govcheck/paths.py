"""Expanding command-line inputs: files, directories, globs and ``-`` (stdin).

Directories are walked recursively for the endings govcheck reads, without
following symbolic links (a link loop cannot hang the walk). The order is
deterministic: arguments in the order given, and each directory's or glob's
files sorted by path.
"""

from __future__ import annotations

import fnmatch
import glob
import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

READABLE_SUFFIXES = (".txt", ".text", ".md", ".markdown", ".html", ".htm", ".docx", ".pdf")
STDIN = "-"
_GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True, slots=True)
class Target:
    """One input: a path as the user should see it, or standard input."""

    display: str
    path: Path | None  # None for standard input


def expand(args: Sequence[str], exclude: Sequence[str] = (), stdin_name: str = "-") -> list[Target]:
    """The inputs named by ``args``, without duplicates and without excluded paths."""
    seen: set[str] = set()
    targets: list[Target] = []
    for arg in args:
        for target in _expand_one(arg, stdin_name):
            if target.display in seen or _excluded(target.display, exclude):
                continue
            seen.add(target.display)
            targets.append(target)
    return targets


def _expand_one(arg: str, stdin_name: str) -> Iterator[Target]:
    if arg == STDIN:
        yield Target(stdin_name, None)
        return
    path = Path(arg)
    if path.is_dir():
        yield from (Target(str(p), p) for p in walk(path))
    elif _GLOB_CHARS & set(arg) and not path.exists():
        for match in sorted(glob.glob(arg, recursive=True)):  # noqa: PTH207 - glob strings from users
            p = Path(match)
            if p.is_file() and p.suffix.lower() in READABLE_SUFFIXES:
                yield Target(match, p)
    else:
        yield Target(arg, path)  # a missing file is reported when it is read


def walk(root: Path) -> list[Path]:
    """Readable report files under ``root``, sorted; symbolic links are not followed.

    Pipes, devices and sockets are left out even with a report's ending: reading
    one would wait for a writer forever or never end. A link that leads nowhere
    (or to itself) is kept, so that it is reported as unreadable, not skipped.
    """
    found: list[Path] = []
    for directory, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        found.extend(
            Path(directory) / name
            for name in filenames
            if Path(name).suffix.lower() in READABLE_SUFFIXES
            and not name.startswith(".")
            and not _special(Path(directory) / name)
        )
    return sorted(found)


def _special(path: Path) -> bool:
    """Whether ``path`` is something other than a file (or a link that cannot be followed)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode)


def _excluded(display: str, patterns: Sequence[str]) -> bool:
    posix = Path(display).as_posix()
    name = Path(display).name
    return any(
        fnmatch.fnmatch(posix, p) or fnmatch.fnmatch(name, p) or fnmatch.fnmatch(posix, f"*/{p}")
        for p in patterns
    )
