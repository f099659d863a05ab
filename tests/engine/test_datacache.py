"""The validated-data cache behind rules, templates and the issuer vocabulary.

The rule-specific behaviour is in test_rulecache.py; here: caches of
different names stay apart, a wrongly shaped pickle is rebuilt, and a real
start fills (and a second start reads) all three caches.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from govcheck import datacache

REPORT = Path(__file__).resolve().parents[2] / "examples" / "f2019-township-2020.txt"


def counted(value: object, calls: list[str]) -> object:
    calls.append("built")
    return value


def test_names_keep_caches_apart(tmp_path: Path) -> None:
    calls: list[str] = []
    first = datacache.load_or_build("one", (), lambda: counted((1,), calls), bool, tmp_path)
    second = datacache.load_or_build("two", (), lambda: counted((2,), calls), bool, tmp_path)
    again = datacache.load_or_build("one", (), lambda: counted((3,), calls), bool, tmp_path)
    assert (first, second, again) == ((1,), (2,), (1,))
    assert calls == ["built", "built"]
    assert sorted(p.name.split("-")[0] for p in tmp_path.glob("*.pickle")) == ["one", "two"]


def test_a_pickle_of_the_wrong_shape_is_rebuilt(tmp_path: Path) -> None:
    calls: list[str] = []
    datacache.load_or_build("shape", (), lambda: counted("text", calls), bool, tmp_path)
    is_tuple = lambda data: isinstance(data, tuple)  # noqa: E731
    rebuilt = datacache.load_or_build("shape", (), lambda: counted((1,), calls), is_tuple, tmp_path)
    assert rebuilt == (1,) and calls == ["built", "built"]


def test_parts_are_part_of_the_key() -> None:
    assert datacache.cache_key([("a", "1")]) != datacache.cache_key([("a", "2")])
    assert datacache.cache_key([("a", "1")]) == datacache.cache_key([("a", "1")])


def test_pruning_keeps_the_newest_of_each_name_only(tmp_path: Path) -> None:
    for index in range(12):
        datacache.load_or_build("many", [("n", str(index))], lambda: (1,), bool, tmp_path)
    datacache.load_or_build("other", (), lambda: (2,), bool, tmp_path)
    assert len(list(tmp_path.glob("many-*.pickle"))) == datacache._KEEP
    assert len(list(tmp_path.glob("other-*.pickle"))) == 1


def lint(cache: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    command = [sys.executable, "-m", "govcheck", "lint", str(REPORT), "--format", "line"]
    return subprocess.run(command, capture_output=True, text=True, env=env, check=False)


def test_a_start_fills_every_cache_and_the_next_reads_them(tmp_path: Path) -> None:
    first = lint(tmp_path)
    folder = tmp_path / "govcheck"
    names = sorted(p.name.rsplit("-", 1)[0] for p in folder.glob("*.pickle"))
    assert names == ["builtin-rules", "issuer", "templates"]
    stamps = {p: p.stat().st_mtime_ns for p in folder.glob("*.pickle")}
    second = lint(tmp_path)
    assert {p: p.stat().st_mtime_ns for p in folder.glob("*.pickle")} == stamps
    assert (second.returncode, second.stdout) == (first.returncode, first.stdout)


def test_corrupt_template_and_issuer_caches_are_replaced(tmp_path: Path) -> None:
    first = lint(tmp_path)
    folder = tmp_path / "govcheck"
    for path in [*folder.glob("templates-*.pickle"), *folder.glob("issuer-*.pickle")]:
        path.write_bytes(b"not a pickle")
    second = lint(tmp_path)
    assert (second.returncode, second.stdout) == (first.returncode, first.stdout)
    assert all(p.read_bytes() != b"not a pickle" for p in folder.glob("*.pickle"))
