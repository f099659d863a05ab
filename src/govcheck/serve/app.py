"""The routes: ``GET /``, ``POST /check``, ``GET /healthz``.

Each request is first held to the bound address (:mod:`.hosts`); an upload
is read into memory (:mod:`.upload`) and checked in a process of its own
(:mod:`.worker`), a few at a time. Every answer says ``no-store`` so that no
report stays in the browser's cache either. The log gets one line per
check: when, how many bytes, and the verdict; never a name or a line of
the report.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
import secrets
import time
from dataclasses import dataclass, replace

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from govcheck import __version__
from govcheck.i18n import Lang, text
from govcheck.load.text import MAX_BYTES
from govcheck.model import IssuerLevel
from govcheck.serve.hosts import Bound
from govcheck.serve.page import csp, served_report, upload_page
from govcheck.serve.upload import Part, UploadError, body_limit, read_form
from govcheck.serve.worker import GRACE, Job, Outcome, run_isolated
from govcheck.textsafe import one_line
from govcheck.timebudget import DEFAULT_SECONDS

log = logging.getLogger("govcheck.serve")


@dataclass(frozen=True, slots=True)
class ServeSettings:
    """What ``govcheck serve`` was started with."""

    bound: Bound
    timeout: float = DEFAULT_SECONDS  # seconds per check; 0: no limit
    workers: int = max(1, min(4, os.cpu_count() or 1))


def create_app(settings: ServeSettings) -> ASGIApp:
    """The ASGI application, wrapped in the Host and Origin check."""
    slots = asyncio.Semaphore(settings.workers)

    async def check(request: Request) -> Response:
        return await _check(request, settings, slots)

    app = Starlette(
        routes=[
            Route("/", _index, methods=["GET"]),
            Route("/check", check, methods=["POST"]),
            Route("/healthz", _healthz, methods=["GET"]),
        ]
    )
    return _HostGuard(app, settings.bound)


class _HostGuard:
    """Refuse a request whose Host (or Origin) is not this server: 421, before any route runs."""

    def __init__(self, app: ASGIApp, bound: Bound) -> None:
        self.app = app
        self.bound = bound

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
            if not self.bound.allows_host(headers.get("host")):
                await _refuse(421, "serve.bad_host", scope, receive, send)
                return
            if not self.bound.allows_origin(headers.get("origin")):
                await _refuse(403, "serve.bad_origin", scope, receive, send)
                return
        await self.app(scope, receive, send)


async def _refuse(status: int, key: str, scope: Scope, receive: Receive, send: Send) -> None:
    response = PlainTextResponse(text(key, "en") + "\n", status, headers=_headers("x"))
    await response(scope, receive, send)


def _headers(nonce: str) -> dict[str, str]:
    return {
        "Content-Security-Policy": csp(nonce),
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",  # so that our own form sends its Origin (not "null")
    }


def _lang(request: Request) -> Lang:
    return "en" if request.query_params.get("lang") == "en" else "zh"


async def _index(request: Request) -> Response:
    nonce = secrets.token_urlsafe(16)
    return HTMLResponse(upload_page(_lang(request), nonce), headers=_headers(nonce))


async def _healthz(_request: Request) -> Response:
    return PlainTextResponse("ok", headers=_headers("x"))


def _wants_json(request: Request) -> bool:
    if request.query_params.get("format") == "json":
        return True
    return "application/json" in request.headers.get("accept", "")


async def _check(request: Request, settings: ServeSettings, slots: asyncio.Semaphore) -> Response:
    lang, as_json = _lang(request), _wants_json(request)
    started = time.monotonic()
    try:
        job = await _job(request, lang, as_json)
    except UploadError as exc:
        _log(started, 0, f"refused {exc.status}")
        message = text(exc.key, lang, limit=MAX_BYTES)
        return _error(request, exc.status, exc.key, message, as_json)
    timeout = settings.timeout or None
    async with slots:
        job = replace(job, timeout=timeout)
        outcome = await asyncio.to_thread(run_isolated, job, timeout + GRACE if timeout else None)
    if outcome is None:  # killed: it outlived its budget (or died)
        message = text("input.timeout", lang, path=job.name, seconds=f"{timeout or 0:g}")
        outcome = Outcome("timeout", message=message, key="input.timeout")
    _log(started, len(job.data), outcome.verdict)
    if outcome.verdict in ("refused", "timeout"):
        status = 504 if outcome.verdict == "timeout" else 400
        return _error(request, status, outcome.key, outcome.message, as_json)
    if as_json:
        return Response(outcome.body, media_type="application/json", headers=_headers("x"))
    nonce = secrets.token_urlsafe(16)
    page = served_report(
        outcome.body, lang, nonce, outcome.verdict, outcome.errors, outcome.warnings, job.name
    )
    return HTMLResponse(page, headers=_headers(nonce))


def _log(started: float, size: int, verdict: str) -> None:
    """The only record of a check: its time, its size and its verdict."""
    log.info("check %.2fs %d bytes %s", time.monotonic() - started, size, verdict)


async def _job(request: Request, lang: Lang, as_json: bool) -> Job:
    length = request.headers.get("content-length")
    if length is not None and length.isdigit() and int(length) > body_limit():
        raise UploadError(413, "serve.too_large")
    parts = await read_form(request.headers.get("content-type", ""), request.stream())
    upload = parts.get("file")
    if upload is None or not upload.filename:  # a browser sends filename="" for no file
        raise UploadError(400, "serve.no_file")
    previous = parts.get("previous")
    if previous is not None and not previous.filename:
        previous = None
    return Job(
        data=bytes(upload.data),
        name=_name(upload),
        lang=lang,
        output="json" if as_json else "html",
        previous=bytes(previous.data) if previous else None,
        previous_name=_name(previous) if previous else "previous",
        issuer_level=_level(parts.get("issuer_level")),
        published_on=_date(parts.get("published_on")),
    )


def _name(part: Part) -> str:
    """The upload's display name: its base name, as the browser sent it (the ending is a hint)."""
    raw = (part.filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    return one_line(raw)[:200] or "upload"


def _level(part: Part | None) -> IssuerLevel | None:
    value = part.data.decode("utf-8", "replace").strip() if part else ""
    if not value:
        return None
    try:
        return IssuerLevel(value)
    except ValueError:
        raise UploadError(400, "serve.bad_level") from None


def _date(part: Part | None) -> dt.date | None:
    value = part.data.decode("utf-8", "replace").strip() if part else ""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UploadError(400, "serve.bad_date") from None


def _error(request: Request, status: int, key: str, message: str, as_json: bool) -> Response:
    """A refused upload: the one-line message, as JSON or in the upload page."""
    line = one_line(message)
    if as_json:
        body = {"govcheck": __version__, "error": {"key": key, "message": line}}
        return JSONResponse(body, status, headers=_headers("x"))
    nonce = secrets.token_urlsafe(16)
    page = upload_page(_lang(request), nonce, error=line)
    return HTMLResponse(page, status, headers=_headers(nonce))


__all__ = ["ServeSettings", "create_app"]
