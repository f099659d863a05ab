"""`govcheck extract`: every table cell as data, with keys and source line (issue 8, part 2)."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from govcheck.extract import FIELDS
from govcheck.templates import TEMPLATE_IDS, load_template
from tests.conftest import EXAMPLES, ROOT, SEED, run_cli

Y2022 = EXAMPLES / "f2021-department-2022.txt"


def extract_json(*args: str) -> dict[str, Any]:
    result = run_cli("extract", *args)
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def template_cells(template_id: str) -> set[tuple[str, str, str]]:
    """Every (table, row, column) that a fully read report of the format has."""
    return {
        (table.id, row.key, column)
        for table in load_template(template_id).table
        for row in table.row
        for column in table.row_columns(row)
    }


@pytest.mark.usefixtures("shared")
def test_the_seed_yields_every_cell_of_tables_2_3_and_4_with_values_and_lines() -> None:
    data = extract_json(str(SEED))
    cells = data["cells"]
    assert Counter(c["table"] for c in cells) == {"t2": 22, "t3": 161, "t4": 15}
    assert {(c["table"], c["row"], c["column"]) for c in cells} == template_cells("F2019")
    assert all(c["line"] >= 1 and c["kind"] == "number" and c["value"] for c in cells)
    assert {(c["issuer"], c["year"], c["format"]) for c in cells} == {
        ("新城区胡家庙街道办事处", 2020, "2019")
    }
    by_key = {(c["table"], c["row"], c["column"]): c for c in cells}
    count = by_key[("t2", "procurement", "proc_count")]
    assert (count["value"], count["unit"], count["line"], count["raw"]) == ("85", "个", 137, "85个")
    assert (count["row_label"], count["column_label"]) == ("政府集中采购", "采购项目数量")
    amount = by_key[("t2", "procurement", "proc_amount")]
    assert (amount["value"], amount["unit"], amount["line"]) == ("933989", "元", 139)
    [file] = data["files"]
    assert [(t["table"], t["status"], t["cells"]) for t in file["tables"]] == [
        ("t2", "read", 22),
        ("t3", "read", 161),
        ("t4", "read", 15),
    ]


def test_an_f2021_report_yields_its_formats_keys_in_template_order() -> None:
    cells = extract_json(str(Y2022))["cells"]
    keys = [(c["table"], c["row"], c["column"]) for c in cells]
    assert set(keys) == template_cells("F2021") and len(keys) == len(set(keys))
    assert keys[:3] == [
        ("t2", "rules", "issued"),
        ("t2", "rules", "repealed"),
        ("t2", "rules", "valid"),
    ]
    fee = next(c for c in cells if c["row"] == "fee")
    assert (fee["value"], fee["line"], fee["source_column"]) == ("3.25", 44, 1)
    carry = next(c for c in cells if (c["row"], c["column"]) == ("carry_out", "tot"))
    assert (carry["raw"], carry["value"], carry["line"]) == ("3", "3", 260)


def test_csv_over_a_folder_is_one_long_table(tmp_path: Path) -> None:
    result = run_cli("extract", str(EXAMPLES), "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert tuple(rows[0]) == FIELDS
    per_file = Counter(Path(r["path"]).name for r in rows)
    assert per_file["f2021-department-2022.txt"] == len(template_cells("F2021"))
    assert per_file["f2021-department-2023.txt"] == len(template_cells("F2021"))
    assert per_file["f2019-township-2020.txt"] == len(template_cells("F2019"))
    assert "README.md" not in per_file  # not a report: no tables, no cells


def test_blank_and_placeholder_cells_have_no_value_but_say_what_they_are(tmp_path: Path) -> None:
    lines = Y2022.read_text(encoding="utf-8").split("\n")
    assert lines[20:23] == ["0", "0", "0"]
    lines[20], lines[21] = "—", "无"
    report = tmp_path / "r.txt"
    report.write_text("\n".join(lines), encoding="utf-8")
    cells = extract_json(str(report))["cells"]
    rules = [c for c in cells if c["row"] == "rules"]
    assert [(c["kind"], c["value"]) for c in rules] == [
        ("placeholder", None),
        ("placeholder", None),
        ("number", "0"),
    ]


def test_output_file_and_an_unreadable_input(tmp_path: Path) -> None:
    out = tmp_path / "cells.json"
    result = run_cli("extract", str(Y2022), str(tmp_path / "missing.txt"), "-o", str(out))
    assert result.exit_code == 2
    assert "missing.txt" in result.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [f["path"] for f in data["files"]] == [str(Y2022)]


def test_docs_extract_md_lists_every_template_key() -> None:
    doc = (ROOT / "docs" / "extract.md").read_text(encoding="utf-8")
    for template_id in TEMPLATE_IDS:
        for table in load_template(template_id).table:
            for key in (*(r.key for r in table.row), *(c.key for c in table.column)):
                assert f"`{key}`" in doc, (template_id, table.id, key)
    for field in FIELDS:
        assert f"`{field}`" in doc, field
