"""One exception family, caught in exactly one place (the CLI).

Each error carries a message *key* and values rather than a finished string,
so that the CLI can render it in the user's language (zh by default, en with
``--lang en``). Every error becomes exactly one line on stderr and exit code 2.
"""

from __future__ import annotations

from collections.abc import Mapping


class GovcheckError(Exception):
    """Base class: a problem with the user's input, not a bug in govcheck."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values: Mapping[str, object] = values


class InputError(GovcheckError):
    """A report file that cannot be read: missing, empty, binary, undecodable."""


class RuleFileError(GovcheckError):
    """A rule pack or template that is not valid; values name file, line and key."""


class UsageError(GovcheckError):
    """A command-line value that govcheck cannot use."""
