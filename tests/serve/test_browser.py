"""The upload page in headless Chromium: choose or drop a report, see the marked cells.

Uses the browser fixture of tests/cli/test_html_browser.py (Debian's
chromium and chromedriver; skipped locally without them, a failure in CI).
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from govcheck.i18n import text
from tests.cli.test_html_browser import browser  # noqa: F401 - the fixture
from tests.conftest import EXAMPLES
from tests.serve.page_words import word
from tests.serve.server import Server, require_extra, running

FAULTY = EXAMPLES / "f2021-faulty-2023.txt"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    require_extra()
    with running(tmp_path / "server") as started:
        yield started


def _verdict(driver: Any) -> Any:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, 60).until(lambda d: d.find_element(By.ID, "gc-verdict"))


def _check_marked(driver: Any) -> None:
    from selenium.webdriver.common.by import By

    verdict = _verdict(driver)
    assert verdict.get_attribute("data-verdict") == "fail"
    assert verdict.text.startswith(word("zh", "verdict_fail").format(errors=6, warnings=0))
    cell = driver.find_element(By.ID, "f1-t4-rv-total")
    assert "gc-fail" in (cell.get_attribute("class") or "").split()
    plain = driver.find_element(By.ID, "f1-t4-ld-total")
    colour = cell.value_of_css_property("background-color")
    assert colour != plain.value_of_css_property("background-color")
    assert "GC301" in driver.find_element(By.ID, "f1-t3-new-np").text
    # Verdict first, then the tables, then the findings.
    tables = driver.find_element(By.CSS_SELECTOR, "#f1 > .gc-tables").location["y"]
    findings = driver.find_element(By.CSS_SELECTOR, "#f1 > .gc-findings").location["y"]
    assert verdict.location["y"] < tables < findings
    assert not driver.find_element(By.CSS_SELECTOR, ".gc-run").is_displayed()
    # Only the page itself was loaded: no style sheet, script, font or image from anywhere.
    assert driver.execute_script("return performance.getEntriesByType('resource').length") == 0


def test_choose_a_file_and_see_the_marked_cells(browser: Any, server: Server) -> None:  # noqa: F811
    from selenium.webdriver.common.by import By

    browser.get(server.url)
    assert browser.title == word("zh", "title")
    browser.find_element(By.ID, "gc-file").send_keys(str(FAULTY))
    assert browser.find_element(By.ID, "gc-chosen").text == word("zh", "chosen") + FAULTY.name
    browser.find_element(By.ID, "gc-submit").click()
    _check_marked(browser)

    link = browser.find_element(By.ID, "gc-download")
    assert link.get_attribute("download") == "f2021-faulty-2023-govcheck.html"
    browser.execute_script("arguments[0].dispatchEvent(new MouseEvent('mouseover'))", link)
    browser.execute_script(
        "arguments[0].addEventListener('click', e => e.preventDefault()); arguments[0].click()",
        link,
    )
    assert (link.get_attribute("href") or "").startswith("blob:")

    pdf = base64.b64decode(browser.print_page())
    pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    assert 1 <= pages <= 8, pages
    print(f"\nthe served report of {FAULTY.name} prints on {pages} pages")


def test_drop_a_file_and_see_the_marked_cells(browser: Any, server: Server) -> None:  # noqa: F811
    from selenium.webdriver.common.by import By

    browser.get(server.url + "?lang=en")
    assert browser.title == word("en", "title")
    drop = browser.find_element(By.ID, "gc-drop")
    browser.execute_script(
        """
        const file = new File([arguments[1]], arguments[2], {type: "text/plain"});
        const data = new DataTransfer();
        data.items.add(file);
        arguments[0].dispatchEvent(new DragEvent("drop", {dataTransfer: data, bubbles: true}));
        """,
        drop,
        FAULTY.read_text(encoding="utf-8"),
        FAULTY.name,
    )
    verdict = _verdict(browser)
    assert verdict.text.startswith(word("en", "verdict_fail").format(errors=6, warnings=0))
    cell = browser.find_element(By.ID, "f1-t4-rv-total")
    assert "gc-fail" in (cell.get_attribute("class") or "").split()


def test_a_bad_file_shows_the_cli_message_in_the_page(
    browser: Any,  # noqa: F811
    server: Server,
    tmp_path: Path,
) -> None:
    from selenium.webdriver.common.by import By

    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    browser.get(server.url)
    browser.find_element(By.ID, "gc-file").send_keys(str(empty))
    browser.find_element(By.ID, "gc-submit").click()
    from selenium.webdriver.support.ui import WebDriverWait

    shown = WebDriverWait(browser, 60).until(lambda d: d.find_element(By.ID, "gc-error-message"))
    assert shown.text == text("input.empty", "zh", path="empty.txt")
    assert browser.find_element(By.ID, "gc-file").is_displayed()


def test_the_plain_html_report_prints_compactly(browser: Any, tmp_path: Path) -> None:  # noqa: F811
    """The print style sheet: the faulty example printed on 16 pages before it, 4 with it."""
    from tests.conftest import run_cli

    page = tmp_path / "report.html"
    assert run_cli("lint", str(FAULTY), "--format", "html", "--output", str(page)).exit_code == 1
    browser.get(page.as_uri())
    pdf = base64.b64decode(browser.print_page())
    pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    assert 1 <= pages <= 6, pages
