"""A per-user cache of validated built-in data, so that a start-up does not validate it.

Validating the built-in rule packs and templates (pydantic models, every
regex compiled, every template reference checked) costs more than linting
one report, and that data only changes with govcheck itself. So each
validated object is pickled once into ``$XDG_CACHE_HOME/govcheck`` (else
``~/.cache/govcheck``) and later starts unpickle it: no model is validated,
so pydantic never builds a schema on the lint path.

A cache file's name is a digest of everything the validation depends on:
the caller's own inputs (pack texts), the template files, the size and
modification time of every module of the package (the models live there),
and the versions of govcheck, Python and pydantic. Any change makes a new
key, and so a fresh validation, which reports a broken file exactly as
before.

Only our own data is pickled, and a cache file is read only if it belongs to
the current user and nobody else may write it. Whatever goes wrong (no home
folder, a read-only one as on CI, a corrupt or truncated file, a pickle of
an older layout) falls back to validating: the cache can make a start
faster, never make it fail or change what it reports.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from collections.abc import Callable, Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TypeVar, cast

import pydantic

from govcheck import __version__

_Data = TypeVar("_Data")
# How many caches (installs or versions) a cache folder keeps per name.
_KEEP = 8
_PACKAGE = Path(__file__).resolve().parent


def cache_dir() -> Path | None:
    """``$XDG_CACHE_HOME/govcheck`` (an absolute one), else ``~/.cache/govcheck``."""
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if xdg and Path(xdg).is_absolute():
        return Path(xdg) / "govcheck"
    try:
        return Path.home() / ".cache" / "govcheck"
    except (RuntimeError, KeyError):  # no home folder to be found
        return None


def cache_key(parts: Sequence[tuple[str, str]]) -> str:
    """A digest of ``parts`` and of everything else that can change a validation."""
    digest = hashlib.sha256(_installation_digest())
    for name, text in parts:
        digest.update(name.encode() + b"\0" + text.encode() + b"\0")
    return digest.hexdigest()[:40]


@cache
def _installation_digest() -> bytes:
    """Versions, template files and module stats: computed once per process."""
    digest = hashlib.sha256()
    for part in (__version__, sys.version, pydantic.VERSION):
        digest.update(part.encode() + b"\0")
    templates = resources.files("govcheck.templates")
    for entry in sorted(templates.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            digest.update(entry.name.encode() + b"\0" + entry.read_bytes() + b"\0")
    for name, size, mtime in sorted(_modules(str(_PACKAGE))):
        digest.update(f"{name}:{size}:{mtime}\0".encode())
    return digest.digest()


def _modules(folder: str) -> list[tuple[str, int, int]]:
    """(path, size, mtime) of every module under ``folder``: scandir, as this runs per start."""
    found: list[tuple[str, int, int]] = []
    for entry in os.scandir(folder):
        if entry.is_dir() and entry.name != "__pycache__":
            found += _modules(entry.path)
        elif entry.name.endswith(".py"):
            stat = entry.stat()
            found.append((entry.path, stat.st_size, stat.st_mtime_ns))
    return found


def load_or_build(
    name: str,
    parts: Sequence[tuple[str, str]],
    build: Callable[[], _Data],
    accept: Callable[[object], bool],
    directory: Path | None = None,
) -> _Data:
    """What ``build`` validates, from the cache when it has it.

    ``name`` tells the caches apart; ``accept`` checks that an unpickled
    object has the expected shape (a cache of an older layout is rebuilt).
    """
    folder = directory if directory is not None else cache_dir()
    if folder is None:
        return build()
    path = folder / f"{name}-{cache_key(parts)}.pickle"
    cached = _read(path)
    if cached is not None and accept(cached):
        return cast(_Data, cached)  # accept() checked the shape
    data = build()
    _write(path, data)
    return data


def _read(path: Path) -> object | None:
    """The pickled object at ``path``, or None when absent, foreign or unreadable."""
    try:
        with path.open("rb") as handle:
            if not _trusted(os.fstat(handle.fileno())):
                return None
            data: object = pickle.load(handle)  # noqa: S301 - our own file, checked just above
            return data
    except Exception:  # any failure means: validate instead
        return None


def _trusted(stat: os.stat_result) -> bool:
    """Owned by the current user and writable by no one else."""
    getuid = getattr(os, "getuid", None)
    owner_ok = getuid is None or stat.st_uid == getuid()
    return owner_ok and not stat.st_mode & 0o022


def _write(path: Path, data: object) -> None:
    """Store ``data`` atomically; a failure only means the next start validates again."""
    import tempfile  # only on a cache miss

    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(data, handle, protocol=pickle.HIGHEST_PROTOCOL)
            Path(temp).replace(path)
        finally:
            Path(temp).unlink(missing_ok=True)
        _prune(path, path.name.rsplit("-", 1)[0])
    except (OSError, pickle.PicklingError):
        return


def _prune(current: Path, name: str) -> None:
    """Keep the newest few caches of ``name``: several installs (a venv per project) may
    share one home, but every edit of an editable install makes a new key."""
    caches = sorted(
        current.parent.glob(f"{name}-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True
    )
    for stale in caches[_KEEP:]:
        if stale != current:
            stale.unlink(missing_ok=True)
