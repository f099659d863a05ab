"""The serve modules on their own: Host rules, the in-memory form reader, the isolated
check (killed when it hangs), the page words, and the CLI's one-line refusals."""

from __future__ import annotations

import asyncio
import builtins
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pytest

from govcheck.i18n import text
from tests.conftest import EXAMPLES, run_cli
from tests.serve.server import multipart, require_extra

FAULTY = EXAMPLES / "f2021-faulty-2023.txt"


@pytest.fixture(autouse=True)
def _extra() -> None:
    require_extra()


def test_host_rules() -> None:
    from govcheck.serve.hosts import Bound, is_loopback, url

    bound = Bound("127.0.0.1", 8765)
    assert [bound.allows_host(h) for h in ("127.0.0.1:8765", "localhost:8765", "[::1]:8765")] == [
        True,
        True,
        True,
    ]
    for refused in ("evil.example:8765", "127.0.0.1", "127.0.0.1:80", "[::1]", None, "", "a:b:c"):
        assert not bound.allows_host(refused), refused
    wildcard = Bound("0.0.0.0", 8765)
    assert wildcard.allows_host("192.168.1.20:8765")
    assert not wildcard.allows_host("rebind.example:8765")
    assert bound.allows_origin(None)
    assert bound.allows_origin("http://localhost:8765")
    for refused in ("null", "https://127.0.0.1:8765", "http://127.0.0.1:8765/x", "http://e.x:8765"):
        assert not bound.allows_origin(refused), refused
    assert url("0.0.0.0", 80) == "http://127.0.0.1:80/"
    assert url("::1", 80) == "http://[::1]:80/"
    assert (is_loopback("127.0.0.2"), is_loopback("localhost"), is_loopback("0.0.0.0")) == (
        True,
        True,
        False,
    )


async def _chunks(body: bytes, size: int = 7) -> AsyncIterator[bytes]:
    for start in range(0, len(body), size):
        yield body[start : start + size]


def test_form_is_read_into_memory_in_small_chunks() -> None:
    from govcheck.serve.upload import read_form

    body, kind = multipart([("file", "报告.txt", b"abc\r\n--x"), ("previous", "", b"")], {"a": "b"})
    parts = asyncio.run(read_form(kind, _chunks(body)))
    assert (parts["file"].filename, bytes(parts["file"].data)) == ("报告.txt", b"abc\r\n--x")
    assert (parts["previous"].filename, bytes(parts["previous"].data)) == ("", b"")
    assert (parts["a"].filename, bytes(parts["a"].data)) == (None, b"b")


@pytest.mark.parametrize(
    ("files", "fields", "status", "key"),
    [
        ([("file", "a.txt", b"x" * 40)], {}, 413, "serve.too_large"),
        ([], {"issuer_level": "x" * 100}, 400, "serve.bad_form"),
        ([("f", "a.txt", b"1")] * 9, {}, 400, "serve.bad_form"),
    ],
)
def test_form_limits(
    monkeypatch: pytest.MonkeyPatch,
    files: list[tuple[str, str, bytes]],
    fields: dict[str, str],
    status: int,
    key: str,
) -> None:
    from govcheck.serve import upload

    monkeypatch.setattr(upload, "MAX_BYTES", 32)
    body, kind = multipart(files, fields)
    with pytest.raises(upload.UploadError) as caught:
        asyncio.run(upload.read_form(kind, _chunks(body)))
    assert (caught.value.status, caught.value.key) == (status, key)


def test_malformed_body_is_bad_form() -> None:
    from govcheck.serve.upload import UploadError, read_form

    for kind, body in (
        ("multipart/form-data; boundary=zz", b"--zz\r\nbroken"),
        ("text/plain", b"x"),
        ("multipart/form-data", b""),
    ):
        with pytest.raises(UploadError) as caught:
            asyncio.run(read_form(kind, _chunks(body)))
        assert (caught.value.status, caught.value.key) == (400, "serve.bad_form"), kind


def test_check_job_is_the_cli_check() -> None:
    from govcheck.serve.worker import Job, check_job

    outcome = check_job(Job(FAULTY.read_bytes(), FAULTY.name, output="json"))
    assert (outcome.verdict, outcome.errors, outcome.warnings) == ("fail", 6, 0)
    assert '"path": "f2021-faulty-2023.txt"' in outcome.body
    empty = check_job(Job(b"", "e.txt", lang="en"))
    assert (empty.verdict, empty.key) == ("refused", "input.empty")
    assert empty.message == text("input.empty", "en", path="e.txt")


def _hang(conn: Connection, job: Any) -> None:
    """A child stuck where no signal reaches Python: it is never going to answer."""
    time.sleep(600)


def test_a_hanging_child_is_killed() -> None:
    from govcheck.serve.worker import Job, run_in_child, run_isolated

    started = time.monotonic()
    assert run_in_child(_hang, Job(b"", "x.txt"), 1.0) is None
    assert time.monotonic() - started < 10
    outcome = run_isolated(Job(FAULTY.read_bytes(), FAULTY.name), 60)
    assert outcome is not None and outcome.verdict == "fail"


def test_page_words_exist_in_both_languages() -> None:
    from govcheck.serve.page import words

    assert set(words("zh")) == set(words("en"))
    assert all(words("zh")[k] and words("en")[k] for k in words("zh"))


def test_served_report_download_name_is_tame() -> None:
    from govcheck.serve.page import download_name

    assert download_name('../a<b>"c.docx') == "abc-govcheck.html"
    assert download_name("年度报告.txt") == "年度报告-govcheck.html"
    assert download_name("...") == "report-govcheck.html"


def test_without_the_extra_serve_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    real = builtins.__import__

    def refuse(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.startswith("govcheck.serve"):
            raise ModuleNotFoundError("No module named 'starlette'", name="starlette")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", refuse)
    result = run_cli("serve", "--no-open")
    assert result.exit_code == 2
    assert result.stderr == text("serve.extra_missing", "zh") + "\n"


def test_busy_port_is_one_line_and_exit_2() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        govcheck = Path(sys.executable).parent / "govcheck"
        done = subprocess.run(
            [str(govcheck), "serve", "--no-open", "--port", str(port), "--lang", "en"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert done.returncode == 2
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith(f"cannot start the server on 127.0.0.1:{port} (")


def test_other_hosts_are_warned_about(tmp_path: Path) -> None:
    from tests.serve.server import running

    with running(tmp_path, "--host", "0.0.0.0", "--lang", "en") as server:
        assert server.request("GET", "/healthz")[2] == b"ok"
    log = server.log.read_text(encoding="utf-8")
    assert log.splitlines()[0] == text("serve.not_loopback", "en", host="0.0.0.0")


def test_readme_shows_serve_and_the_windows_section_repeats_the_opening_commands() -> None:
    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    opening = readme.split("```sh\n", 1)[1].split("```", 1)[0]
    usage = readme.split("## Usage", 1)[1].split("##", 1)[0]
    assert "\ngovcheck serve " in usage
    windows = readme.split("### 在 Windows 上安装和使用", 1)[1]
    assert opening in windows
    assert "govcheck serve" in windows and ".wps" in windows and "pipx install" in windows
