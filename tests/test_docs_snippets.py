"""The docs' snippets work when copied (issue 16).

Every ``sh`` and ``toml`` block of README.md and docs/*.md says what it is,
on the line before it: ``<!-- snippet: run -->`` (each command is run here,
in a folder holding the files it names, and must not exit 2 or print a
traceback), ``<!-- snippet: config -->`` (a govcheck.toml that ``govcheck
config --show`` must accept), ``<!-- snippet: pre-commit -->`` (a YAML file
``pre-commit validate-config`` must accept) or ``<!-- snippet: illustrative:
why -->`` (not run, and the reason says why). An unmarked block fails the
test, so a new snippet cannot go untested by accident. YAML blocks that are
not marked must at least parse.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from tests.conftest import EXAMPLES, ROOT
from tests.forms.render_docx import render_docx
from tests.forms.render_html import render_html
from tests.load.test_pdf import make_pdf, text

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
MESSAGES = ROOT / "src" / "govcheck" / "i18n" / "messages.toml"
_FENCE = re.compile(r"^```(\w+)\n(.*?)^```$", re.MULTILINE | re.DOTALL)
_MARK = re.compile(r"<!-- snippet: (run|config|pre-commit|illustrative: [^>]*\S) -->\n\n?$")
CHECKED = ("sh", "toml")


@dataclass(frozen=True)
class Snippet:
    doc: str
    line: int
    lang: str
    kind: str | None
    body: str

    def __str__(self) -> str:
        return f"{self.doc}:{self.line}"


def snippets() -> list[Snippet]:
    found = []
    for doc in DOCS:
        source = doc.read_text(encoding="utf-8")
        for match in _FENCE.finditer(source):
            before = source[: match.start()]
            mark = _MARK.search(before[-300:])
            kind = mark.group(1).split(":")[0] if mark else None
            line = before.count("\n") + 1
            name = doc.relative_to(ROOT).as_posix()
            found.append(Snippet(name, line, match.group(1), kind, match.group(2)))
    return found


def of_kind(kind: str) -> list[Snippet]:
    return [s for s in snippets() if s.kind == kind]


def test_every_shell_and_toml_snippet_says_what_it_is() -> None:
    unmarked = [str(s) for s in snippets() if s.lang in CHECKED and s.kind is None]
    assert unmarked == []
    # The kinds that run are not empty: a broken marker pattern cannot pass vacuously.
    assert len(of_kind("run")) >= 5 and of_kind("config") and of_kind("pre-commit")


def test_no_doc_installs_from_an_index_or_names_a_missing_tag() -> None:
    # ``pip install govcheck``, ``"govcheck[pdf]"``; not ``"govcheck[pdf] @ git+…"``.
    index = re.compile(r"""pip install (["']?)govcheck(\[[a-z,]+\])?\1(?![\w\[]| @)""")
    assert index.search("pip install 'govcheck[pdf]'") and index.search("pip install govcheck`")
    assert not index.search('pip install "govcheck[pdf] @ git+https://x/g.git@0"')
    for path in [*DOCS, MESSAGES]:
        source = path.read_text(encoding="utf-8")
        assert not index.search(source), path
        for rev in re.findall(r"^\s*rev:\s*(\S+)", source, re.MULTILINE):
            assert re.fullmatch(r"[0-9a-f]{40}", rev), (path, rev)


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding every file the docs' commands name."""
    root = tmp_path_factory.mktemp("docs")
    (root / ".git").mkdir()  # configuration discovery stops here
    clean = (EXAMPLES / "f2021-department-2022.txt").read_text(encoding="utf-8")
    for name in ("report.txt", "a.txt", "报告.txt", "2022.txt"):
        (root / name).write_text(clean, encoding="utf-8")
    shutil.copy(EXAMPLES / "f2021-faulty-2023.txt", root / "b.txt")
    shutil.copy(EXAMPLES / "f2021-department-2023.txt", root / "2023.txt")
    (root / "report.html").write_bytes(render_html(clean))
    (root / "r.docx").write_bytes(render_docx(clean))
    (root / "report.pdf").write_bytes(make_pdf([text(50, 800, "Annual report")]))
    shutil.copytree(EXAMPLES, root / "examples")
    shutil.copytree(EXAMPLES, root / "reports")
    return root


def run(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """One command as a user's shell runs it, with this environment's govcheck and python."""
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    return subprocess.run(
        ["bash", "-c", command],
        cwd=cwd,
        env={**os.environ, "PATH": path},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def commands(snippet: Snippet) -> list[str]:
    return [line for line in snippet.body.splitlines() if line.strip() and not line.startswith("#")]


@pytest.mark.parametrize("snippet", of_kind("run"), ids=str)
def test_shell_snippet_runs(snippet: Snippet, sandbox: Path) -> None:
    assert snippet.lang == "sh"
    for command in commands(snippet):
        proc = run(command, sandbox)
        assert proc.returncode in (0, 1), f"{snippet}: {command}\n{proc.stderr}"
        assert "Traceback" not in proc.stderr, command


@pytest.mark.parametrize("snippet", of_kind("config"), ids=str)
def test_configuration_snippet_is_accepted(snippet: Snippet, tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "govcheck.toml").write_text(snippet.body, encoding="utf-8")
    shutil.copy(EXAMPLES / "f2021-department-2022.txt", tmp_path / "r.txt")
    shown = run("govcheck config --show", tmp_path)
    assert shown.returncode == 0, shown.stderr
    linted = run("govcheck lint r.txt", tmp_path)
    assert linted.returncode == 0, linted.stdout + linted.stderr


@pytest.mark.parametrize("snippet", of_kind("pre-commit"), ids=str)
def test_pre_commit_snippet_is_a_valid_configuration(snippet: Snippet, tmp_path: Path) -> None:
    config = tmp_path / ".pre-commit-config.yaml"
    config.write_text(snippet.body, encoding="utf-8")
    proc = run(f"{sys.executable} -m pre_commit validate-config {config}", tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize("snippet", [s for s in snippets() if s.lang == "yaml"], ids=str)
def test_yaml_snippet_parses(snippet: Snippet) -> None:
    assert isinstance(yaml.safe_load(snippet.body), dict)
