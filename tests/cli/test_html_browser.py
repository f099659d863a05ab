"""``--format html`` in a real browser: Debian's headless Chromium through chromedriver.

The page is written by the CLI and opened from disk (file://), as a clerk
would open it. Without Chromium the test skips on a developer's machine, but
fails in CI (CI=true), where .ci/run installs it: a browser test that
silently skips would prove nothing.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn

import pytest

from govcheck.i18n import text
from tests.conftest import EXAMPLES, run_cli

FAULTY = EXAMPLES / "f2021-faulty-2023.txt"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
CHROME_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--window-size=1280,1600",
)


def _unavailable(reason: str) -> NoReturn:
    """Skip locally; in CI the browser is installed, so its absence is a failure."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but {reason}; .ci/run should have installed it")
    pytest.skip(reason)


def _executable(name: str) -> str:
    found = shutil.which(name) or shutil.which(name, path="/usr/bin")
    if found is None:
        _unavailable(f"{name} is not installed (apt-get install chromium chromium-driver)")
    return found


def test_missing_browser_skips_locally_but_fails_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="no browser"):
        _unavailable("no browser")
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="no browser"):
        _unavailable("no browser")


@pytest.fixture
def browser(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A headless Chromium with a fresh profile, quit after the test."""
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        _unavailable("selenium is not installed (pip install 'govcheck[test]')")
    chromium, chromedriver = _executable("chromium"), _executable("chromedriver")
    # Both binaries are given, so Selenium Manager never looks anything up online.
    monkeypatch.setenv("SE_OFFLINE", "true")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in (*CHROME_FLAGS, f"--user-data-dir={tmp_path / 'profile'}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=chromedriver), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def _finding(rule: str) -> dict[str, Any]:
    data = json.loads(run_cli("lint", str(FAULTY), "--format", "json").stdout)
    return next(f for f in data["files"][0]["findings"] if f["rule"] == rule)


def test_report_renders_in_chromium(browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    page = tmp_path / "report.html"
    result = run_cli("lint", str(FAULTY), "--format", "html", "--output", str(page))
    assert result.exit_code == 1, result.output
    browser.get(page.as_uri())

    # The page renders: title, summary counts, and nothing fetched from anywhere.
    assert browser.title == text("html.title", "zh")
    summary = browser.find_element(By.ID, "gc-summary")
    assert summary.get_attribute("data-error") == "6"
    assert summary.text == text("ui.summary", "zh", files=1, error=6, warning=0, info=0)
    assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0

    # 表四 行政复议 总计 fails GC304; the style sheet really colours it.
    cell = browser.find_element(By.ID, "f1-t4-rv-total")
    assert "gc-fail" in (cell.get_attribute("class") or "").split()
    gc304 = _finding("GC304")
    assert gc304["message"] in (cell.get_attribute("title") or "")
    plain = browser.find_element(By.ID, "f1-t4-ld-total")
    assert cell.value_of_css_property("background-color") != plain.value_of_css_property(
        "background-color"
    )

    # 表三 自然人 新收 is marked for GC301.
    np_new = browser.find_element(By.ID, "f1-t3-new-np")
    assert "gc-fail" in (np_new.get_attribute("class") or "").split()
    assert "GC301" in np_new.text

    # Findings are highlighted in the text at their lines.
    for rule, line in (("GC301", 115), ("GC304", 571), ("GC501", 13), ("GC201", 603)):
        row = browser.find_element(By.ID, f"f1-L{line}")
        assert "gc-hit" in (row.get_attribute("class") or "").split()
        assert row.is_displayed()
        assert rule in row.text
    assert "gc-related" in (browser.find_element(By.ID, "f1-L563").get_attribute("class") or "")

    # A cell's badge leads to its finding in the list.
    badge = cell.find_element(By.CSS_SELECTOR, "a.gc-badge")
    badge.click()
    target = browser.current_url.rsplit("#", 1)[1]
    listed = browser.find_element(By.ID, target)
    assert listed.get_attribute("data-rule") == "GC304"
    assert gc304["message"] in listed.text

    shot = tmp_path / "report.png"
    browser.get(page.as_uri())
    assert browser.save_screenshot(str(shot))
    data = shot.read_bytes()
    assert data.startswith(PNG_SIGNATURE)
    assert len(data) > 10_000
