"""``json.dumps(value, ensure_ascii=False, indent=2)``, several times faster.

With ``indent`` set, the standard library always encodes in pure Python,
passing every piece up a chain of nested generators, one per level; for a
10,000-file JSON report that took longer than reading the files. Here each
container is one ``join`` and strings go through the C string encoder, and
the output is byte-for-byte what ``json`` writes (a property test holds the
two together).

Only what govcheck's reports hold is accepted: dicts with string keys,
lists and tuples, strings, ints, floats, booleans and None. Anything else
raises TypeError, as ``json`` would.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring  # the C version when available

_INDENT = "  "


class Raw(str):
    """Text that is JSON already, written as it is (rendered once, used many times)."""

    __slots__ = ()


def pretty(value: object, level: int = 0) -> str:
    """``value`` as indented JSON, as if it were nested ``level`` deep."""
    if type(value) is Raw:
        return value
    if isinstance(value, str):
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return json.dumps(value)
    if isinstance(value, dict):
        return _object(value, level)
    if isinstance(value, list | tuple):
        return _array(value, level)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _object(value: dict[object, object], level: int) -> str:
    if not value:
        return "{}"
    inner = "\n" + _INDENT * (level + 1)
    parts = []
    for key, item in value.items():
        if not isinstance(key, str):
            raise TypeError(f"keys must be str, not {type(key).__name__}")
        parts.append(encode_basestring(key) + ": " + pretty(item, level + 1))
    return "{" + inner + ("," + inner).join(parts) + "\n" + _INDENT * level + "}"


def _array(value: list[object] | tuple[object, ...], level: int) -> str:
    if not value:
        return "[]"
    inner = "\n" + _INDENT * (level + 1)
    parts = [pretty(item, level + 1) for item in value]
    return "[" + inner + ("," + inner).join(parts) + "\n" + _INDENT * level + "]"
