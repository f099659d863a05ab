"""The corpus dashboard of 2,000 reports in headless Chromium (issue 16, item 5).

Linting 2,000 files through the CLI takes minutes on a shared runner, and
what is tested here is the browser's side: so four results (clean,
faulty, without a title, township) are linted once
and handed 2,000 times, under 2,000 paths, to the same dashboard and output
folder the CLI uses (:class:`govcheck.dashboard_sink.PageSink`). The pages
carry no report text (that is ``test_dashboard.py``'s, through the CLI),
which keeps the folder small. The index must load within 10 s, fetch
nothing, show the right counts and bars, and link to pages that open.
Screenshots go to /tmp/t16-dash-*.png.
"""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from govcheck.api import Options, check, rule_meta
from govcheck.dashboard_sink import PageSink
from govcheck.findings import FileResult
from govcheck.i18n import text
from govcheck.output_dir import OutputDir
from govcheck.reporters.dashboard import Dashboard
from tests.cli.test_html_browser import PNG_SIGNATURE, browser  # noqa: F401 - the fixture
from tests.conftest import EXAMPLES

REPORTS = 2_000
SHOTS = Path("/tmp")


def results() -> list[FileResult]:
    """The examples' results, and one of a report without its title (not fully assessed)."""
    names = ("f2021-department-2022.txt", "f2021-faulty-2023.txt", "f2019-township-2020.txt")
    found = [check(EXAMPLES / name) for name in names]
    lines = (EXAMPLES / names[0]).read_text(encoding="utf-8").split("\n")
    found.append(check("\n".join(lines[1:]).encode("utf-8"), name="notitle.txt"))
    return found


def build(out: Path) -> tuple[Path, list[FileResult]]:
    seeds = results()
    meta = rule_meta(_rules(), "zh")
    sink = PageSink(OutputDir(out), Dashboard(meta, "zh"), streams=True)
    made = []
    try:
        for number in range(REPORTS):
            seed = seeds[number % len(seeds)]
            path = f"organ-{number // 500:03d}/report-{number:05d}.txt"
            made.append(replace(seed, path=path, linted=None))
            sink.file(made[-1])
        sink.not_read("organ-9/broken.txt", text("input.empty", "zh", path="organ-9/broken.txt"))
        index = sink.finish(skipped=3)
    finally:
        sink.close()
    return Path(index), made


def _rules() -> Any:
    from govcheck.api import active_rules

    return active_rules(Options())


def test_dashboard_of_2000_reports_renders_in_chromium(browser: Any, tmp_path: Path) -> None:  # noqa: F811
    from selenium.webdriver.common.by import By

    index, made = build(tmp_path / "out")
    started = time.monotonic()
    browser.get(index.as_uri())
    # get() may return before the load event on a busy machine: wait for it, within the 10 s.
    while browser.execute_script("return document.readyState") != "complete":
        assert time.monotonic() - started < 10, f"index of {REPORTS} reports still loading"
        time.sleep(0.05)
    loaded = time.monotonic() - started
    assert loaded < 10, f"index of {REPORTS} reports took {loaded:.1f} s"
    assert browser.title == text("dash.title", "zh")
    assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0

    tile = browser.find_element(By.CSS_SELECTOR, '[data-count="files"]')
    assert tile.get_attribute("data-value") == str(REPORTS)
    rows = browser.find_elements(By.CSS_SELECTOR, "#gc-reports tr[data-verdict]")
    assert len(rows) == REPORTS
    per_seed = REPORTS // 4
    counts = browser.execute_script(
        "const c = {}; document.querySelectorAll('#gc-reports tr[data-verdict]')"
        ".forEach(r => { c[r.dataset.verdict] = (c[r.dataset.verdict] || 0) + 1; }); return c;"
    )
    assert counts == {"pass": 2 * per_seed, "fail": per_seed, "incomplete": per_seed}

    # The charts are drawn: the longest bar of findings spans the plot (400 of 810 units).
    chart = browser.find_element(By.CSS_SELECTOR, "#gc-chart-findings svg")
    assert chart.is_displayed()
    widths = browser.execute_script(
        "return [...document.querySelectorAll('#gc-chart-findings rect')]"
        ".map(r => r.getBoundingClientRect().width);"
    )
    svg_width = chart.size["width"]
    assert widths and abs(max(widths) - svg_width * 400 / 810) < 1.5
    # Share of reports passing GC204: every seed but the one without a title.
    bar = browser.find_element(By.CSS_SELECTOR, '#gc-chart-share g[data-label^="GC204"]')
    parts = [r.get_attribute("data-count") for r in bar.find_elements(By.TAG_NAME, "rect")]
    assert parts == [str(3 * per_seed), str(per_seed)]
    unread = browser.find_element(By.ID, "gc-unread")
    assert "organ-9/broken.txt" in unread.text

    browser.save_screenshot(str(SHOTS / "t16-dash-index.png"))
    browser.execute_script("document.getElementById('gc-chart-level').scrollIntoView()")
    browser.save_screenshot(str(SHOTS / "t16-dash-charts.png"))
    browser.execute_script("document.getElementById('gc-reports').scrollIntoView()")
    browser.save_screenshot(str(SHOTS / "t16-dash-table.png"))

    # A report's link opens its page.
    link = rows[1].find_element(By.CSS_SELECTOR, "a.gc-page-link")
    assert link.text == made[1].path
    link.click()
    assert browser.current_url.endswith("/reports/00002-report-00001.html")
    assert browser.title == text("html.title", "zh")
    assert browser.find_element(By.ID, "gc-summary").get_attribute("data-error") == "6"
    browser.save_screenshot(str(SHOTS / "t16-dash-page.png"))
    for name in ("index", "charts", "table", "page"):
        data = (SHOTS / f"t16-dash-{name}.png").read_bytes()
        assert data.startswith(PNG_SIGNATURE) and len(data) > 10_000


@pytest.mark.parametrize("lang", ["en"])
def test_english_dashboard_in_chromium(browser: Any, tmp_path: Path, lang: str) -> None:  # noqa: F811
    from selenium.webdriver.common.by import By

    seeds = results()
    sink = PageSink(OutputDir(tmp_path / "out"), Dashboard(rule_meta(_rules(), "en"), "en"), True)
    try:
        for seed in seeds:
            sink.file(replace(seed, linted=None))
        index = Path(sink.finish(skipped=0))
    finally:
        sink.close()
    browser.get(index.as_uri())
    assert browser.title == text("dash.title", lang)
    heading = browser.find_element(By.CSS_SELECTOR, "#gc-chart-year h2")
    assert heading.text == text("dash.chart_year", lang)
    browser.save_screenshot(str(SHOTS / "t16-dash-en.png"))
