"""govcheck's benchmark: one command, one table (see docs/performance.md).

    python bench/run.py                 # everything: about 8-10 minutes on 2 cores
    python bench/run.py --sizes 1000    # a quicker run without the 10,000-report rows
    python bench/run.py --update-doc    # also rewrite the results in docs/performance.md

Steps: a virtual environment of its own (``bench/.work/venv``: a regular,
non-editable install of this checkout with the ``pdf`` extra, plus
yamllint as the peer for start-up time); a reproducible corpus made from
``examples/*.txt`` (``bench/corpus.py``); then the measurements:

- (a) cold start: median of ``--runs`` whole-process runs of
  ``govcheck lint <one text report> --format json`` and, interleaved with
  them, of ``yamllint`` on a small YAML file;
- (b) warm per-report cost in-process, per form (``bench/warm.py``), with a
  cProfile summary of the text path;
- (c) bulk ``govcheck lint DIR --format json`` over each size with each
  ``--jobs``, and the floor script (``bench/floor.py``) on the same folder;
- (d) the peak memory of (c), summed over the process tree (parent and
  workers, sampled from /proc), and of one 50 MB text file;
- (e) scaling: time at the largest size over time at the smallest;
- (f) one hostile prose line (a sentence of 40,000 claims) and one a tenth
  as long: the time of the longest, and how it grew.

This script needs only the standard library and runs under any Python 3.11+.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import statistics
import subprocess
import time
import venv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
DOC = ROOT / "docs" / "performance.md"
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
COLD_REPORT = "f2021-department-2022.txt"
SMALL_YAML = "name: govcheck\nchecks:\n  - tables\n  - sections\nlevel: 2\n"
# How often the memory sampler reads /proc while a measured command runs.
SAMPLE_SECONDS = 0.02
# Re-read the process tree (workers come and go) every this many samples.
TREE_EVERY = 10
PAGE = os.sysconf("SC_PAGE_SIZE")
# (f): one sentence of claims on one line, as in the hostile-input issue (2,000
# repetitions took 16 s when every claim rescanned its line), at n and 10n.
HOSTILE_UNIT = "收到政府信息公开申请16件，办结15件，"
HOSTILE_REPEATS = (4_000, 40_000)
# Linear work makes the ×10 line cost ×10 the time above start-up; quadratic, ×100.
HOSTILE_MAX_RATIO = 30


@dataclass(frozen=True, slots=True)
class Measured:
    """One whole-process run: wall time, peak memory of its process tree, outputs."""

    seconds: float
    peak_bytes: int
    code: int
    stderr: str
    # The peak of the summed proportional set size: a page shared by the
    # parent and its forked workers (the interpreter, the loaded modules and
    # rules) counts once in the sum, not once per process as in RSS.
    peak_pss_bytes: int = 0


def _rss(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/statm").read_text().split()
    except OSError:
        return 0
    return int(fields[1]) * PAGE


def _pss(pid: int) -> int:
    """The process's proportional set size (0 when the kernel does not say)."""
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    for line in rollup.splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1]) * 1024
    return 0


def _tree(root: int) -> list[int]:
    """``root`` and its descendants, from the parent pid in /proc/*/stat."""
    parents: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        parents.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(parents.get(pid, []))
    return found


def measure(cmd: Sequence[str], cwd: Path, stdout: Path | None = None) -> Measured:
    """Run ``cmd`` and sample the summed RSS of its process tree until it exits."""
    out = stdout.open("wb") if stdout else subprocess.DEVNULL
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.PIPE)  # noqa: S603
    peak, peak_pss, pids, sampled = 0, 0, [proc.pid], 0
    assert proc.stderr is not None
    while proc.poll() is None:
        if sampled % TREE_EVERY == 0:  # walking /proc costs more than reading RSS
            pids = _tree(proc.pid)
        peak = max(peak, sum(_rss(pid) for pid in pids))
        peak_pss = max(peak_pss, sum(_pss(pid) for pid in pids))
        sampled += 1
        time.sleep(SAMPLE_SECONDS)
    seconds = time.perf_counter() - start
    err = proc.stderr.read().decode("utf-8", "replace")
    if stdout:
        out.close()  # type: ignore[union-attr]
    return Measured(seconds, peak, proc.returncode, err, peak_pss)


def quick(cmd: Sequence[str], cwd: Path) -> float:
    """Wall time of one run of ``cmd``, without sampling (for start-up times)."""
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)  # noqa: S603
    return time.perf_counter() - start


# --- set-up ---------------------------------------------------------------------------


def bin_of(env: Path, name: str) -> Path:
    """A console script or the interpreter of the bench venv."""
    return env / "bin" / name


def install(env: Path, skip: bool) -> None:
    """The bench venv: this checkout (not editable) with the pdf extra, and yamllint."""
    if skip and bin_of(env, "govcheck").exists():
        return
    if not bin_of(env, "python").exists():
        venv.create(env, with_pip=True)
    pip = [str(bin_of(env, "python")), "-m", "pip", "install", "--quiet"]
    subprocess.run([*pip, f"{ROOT}[pdf]", "yamllint"], check=True)  # noqa: S603
    # Always the checkout as it is now, even when the version number did not change.
    subprocess.run([*pip, "--force-reinstall", "--no-deps", str(ROOT)], check=True)  # noqa: S603


def make_corpus(env: Path, corpus: Path, sizes: Sequence[int]) -> None:
    """Generate the corpus with the bench venv (bench/corpus.py)."""
    joined = ",".join(str(s) for s in sizes)
    cmd = [str(bin_of(env, "python")), str(BENCH / "corpus.py"), str(corpus), "--sizes", joined]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)  # noqa: S603


def machine() -> dict[str, str]:
    """Cores, memory, Python and the date, for the results header."""
    meminfo = Path("/proc/meminfo").read_text()
    kib = int(re.search(r"MemTotal:\s+(\d+)", meminfo).group(1))  # type: ignore[union-attr]
    return {
        "date": dt.date.today().isoformat(),
        "cores": str(os.cpu_count()),
        "memory": f"{kib / 1024 / 1024:.1f} GiB",
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
        "load": _load(),
    }


def _load() -> str:
    """The 1-minute load average: other work on the machine slows every row."""
    return f"{os.getloadavg()[0]:.1f}"


# --- measurements ---------------------------------------------------------------------


# What a start-up is made of, each a whole process like the lint itself: the
# bare interpreter, the imports of the two packages the design prescribes
# (typer, and pydantic with its model machinery), and every govcheck module
# that a lint imports, without linting.
_STARTUP_PARTS = {
    "python": "pass",
    "typer+pydantic": "import typer, pydantic.main",
    "imports": "import govcheck.cli",
}


def cold_start(env: Path, work: Path, runs: int) -> dict[str, float]:
    """Medians of whole-process runs: govcheck, yamllint and the start-up parts, interleaved."""
    report = work / "corpus" / "forms" / COLD_REPORT
    yaml = work / "small.yaml"
    yaml.write_text(SMALL_YAML, encoding="utf-8")
    python = str(bin_of(env, "python"))
    commands = {
        "govcheck": [str(bin_of(env, "govcheck")), "lint", str(report), "--format", "json"],
        "yamllint": [str(bin_of(env, "yamllint")), str(yaml)],
        **{name: [python, "-c", code] for name, code in _STARTUP_PARTS.items()},
    }
    for command in commands.values():
        quick(command, work)  # fill the page cache
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            times[name].append(quick(command, work))
    return {name: statistics.median(values) for name, values in times.items()}


def warm(env: Path, work: Path) -> dict[str, Any]:
    """bench/warm.py in the bench venv; the profile goes to work/profile.txt."""
    pdfs = sorted((ROOT.parent / "shared" / "corpus").glob("*.pdf"))
    cmd = [str(bin_of(env, "python")), str(BENCH / "warm.py"), str(work / "corpus" / "forms")]
    cmd += ["--profile", str(work / "profile.txt")]
    for pdf in pdfs:
        cmd += ["--pdf", str(pdf)]
    done = subprocess.run(cmd, check=True, capture_output=True, text=True)  # noqa: S603
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def bulk(env: Path, work: Path, size: int, jobs: Sequence[int]) -> dict[str, Any]:
    """govcheck with each --jobs, then the floor script, over bulk-``size``."""
    folder = work / "corpus" / f"bulk-{size}"
    row: dict[str, Any] = {}
    for count in jobs:
        cmd = [str(bin_of(env, "govcheck")), "lint", str(folder), "--format", "json"]
        run = measure([*cmd, "--jobs", str(count)], work, work / "bulk.json")
        if run.code not in (0, 1):
            raise SystemExit(f"govcheck failed on {folder}: {run.stderr}")
        files = len(json.loads((work / "bulk.json").read_text(encoding="utf-8"))["files"])
        if files != size:
            raise SystemExit(f"govcheck reported {files} files of {size}")
        row[f"jobs{count}"] = {
            "seconds": run.seconds,
            "peak_mb": run.peak_bytes / 1e6,
            "peak_pss_mb": run.peak_pss_bytes / 1e6,
        }
    floor = measure([str(bin_of(env, "python")), str(BENCH / "floor.py"), str(folder)], work)
    row["floor"] = {"seconds": floor.seconds, "peak_mb": floor.peak_bytes / 1e6}
    return row


def big_file(env: Path, work: Path) -> dict[str, Any]:
    """govcheck on one 50 MB text file: its peak memory and what it says."""
    big = next((work / "corpus").glob("big-*mb.txt"))
    run = measure([str(bin_of(env, "govcheck")), "lint", str(big), "--format", "json"], work)
    return {
        "size_mb": big.stat().st_size / 1e6,
        "peak_mb": run.peak_bytes / 1e6,
        "code": run.code,
        "message": run.stderr.strip().splitlines()[-1] if run.stderr.strip() else "",
        "seconds": run.seconds,
    }


def hostile(env: Path, work: Path) -> dict[str, Any]:
    """govcheck on the cold-start report with one hostile prose line, at each length."""
    lines = (ROOT / "examples" / COLD_REPORT).read_text(encoding="utf-8").split("\n")
    out: dict[str, Any] = {}
    for repeats in HOSTILE_REPEATS:
        line = HOSTILE_UNIT * repeats
        path = work / f"hostile-{repeats}.txt"
        path.write_text("\n".join([*lines[:7], line, *lines[7:]]), encoding="utf-8")
        run = measure([str(bin_of(env, "govcheck")), "lint", str(path), "--format", "json"], work)
        out[str(repeats)] = {
            "line_mb": len(line.encode()) / 1e6,
            "seconds": run.seconds,
            "peak_mb": run.peak_bytes / 1e6,
            "code": run.code,
        }
    return out


# --- the table ------------------------------------------------------------------------


def verdict(ok: bool) -> str:
    """The last column of a row."""
    return "met" if ok else "**missed**"


def table(results: dict[str, Any]) -> str:
    """The one results table, as markdown (it reads as plain text too)."""
    rows: list[tuple[str, str, str, str]] = []
    cold = results["cold"]
    ratio = cold["govcheck"] / cold["yamllint"]
    rows.append(
        (
            "(a) cold start, one text report",
            "≤ yamllint (ratio ≤ 1.0)",
            f"{cold['govcheck']:.3f} s vs yamllint {cold['yamllint']:.3f} s (ratio {ratio:.2f})",
            verdict(ratio <= 1.0),
        )
    )
    if "imports" in cold:
        rows.append(
            (
                "(a) where the start-up goes",
                "(context)",
                f"interpreter {cold['python']:.3f} s; `import typer, pydantic.main` "
                f"{cold['typer+pydantic']:.3f} s; all imports of a lint "
                f"{cold['imports']:.3f} s; so linting itself "
                f"{cold['govcheck'] - cold['imports']:.3f} s",
                "—",
            )
        )
    limits = {"txt": 2.0, "html": 10.0, "docx": 30.0, "md": 10.0}
    for form, limit in limits.items():
        cost = results["warm"]["forms"][form]
        rows.append(
            (
                f"(b) warm, one {form} report",
                f"≤ {limit:g} ms",
                f"{cost['median_ms']:.2f} ms (slowest example {cost['max_ms']:.2f} ms)",
                verdict(cost["median_ms"] <= limit),
            )
        )
    pdf = results["warm"].get("pdf")
    if pdf:
        rows.append(
            (
                "(b) PDF, per page",
                "≤ 0.3 s",
                f"{pdf['max_ms_per_page'] / 1000:.3f} s (worst of {len(pdf['files'])} PDFs)",
                verdict(pdf["max_ms_per_page"] <= 300),
            )
        )
    else:
        rows.append(
            ("(b) PDF, per page", "≤ 0.3 s", "not measured (no ../shared/corpus PDFs)", "—")
        )
    rows += bulk_rows(results["bulk"])
    big = results["big"]
    refused = big["code"] == 2 and big["message"]
    rows.append(
        (
            "(d) peak memory, one 50 MB text file",
            "≤ 4× file size, or a clear size-limit message",
            f"{big['peak_mb']:.0f} MB peak for {big['size_mb']:.0f} MB; exit {big['code']}: "
            f"{big['message'] or '(no message)'}",
            verdict(bool(refused) or big["peak_mb"] <= 4 * big["size_mb"]),
        )
    )
    rows.append(hostile_row(results["hostile"], cold["govcheck"]))
    head = "| measure | target | measured | verdict |\n|---|---|---|---|\n"
    return head + "".join(f"| {' | '.join(r)} |\n" for r in rows)


def hostile_row(runs: dict[str, Any], start_up: float) -> tuple[str, str, str, str]:
    """(f): the longest hostile line, and how its time grew from the line a tenth as long."""
    small, large = (runs[str(n)] for n in HOSTILE_REPEATS)
    ratio = (large["seconds"] - start_up) / max(small["seconds"] - start_up, 0.01)
    clean = small["code"] == large["code"] == 0
    return (
        "(f) hostile prose line, worst case",
        f"linear: ×10 line ≤ {HOSTILE_MAX_RATIO}× time above start-up, exit 0",
        f"{large['seconds']:.2f} s, {large['peak_mb']:.0f} MB peak for {HOSTILE_REPEATS[-1]:,} "
        f"repetitions ({large['line_mb']:.1f} MB line; exit {large['code']}); "
        f"{HOSTILE_REPEATS[0]:,}: {small['seconds']:.2f} s; ratio {ratio:.1f}",
        verdict(clean and ratio <= HOSTILE_MAX_RATIO),
    )


def bulk_rows(bulk_results: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """Throughput, floor ratio, memory and scaling rows of (c), (d) and (e)."""
    rows: list[tuple[str, str, str, str]] = []
    sizes = sorted(int(s) for s in bulk_results)
    for size in sizes:
        row = bulk_results[str(size)]
        floor = row["floor"]["seconds"]
        for key in sorted(k for k in row if k.startswith("jobs")):
            run = row[key]
            rate = size / run["seconds"]
            target = key == "jobs2" and size == max(sizes)
            rows.append(
                (
                    f"(c) bulk {size:,} text+HTML, --jobs {key[4:]}",
                    "≥ 1,000 reports/s and ≤ 10× floor" if target else "(context)",
                    f"{run['seconds']:.2f} s = {rate:,.0f} reports/s; floor {floor:.2f} s, "
                    f"ratio {run['seconds'] / floor:.1f}×",
                    verdict(rate >= 1000 and run["seconds"] <= 10 * floor) if target else "—",
                )
            )
            total = run.get("peak_pss_mb") or run["peak_mb"]
            rows.append(
                (
                    f"(d) peak memory, bulk {size:,}, --jobs {key[4:]}",
                    "≤ 150 MB in total" if size == max(sizes) else "(context)",
                    f"{total:.0f} MB PSS summed over the processes (RSS summed: "
                    f"{run['peak_mb']:.0f} MB; floor script {row['floor']['peak_mb']:.0f} MB)",
                    verdict(total <= 150) if size == max(sizes) else "—",
                )
            )
    if len(sizes) > 1:
        small, large = bulk_results[str(sizes[0])], bulk_results[str(sizes[-1])]
        for key in sorted(k for k in large if k.startswith("jobs")):
            ratio = large[key]["seconds"] / small[key]["seconds"]
            rows.append(
                (
                    f"(e) scaling {sizes[0]:,} → {sizes[-1]:,}, --jobs {key[4:]}",
                    f"time ratio 8–12 (×{sizes[-1] // sizes[0]} reports)",
                    f"{ratio:.2f}",
                    verdict(8 <= ratio <= 12),
                )
            )
    return rows


def report(results: dict[str, Any], work: Path) -> str:
    """Machine line, the table and the profile, as markdown."""
    m = results["machine"]
    lines = [
        f"Measured {m['date']} on {m['cores']} cores, {m['memory']} memory, "
        f"Python {m['python']}, {m['system']}; govcheck {results['version']}. "
        f"Load average (1 min) {m['load']} at the start, {results['load_end']} at the end.",
        "",
        table(results),
    ]
    profile = work / "profile.txt"
    if profile.exists():
        lines += ["Warm path: ms per stage and form, ms per rule kind (text), then cProfile of"]
        lines += ["the text report (top functions by own time):", "", "```text"]
        lines += [_trim(profile.read_text(encoding="utf-8")), "```", ""]
    return "\n".join(lines)


def _trim(profile: str) -> str:
    """The profile without pstats' blank lines and directory noise."""
    return "\n".join(line.rstrip() for line in profile.splitlines() if line.strip())


def update_doc(text: str) -> None:
    """Replace the results between the bench markers in docs/performance.md."""
    doc = DOC.read_text(encoding="utf-8")
    start, end = doc.index(BEGIN) + len(BEGIN), doc.index(END)
    DOC.write_text(doc[:start] + "\n" + text + "\n" + doc[end:], encoding="utf-8")


def main() -> None:
    """Install, generate, measure, print."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--work", type=Path, default=BENCH / ".work")
    parser.add_argument("--sizes", default="1000,10000", help="bulk sizes, comma-separated")
    parser.add_argument("--jobs", default="1,2", help="--jobs values for the bulk runs")
    parser.add_argument("--runs", type=int, default=10, help="cold-start runs")
    parser.add_argument("--skip-install", action="store_true", help="reuse the bench venv as is")
    parser.add_argument("--update-doc", action="store_true", help="write docs/performance.md")
    args = parser.parse_args()
    work: Path = args.work.resolve()
    (work / ".git").mkdir(parents=True, exist_ok=True)  # config discovery stops here
    env = work / "venv"
    sizes = [int(s) for s in args.sizes.split(",") if s]
    jobs = [int(j) for j in args.jobs.split(",") if j]
    install(env, args.skip_install)
    make_corpus(env, work / "corpus", sizes)
    version = subprocess.run(  # noqa: S603
        [str(bin_of(env, "govcheck")), "--version"], capture_output=True, text=True, check=True
    ).stdout.split()[-1]
    results: dict[str, Any] = {"machine": machine(), "version": version}
    results["cold"] = cold_start(env, work, args.runs)
    results["warm"] = warm(env, work)
    results["bulk"] = {str(size): bulk(env, work, size, jobs) for size in sizes}
    results["big"] = big_file(env, work)
    results["hostile"] = hostile(env, work)
    results["load_end"] = _load()
    (work / "results.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    text = report(results, work)
    (work / "results.md").write_text(text, encoding="utf-8")
    print(table(results))
    print(f"Full results: {work / 'results.md'} and results.json")
    if args.update_doc:
        update_doc(text)


if __name__ == "__main__":
    main()
