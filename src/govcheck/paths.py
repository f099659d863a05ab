"""Expanding command-line inputs: files, directories, globs and ``-`` (stdin).

Directories are walked recursively, and globs matched, by one walker that
reads only files with an ending govcheck reads and visits each real folder and
each real file once, so that a link loop cannot hang a walk or repeat a file.
A symbolic link that leads outside the folder (or the fixed start of the glob)
is skipped and noted, unless ``--follow-links`` is given: linting a folder
must not publish a file from elsewhere in its report. A link within it is
read. A name given explicitly is read wherever it leads. The order is
deterministic: arguments in the order given, and each directory's or glob's
files sorted by path.
"""

from __future__ import annotations

import fnmatch
import os
import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from govcheck.i18n import Lang, text
from govcheck.ignore import WalkFilter, git_ignored, match_parts
from govcheck.textsafe import one_line

READABLE_SUFFIXES = (".txt", ".text", ".md", ".markdown", ".html", ".htm", ".docx", ".pdf")
STDIN = "-"
_GLOB_CHARS = frozenset("*?[")

# A file or folder as the system knows it: (st_dev, st_ino).
Identity = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Target:
    """One input: a path as the user should see it, or standard input.

    ``vetted`` is the real file a walk or glob found (and checked to lie
    inside its root): the reader refuses a file that is no longer that one,
    so a file swapped for a link to elsewhere after the walk is never read.
    """

    display: str
    path: Path | None  # None for standard input
    vetted: Identity | None = None
    # Found by walking a folder or matching a glob rather than named: a file
    # that shows no sign of being a report is then skipped, not failed.
    walked: bool = False


@dataclass(frozen=True, slots=True)
class Skipped:
    """A symbolic link under a walked folder or glob that leads outside ``root``: not read."""

    display: str
    root: str


@dataclass(slots=True)
class Inputs:
    """What the arguments name: the inputs to read, and the links left out."""

    targets: list[Target] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def expand(
    args: Sequence[str],
    exclude: Sequence[str] = (),
    stdin_name: str = "-",
    follow_links: bool = False,
    walk: WalkFilter | None = None,
) -> list[Target]:
    """The inputs named by ``args`` (see :func:`expand_inputs`), without the skipped links."""
    return expand_inputs(args, exclude, stdin_name, follow_links, walk).targets


def expand_inputs(
    args: Sequence[str],
    exclude: Sequence[str] = (),
    stdin_name: str = "-",
    follow_links: bool = False,
    walk: WalkFilter | None = None,
) -> Inputs:
    """The inputs named by ``args``: each real file once, excluded paths left out.

    ``exclude`` (``--exclude``) applies to every input; ``walk`` says what
    walks leave out (and, with ``force``, named files too).
    """
    walk = walk or WalkFilter()
    names: set[str] = set()
    files: set[Identity] = set()
    inputs = Inputs()
    for arg in args:
        found = _expand_one(arg, stdin_name, follow_links, walk)
        for target in found.targets:
            if target.display in names or _excluded(target.display, exclude):
                continue
            if walk.force and target.path is not None and walk.forced_out(target.path):
                continue
            identity = _identity(target.path)
            if identity is not None and identity in files:
                continue  # the same file under another name (a link, ./a and a)
            names.add(target.display)
            files.update([identity] if identity is not None else [])
            inputs.targets.append(target)
        inputs.skipped += [s for s in found.skipped if not _excluded(s.display, exclude)]
    return inputs


def write_skipped(skipped: Sequence[Skipped], lang: Lang, stream: TextIO) -> None:
    """One line per skipped link: a file left out is never left out silently."""
    for link in skipped:
        note = text("input.link_outside", lang, path=link.display, root=link.root)
        stream.write(one_line(note) + "\n")


def _expand_one(arg: str, stdin_name: str, follow_links: bool, walk: WalkFilter) -> Inputs:
    if arg == STDIN:
        return Inputs([Target(stdin_name, None)])
    path = Path(arg)
    if path.is_dir():
        return _Walk(path, follow_links, walk).run()
    if _GLOB_CHARS & set(arg) and not path.exists():
        return _glob(arg, follow_links, walk)
    return Inputs([Target(arg, path)])  # a missing file is reported when it is read


def _glob(pattern: str, follow_links: bool, walk: WalkFilter) -> Inputs:
    """Files matching ``pattern``, found by walking from its fixed start.

    ``glob.glob`` follows links to folders, so two links to ``.`` make
    ``g/**/*.txt`` run without end; the walker visits each folder once. The
    matching is glob's: ``*``, ``?`` and ``[...]`` within a name, ``**`` for
    any number of folders, and no name starting with a dot.
    """
    parts = Path(pattern).parts
    fixed = next(i for i, part in enumerate(parts) if _GLOB_CHARS & set(part))
    root = Path(*parts[:fixed]) if fixed else Path()
    rest = parts[fixed:]
    depth = None if "**" in rest else len(rest) - 1

    def matches(path: Path) -> bool:
        return match_parts(path.relative_to(root).parts, rest)

    return _Walk(root, follow_links, walk, depth, matches).run()


class _Walk:
    """One walk under ``root``: readable files, each real folder and each real file once.

    Names starting with a dot or ``~$`` (Word's lock files), paths the
    configuration excludes and, after the walk, paths git ignores are left
    out (see :mod:`govcheck.ignore`). Pipes, devices and sockets are
    left out even with a report's ending: reading one would wait for a writer
    forever or never end. A link that leads nowhere (or to itself) is kept,
    so that it is reported as unreadable, not skipped. Links to folders are
    not followed unless ``follow_links``; then a folder already visited (a
    loop) is not entered again.
    """

    def __init__(
        self,
        root: Path,
        follow_links: bool,
        walk: WalkFilter,
        depth: int | None = None,
        matches: Callable[[Path], bool] | None = None,
    ) -> None:
        self.root = root
        self.real_root = os.path.realpath(root)
        self.follow_links = follow_links
        self.walk = walk
        self.depth = depth  # how many folders deep to descend; None: no limit
        self.matches = matches or (lambda _path: True)
        self.found: list[tuple[Path, bool, Identity | None]] = []  # path, is a link, identity
        self.skipped: list[Skipped] = []
        self.folders: set[Identity] = set()

    def run(self) -> Inputs:
        """Walk, then keep one name per real file (its own name rather than a link's)."""
        stack = [(self.root, 0)]
        while stack:
            folder, depth = stack.pop()
            stack += reversed(self._folder(folder, depth))
        skipped = sorted(self.skipped, key=lambda s: s.display)
        kept = self._unique()
        if self.walk.respect_ignores:
            ignored = git_ignored(self.root, [p for p, _ in kept])
            kept = [(p, identity) for p, identity in kept if p not in ignored]
        targets = [Target(str(p), p, identity, walked=True) for p, identity in kept]
        return Inputs(targets, skipped)

    def _folder(self, folder: Path, depth: int) -> list[tuple[Path, int]]:
        """Note the files of ``folder``; return its subfolders to walk next."""
        try:
            info = folder.stat()
            if (info.st_dev, info.st_ino) in self.folders:
                return []  # a loop through a followed link, or a folder reached twice
            self.folders.add((info.st_dev, info.st_ino))
            with os.scandir(folder) as scan:
                entries = sorted(scan, key=lambda e: e.name)
        except OSError:
            return []  # an unreadable folder is not a report
        deeper = self.depth is None or depth < self.depth
        return [(p, depth + 1) for e in entries if (p := self._entry(e, deeper)) is not None]

    def _entry(self, entry: os.DirEntry[str], deeper: bool) -> Path | None:
        """Note one entry if it is a file to read; return it if it is a folder to walk."""
        path = Path(entry.path)
        if self.walk.skips_name(entry.name) or self.walk.excludes_entry(path):
            return None
        link = entry.is_symlink()
        try:
            info = entry.stat()  # follows a link
        except OSError:  # a link that leads nowhere or loops: kept, reported when read
            info = None
        if info is not None and stat.S_ISDIR(info.st_mode):
            if deeper and link and not self._inside(path):
                self._skip(path)
            return path if deeper and (self.follow_links or not link) else None
        if not self._wanted(path):
            return None
        if link and not self._inside(path):
            self._skip(path)
        elif info is None or stat.S_ISREG(info.st_mode):
            identity = None if info is None else (info.st_dev, info.st_ino)
            self.found.append((path, link, identity))
        return None

    def _wanted(self, path: Path) -> bool:
        return path.suffix.lower() in READABLE_SUFFIXES and self.matches(path)

    def _inside(self, path: Path) -> bool:
        """Whether ``path`` leads into the root (always true when links are followed)."""
        if self.follow_links:
            return True
        real = os.path.realpath(path)
        return real == self.real_root or real.startswith(self.real_root.rstrip(os.sep) + os.sep)

    def _skip(self, path: Path) -> None:
        self.skipped.append(Skipped(str(path), str(self.root)))

    def _unique(self) -> list[tuple[Path, Identity | None]]:
        """Each real file once, under its own name when the walk met it, sorted."""
        found = sorted(self.found, key=lambda f: (f[0], f[1]))
        named = {identity for _, link, identity in found if not link}
        kept: list[tuple[Path, Identity | None]] = []
        seen: set[Identity] = set()
        for path, link, identity in found:
            if identity is not None and (identity in seen or (link and identity in named)):
                continue
            seen.update([identity] if identity is not None else [])
            kept.append((path, identity))
        return sorted(kept)


def _identity(path: Path | None) -> Identity | None:
    """The real file ``path`` names, or None (standard input, or nothing there to see)."""
    if path is None:
        return None
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_dev, info.st_ino) if stat.S_ISREG(info.st_mode) else None


def _excluded(display: str, patterns: Sequence[str]) -> bool:
    posix = Path(display).as_posix()
    name = Path(display).name
    return any(
        fnmatch.fnmatch(posix, p) or fnmatch.fnmatch(name, p) or fnmatch.fnmatch(posix, f"*/{p}")
        for p in patterns
    )
