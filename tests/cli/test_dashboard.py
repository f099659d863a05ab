"""``govcheck lint DIR --output-dir OUT``: a page per report and an index (issue 16, item 5).

Through the installed CLI, on a folder the test makes: a clean report of
each format, a faulty one, one without its title (rules not assessable, no
error), an empty file (cannot be read) and notes (not a report, skipped).
The index's counts and chart bars are checked against the run's own
``--format json``; every link must lead to a page that was written; hostile
names and links planted in the output folder must not lead anywhere else.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest

from govcheck.i18n import text
from tests.conftest import EXAMPLES

CLEAN_2019 = EXAMPLES / "f2019-township-2020.txt"
CLEAN_2021 = EXAMPLES / "f2021-department-2022.txt"
FAULTY = EXAMPLES / "f2021-faulty-2023.txt"
PAGE_NAME = re.compile(r"\d{5}-[A-Za-z0-9_-]+\.html")


def govcheck() -> str:
    exe = shutil.which("govcheck") or str(Path(sys.executable).parent / "govcheck")
    assert Path(exe).exists(), "the govcheck console script is not installed"
    return exe


def lint(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [govcheck(), "lint", *args], cwd=cwd, capture_output=True, text=True, check=False
    )


class Index(HTMLParser):
    """What the tests read from index.html: links, tiles, chart bars, table rows."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.tiles: dict[str, int] = {}
        self.bars: dict[str, dict[str, list[int]]] = {}  # chart -> label -> counts
        self.verdicts: list[str] = []
        self.chart = ""
        self.label = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "a" and "gc-page-link" in a.get("class", ""):
            self.links.append(a["href"])
        elif tag == "li" and "data-count" in a:
            self.tiles[a["data-count"]] = int(a["data-value"])
        elif tag == "section" and a.get("id", "").startswith("gc-chart-"):
            self.chart = a["id"].removeprefix("gc-chart-")
            self.bars[self.chart] = {}
        elif tag == "g" and a.get("class") == "gc-bar":
            self.label = a["data-label"]
            self.bars[self.chart][self.label] = []
        elif tag == "rect" and "data-count" in a:
            self.bars[self.chart][self.label].append(int(a["data-count"]))
        elif tag == "tr" and "data-verdict" in a:
            self.verdicts.append(a["data-verdict"])


def csv_lines(cwd: Path) -> list[str]:
    return lint(cwd, "in", "--format", "csv").stdout.lstrip("\ufeff").splitlines()


def read_index(out: Path) -> Index:
    parser = Index()
    parser.feed((out / "index.html").read_bytes().decode("utf-8"))
    return parser


def written(out: Path) -> list[str]:
    return sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    reports = tmp_path / "in"
    reports.mkdir()
    shutil.copy(CLEAN_2021, reports / "clean.txt")
    shutil.copy(CLEAN_2019, reports / "township.txt")
    shutil.copy(FAULTY, reports / "faulty.txt")
    lines = CLEAN_2021.read_text(encoding="utf-8").split("\n")
    assert lines[0].endswith("年度报告"), lines[0]
    (reports / "notitle.txt").write_text("\n".join(lines[1:]), encoding="utf-8")
    (reports / "empty.txt").write_bytes(b"")
    (reports / "notes.txt").write_text("会议纪要：下周整理档案。\n", encoding="utf-8")
    return reports


def test_a_page_per_report_and_an_index_with_the_runs_counts(folder: Path) -> None:
    out = folder.parent / "out"
    result = lint(folder.parent, "in", "--output-dir", "out")
    # empty.txt cannot be read: exit 2, as in every format.
    assert result.returncode == 2, result.stderr
    assert result.stdout == text("dash.written", "zh", pages=4, index="out/index.html") + "\n"
    pages = [
        "reports/00001-clean.html",
        "reports/00002-faulty.html",
        "reports/00003-notitle.html",
        "reports/00004-township.html",
    ]
    assert written(out) == ["index.html", *pages]

    index = read_index(out)
    links = [unquote(href) for href in index.links]
    # The reports with rules not assessable (faulty has no date, notitle no title), then all.
    assert links == [pages[1], pages[2], *pages]
    assert all((out / link).is_file() for link in links)
    assert index.verdicts == ["pass", "fail", "incomplete", "pass"]
    assert index.tiles == {
        "files": 4,
        "fail": 1,
        "warning": 0,
        "incomplete": 1,
        "pass": 2,
        "unread": 1,
        "skipped": 1,
    }
    source = (out / "index.html").read_text(encoding="utf-8")
    counts = {"files": 4, "fail": 1, "warning": 0, "incomplete": 1, "pass": 2}
    counts |= {"unread": 1, "skipped": 1}
    assert text("dash.summary", "zh", **counts) in source
    assert text("input.empty", "zh", path="in/empty.txt") in source

    # Every chart agrees with the same run's JSON.
    data = json.loads(lint(folder.parent, "in", "--format", "json").stdout)
    findings = Counter(f["rule"] for file in data["files"] for f in file["findings"])
    chart = {label.split()[0]: bars for label, bars in index.bars["findings"].items()}
    assert chart == {rule: [n] for rule, n in findings.items()}
    assert list(chart) == sorted(findings, key=lambda r: (-findings[r], r))
    statuses: dict[str, Counter[str]] = {}
    for file in data["files"]:
        for rule in file["rules"]:
            statuses.setdefault(rule["id"], Counter())[rule["status"]] += 1
    share = {label.split()[0]: bars for label, bars in index.bars["share"].items()}
    for rule, bars in share.items():
        c = statuses[rule]
        assert bars == [n for n in (c["pass"], c["fail"], c["not_assessable"]) if n], rule
    assert share["GC204"] == [3, 1]  # passes in three reports; not assessable without a title
    assert index.bars["year"] == {"2020": [1], "2022": [1], "2023": [1], "未知": [1]}
    assert index.bars["verdicts"] == {
        text("dash.count_fail", "zh"): [1],
        text("dash.count_warning", "zh"): [],
        text("dash.count_incomplete", "zh"): [1],
        text("dash.count_pass", "zh"): [2],
    }
    # By verdict (fail, warning, incomplete, pass): faulty and township are township-level.
    assert index.bars["level"] == {
        text("dash.level_department", "zh"): [1, 1],
        text("dash.level_township", "zh"): [1, 1],
    }
    csv_levels = Counter(line.split(",")[2] for line in csv_lines(folder.parent)[1:])
    assert csv_levels == {"department": 2, "township": 2}

    # Each page is today's one-report page, and the index holds no report text.
    clean = (out / pages[0]).read_text(encoding="utf-8")
    assert 'data-path="in/clean.txt"' in clean and 'data-files="1"' in clean
    assert 'id="f1-t3-new-np"' in clean
    assert 'class="gc-lines"' not in source


def test_english_index(folder: Path) -> None:
    (folder / "empty.txt").unlink()
    result = lint(folder.parent, "in", "--output-dir", "out", "--lang", "en", "--quiet")
    assert result.returncode == 1, result.stderr
    assert result.stdout == ""
    source = (folder.parent / "out" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in source
    assert f"<title>{text('dash.title', 'en')}</title>" in source
    assert text("dash.chart_share", "en") in source
    assert text("dash.chart_share", "zh") not in source


@pytest.mark.parametrize(
    ("args", "key", "values"),
    [
        (("--format", "json"), "usage.output_dir_format", {"format": "json"}),
        (("--format", "csv"), "usage.output_dir_format", {"format": "csv"}),
        (("--output", "x.html"), "usage.output_dir_output", {}),
    ],
)
def test_bad_combinations_exit_2_before_anything_is_written(
    folder: Path, args: tuple[str, ...], key: str, values: dict[str, str]
) -> None:
    result = lint(folder.parent, "in", "--output-dir", "out", *args)
    assert result.returncode == 2
    assert result.stderr == text(key, "zh", **values) + "\n"
    assert not (folder.parent / "out").exists() and not (folder.parent / "x.html").exists()


def test_an_output_folder_holding_an_input_is_refused(folder: Path) -> None:
    for out in ("in", "."):
        result = lint(folder.parent, "in", "--output-dir", out)
        assert result.returncode == 2
        message = text("output.dir_holds_input", "zh", path=out, input="in/clean.txt")
        assert result.stderr == message + "\n"
    assert not (folder / "reports").exists() and not (folder.parent / "reports").exists()


def test_several_files_on_one_page_still_work_with_a_note_past_100(tmp_path: Path) -> None:
    shutil.copy(CLEAN_2021, tmp_path / "a.txt")
    shutil.copy(FAULTY, tmp_path / "b.txt")
    result = lint(tmp_path, "a.txt", "b.txt", "--format", "html", "--output", "one.html")
    assert result.returncode == 1 and result.stderr == ""
    assert (tmp_path / "one.html").read_text(encoding="utf-8").count('class="gc-file"') == 2
    many = tmp_path / "many"
    many.mkdir()
    for n in range(101):
        (many / f"{n:03d}.txt").write_bytes(b"")
    result = lint(tmp_path, "many", "--format", "html", "--output", "many.html")
    assert result.returncode == 2
    assert result.stderr.startswith(text("dash.one_page_many", "zh", files=101) + "\n")
    quiet = lint(tmp_path, "many", "--format", "html", "--output", "q.html", "--quiet")
    assert text("dash.one_page_many", "zh", files=101) not in quiet.stderr


@pytest.mark.skipif(not hasattr(os, "O_NOFOLLOW"), reason="needs O_NOFOLLOW")
def test_links_planted_in_the_output_folder_are_never_followed(folder: Path) -> None:
    outside = folder.parent / "outside"
    outside.mkdir()
    secret = outside / "secret.html"
    secret.write_text("secret", encoding="utf-8")
    out = folder.parent / "out"
    (out / "reports").mkdir(parents=True)
    (out / "index.html").symlink_to(secret)
    (out / "reports" / "00001-clean.html").symlink_to(secret)
    (out / "reports" / "00002-faulty.html").symlink_to(outside / "new.html")
    result = lint(folder.parent, "in", "--output-dir", "out")
    assert result.returncode == 2  # empty.txt
    assert secret.read_text(encoding="utf-8") == "secret"
    assert sorted(p.name for p in outside.iterdir()) == ["secret.html"]
    for name in ("index.html", "reports/00001-clean.html", "reports/00002-faulty.html"):
        assert not (out / name).is_symlink() and (out / name).stat().st_size > 1000
    assert not list(out.rglob("*.tmp"))

    # A link in place of the pages folder: refused, nothing written through it.
    shutil.rmtree(out)
    out.mkdir()
    (out / "reports").symlink_to(outside, target_is_directory=True)
    result = lint(folder.parent, "in", "--output-dir", "out")
    assert result.returncode == 2
    assert result.stderr == text("output.dir_link", "zh", path="out", name="reports") + "\n"
    assert sorted(p.name for p in outside.iterdir()) == ["secret.html"]
    assert sorted(p.name for p in out.iterdir()) == ["reports"]


def test_waivers_write_the_pages_after_the_run(folder: Path) -> None:
    (folder / "empty.txt").unlink()
    (folder.parent / ".git").mkdir()
    (folder.parent / "govcheck.toml").write_text(
        '[[waiver]]\npath = "in/faulty.txt"\nrule = "GC304"\ncell = "t4.rv.total"\n'
        'reason = "accepted"\nby = "t"\n',
        encoding="utf-8",
    )
    result = lint(folder.parent, "in", "--output-dir", "out")
    assert result.returncode == 1, result.stderr
    page = (folder.parent / "out" / "reports" / "00002-faulty.html").read_text(encoding="utf-8")
    assert 'data-rule="GC301"' in page and 'data-rule="GC304" data-line' not in page
    index = read_index(folder.parent / "out")
    assert "GC304" not in {label.split()[0] for label in index.bars["findings"]}


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="hostile names need Linux")
def test_hostile_names_make_safe_unique_pages(tmp_path: Path) -> None:
    from tests.robustness.test_hostile_output import HTML_SHOWN, NAMES

    reports = tmp_path / "in"
    reports.mkdir()
    clean = CLEAN_2021.read_bytes()
    for name in NAMES:
        target = reports / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(clean)
    # Two names that reduce to the same stem still get their own pages.
    (reports / "a.b.txt").write_bytes(clean)
    (reports / "a b.txt").write_bytes(clean)
    before = set(tmp_path.rglob("*"))
    result = lint(tmp_path, "in", "--output-dir", "out")
    assert result.returncode == 0, result.stderr
    out = tmp_path / "out"
    pages = [p for p in out.rglob("*") if p.is_file() and p.name != "index.html"]
    assert len(pages) == len(NAMES) + 2
    assert all(PAGE_NAME.fullmatch(p.name) and p.parent == out / "reports" for p in pages)
    new = set(tmp_path.rglob("*")) - before
    assert all(p == out or out in p.parents for p in new)
    raw = (out / "index.html").read_bytes()
    source = raw.decode("utf-8")
    assert "\x1b" not in source and "\u202e" not in source and "\x9b" not in source
    for name, shown in HTML_SHOWN.items():
        assert f">in/{shown}</a>" in source, name
    index = read_index(out)
    assert sorted(unquote(h) for h in index.links) == sorted(
        p.relative_to(out).as_posix() for p in pages
    )
