"""The built-in rules, validated once and then read from the per-user cache.

See :mod:`govcheck.datacache` for the key, the trust checks and the
fall-backs; this module only says what is cached (a tuple of validated
rules) and how to recognise it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from govcheck.datacache import cache_dir, cache_key
from govcheck.datacache import load_or_build as _load_or_build
from govcheck.engine.base import RuleBase

__all__ = ["cache_dir", "cache_key", "load_or_build"]

Rules = tuple[RuleBase, ...]
_NAME = "builtin-rules"


def load_or_build(
    packs: Sequence[tuple[str, str]], build: Callable[[], Rules], directory: Path | None = None
) -> Rules:
    """The rules that ``build`` validates from ``packs``, from the cache when it has them."""
    return _load_or_build(_NAME, packs, build, _is_rules, directory)


def _is_rules(data: object) -> bool:
    return isinstance(data, tuple) and all(isinstance(r, RuleBase) for r in data)
