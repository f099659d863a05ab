"""``govcheck serve`` over HTTP: the real server, started through the installed CLI.

Every example, in every form, checked through ``POST /check?format=json``
must give exactly the JSON ``govcheck lint --format json`` gives for the
same file (the path aside: an upload has only its name). Then the ways an
upload is refused (413, 400, timeout, Host, Origin), that nothing is left in
the temporary directory, and 20 uploads at once.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from govcheck.i18n import text
from govcheck.load.text import MAX_BYTES
from tests.conftest import EXAMPLES
from tests.serve.forms import forms, lint_json, without_path
from tests.serve.server import Server, regular_files, require_extra, running

FAULTY = EXAMPLES / "f2021-faulty-2023.txt"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    require_extra()
    with running(tmp_path_factory.mktemp("serve")) as started:
        yield started


@pytest.fixture(scope="module")
def expected(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """``govcheck lint --format json`` of every form, by upload name."""
    folder = tmp_path_factory.mktemp("forms")
    out = {}
    for name, data in forms():
        path = folder / name
        path.write_bytes(data)
        out[name] = lint_json(path)
    return out


def test_healthz(server: Server) -> None:
    status, headers, body = server.request("GET", "/healthz")
    assert (status, body) == (200, b"ok")
    assert headers["cache-control"] == "no-store"


@pytest.mark.parametrize("name", [name for name, _ in forms()])
def test_every_form_checks_as_the_cli_does(
    server: Server, expected: dict[str, dict[str, Any]], name: str
) -> None:
    data = dict(forms())[name]
    got = server.check_json(name, data)
    assert got["files"][0]["path"] == name
    assert without_path(got) == without_path(expected[name])
    assert got["files"][0]["format"] in ("2019", "2021")  # read as a report, tables and all


def test_accept_header_asks_for_json(server: Server, expected: dict[str, dict[str, Any]]) -> None:
    status, headers, body = server.check(
        [("file", FAULTY.name, FAULTY.read_bytes())],
        query="",
        headers={"Accept": "application/json"},
    )
    assert status == 200
    assert headers["content-type"].startswith("application/json")
    assert without_path(json.loads(body)) == without_path(expected[FAULTY.name])


def test_previous_level_and_date_as_the_cli(server: Server) -> None:
    report = EXAMPLES / "f2021-department-2023.txt"
    before = EXAMPLES / "f2021-department-2022.txt"
    got = server.check_json(
        report.name,
        report.read_bytes(),
        issuer_level="county",
        published_on="2024-03-05",
    )
    cli = lint_json(report, "--issuer-level", "county", "--published-on", "2024-03-05")
    assert without_path(got) == without_path(cli)
    status, _, body = server.check(
        [("file", report.name, report.read_bytes()), ("previous", before.name, before.read_bytes())]
    )
    assert status == 200
    cli = lint_json(report, "--previous", str(before))
    assert without_path(json.loads(body)) == without_path(cli)
    rules = {r["id"]: r["status"] for r in cli["files"][0]["rules"]}
    assert "pass" in {rules[r] for r in rules if r.startswith("GC7")}, rules


def test_html_report_with_verdict_first(server: Server) -> None:
    status, headers, body = server.check([("file", FAULTY.name, FAULTY.read_bytes())], query="")
    assert status == 200
    assert headers["content-type"].startswith("text/html")
    page = body.decode("utf-8")
    nonce = headers["content-security-policy"].split("'nonce-", 1)[1].split("'", 1)[0]
    assert "default-src 'none'" in headers["content-security-policy"]
    assert page.index('id="gc-verdict"') < page.index('id="f1-t4-rv-total"')
    assert 'data-verdict="fail" data-errors="6" data-warnings="0"' in page
    assert f'<style nonce="{nonce}">' in page
    assert f'<script nonce="{nonce}" data-gc-serve="">' in page
    assert '<td id="f1-t4-rv-total" class="gc-cell gc-kind-number gc-fail gc-sev-error"' in page
    assert "http://" not in page.split("</head>", 1)[0]
    assert 'download="f2021-faulty-2023-govcheck.html"' in page


def test_too_large_is_413(server: Server) -> None:
    data = b"x" * (MAX_BYTES + 1)
    status, _, body = server.check([("file", "big.txt", data)])
    assert status == 413
    error = json.loads(body)["error"]
    assert error == {
        "key": "serve.too_large",
        "message": text("serve.too_large", "zh", limit=MAX_BYTES),
    }
    status, _, body = server.check([("file", "big.txt", data)], query="?lang=en")
    assert status == 413
    assert text("serve.too_large", "en", limit=MAX_BYTES) in body.decode("utf-8")


def test_bad_files_get_the_cli_message(server: Server) -> None:
    for name, data, key in (
        ("empty.txt", b"", "input.empty"),
        ("bin.txt", b"\x00\x01\x02" * 100, "input.binary"),
        ("broken.docx", b"PK\x03\x04" + b"\x00" * 40, None),
    ):
        status, _, body = server.check([("file", name, data)])
        assert status == 400, body
        error = json.loads(body)["error"]
        assert error["message"].startswith(f"{name}："), error
        if key:
            assert error == {"key": key, "message": text(key, "zh", path=name)}


def test_bad_file_in_the_page_is_one_escaped_line(server: Server) -> None:
    name = 'a<b>"\n.txt'
    status, _, body = server.check([("file", name, b"")], query="?lang=en")
    assert status == 400
    page = body.decode("utf-8")
    shown = "a&lt;b&gt;&quot;\\n.txt: the file is empty."
    assert f'<span id="gc-error-message">{shown}' in page
    assert "<b>" not in page


def test_bad_form_fields_are_400(server: Server) -> None:
    report = [("file", FAULTY.name, FAULTY.read_bytes())]
    for fields, key in (
        ({"issuer_level": "emperor"}, "serve.bad_level"),
        ({"published_on": "2024-13-01"}, "serve.bad_date"),
    ):
        status, _, body = server.check(report, fields)
        assert (status, json.loads(body)["error"]["key"]) == (400, key)
    status, _, body = server.check([], {"issuer_level": "county"})
    assert (status, json.loads(body)["error"]["key"]) == (400, "serve.no_file")
    status, _, body = server.request(
        "POST", "/check?format=json", b"{}", {"Content-Type": "application/json"}
    )
    assert (status, json.loads(body)["error"]["key"]) == (400, "serve.bad_form")


@pytest.mark.parametrize(
    "host",
    [
        "evil.example:{port}",
        "127.0.0.1:1",
        "localhost",
        "127.0.0.1.nip.io:{port}",
        "",
        "user@127.0.0.1:{port}",
    ],
)
def test_foreign_host_is_refused(server: Server, host: str) -> None:
    status, _, body = server.request(
        "GET", "/healthz", headers={"Host": host.format(port=server.port)}
    )
    assert status == 421
    assert body.decode("utf-8").strip() == text("serve.bad_host", "en")


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "[::1]:{port}"])
def test_loopback_hosts_are_served(server: Server, host: str) -> None:
    status, _, body = server.request(
        "GET", "/healthz", headers={"Host": host.format(port=server.port)}
    )
    assert (status, body) == (200, b"ok")


def test_foreign_origin_is_refused(server: Server) -> None:
    report = [("file", FAULTY.name, FAULTY.read_bytes())]
    for origin in ("http://evil.example", "null", f"http://evil.example:{server.port}"):
        status, _, _ = server.check(report, headers={"Origin": origin})
        assert status == 403, origin
    status, _, _ = server.check(report, headers={"Origin": f"http://localhost:{server.port}"})
    assert status == 200


def test_twenty_concurrent_uploads(server: Server, expected: dict[str, dict[str, Any]]) -> None:
    uploads = [forms()[i % len(forms())] for i in range(20)]
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=20) as pool:
        answers = list(pool.map(lambda u: server.check_json(*u), uploads))
    elapsed = time.monotonic() - started
    for (name, _), got in zip(uploads, answers, strict=True):
        assert without_path(got) == without_path(expected[name])
    print(f"\n20 concurrent uploads answered in {elapsed:.1f} s")


def test_log_holds_time_size_and_verdict_only(server: Server) -> None:
    server.check_json(FAULTY.name, FAULTY.read_bytes())
    time.sleep(0.2)
    log = server.log.read_text(encoding="utf-8")
    size = len(FAULTY.read_bytes())
    assert f" {size} bytes fail" in log
    assert "faulty" not in log
    assert "示例" not in log


def test_nothing_stays_in_the_temporary_directory(tmp_path: Path) -> None:
    require_extra()
    with running(tmp_path) as server:
        for name, data in forms()[:8]:
            server.check_json(name, data)
        server.check([("file", "big.txt", b"y" * (MAX_BYTES + 1))])
        assert regular_files(server.tmpdir) == []
    assert list(server.tmpdir.iterdir()) == []


def test_timeout_is_504_and_the_server_stays_up(tmp_path: Path) -> None:
    require_extra()
    with running(tmp_path, "--timeout", "0.001") as server:
        status, _, body = server.check([("file", FAULTY.name, FAULTY.read_bytes())])
        assert status == 504
        error = json.loads(body)["error"]
        assert error == {
            "key": "input.timeout",
            "message": text("input.timeout", "zh", path=FAULTY.name, seconds="0.001"),
        }
        status, _, page = server.check([("file", FAULTY.name, FAULTY.read_bytes())], query="")
        assert status == 504
        assert "gc-error-message" in page.decode("utf-8")
        assert server.request("GET", "/healthz")[2] == b"ok"
        assert server.process.poll() is None
