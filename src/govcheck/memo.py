"""Memoisation by identity: per template part or rule, and per document.

Templates and rules are loaded once and never change, and a document is
frozen once parsed, so what is derived from one (normalised labels, lookup
tables, the prose passages several rules read) need not be recomputed for
every report or by every rule.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from functools import wraps
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:  # model imports templates, which import this module
    from govcheck.model import Document

_Derived = TypeVar("_Derived")
_Part = TypeVar("_Part")


def by_identity(derive: Callable[[_Part], _Derived]) -> Callable[[_Part], _Derived]:
    """Memoise ``derive`` per object: a template part, a rule, a claim.

    The key is the object's identity, not its value: hashing a frozen
    pydantic model hashes every nested field on each call. The memo keeps
    the object alive so that its id cannot be reused; there are only as many
    entries as template parts and rules loaded.
    """
    memo: dict[int, tuple[_Part, _Derived]] = {}

    @wraps(derive)
    def derived(part: _Part) -> _Derived:
        hit = memo.get(id(part))
        if hit is None or hit[0] is not part:
            hit = memo[id(part)] = (part, derive(part))
        return hit[1]

    return derived


def per_document(doc: Document, key: Hashable, derive: Callable[[], _Derived]) -> _Derived:
    """``derive()``, computed once per document and ``key``.

    ``derive`` must depend on nothing but ``doc`` and the values in ``key``.
    The values live in the document itself (:attr:`Document.derived`), so
    they go when it goes, and documents linted at the same time in several
    threads never see each other's.
    """
    store = doc.derived
    if key in store:
        found: _Derived = store[key]
        return found
    value = store[key] = derive()
    return value
