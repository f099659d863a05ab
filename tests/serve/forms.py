"""Every example report in every form a clerk may hold, and what ``govcheck lint`` says of it."""

from __future__ import annotations

import json
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

from tests.conftest import EXAMPLES
from tests.forms.render_docx import render_docx
from tests.forms.render_html import render_html
from tests.forms.render_markdown import render_markdown

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.txt"))


@cache
def forms() -> tuple[tuple[str, bytes], ...]:
    """(upload name, bytes) of each example as text, web page, Word file and Markdown."""
    out = []
    for path in EXAMPLE_FILES:
        text = path.read_text(encoding="utf-8")
        stem = path.stem
        out += [
            (f"{stem}.txt", path.read_bytes()),
            (f"{stem}.html", render_html(text)),
            (f"{stem}.docx", render_docx(text)),
            (f"{stem}.md", render_markdown(text).encode("utf-8")),
        ]
    return tuple(out)


def lint_json(path: Path, *args: str) -> dict[str, Any]:
    """``govcheck lint --isolated --format json PATH ARGS`` through the installed CLI."""
    govcheck = Path(sys.executable).parent / "govcheck"
    done = subprocess.run(
        [str(govcheck), "lint", "--isolated", "--format", "json", str(path), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    data: dict[str, Any] = json.loads(done.stdout)
    return data


def without_path(data: dict[str, Any]) -> dict[str, Any]:
    """The JSON document with each file's path left out (an upload has only a name)."""
    files = [{k: v for k, v in f.items() if k != "path"} for f in data["files"]]
    return {**data, "files": files}
