"""Markdown: pipe rows become cells (blanks kept), separator rows and page footers go."""

from __future__ import annotations

from govcheck.load import load_bytes
from govcheck.parse import parse

REPORT = """# 示例县民政局2022年政府信息公开工作年度报告

## 四、政府信息公开行政复议、行政诉讼情况

| 行政复议 | | | | | 行政诉讼 |
|---|---|---|---|---|---|
| 1 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |  |

— 3 —

## 五、存在的主要问题及改进情况
"""


def test_pipe_cells_separators_and_footers() -> None:
    source = load_bytes(REPORT.encode("utf-8"), "r.md")
    texts = [u.text for u in source.reading_units()]
    assert "— 3 —" not in texts and not any(t.startswith("|---") for t in texts)
    row = [u for u in source.reading_units() if u.line == 7]
    assert [u.text for u in row][:5] == ["1", "0", "0", "0", "1"]
    assert row[-1].text == "" and row[-1].cell  # a lost cell stays a blank, not dropped
    assert row[1].column == REPORT.split("\n")[6].index("0") + 1


def test_blank_cell_in_table_four_is_mapped_as_blank() -> None:
    doc = parse(load_bytes(REPORT.encode("utf-8"), "r.md"))
    cell = doc.tables["t4"].cell("lr", "total")
    assert cell is not None and cell.kind.value == "blank"
