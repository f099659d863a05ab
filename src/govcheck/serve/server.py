"""Starting the server: bind, say where, open the browser, serve until Ctrl+C.

The socket is bound here rather than by uvicorn so that a busy port is one
line on stderr and exit code 2 like every other bad input, and so that
``--port 0`` (any free port, for tests) still yields the real address to
print and to hold requests to. uvicorn's access log is off: the only
record of a request is the check's line in :mod:`.app`.
"""

from __future__ import annotations

import logging
import os
import socket
import sys
import threading
import webbrowser
from typing import TextIO

import uvicorn

from govcheck.errors import UsageError
from govcheck.i18n import Lang, text
from govcheck.serve.app import ServeSettings, create_app
from govcheck.serve.hosts import Bound, is_loopback, url
from govcheck.textsafe import one_line
from govcheck.timebudget import DEFAULT_SECONDS


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host``:``port``; UsageError ``serve.port_busy`` when that fails."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        if os.name != "nt":  # on Windows this would let another program share the port
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)
    except OSError as exc:
        sock.close()
        raise UsageError(
            "serve.port_busy", host=host, port=port, reason=exc.strerror or str(exc)
        ) from exc
    sock.set_inheritable(True)
    return sock


class _Server(uvicorn.Server):
    """uvicorn's server, which opens the page once it is really listening."""

    def __init__(self, config: uvicorn.Config, open_url: str | None) -> None:
        super().__init__(config)
        self.open_url = open_url

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        if self.started and self.open_url:
            # webbrowser may wait for the browser to start: not on the event loop.
            threading.Thread(target=webbrowser.open, args=(self.open_url,), daemon=True).start()


def _logging(stream: TextIO) -> None:
    """Check lines (time, size, verdict) and uvicorn's own warnings, on ``stream``."""
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
    for name, level in (("govcheck.serve", logging.INFO), ("uvicorn", logging.WARNING)):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(level)
        logger.propagate = False


def serve(
    host: str = "127.0.0.1",
    port: int = 8765,
    *,
    open_browser: bool = True,
    timeout: float = DEFAULT_SECONDS,
    lang: Lang = "zh",
) -> None:
    """Serve until interrupted; warn first when ``host`` is reachable from other machines."""
    if not is_loopback(host):
        sys.stderr.write(one_line(text("serve.not_loopback", lang, host=host)) + "\n")
    sock = bind(host, port)
    actual = sock.getsockname()[1]
    address = url(host, actual)
    sys.stdout.write(one_line(text("serve.listening", lang, url=address)) + "\n")
    sys.stdout.flush()
    _logging(sys.stderr)
    settings = ServeSettings(Bound(host, actual), timeout)
    config = uvicorn.Config(
        create_app(settings),
        log_config=None,
        access_log=False,
        lifespan="off",
        server_header=False,
        limit_concurrency=64,
        timeout_keep_alive=5,
    )
    page = address + ("?lang=en" if lang == "en" else "")
    _Server(config, page if open_browser else None).run(sockets=[sock])
