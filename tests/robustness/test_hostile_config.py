"""Hostile configurations, packs and baselines: bounded, one line, exit 2, never a traceback.

Each input is generated here: a user pattern that backtracks polynomially,
packs and configurations that are devices, FIFOs or too large, a
``govcheck.toml`` planted in a folder others can write to, and baselines with
Infinity, 1e400, 100,000 nested arrays or too many bytes. Every case runs
the installed console script in a fresh process.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from govcheck.config import discover
from govcheck.engine import budget
from govcheck.engine.base import RuleBase
from govcheck.engine.packs import load_pack
from govcheck.engine.runner import run_rules
from govcheck.i18n import text
from govcheck.load import decode
from govcheck.parse import parse
from govcheck.safefile import (
    MAX_BASELINE_BYTES,
    MAX_CONFIG_BYTES,
    MAX_PACK_BYTES,
    FileRefused,
    read_small_bytes,
)
from tests.conftest import EXAMPLES
from tests.robustness.test_bad_inputs import run_measured

REPORT = EXAMPLES / "f2021-department-2022.txt"
FAULTY = EXAMPLES / "f2021-faulty-2023.txt"  # 6 errors
SCRIPT = Path(sys.executable).with_name("govcheck")
MIB = 1024 * 1024
POLYNOMIAL = r"\d+\d+\d+\d+\d+\d+X"

PACK = """\
[pack]
id = "mine"

[[rule]]
id = "GC950"
name = "no-digit-run-x"
kind = "pattern_prohibited"
severity = "warning"
patterns = ['{pattern}']
summary = {{ zh = "不得出现", en = "Not allowed" }}
message = {{ zh = "出现了：{{match}}", en = "Found: {{match}}" }}
rationale = {{ zh = "测试", en = "Test" }}
"""


def govcheck(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """The installed console script, as a user runs it."""
    return subprocess.run(
        [str(SCRIPT), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=cwd,
        env=env,
    )


def one_line(run: subprocess.CompletedProcess[str]) -> str:
    """The single stderr line of a refused run (exit 2, no traceback)."""
    assert "Traceback" not in run.stderr, run.stderr
    assert run.returncode == 2, (run.returncode, run.stderr)
    lines = run.stderr.splitlines()
    assert len(lines) == 1, run.stderr
    return lines[0]


# --- 8: a user pattern that backtracks polynomially ----------------------------------------


def polynomial_case(tmp_path: Path) -> tuple[Path, Path]:
    """A pack whose pattern is polynomial, and a report with an X before 120 digits."""
    (tmp_path / "mine.toml").write_text(PACK.format(pattern=POLYNOMIAL), encoding="utf-8")
    config = tmp_path / "govcheck.toml"
    config.write_text('packs = ["mine.toml"]\n', encoding="utf-8")
    source = REPORT.read_text(encoding="utf-8")
    report = tmp_path / "r.txt"
    report.write_text(source.replace("\n", "\nX" + "1" * 120 + "\n", 1), encoding="utf-8")
    return config, report


def test_the_pattern_alone_would_run_far_past_the_budget() -> None:
    """The hazard is real: Python's re does not finish in a second on 120 digits."""
    started = time.perf_counter()
    with pytest.raises(budget.RuleTimeout):
        budget.within_budget(lambda: re.search(POLYNOMIAL, "X" + "1" * 120), seconds=1.0)
    assert 0.9 < time.perf_counter() - started < 3


def test_a_polynomial_user_pattern_is_stopped_and_not_assessable(tmp_path: Path) -> None:
    config, report = polynomial_case(tmp_path)
    started = time.perf_counter()
    run = govcheck("lint", "--config", str(config), str(report), "--select", "GC950",
                   "--format", "json")  # fmt: skip
    elapsed = time.perf_counter() - started
    assert run.returncode == 0 and run.stderr == "", run.stderr
    assert elapsed < budget.BUDGET_SECONDS + 20, elapsed
    data = json.loads(run.stdout)
    assert data["config"] == str(config)
    assert [(r["id"], r["status"]) for r in data["files"][0]["rules"]] == [
        ("GC950", "not_assessable")
    ]
    assert data["files"][0]["findings"] == []


def test_the_note_says_the_budget_was_spent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, report = polynomial_case(tmp_path)
    monkeypatch.setattr(budget, "BUDGET_SECONDS", 0.3)
    rules = load_pack(tmp_path / "mine.toml").rules
    assert [r.from_user_pack for r in rules] == [True]
    doc = parse(decode(report.read_bytes(), "r.txt"))
    started = time.perf_counter()
    statuses, findings = run_rules(doc, rules, "en")
    assert time.perf_counter() - started < 3
    assert findings == ()
    assert [(s.id, s.status.value, s.note) for s in statuses] == [
        ("GC950", "not_assessable", text("note.over_budget", "en", seconds="0.3"))
    ]


def test_a_user_rule_within_its_budget_still_finds(tmp_path: Path) -> None:
    (tmp_path / "mine.toml").write_text(PACK.format(pattern=r"X\d{3}"), encoding="utf-8")
    (tmp_path / "govcheck.toml").write_text('packs = ["mine.toml"]\n', encoding="utf-8")
    report = tmp_path / "r.txt"
    source = REPORT.read_text(encoding="utf-8")
    report.write_text(source.replace("\n", "\nX123\n", 1), encoding="utf-8")
    run = govcheck("lint", "--config", str(tmp_path / "govcheck.toml"), str(report),
                   "--select", "GC950", "--format", "json")  # fmt: skip
    findings = json.loads(run.stdout)["files"][0]["findings"]
    assert [(f["rule"], f["line"]) for f in findings] == [("GC950", 2)]


def test_outside_the_main_thread_a_user_rule_is_not_run(tmp_path: Path) -> None:
    """The budget needs SIGALRM, which only the main thread can arm: bounded or not run."""
    polynomial_case(tmp_path)
    rules: tuple[RuleBase, ...] = load_pack(tmp_path / "mine.toml").rules
    doc = parse(decode((tmp_path / "r.txt").read_bytes(), "r.txt"))
    out: list[object] = []
    worker = threading.Thread(target=lambda: out.append(run_rules(doc, rules, "en")))
    worker.start()
    worker.join(timeout=10)
    assert not worker.is_alive()
    statuses, _ = out[0]  # type: ignore[misc]
    assert [(s.id, s.status.value, s.note) for s in statuses] == [
        ("GC950", "not_assessable", text("note.no_budget", "en"))
    ]


def test_an_outer_alarm_survives_the_budget() -> None:
    """A test runner's own SIGALRM timer is restored with the time it had left."""
    fired: list[int] = []
    previous = signal.signal(signal.SIGALRM, lambda signum, _frame: fired.append(signum))
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.6)
        assert budget.within_budget(lambda: 42, seconds=5) == 42
        remaining, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 0.3 < remaining <= 0.6
        time.sleep(0.8)
        assert fired == [signal.SIGALRM]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# --- 9: packs and configurations that are not small regular files ----------------------------


def fifo(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    os.mkfifo(path)
    return path


@pytest.mark.parametrize("kind", ["device", "fifo"])
def test_a_pack_that_is_a_device_or_fifo_is_one_line(kind: str, tmp_path: Path) -> None:
    target = Path("/dev/zero") if kind == "device" else fifo(tmp_path, "pack.toml")
    config = tmp_path / "govcheck.toml"
    config.write_text(f'packs = ["{target}"]\n', encoding="utf-8")
    started = time.perf_counter()
    run, peak = run_measured(tmp_path, "lint", "--config", str(config), str(REPORT), "--lang", "en")
    assert time.perf_counter() - started < 30
    assert one_line(run) == text("rules.not_regular", "en", path=str(target))
    assert peak < 128 * MIB, f"peak memory {peak / MIB:.0f} MiB"


def test_a_pack_over_the_cap_is_one_line(tmp_path: Path) -> None:
    pack = tmp_path / "big.toml"
    pack.write_bytes(b"#" * (MAX_PACK_BYTES + 1))
    config = tmp_path / "govcheck.toml"
    config.write_text('packs = ["big.toml"]\n', encoding="utf-8")
    run = govcheck("lint", "--config", str(config), str(REPORT), "--lang", "en")
    expected = text("rules.too_large", "en", path=str(pack), size=MAX_PACK_BYTES + 1,
                    limit=MAX_PACK_BYTES)  # fmt: skip
    assert one_line(run) == expected


@pytest.mark.parametrize("kind", ["device", "fifo"])
def test_a_configuration_that_is_a_device_or_fifo_is_one_line(kind: str, tmp_path: Path) -> None:
    target = Path("/dev/zero") if kind == "device" else fifo(tmp_path, "govcheck.toml")
    run, peak = run_measured(tmp_path, "lint", "--config", str(target), str(REPORT), "--lang", "en")
    assert one_line(run) == text("config.not_regular", "en", path=str(target))
    assert peak < 128 * MIB, f"peak memory {peak / MIB:.0f} MiB"


def test_a_configuration_over_the_cap_is_one_line(tmp_path: Path) -> None:
    config = tmp_path / "govcheck.toml"
    config.write_bytes(b"#" * (MAX_CONFIG_BYTES + 1))
    run = govcheck("lint", "--config", str(config), str(REPORT), "--lang", "en")
    expected = text("config.too_large", "en", path=str(config), size=MAX_CONFIG_BYTES + 1,
                    limit=MAX_CONFIG_BYTES)  # fmt: skip
    assert one_line(run) == expected


def test_a_file_that_grows_after_fstat_is_still_capped(tmp_path: Path) -> None:
    """The read itself is bounded: /dev/zero's size is 0, a regular file's may lie."""
    with pytest.raises(FileRefused) as info:
        read_small_bytes(Path("/dev/zero"), 10)
    assert info.value.reason == "not_regular"
    small = tmp_path / "ok.toml"
    small.write_bytes(b"a = 1\n")
    assert read_small_bytes(small, 6) == b"a = 1\n"
    with pytest.raises(FileRefused) as info:
        read_small_bytes(small, 5)
    assert (info.value.reason, info.value.values) == ("too_large", {"size": 6, "limit": 5})


# --- 14: configuration from anywhere above ---------------------------------------------------

IGNORE_ALL = 'ignore = ["GC"]\nfail-on = "never"\n'


def planted(tmp_path: Path, folder_mode: int, file_mode: int = 0o644) -> tuple[Path, Path]:
    """A git-less tree: ``shared`` (``folder_mode``) holds a govcheck.toml ignoring all rules."""
    shared = tmp_path / "shared"
    work = shared / "project" / "sub"
    work.mkdir(parents=True)
    config = shared / "govcheck.toml"
    config.write_text(IGNORE_ALL, encoding="utf-8")
    config.chmod(file_mode)
    shared.chmod(folder_mode)
    return config, work


def isolated_env(home: Path) -> dict[str, str]:
    return {**os.environ, "HOME": str(home)}


def test_the_report_fails_without_the_planted_configuration() -> None:
    """The premise: the example report has errors, so ignoring every rule would hide them."""
    run = govcheck("lint", "--isolated", str(FAULTY), "--format", "json")
    assert run.returncode == 1, run.stderr
    assert json.loads(run.stdout)["summary"]["error"] == 6


def test_a_configuration_in_a_world_writable_ancestor_is_refused(tmp_path: Path) -> None:
    config, work = planted(tmp_path, 0o777)
    run = govcheck("lint", str(FAULTY), "--lang", "en", cwd=work, env=isolated_env(tmp_path))
    expected = text("config.untrusted_folder", "en", path=str(config),
                    folder=str(config.parent), mode="drwxrwxrwx")  # fmt: skip
    assert one_line(run) == expected


def test_a_world_writable_configuration_file_is_refused(tmp_path: Path) -> None:
    config, work = planted(tmp_path, 0o755, file_mode=0o666)
    run = govcheck("lint", str(FAULTY), "--lang", "en", cwd=work, env=isolated_env(tmp_path))
    assert one_line(run) == text("config.untrusted_file", "en", path=str(config),
                                 mode="-rw-rw-rw-")  # fmt: skip


def test_an_explicit_configuration_gets_the_same_check(tmp_path: Path) -> None:
    config, _ = planted(tmp_path, 0o755, file_mode=0o666)
    run = govcheck("lint", "--config", str(config), str(FAULTY), "--lang", "en")
    assert one_line(run) == text("config.untrusted_file", "en", path=str(config),
                                 mode="-rw-rw-rw-")  # fmt: skip


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another user")
def test_a_configuration_owned_by_another_user_is_refused(tmp_path: Path) -> None:
    config, work = planted(tmp_path, 0o755)
    os.chown(config, 4242, -1)
    run = govcheck("lint", str(FAULTY), "--lang", "en", cwd=work, env=isolated_env(tmp_path))
    assert one_line(run) == text("config.untrusted_owner", "en", path=str(config), owner=4242)


def test_a_sticky_shared_folder_keeps_the_users_own_file(tmp_path: Path) -> None:
    """/tmp's case: world-writable with the sticky bit, so nobody else can swap the file."""
    config, work = planted(tmp_path, 0o1777)
    run = govcheck("lint", str(FAULTY), "--format", "json", cwd=work, env=isolated_env(tmp_path))
    assert run.returncode == 0 and run.stderr == "", run.stderr
    data = json.loads(run.stdout)
    assert data["config"] == str(config)  # the summary names the configuration in effect
    assert data["summary"]["error"] == 0


def test_discovery_stops_at_the_home_folder(tmp_path: Path) -> None:
    config, _ = planted(tmp_path, 0o755)
    home = config.parent / "project"
    run = govcheck("lint", str(FAULTY), "--format", "json", cwd=home / "sub",
                   env=isolated_env(home))  # fmt: skip
    assert run.returncode == 1, run.stderr
    data = json.loads(run.stdout)
    assert "config" not in data
    assert data["summary"]["error"] == 6
    assert discover(home / "sub", home=home) is None
    assert discover(home / "sub", home=tmp_path) == config


def test_discovery_stops_at_a_file_system_boundary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config, work = planted(tmp_path, 0o755)
    from govcheck import config as config_module

    above = config.parent
    monkeypatch.setattr(config_module, "_device", lambda d: 2 if d == above else 1)
    assert discover(work, home=tmp_path / "elsewhere") is None
    monkeypatch.undo()
    assert discover(work, home=tmp_path / "elsewhere") == config


def test_the_rich_summary_names_the_configuration(tmp_path: Path) -> None:
    config = tmp_path / "govcheck.toml"
    config.write_text('lang = "en"\n', encoding="utf-8")
    env = {**os.environ, "COLUMNS": "400"}
    run = govcheck("lint", "--config", str(config), str(REPORT), "--format", "rich", env=env)
    assert run.stdout.splitlines()[-1] == text("ui.config_in_effect", "en", path=str(config))


# --- 15: corrupted baselines -----------------------------------------------------------------


def baseline_entry(count: str) -> str:
    entry = '{"path": "r.txt", "rule": "GC301", "location": "t1", "count": ' + count + "}"
    return '{"govcheck": "1", "findings": [' + entry + "]}"


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        (baseline_entry("Infinity"), "Infinity is not a count"),
        (baseline_entry("NaN"), "NaN is not a count"),
        (baseline_entry("1e400"), "1e400 is not a count (counts are whole numbers)"),
        (baseline_entry("-3"), "findings[0].count must be a whole number from 0 to 1000000000"),
        (baseline_entry("true"), "findings[0].count must be a whole number from 0 to 1000000000"),
        (baseline_entry("1" * 5000), None),
        ("[" * 100_000 + "]" * 100_000, "JSON nested too deeply"),
        ('{"findings": ' + "[" * 100_000 + "]" * 100_000 + "}", "JSON nested too deeply"),
        ('{"findings": {}}', 'expected an object with a "findings" list'),
        ('{"findings": [[]]}', "findings[0] is not an object"),
    ],
)
def test_a_corrupted_baseline_is_one_line(body: str, detail: str | None, tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    baseline.write_text(body, encoding="utf-8")
    run = govcheck("lint", "--isolated", "--baseline", str(baseline), str(REPORT), "--lang", "en")
    line = one_line(run)
    prefix = f"{baseline}: invalid baseline file ("
    assert line.startswith(prefix), line
    if detail is not None:
        assert line == text("baseline.invalid", "en", path=str(baseline), detail=detail)


def test_a_baseline_over_the_cap_is_refused_before_it_is_read(tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    size = 80 * MIB
    with baseline.open("wb") as handle:
        handle.truncate(size)  # sparse: 80 MB claimed, nothing to read
    run, peak = run_measured(tmp_path, "lint", "--isolated", "--baseline", str(baseline),
                             str(REPORT), "--lang", "en")  # fmt: skip
    assert one_line(run) == text("baseline.too_large", "en", path=str(baseline), size=size,
                                 limit=MAX_BASELINE_BYTES)  # fmt: skip
    assert peak < 128 * MIB, f"peak memory {peak / MIB:.0f} MiB"


@pytest.mark.parametrize("kind", ["device", "fifo"])
def test_a_baseline_that_is_a_device_or_fifo_is_one_line(kind: str, tmp_path: Path) -> None:
    target = Path("/dev/zero") if kind == "device" else fifo(tmp_path, "baseline.json")
    run = govcheck("lint", "--isolated", "--baseline", str(target), str(REPORT), "--lang", "en")
    assert one_line(run) == text("baseline.not_regular", "en", path=str(target))


def test_a_valid_baseline_still_hides_what_it_recorded(tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    first = govcheck("lint", "--isolated", "--write-baseline", str(baseline), str(FAULTY))
    assert first.returncode == 1
    again = govcheck("lint", "--isolated", "--baseline", str(baseline), str(FAULTY))
    assert (again.returncode, again.stderr) == (0, "")
