"""Hostile files, folders and names around the reports (security items 3, 7, 10, 18).

Every hostile input is made here, in ``tmp_path``: symbolic links out of a
folder, link loops under a glob, pipes and devices named as reports, and a
cache folder that another user prepared. Each is run through the installed
``govcheck`` in a subprocess with a timeout, so a hang fails the test instead
of stalling the suite.
"""

from __future__ import annotations

import glob
import json
import os
import pickle
import subprocess
import sys
import time
from pathlib import Path

import pytest

from govcheck.i18n import text
from govcheck.paths import expand, expand_inputs
from tests.conftest import EXAMPLES

pytestmark = pytest.mark.skipif(os.name != "posix", reason="symbolic links and FIFOs: POSIX")

REPORT = EXAMPLES / "f2019-township-2020.txt"
SCRIPT = Path(sys.executable).with_name("govcheck")
# A whole run (a cold start is ~1 s) must end well within this on a loaded machine.
BOUND = 60
# What must never reach an output when it sits outside the linted folder.
SECRET = "绝密口令-7f3a9c"


def govcheck(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> Run:
    """The installed CLI, English messages; its time is kept to compare with BOUND."""
    started = time.perf_counter()
    done = subprocess.run(
        [str(SCRIPT), *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=BOUND,
        check=False,
    )
    return Run(done.returncode, done.stdout, done.stderr, time.perf_counter() - started)


class Run:
    """A finished run: exit code, both streams, and how long it took."""

    def __init__(self, code: int, stdout: str, stderr: str, seconds: float) -> None:
        self.code, self.stdout, self.stderr, self.seconds = code, stdout, stderr, seconds

    def paths(self) -> list[str]:
        """The files of a ``--format jsonl`` run, in order."""
        return [json.loads(line)["path"] for line in self.stdout.splitlines()]

    def one_error(self) -> str:
        """The single stderr line of a refused input: exit code 2, no traceback."""
        assert self.code == 2, (self.code, self.stdout, self.stderr)
        assert "Traceback" not in self.stderr
        lines = self.stderr.splitlines()
        assert len(lines) == 1, self.stderr
        return lines[0]


def secret_report(path: Path) -> Path:
    """A report that would lint (and so show its lines) if it were read."""
    lines = REPORT.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([lines[0], SECRET, *lines[1:]]) + "\n", encoding="utf-8")
    return path


def leaky_folder(tmp_path: Path) -> Path:
    """``site/reports`` with one report and ``b.txt -> ../../secret.txt`` out of it."""
    reports = tmp_path / "site" / "reports"
    reports.mkdir(parents=True)
    (reports / "a.txt").write_bytes(REPORT.read_bytes())
    secret_report(tmp_path / "secret.txt")
    (reports / "b.txt").symlink_to(Path("..") / ".." / "secret.txt")
    return reports


# --- item 7: links out of a walked folder or a glob ----------------------------------------


@pytest.mark.parametrize("output_format", ["json", "html", "jsonl", "sarif"])
def test_a_link_out_of_the_folder_is_not_read(tmp_path: Path, output_format: str) -> None:
    reports = leaky_folder(tmp_path)
    alone = govcheck("lint", str(reports / "a.txt"), "--format", output_format, "--lang", "en")
    run = govcheck("lint", str(reports), "--format", output_format, "--lang", "en")
    assert run.code == alone.code == 0
    assert SECRET not in run.stdout + run.stderr
    assert run.stderr.splitlines() == [
        text("input.link_outside", "en", path=str(reports / "b.txt"), root=str(reports))
    ]
    assert run.stdout == alone.stdout  # the report of a.txt alone
    assert "b.txt" not in run.stdout


def test_a_link_out_of_a_glob_is_not_read_and_a_link_within_it_is(tmp_path: Path) -> None:
    reports = leaky_folder(tmp_path)
    (reports / "2020").mkdir()
    (reports / "2020" / "real.txt").write_bytes(REPORT.read_bytes())
    (reports / "current.txt").symlink_to(Path("2020") / "real.txt")  # within the glob's root
    run = govcheck("lint", "reports/*.txt", "--format", "jsonl", "--lang", "en", cwd=reports.parent)
    assert run.code == 0
    assert run.paths() == ["reports/a.txt", "reports/current.txt"]
    assert run.stderr.splitlines() == [
        text("input.link_outside", "en", path="reports/b.txt", root="reports")
    ]
    assert SECRET not in run.stdout + run.stderr


def test_extract_does_not_read_a_link_out_of_the_folder(tmp_path: Path) -> None:
    reports = leaky_folder(tmp_path)
    for output_format in ("json", "csv"):
        run = govcheck("extract", str(reports), "--format", output_format, "--lang", "en")
        assert run.code == 0, run.stderr
        assert SECRET not in run.stdout + run.stderr
        assert str(reports / "b.txt") not in run.stdout
        assert str(reports / "a.txt") in run.stdout
        assert len(run.stderr.splitlines()) == 1


def test_follow_links_reads_the_link(tmp_path: Path) -> None:
    reports = leaky_folder(tmp_path)
    run = govcheck("lint", str(reports), "--follow-links", "--format", "jsonl")
    assert run.code == 0
    assert run.stderr == ""
    assert run.paths() == [str(reports / "a.txt"), str(reports / "b.txt")]
    extracted = govcheck("extract", str(reports), "--follow-links", "--format", "json")
    assert extracted.code == 0
    assert str(reports / "b.txt") in extracted.stdout


def test_a_link_to_a_folder_outside_is_noted_not_walked(tmp_path: Path) -> None:
    reports = leaky_folder(tmp_path)
    (reports / "b.txt").unlink()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    secret_report(elsewhere / "x.txt")
    (reports / "more").symlink_to(elsewhere, target_is_directory=True)
    run = govcheck("lint", str(reports), "--format", "html", "--lang", "en")
    assert run.code == 0
    assert SECRET not in run.stdout + run.stderr
    assert run.stderr.splitlines() == [
        text("input.link_outside", "en", path=str(reports / "more"), root=str(reports))
    ]


# --- item 10: link loops under globs and walks ---------------------------------------------


def looping_tree(tmp_path: Path, links: int) -> Path:
    """``g/r.txt``, ``g/sub/s.txt`` and ``links`` links to ``g`` itself."""
    folder = tmp_path / "g"
    (folder / "sub").mkdir(parents=True)
    (folder / "r.txt").write_bytes(REPORT.read_bytes())
    (folder / "sub" / "s.txt").write_bytes(REPORT.read_bytes())
    for index in range(links):
        (folder / f"l{index}").symlink_to(".", target_is_directory=True)
    return folder


@pytest.mark.parametrize("links", [1, 2])
@pytest.mark.parametrize("follow", [[], ["--follow-links"]])
def test_a_glob_through_link_loops_ends_and_lints_each_file_once(
    tmp_path: Path, links: int, follow: list[str]
) -> None:
    """Regression: one link linted g/r.txt 41 times; two made the glob run without end."""
    looping_tree(tmp_path, links)
    run = govcheck("lint", "g/**/*.txt", *follow, "--format", "jsonl", "--jobs", "1", cwd=tmp_path)
    assert run.code == 0, run.stderr
    assert run.paths() == ["g/r.txt", "g/sub/s.txt"]
    assert run.stderr == ""
    assert run.seconds < BOUND / 2


def test_a_walk_with_follow_links_ends_on_a_loop(tmp_path: Path) -> None:
    folder = looping_tree(tmp_path, 2)
    (folder / "sub" / "up").symlink_to(Path(".."), target_is_directory=True)
    (folder / "sub" / "top").symlink_to(tmp_path, target_is_directory=True)
    run = govcheck("lint", str(folder), "--follow-links", "--format", "jsonl")
    assert run.code == 0, run.stderr
    assert run.paths() == [str(folder / "r.txt"), str(folder / "sub" / "s.txt")]


def test_the_same_file_under_several_names_is_linted_once(tmp_path: Path) -> None:
    folder = looping_tree(tmp_path, 0)
    (folder / "alias.txt").symlink_to("r.txt")
    run = govcheck(
        "lint", "g/r.txt", "./g/r.txt", "g/alias.txt", "g", "--format", "jsonl", cwd=tmp_path
    )
    assert run.code == 0, run.stderr
    assert run.paths() == ["g/r.txt", "g/sub/s.txt"]


def test_the_glob_matches_as_glob_does_on_a_tree_without_links(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The walker replaced glob.glob; where glob.glob ends, both give the same files."""
    for name in ("a.txt", "b.md", "c.bin", ".h.txt", "d/e.txt", "d/f/g.html", ".x/y.txt", "dd.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    patterns = ["*.txt", "**/*.txt", "d/**/*", "*/*.txt", "d*", "?.md", "[ab].*", "**", "d/**"]
    patterns += ["d/**/g.html", "**/f/*", "*/*/*.html", "d/f/g.htm?"]
    for pattern in patterns:
        ours = [t.display for t in expand([pattern])]
        theirs = [
            p
            for p in sorted(glob.glob(pattern, recursive=True))  # noqa: PTH207
            if Path(p).is_file() and Path(p).suffix in (".txt", ".md", ".html")
        ]
        assert ours == theirs, pattern


def test_skipped_links_are_excluded_like_files(tmp_path: Path) -> None:
    reports = leaky_folder(tmp_path)
    inputs = expand_inputs([str(reports)], exclude=["b.txt"])
    assert [t.display for t in inputs.targets] == [str(reports / "a.txt")]
    assert inputs.skipped == []


# --- item 18: pipes and devices named on the command line ----------------------------------


def test_a_fifo_named_on_the_command_line_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "report.txt"
    os.mkfifo(fifo)
    link = tmp_path / "link.txt"
    link.symlink_to(fifo)
    for name in (fifo, link):
        for command in ("lint", "extract"):
            run = govcheck(command, str(name), "--lang", "en")
            assert run.one_error() == text("input.not_regular", "en", path=str(name))
            assert run.seconds < BOUND / 2


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null", "/dev/urandom"])
def test_a_device_is_refused(tmp_path: Path, device: str) -> None:
    if not Path(device).exists():
        pytest.skip(f"no {device} here")
    link = tmp_path / "report.txt"
    link.symlink_to(device)
    for name in (device, str(link)):
        run = govcheck("lint", name, "--lang", "en")
        assert run.one_error() == text("input.not_regular", "en", path=name)


def test_a_link_named_on_the_command_line_is_read(tmp_path: Path) -> None:
    link = tmp_path / "report.txt"
    link.symlink_to(REPORT)
    run = govcheck("lint", str(link), "--format", "jsonl")
    assert run.code == 0, run.stderr
    assert run.paths() == [str(link)]


def test_a_fifo_among_good_files_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(REPORT.read_bytes())
    os.mkfifo(tmp_path / "p.txt")
    run = govcheck("lint", str(tmp_path / "a.txt"), str(tmp_path / "p.txt"), "--lang", "en")
    assert run.one_error() == text("input.not_regular", "en", path=str(tmp_path / "p.txt"))


# --- item 3: no cache, so a hostile cache folder changes nothing ---------------------------

# Runs govcheck's entry point with an audit hook that records every file or
# folder opened, listed or created under the cache folder (argv[1]).
AUDIT = """
import os, sys
root = os.path.realpath(sys.argv[1])
touched = []
def hook(event, args):
    if event in ("open", "os.listdir", "os.scandir", "os.mkdir") and args and args[0] is not None:
        if isinstance(args[0], int):
            return
        path = os.path.realpath(os.fsdecode(args[0]))
        if path == root or path.startswith(root + os.sep):
            touched.append((event, path))
sys.addaudithook(hook)
sys.argv = ["govcheck", *sys.argv[2:]]
from govcheck.cli import main
try:
    main()
finally:
    print("TOUCHED", touched, file=sys.stderr)
"""


class Planted:
    """Unpickling this creates ``marker``: proof that a planted pickle was loaded."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.mkdir, (str(self.marker),))


def hostile_cache(tmp_path: Path, kind: str) -> tuple[Path, Path]:
    """An XDG_CACHE_HOME prepared by someone else, and the marker a pickle would create."""
    marker = tmp_path / "UNPICKLED"
    cache = tmp_path / "cache"
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "govcheck").mkdir(parents=True)
    names = ["builtin-rules", "templates", "issuer"]
    if kind == "symlink":
        cache.symlink_to(elsewhere, target_is_directory=True)
    else:
        (cache / "govcheck").mkdir(parents=True)
    folder = cache / "govcheck"
    for name in names:
        for suffix in (".pickle", ".json", ""):
            path = folder / f"{name}{suffix}"
            if kind == "fifo":
                os.mkfifo(path)
            else:
                path.write_bytes(pickle.dumps(Planted(marker)))
    if kind == "fifo":
        os.mkfifo(cache / "govcheck.json")
    return cache, marker


@pytest.mark.parametrize("kind", ["symlink", "fifo", "pickle"])
def test_a_hostile_cache_folder_has_no_effect(tmp_path: Path, kind: str) -> None:
    cache, marker = hostile_cache(tmp_path, kind)
    args = ("lint", str(REPORT), "--format", "json", "--jobs", "1")
    clean = govcheck(*args, env={**os.environ, "XDG_CACHE_HOME": str(tmp_path / "empty")})
    hostile = govcheck(*args, env={**os.environ, "XDG_CACHE_HOME": str(cache)})
    assert (hostile.code, hostile.stdout, hostile.stderr) == (clean.code, clean.stdout, "")
    assert clean.code == 0
    assert not marker.exists()
    assert not (tmp_path / "empty").exists()  # nothing is written either
    audited = subprocess.run(
        [sys.executable, "-c", AUDIT, str(cache), *args],
        capture_output=True,
        text=True,
        env={**os.environ, "XDG_CACHE_HOME": str(cache), "HOME": str(cache)},
        timeout=BOUND,
        check=False,
    )
    assert audited.stdout == clean.stdout
    assert audited.stderr.splitlines()[-1] == "TOUCHED []"
    assert not marker.exists()


def test_the_audit_sees_what_it_looks_for(tmp_path: Path) -> None:
    """The hook above records a read under the folder (so an empty record means something)."""
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "r.txt").write_bytes(REPORT.read_bytes())
    audited = subprocess.run(
        [sys.executable, "-c", AUDIT, str(tmp_path / "cache"), "lint", str(tmp_path / "cache")],
        capture_output=True,
        text=True,
        timeout=BOUND,
        check=False,
    )
    touched = audited.stderr.splitlines()[-1]
    assert "'os.scandir'" in touched
    assert f"('open', '{tmp_path / 'cache' / 'r.txt'}')" in touched


def test_a_file_swapped_for_a_link_after_the_walk_is_not_read(tmp_path: Path) -> None:
    """The walk vets each file; a link to elsewhere put in its place before the read is refused."""
    from govcheck.api import Failure, Options, lint_targets
    from govcheck.config import load_config
    from govcheck.extract import Extraction, extract_targets
    from govcheck.selection import build_rules

    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "a.txt").write_bytes(REPORT.read_bytes())
    secret = secret_report(tmp_path / "secret.txt")
    targets = expand([str(reports)])
    info = (reports / "a.txt").stat()
    assert [t.vetted for t in targets] == [(info.st_dev, info.st_ino)]
    (reports / "a.txt").unlink()
    (reports / "a.txt").symlink_to(secret)  # the swap, between the walk and the read
    ruleset = build_rules(load_config(None, isolated=True), (), ())
    (outcome,) = lint_targets(targets, ruleset, Options())
    assert isinstance(outcome, Failure)
    assert (outcome.key, outcome.values) == ("input.swapped", {"path": str(reports / "a.txt")})
    (extracted,) = extract_targets(targets)
    assert not isinstance(extracted, Extraction)
    assert extracted.key == "input.swapped"
    # A file named on the command line is not vetted: its link is followed, as always.
    assert expand([str(reports / "a.txt")])[0].vetted is None
