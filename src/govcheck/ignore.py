"""Which files a folder walk leaves out: lock files, hidden files, ``.gitignore``d
paths and the configuration's ``exclude`` patterns.

A records repository holds more than reports: Word's lock file
(``~$报告.docx``, present while a report is open), build output that
``.gitignore`` names, a README. A walk that read them would fail the run on
files nobody asked to check. Files named on the command line are read
whatever their name, unless ``--force-exclude`` asks that ``exclude`` apply
to them too (as in ruff, for pre-commit, which names every changed file).

``.gitignore`` is read by git itself (``git check-ignore --stdin -z``, once
per walked folder with all its files), so nested ``.gitignore`` files,
``.git/info/exclude``, the global excludes file and negations all mean what
they mean to git. Outside a git work tree, or without git, nothing is ignored.
"""

from __future__ import annotations

import fnmatch
import os
import re
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path, PurePosixPath

LOCK_PREFIX = "~$"
# Ruff's defaults, cut to what a records repository holds: never reports.
DEFAULT_EXCLUDE = (
    ".git",
    ".hg",
    ".svn",
    ".venv",
    "venv",
    "node_modules",
    "__pycache__",
    "README*",
    "CHANGELOG*",
    "CONTRIBUTING*",
    "LICENSE*",
)
# git check-ignore on tens of thousands of paths takes well under a second.
_GIT_SECONDS = 60


@dataclass(frozen=True, slots=True)
class WalkFilter:
    """What walks leave out.

    ``exclude`` are the configuration's patterns (``exclude`` +
    ``extend-exclude``), relative to ``root`` (the configuration's folder).
    ``respect_ignores`` is False under ``--no-ignore``: lock files, hidden
    files and ``.gitignore``d paths are then read too (``.git`` itself never).
    ``force`` applies ``exclude`` to files named on the command line too.
    """

    exclude: tuple[str, ...] = ()
    root: Path | None = None
    respect_ignores: bool = True
    force: bool = False

    def skips_name(self, name: str) -> bool:
        """Whether a walk passes over an entry named ``name`` without looking further."""
        if name == ".git":
            return True
        return self.respect_ignores and (name.startswith(".") or name.startswith(LOCK_PREFIX))

    def forced_out(self, path: Path) -> bool:
        """Whether ``--force-exclude`` leaves out a file named on the command line."""
        return self.skips_name(path.name) or self.excludes(path)

    def excludes(self, path: Path) -> bool:
        """Whether ``path`` (a file or a folder) or a folder above it matches ``exclude``."""
        return excluded(path, self.exclude, self.root)

    def excludes_entry(self, path: Path) -> bool:
        """:meth:`excludes` for an entry met by a walk, whose folders were already vetted.

        Only the entry's own name is matched against the name patterns, and
        the path is made relative only when a pattern holds a ``/``: a walk
        of 10,000 files calls this 10,000 times.
        """
        compiled = _compile(self.exclude)
        if compiled.names is not None and compiled.names.match(path.name):
            return True
        return bool(compiled.paths) and _path_matches(_relative_parts(path, self.root), compiled)


@dataclass(frozen=True, slots=True)
class _Compiled:
    names: re.Pattern[str] | None  # every pattern without "/", as one expression
    paths: tuple[tuple[str, ...], ...]  # the others, split into names


# A pure function of the exclude patterns; bounded, as every configuration may bring new ones.
@lru_cache(maxsize=64)
def _compile(patterns: tuple[str, ...]) -> _Compiled:
    names: list[str] = []
    paths: list[tuple[str, ...]] = []
    for pattern in patterns:
        wanted = tuple(p for p in PurePosixPath(pattern.strip("/")).parts if p not in ("", "."))
        if len(wanted) == 1 and wanted[0] != "**":
            names.append(fnmatch.translate(wanted[0]))
        elif wanted:
            paths.append(wanted)
    return _Compiled(re.compile("|".join(names)) if names else None, tuple(paths))


def _path_matches(parts: tuple[str, ...], compiled: _Compiled) -> bool:
    return any(
        match_parts(parts[:end], wanted)
        for wanted in compiled.paths
        for end in range(1, len(parts) + 1)
    )


def excluded(path: Path, patterns: Sequence[str], root: Path | None) -> bool:
    """Whether ``path``, relative to ``root``, or one of its folders matches a pattern.

    A pattern without ``/`` matches any single name (``README*``,
    ``node_modules``); one with ``/`` matches the path from ``root``
    (``drafts/**``, ``2019/*.txt``), and a folder it matches excludes all below.
    """
    compiled = _compile(tuple(patterns))
    parts = _relative_parts(path, root)
    if compiled.names is not None and any(compiled.names.match(name) for name in parts):
        return True
    return _path_matches(parts, compiled)


def match_parts(names: tuple[str, ...], patterns: tuple[str, ...]) -> bool:
    """Whether a relative path's ``names`` match glob ``patterns`` (``**``: any folders)."""

    @cache
    def from_(name: int, pattern: int) -> bool:
        if pattern == len(patterns):
            return name == len(names)
        if patterns[pattern] == "**":
            return from_(name, pattern + 1) or (name < len(names) and from_(name + 1, pattern))
        return (
            name < len(names)
            and fnmatch.fnmatchcase(names[name], patterns[pattern])
            and from_(name + 1, pattern + 1)
        )

    return from_(0, 0)


def _relative_parts(path: Path, root: Path | None) -> tuple[str, ...]:
    absolute = _absolute(path)
    if root is not None:
        try:
            return absolute.relative_to(_absolute(root)).parts
        except ValueError:
            pass
    return tuple(p for p in path.parts if p not in ("", ".", "/"))


def _absolute(path: Path) -> Path:
    """``path`` from the root, ``..`` folded, links not followed (judged by their name)."""
    return Path(os.path.normpath(path.absolute()))


# A walked folder may come from anyone (an unpacked corpus with its own .git):
# its configuration must not make git run a program (core.fsmonitor can name one).
_SAFE = ("-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null")


def _git_env() -> dict[str, str]:
    """The environment without variables that point git at another repository than the folder's."""
    drop = {"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR", "GIT_CONFIG_PARAMETERS"}
    return {k: v for k, v in os.environ.items() if k not in drop}


def git_ignored(folder: Path, files: Sequence[Path]) -> set[Path]:
    """The ``files`` (under ``folder``) that git ignores, asked in one call.

    Tracked files are never ignored, as in git. A folder named on the command
    line that git itself ignores (``govcheck lint build/``) is walked as asked:
    its files are then not left out for lying in it. The folder's own git
    configuration cannot start a program (:data:`_SAFE`). Paths travel NUL-separated
    as bytes, so a name with a newline or undecodable bytes is asked about
    exactly. No git, no work tree, or any failure: nothing is ignored.
    """
    if not files:
        return set()
    cwd = Path.cwd()
    # Joined as text: building 10,000 Path objects took longer than git did.
    absolute = {os.fsencode(f if f.is_absolute() else f"{cwd}{os.sep}{f}"): f for f in files}
    root = os.fsencode(folder if folder.is_absolute() else f"{cwd}{os.sep}{folder}")
    try:
        proc = subprocess.run(  # noqa: S603 - a fixed argv; the paths go on stdin
            ["git", *_SAFE, "check-ignore", "--stdin", "-z"],  # noqa: S607 - git from PATH
            cwd=folder,
            env=_git_env(),
            input=b"\0".join([root, *absolute]) + b"\0",
            capture_output=True,
            timeout=_GIT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return set()
    if proc.returncode != 0:  # 1: none ignored; 128: not a work tree
        return set()
    ignored = proc.stdout.split(b"\0")
    if root in ignored:
        return set()
    return {absolute[p] for p in ignored if p in absolute}
