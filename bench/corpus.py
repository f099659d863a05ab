"""Generate the benchmark corpus from the project's own example reports.

Run with the bench venv's interpreter (it imports the installed govcheck and,
from the repository root, the test renderers ``tests/forms``). Everything is
deterministic: the same checkout always yields byte-identical files, so two
runs of the bench measure the same work.

Layout under ``OUT``:

- ``forms/``: each example and each faulty variant of it in every form
  (``.txt``, ``.html``, ``.docx``, ``.md``): the inputs of the warm
  per-form measurement;
- ``bulk-N/``: N reports, half text and half HTML, in folders of 500 (one per
  "organ"), for the bulk runs. The variants cycle; every file gets its own
  organ name so that no two files are byte-identical.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # tests/forms: the HTML and DOCX renderers of the test suite

from tests.forms import render_html as html_form  # noqa: E402 - needs the path above
from tests.forms.render_docx import render_docx  # noqa: E402

EXAMPLES = ROOT / "examples"
_DIGITS = re.compile(r"^\d+$")
_DATE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")
_SECTION_FIVE = "五、存在的主要问题及改进情况"
# Ten CJK characters used as digits to give every bulk file its own organ name.
_CODE = "甲乙丙丁戊己庚辛壬癸"
FOLDER_SIZE = 500


def variants(text: str) -> Iterator[tuple[str, str]]:
    """The example itself, then three faulty variants: (suffix, text)."""
    yield "", text
    lines = text.split("\n")
    numbers = [i for i, line in enumerate(lines) if _DIGITS.match(line)]
    if numbers:
        bumped = list(lines)
        middle = numbers[len(numbers) // 2]
        bumped[middle] = str(int(bumped[middle]) + 1)
        yield "-bumped", "\n".join(bumped)
    dates = [i for i, line in enumerate(lines) if _DATE.match(line.strip())]
    if dates:
        yield "-undated", "\n".join(lines[: dates[-1]] + lines[dates[-1] + 1 :])
    if _SECTION_FIVE in lines:
        yield "-no-section-five", "\n".join(line for line in lines if line != _SECTION_FIVE)


def to_markdown(text: str) -> str:
    """The report as a records repository keeps it: headings marked, pipe tables."""
    out: list[str] = []
    for block in html_form.report_blocks(text):
        if isinstance(block, html_form.Prose):
            marker = "# " if block.tag == "h1" else "## " if block.bold else ""
            out += [marker + block.text, ""]
            continue
        for index, row in enumerate(block):
            out.append("| " + " | ".join(c.text for c in row) + " |")
            if index == 0:
                out.append("|" + "---|" * len(row))
        out.append("")
    return "\n".join(out)


def write_forms(out: Path) -> list[Path]:
    """Every example and variant in the four forms; returns the text and HTML files."""
    folder = out / "forms"
    folder.mkdir(parents=True, exist_ok=True)
    sources: list[Path] = []
    for example in sorted(EXAMPLES.glob("*.txt")):
        for suffix, text in variants(example.read_text(encoding="utf-8")):
            stem = folder / f"{example.stem}{suffix}"
            stem.with_suffix(".txt").write_text(text, encoding="utf-8")
            stem.with_suffix(".html").write_bytes(html_form.render_html(text))
            stem.with_suffix(".docx").write_bytes(render_docx(text))
            stem.with_suffix(".md").write_text(to_markdown(text), encoding="utf-8")
            sources += [stem.with_suffix(".txt"), stem.with_suffix(".html")]
    return sources


def organ_code(number: int) -> str:
    """``number`` spelt with the ten CJK code characters (0 → 甲)."""
    digits = str(number)
    return "".join(_CODE[int(d)] for d in digits)


def write_bulk(out: Path, sources: list[Path], count: int) -> Path:
    """``count`` text and HTML reports, each with its own organ name."""
    folder = out / f"bulk-{count}"
    shutil.rmtree(folder, ignore_errors=True)
    contents = [(p.suffix, p.read_bytes()) for p in sources]
    marker = "示例".encode()
    for number in range(count):
        suffix, data = contents[number % len(contents)]
        organ = folder / f"organ-{number // FOLDER_SIZE:03d}"
        organ.mkdir(parents=True, exist_ok=True)
        unique = data.replace(marker, ("示例" + organ_code(number)).encode())
        (organ / f"report-{number:05d}{suffix}").write_bytes(unique)
    return folder


def big_text(out: Path, megabytes: int) -> Path:
    """One text file of about ``megabytes`` MB: an example report repeated."""
    path = out / f"big-{megabytes}mb.txt"
    seed = (EXAMPLES / "f2021-department-2022.txt").read_bytes()
    if not path.exists() or path.stat().st_size < megabytes * 1_000_000:
        path.write_bytes(seed * (megabytes * 1_000_000 // len(seed) + 1))
    return path


def main() -> None:
    """Write the corpus; prints the paths it made."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--big-mb", type=int, default=50)
    args = parser.parse_args()
    sources = write_forms(args.out)
    for size in (int(s) for s in args.sizes.split(",") if s):
        print(write_bulk(args.out, sources, size))
    print(big_text(args.out, args.big_mb))


if __name__ == "__main__":
    main()
