"""Which loader reads a file: magic bytes first, then content, then the ending."""

from __future__ import annotations

import re

_HTML = re.compile(rb"<!doctype\s+html|<html[\s>]|<body[\s>]|<table[\s>]|<meta[^>]+charset", re.I)
_PIPE_ROW = re.compile(rb"^\s*\|.*\|\s*$", re.M)
_PIPE_RULE = re.compile(rb"^\s*\|?\s*:?-{3,}", re.M)
# Enough of the head of a file to recognise markup.
_HEAD = 8192


def form_of(data: bytes, name: str) -> str:
    """One of text, markdown, html, docx, pdf."""
    lower = name.lower()
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    head = _strip_bom(data[:_HEAD])
    if _HTML.search(head):
        return "html"
    if lower.endswith((".md", ".markdown")) or (_PIPE_ROW.search(data) and _PIPE_RULE.search(data)):
        return "markdown"
    return "text"


def _strip_bom(head: bytes) -> bytes:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        # UTF-16: drop the zero bytes so that the ASCII markup can be seen.
        return head[2:].replace(b"\x00", b"")
    return head.removeprefix(b"\xef\xbb\xbf")
