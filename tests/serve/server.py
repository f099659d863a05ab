"""Starting the real ``govcheck serve`` for the tests, and talking to it over HTTP.

The server is the installed CLI in a subprocess on a free port (``--port 0``:
it prints the address it got), with its own TMPDIR so that the tests can
see whether anything was left there. Requests are sent with http.client so
that every header (Host above all) is exactly what the test says.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest


def require_extra() -> None:
    """Skip without the serve extra locally; in CI (CI=true) it is installed, so fail."""
    try:
        import python_multipart  # noqa: F401
        import starlette  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but the serve extra is missing ({exc})")
        pytest.skip(f"the serve extra is not installed ({exc}): pip install '.[serve]'")


@dataclass
class Server:
    """A running ``govcheck serve``: its process, port, TMPDIR and stderr log."""

    process: subprocess.Popen[str]
    port: int
    tmpdir: Path
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> tuple[int, dict[str, str], bytes]:
        """One request; ``headers`` may replace Host. Returns status, headers, body."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            sent = {"Host": f"127.0.0.1:{self.port}", **(headers or {})}
            conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
            for name, value in sent.items():
                conn.putheader(name, value)
            if body is not None:
                conn.putheader("Content-Length", str(len(body)))
            conn.endheaders(body)
            response = conn.getresponse()
            return (
                response.status,
                {k.lower(): v for k, v in response.getheaders()},
                response.read(),
            )
        finally:
            conn.close()

    def check(
        self,
        files: Sequence[tuple[str, str, bytes]],
        fields: Mapping[str, str] | None = None,
        query: str = "?format=json",
        headers: Mapping[str, str] | None = None,
    ) -> tuple[int, dict[str, str], bytes]:
        """POST /check with ``files`` as (field, file name, bytes) and text ``fields``."""
        body, content_type = multipart(files, fields or {})
        sent = {"Content-Type": content_type, **(headers or {})}
        return self.request("POST", "/check" + query, body, sent)

    def check_json(self, name: str, data: bytes, **fields: str) -> Any:
        status, _, body = self.check([("file", name, data)], fields)
        assert status == 200, body[:500]
        return json.loads(body)


def multipart(
    files: Sequence[tuple[str, str, bytes]], fields: Mapping[str, str]
) -> tuple[bytes, str]:
    """A multipart/form-data body as a browser sends it, and its Content-Type."""
    boundary = "----govcheck" + uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
        parts.append(head.encode() + value.encode() + b"\r\n")
    for name, filename, data in files:
        head = (
            f"--{boundary}\r\nContent-Disposition: form-data; "
            f'name="{name}"; filename="{filename}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        )
        parts.append(head.encode("utf-8") + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def _executable() -> str:
    """The installed ``govcheck`` beside this interpreter."""
    found = shutil.which("govcheck", path=str(Path(sys.executable).parent))
    assert found, "govcheck is not installed in this environment"
    return found


@contextmanager
def running(tmp: Path, *args: str) -> Iterator[Server]:
    """``govcheck serve --no-open --port 0 ARGS`` until the block ends, then SIGINT."""
    tmpdir = tmp / "tmp"
    tmpdir.mkdir(parents=True)
    log = tmp / "serve.log"
    env = {**os.environ, "TMPDIR": str(tmpdir), "TEMP": str(tmpdir), "TMP": str(tmpdir)}
    with log.open("w", encoding="utf-8") as err:
        process = subprocess.Popen(
            [_executable(), "serve", "--no-open", "--port", "0", *args],
            stdout=subprocess.PIPE,
            stderr=err,
            text=True,
            encoding="utf-8",
            env=env,
        )
        try:
            assert process.stdout is not None
            first = process.stdout.readline()
            found = re.search(r"http://127\.0\.0\.1:(\d+)/", first)
            assert found, (first, log.read_text(encoding="utf-8"))
            server = Server(process, int(found.group(1)), tmpdir, log)
            _wait_healthy(server)
            yield server
        finally:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_healthy(server: Server) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            status, _, body = server.request("GET", "/healthz")
            if status == 200 and body == b"ok":
                return
        except OSError:
            pass
        assert time.monotonic() < deadline, server.log.read_text(encoding="utf-8")
        time.sleep(0.1)


def regular_files(root: Path) -> list[Path]:
    """Every regular file under ``root`` (sockets and folders are not files a report is in)."""
    return [p for p in root.rglob("*") if p.is_file()]
