"""A multipart upload, read into memory and nowhere else.

Starlette's own form parser spools a file over 1 MiB to a temporary file on
disk; an upload here must leave nothing behind, so the body is parsed with
python-multipart's streaming parser straight into byte arrays. Limits are
checked as the bytes arrive: a file part over the loader's cap
(:data:`govcheck.load.text.MAX_BYTES`) or a body over :func:`body_limit` is
refused without reading the rest, and so is a form with too many parts or a
text field longer than a date.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from python_multipart.multipart import MultipartParser, parse_options_header

from govcheck.load.text import MAX_BYTES

if TYPE_CHECKING:  # a typing-only name in python-multipart
    from python_multipart.multipart import MultipartCallbacks

# The form has at most: file, previous, issuer_level, published_on.
MAX_PARTS = 8
# A text field holds an issuer level or a date.
MAX_FIELD = 64
# Headers and boundaries of the parts, on top of the files themselves.
_OVERHEAD = 64 * 1024


def body_limit() -> int:
    """The largest body accepted: two files (report and last year's) at the cap, and the rest."""
    return 2 * MAX_BYTES + _OVERHEAD


class UploadError(Exception):
    """An upload refused before it is checked: HTTP ``status`` and an i18n message key."""

    def __init__(self, status: int, key: str) -> None:
        super().__init__(key)
        self.status = status
        self.key = key


@dataclass(slots=True)
class Part:
    """One form part: its field name, file name (None for a text field) and bytes."""

    name: str = ""
    filename: str | None = None
    data: bytearray = field(default_factory=bytearray)


class _Collector:
    """python-multipart callbacks that gather parts, enforcing the limits."""

    def __init__(self) -> None:
        self.parts: list[Part] = []
        self._header = bytearray()
        self._value = bytearray()
        self._disposition = b""
        self.ended = False  # the closing boundary was seen: the body is whole

    def on_end(self) -> None:
        self.ended = True

    def on_part_begin(self) -> None:
        if len(self.parts) >= MAX_PARTS:
            raise UploadError(400, "serve.bad_form")
        self.parts.append(Part())
        self._disposition = b""

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._header += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self._value += data[start:end]

    def on_header_end(self) -> None:
        if bytes(self._header).lower() == b"content-disposition":
            self._disposition = bytes(self._value)
        self._header.clear()
        self._value.clear()

    def on_headers_finished(self) -> None:
        _, options = parse_options_header(self._disposition)
        part = self.parts[-1]
        part.name = options.get(b"name", b"").decode("utf-8", "replace")
        if b"filename" in options:
            part.filename = options[b"filename"].decode("utf-8", "replace")

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        part = self.parts[-1]
        cap = MAX_BYTES if part.filename is not None else MAX_FIELD
        if len(part.data) + (end - start) > cap:
            raise UploadError(413 if part.filename is not None else 400, _too_long(part))
        part.data += data[start:end]


def _too_long(part: Part) -> str:
    return "serve.too_large" if part.filename is not None else "serve.bad_form"


async def read_form(content_type: str, stream: AsyncIterator[bytes]) -> dict[str, Part]:
    """The parts of a multipart/form-data body by field name (the first of each name wins)."""
    kind, params = parse_options_header(content_type)
    boundary = params.get(b"boundary")
    if kind != b"multipart/form-data" or not boundary:
        raise UploadError(400, "serve.bad_form")
    collector = _Collector()
    parser = MultipartParser(boundary, _callbacks(collector))
    received = 0
    try:
        async for chunk in stream:
            received += len(chunk)
            if received > body_limit():
                raise UploadError(413, "serve.too_large")
            parser.write(chunk)
        parser.finalize()
        if not collector.ended:
            raise UploadError(400, "serve.bad_form")
    except UploadError:
        raise
    except Exception as exc:  # python-multipart's parse errors: a malformed body
        raise UploadError(400, "serve.bad_form") from exc
    parts: dict[str, Part] = {}
    for part in collector.parts:
        parts.setdefault(part.name, part)
    return parts


def _callbacks(collector: _Collector) -> MultipartCallbacks:
    return {
        "on_part_begin": collector.on_part_begin,
        "on_part_data": collector.on_part_data,
        "on_header_field": collector.on_header_field,
        "on_header_value": collector.on_header_value,
        "on_header_end": collector.on_header_end,
        "on_headers_finished": collector.on_headers_finished,
        "on_end": collector.on_end,
    }
