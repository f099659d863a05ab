"""Loader for the markdown form (placeholder until implemented): reads it as plain text."""

from __future__ import annotations

from govcheck.load.text import SourceText, decode


def load(data: bytes, path: str) -> SourceText:
    """Not implemented yet: fall back to plain text."""
    return decode(data, path)
