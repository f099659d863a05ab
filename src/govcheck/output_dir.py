"""A folder of pages (``--output-dir``), written without ever leaving it.

The folder is the user's choice; what is already in it may not be: a
previous run's pages, or links planted by whoever else can write there. So
every file is written relative to a descriptor of the folder (``dir_fd``),
under a name govcheck made (:func:`page_name`, never a path taken from a
report), first to a fresh temporary name opened with ``O_EXCL|O_NOFOLLOW``
and then renamed over the final name. A rename replaces a link planted at
that name instead of following it, so nothing is written outside the
folder, and a page is either complete or absent. The ``reports`` subfolder
is opened with ``O_NOFOLLOW``: a link planted in its place is refused.

Where the system has no ``dir_fd`` (Windows), the same steps run on paths,
and a link in place of the subfolder is refused by looking at it first.
"""

from __future__ import annotations

import contextlib
import itertools
import os
from pathlib import Path, PurePath

from govcheck.errors import GovcheckError

PAGES = "reports"
INDEX = "index.html"
_STEM_CHARS = 40
_DIR_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
_BINARY = getattr(os, "O_BINARY", 0)
_DIR_FD = os.open in os.supports_dir_fd and os.replace in os.supports_dir_fd


def page_name(number: int, path: str) -> str:
    """A safe, unique file name for the ``number``-th report's page.

    The number makes it unique; the report's own name follows, reduced to
    letters, digits, ``-`` and ``_`` (no dot, slash, control, bidi mark or
    undecodable byte survives) and cut to a length every file system takes.
    """
    stem = PurePath(path.replace("\\", "/")).stem
    kept = "".join(c for c in stem if (c.isalnum() and c.isprintable()) or c in "-_")
    return f"{number:05d}-{kept[:_STEM_CHARS] or 'report'}.html"


def _fail(path: Path, exc: OSError) -> GovcheckError:
    return GovcheckError("output.unwritable", path=str(path), detail=exc.strerror or str(exc))


class OutputDir:
    """An open output folder with its pages subfolder; close it when done."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._names = itertools.count()
        self.fd: int | None = None
        self.pages_fd: int | None = None
        try:
            root.mkdir(parents=True, exist_ok=True)
            if _DIR_FD:
                self.fd = os.open(root, _DIR_FLAGS)
        except OSError as exc:
            raise _fail(root, exc) from exc
        try:
            self.pages_fd = self._subfolder(PAGES)
        except GovcheckError:
            self.close()
            raise

    def _subfolder(self, name: str) -> int | None:
        """Open (creating it if needed) the subfolder ``name``; a link there is refused."""
        with contextlib.suppress(FileExistsError):
            os.mkdir(self._at(None, name), dir_fd=self.fd)
        try:
            if self.fd is None:
                if (self.root / name).is_symlink() or not (self.root / name).is_dir():
                    raise NotADirectoryError(name)
                return None
            return os.open(name, _DIR_FLAGS | _NOFOLLOW, dir_fd=self.fd)
        except OSError as exc:
            raise GovcheckError("output.dir_link", path=str(self.root), name=name) from exc

    def _at(self, sub: str | None, name: str) -> str:
        """``name`` as the system calls take it: bare with ``dir_fd``, else a path."""
        if self.fd is not None:
            return name
        return str(self.root / sub / name if sub else self.root / name)

    def write_page(self, name: str, content: str) -> None:
        """Write one report's page into the pages subfolder."""
        self._write(self.pages_fd, PAGES, name, content)

    def write_index(self, content: str) -> None:
        """Write ``index.html`` into the folder itself."""
        self._write(self.fd, None, INDEX, content)

    def _write(self, folder: int | None, sub: str | None, name: str, content: str) -> None:
        shown = self.root / sub / name if sub else self.root / name
        temp = self._at(sub, f".{name}.{os.getpid()}.{next(self._names)}.tmp")
        final = self._at(sub, name)
        data = content.encode("utf-8", "surrogateescape")
        try:
            fd = os.open(temp, _CREATE | _BINARY, 0o666, dir_fd=folder)
        except OSError as exc:
            raise _fail(shown, exc) from exc
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(temp, final, src_dir_fd=folder, dst_dir_fd=folder)
        except OSError as exc:
            with contextlib.suppress(OSError):
                os.unlink(temp, dir_fd=folder)
            raise _fail(shown, exc) from exc

    def close(self) -> None:
        """Close the folders' descriptors (none where paths are used)."""
        for fd in (self.pages_fd, self.fd):
            if fd is not None:
                os.close(fd)
        self.pages_fd = self.fd = None


def refuse_held_inputs(root: Path, inputs: list[Path]) -> None:
    """Refuse an output folder that holds one of the inputs.

    Its pages could overwrite that input, and the next run over the folder
    would lint the pages as reports.
    """
    try:
        base = root.resolve()
    except (OSError, RuntimeError):
        return
    for path in inputs:
        try:
            real = path.resolve()
        except (OSError, RuntimeError):
            continue
        if real == base or base in real.parents:
            raise GovcheckError("output.dir_holds_input", path=str(root), input=str(path))
