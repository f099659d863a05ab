"""Row-per-line text (Word's tab copy, PDF layout text) and markdown shapes read like the text.

Every example report, rendered as tab rows with CRLF, as space rows, and as
markdown with group labels sharing a cell and padded rows, gives the same
cells through ``govcheck extract`` and the same findings through ``govcheck
lint`` as its cell-per-line text. Then the gate: a raised table-3 number in
the tab copy, an unreadable table 3, and a table 4 whose blank trailing cells
are empty lines all exit 1 with the right rule.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLES, SEED, run_cli
from tests.forms.render_markdown import render_markdown
from tests.forms.render_rows import render_spaces, render_tabs

REPORTS = [*sorted(EXAMPLES.glob("*.txt")), *([SEED] if SEED.exists() else [])]
RENDERERS: dict[str, tuple[str, Callable[[str], str]]] = {
    "tabs": (".txt", render_tabs),
    "spaces": (".txt", render_spaces),
    "md-shared": (".md", lambda text: render_markdown(text, shared_cell=True)),
    "md-padded": (".md", lambda text: render_markdown(text, shared_cell=True, padded=True)),
}
CellKey = tuple[str, str, str]


def cells_of(path: Path) -> dict[CellKey, tuple[str, str | None, str, str]]:
    result = run_cli("extract", str(path), "--format", "json")
    assert result.exit_code == 0, result.output
    return {
        (c["table"], c["row"], c["column"]): (c["kind"], c["value"], c["raw"], c["unit"])
        for c in json.loads(result.stdout)["cells"]
    }


def lint_record(path: Path) -> dict[str, Any]:
    result = run_cli("lint", str(path), "--format", "json")
    assert result.exit_code in (0, 1), result.output
    record: dict[str, Any] = json.loads(result.stdout)["files"][0]
    return record


def rendered(tmp_path: Path, report: Path, form: str) -> Path:
    suffix, render = RENDERERS[form]
    out = tmp_path / f"{report.stem}.{form}{suffix}"
    out.write_bytes(render(report.read_text(encoding="utf-8")).encode("utf-8"))
    return out


@pytest.mark.parametrize("form", sorted(RENDERERS))
@pytest.mark.parametrize("report", REPORTS, ids=lambda p: p.name)
def test_every_form_reads_the_same_cells_and_findings(
    report: Path, form: str, tmp_path: Path
) -> None:
    path = rendered(tmp_path, report, form)
    expected = cells_of(report)
    assert len([k for k in expected if k[0] == "t3"]) in (161, 175)
    assert cells_of(path) == expected
    as_text, as_form = lint_record(report), lint_record(path)
    assert [(r["id"], r["status"]) for r in as_form["rules"]] == [
        (r["id"], r["status"]) for r in as_text["rules"]
    ]
    key = lambda f: (f["rule"], f["severity"], f["message"])  # noqa: E731
    assert Counter(map(key, as_form["findings"])) == Counter(map(key, as_text["findings"]))


def test_tab_copy_keeps_crlf_and_merged_cells_as_empty_leading_cells() -> None:
    text = render_tabs((EXAMPLES / "f2021-department-2023.txt").read_text(encoding="utf-8"))
    lines = text.split("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert "\t\t2.其他法律行政法规禁止公开\t0\t0\t0\t0\t0\t0\t0" in lines


def _tab_report(tmp_path: Path, old: str, new: str) -> tuple[Path, int]:
    """The clean 2023 example as Word's tab copy with one row replaced; and that row's line."""
    text = render_tabs((EXAMPLES / "f2021-department-2023.txt").read_text(encoding="utf-8"))
    lines = text.split("\r\n")
    index = lines.index(old)
    lines[index] = new
    path = tmp_path / "copied.txt"
    path.write_bytes("\r\n".join(lines).encode("utf-8"))
    return path, index + 1


def test_tab_copy_with_one_table3_number_raised_fails_the_identity(tmp_path: Path) -> None:
    row = "一、本年新收政府信息公开申请数量\t11\t2\t1\t0\t1\t0\t15"
    path, line = _tab_report(tmp_path, row, row.replace("\t11\t", "\t12\t"))
    result = run_cli("lint", str(path), "--format", "json", "--lang", "en")
    assert result.exit_code == 1, result.output
    findings = json.loads(result.stdout)["files"][0]["findings"]
    errors = {(f["rule"], f["line"], f["column"]) for f in findings if f["severity"] == "error"}
    # The row's total (GC303: 12+2+1+0+1+0 = 16 ≠ 15) and the natural persons column's balance
    # (GC301: 新收 12 + 上年结转 1 ≠ 总计 10 + 结转 2) both fail through one cell: one finding
    # names it, at its own place in the tab row, with the value that mends both.
    assert ("GC301", line, row.index("\t11\t") + 2) in errors
    [suspect] = [f for f in findings if f["rule"] in ("GC301", "GC303")]
    assert (suspect["cell"], suspect["suggested"]) == ("t3.new.np", "11")
    assert "is 12; as 11" in suspect["message"] and "(GC303)" in suspect["message"]
    assert not [f for f in findings if f["rule"] == "GC003"]
    extract = json.loads(run_cli("extract", str(path), "--format", "json").stdout)["cells"]
    [total] = [c for c in extract if (c["table"], c["row"], c["column"]) == ("t3", "new", "tot")]
    assert (total["line"], total["source_column"]) == (line, row.rindex("15") + 1)


def test_a_table3_row_that_cannot_be_read_fails_closed(tmp_path: Path) -> None:
    row = "二、上年结转政府信息公开申请数量\t1\t1\t0\t0\t1\t0\t3"
    path, line = _tab_report(tmp_path, row, "二、上年结转政府信息公开申请数量\t1\t1\t0\t1\t0\t3")
    result = run_cli("lint", str(path), "--format", "json", "--lang", "en")
    assert result.exit_code == 1, result.output
    record = json.loads(result.stdout)["files"][0]
    [gc003] = [f for f in record["findings"] if f["rule"] == "GC003"]
    assert (gc003["severity"], gc003["line"]) == ("error", line)
    assert 'row "二、上年结转政府信息公开申请数量" has 6 value(s) (1 1 0 1 0 3)' in gc003["message"]
    # The other rows were read: the identities over other rows are checked...
    statuses = {r["id"]: r["status"] for r in record["rules"]}
    assert statuses["GC302"] == "pass"
    # ...and the balance, which needs the unread row, says which cell it lacked.
    assert statuses["GC301"] == "not_assessable"
    extract = run_cli("extract", str(path), "--format", "json")
    t3 = [c for c in json.loads(extract.stdout)["cells"] if c["table"] == "t3"]
    assert len(t3) == 175 - 7
    assert not [c for c in t3 if c["row"] == "carry_in"]
    config = tmp_path / "govcheck.toml"
    config.write_text('[severity]\nGC003 = "warning"\n', encoding="utf-8")
    low = run_cli("lint", str(path), "--config", str(config))
    assert low.exit_code == 0, low.output  # lowered on purpose by the configuration


def test_gc301_names_the_unread_cell_it_lacked(tmp_path: Path) -> None:
    row = "二、上年结转政府信息公开申请数量\t1\t1\t0\t0\t1\t0\t3"
    path, _ = _tab_report(tmp_path, row, "二、上年结转政府信息公开申请数量\t1\t1\t0\t1\t0\t3")
    result = run_cli("lint", str(path), "--format", "junit", "--lang", "en", "--select", "GC301")
    assert (
        '<skipped message="cells of table 3 that could not be read: carried in/natural persons, '
        "carried in/businesses, carried in/research institutions, carried in/non-profits (+3); "
        'the identities over them are not assessable" />'
    ) in result.stdout


def test_space_rows_with_a_lost_blank_cell_leave_only_that_row_unread(tmp_path: Path) -> None:
    text = render_spaces((EXAMPLES / "f2021-department-2023.txt").read_text(encoding="utf-8"))
    old = "  （一）予以公开   5   1   1   0   1   0   8"
    assert old in text
    path = tmp_path / "layout.txt"
    path.write_text(text.replace(old, "  （一）予以公开   5   1   1   1   0   8"), encoding="utf-8")
    result = run_cli("lint", str(path), "--format", "line", "--lang", "en")
    assert result.exit_code == 1
    assert 'GC003 error table 3: row "（一）予以公开" has 6 value(s) (5 1 1 1 0 8)' in result.stdout
    assert "0 value" not in result.stdout


def _t4_blank_tail(numbers: list[str], extra_blank_lines: int = 0) -> str:
    text = (EXAMPLES / "f2021-department-2023.txt").read_text(encoding="utf-8")
    lines = text.split("\n")
    start = lines.index("四、政府信息公开行政复议、行政诉讼情况") + 1
    end = lines.index("五、存在的主要问题及改进情况")
    body = lines[start:end]
    headers = body[: len(body) - 15]
    tail = numbers + [""] * (15 - len(numbers) + extra_blank_lines)
    return "\n".join([*lines[:start], *headers, *tail, *lines[end:]])


@pytest.mark.parametrize("extra", [0, 1])
def test_table4_with_blank_trailing_empty_lines_fails_the_planted_sum(
    extra: int, tmp_path: Path
) -> None:
    path = tmp_path / "t4.txt"
    path.write_text(_t4_blank_tail(["1", "2", "3", "4", "99"], extra), encoding="utf-8")
    result = run_cli("lint", str(path), "--format", "json", "--lang", "en")
    assert result.exit_code == 1, result.output
    findings = json.loads(result.stdout)["files"][0]["findings"]
    [gc304] = [f for f in findings if f["rule"] == "GC304"]
    assert "10" in gc304["message"] and "99" in gc304["message"]
    cells = json.loads(run_cli("extract", str(path), "--format", "json").stdout)["cells"]
    t4 = {(c["row"], c["column"]): c["kind"] for c in cells if c["table"] == "t4"}
    if extra == 0:  # every empty line up to the next heading is a cell: all 15 read, 10 blank
        assert len(t4) == 15 and Counter(t4.values()) == {"number": 5, "blank": 10}
    else:  # one empty line too many: only the first row is certain
        assert set(t4) == {("rv", c) for c in ("keep", "fix", "other", "pending", "total")}
        assert any(f["rule"] == "GC003" and f["severity"] == "error" for f in findings)


def test_the_shanghai_layout_is_a_report_with_its_table_2_read_exactly(shared: Path) -> None:
    """Text parts first, then the tables under 一、二、三 (corpus 12): no longer 'not a report'."""
    path = shared / "corpus" / "12_shanghai-stcsm-2024.md"
    record = lint_record(path)
    statuses = {r["id"]: r["status"] for r in record["rules"]}
    assert statuses["GC001"] == "pass"
    t2 = {k[1:]: v[2] for k, v in cells_of(path).items() if k[0] == "t2"}
    assert t2 == {
        ("rules", "issued"): "0",
        ("rules", "repealed"): "0",
        ("rules", "valid"): "0",
        ("normative", "issued"): "13",
        ("normative", "repealed"): "0",
        ("normative", "valid"): "55",
        ("license", "decisions"): "97",
        ("penalty", "decisions"): "0",
        ("coercion", "decisions"): "0",
        ("fee", "fee_amount"): "0",
    }
    # Table 3 is fragmented by the conversion: unread rows fail closed.
    assert any(f["rule"] == "GC003" and f["severity"] == "error" for f in record["findings"])


@pytest.mark.parametrize(("name", "lang"), [("r.doc", "zh"), ("r.wps", "en")])
def test_a_doc_or_wps_file_is_told_to_save_as_docx_or_html_never_txt(
    name: str, lang: str, tmp_path: Path
) -> None:
    path = tmp_path / name
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 40)  # OLE2
    result = run_cli("lint", str(path), "--lang", lang)
    assert result.exit_code == 2
    message = result.stderr.strip()
    assert message.startswith(str(path)) and ".docx" in message and ".html" in message
    assert ".txt" not in message


def test_the_installed_script_fails_the_word_copy_and_the_pdf_text_with_a_raised_number(
    tmp_path: Path,
) -> None:
    """As a clerk runs it: the installed ``govcheck`` on both row forms, one t3 number + 1."""
    exe = shutil.which("govcheck")
    assert exe is not None, "the govcheck console script is not installed"
    text = (EXAMPLES / "f2021-department-2023.txt").read_text(encoding="utf-8")
    raised = text.replace("四、结转下年度继续办理\n2\n", "四、结转下年度继续办理\n3\n", 1)
    assert raised != text
    for name, render in (("copied.txt", render_tabs), ("layout.txt", render_spaces)):
        path = tmp_path / name
        path.write_bytes(render(raised).encode("utf-8"))
        clean = tmp_path / f"clean-{name}"
        clean.write_bytes(render(text).encode("utf-8"))
        ok = subprocess.run([exe, "lint", str(clean)], capture_output=True, text=True, check=False)
        assert ok.returncode == 0, ok.stdout
        proc = subprocess.run(
            [exe, "lint", str(path), "--lang", "en"], capture_output=True, text=True, check=False
        )
        assert proc.returncode == 1, proc.stdout + proc.stderr
        errors = [line for line in proc.stdout.splitlines() if " error " in line]
        # Row 结转下年度: applicants 3 + 0 + … ≠ its total 2 (GC303), and the balance (GC301):
        # one cell explains both, so one finding names it (the suspect cell) with its value 2.
        suspect = 'row "carried forward", column "natural persons" is 3; as 2, '
        assert [e for e in errors if " GC30" in e] == [
            next(e for e in errors if " GC301 error " in e and suspect in e and "(GC303)" in e)
        ], errors
        assert not any(" GC003 " in e for e in errors), errors
