"""The built-in templates compiled ahead of time: current, faithful, read without pydantic."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from pydantic import TypeAdapter, ValidationError

from govcheck import compile as compile_step
from govcheck.templates import (
    COMPILED,
    TEMPLATE_IDS,
    ColumnSpec,
    Template,
    Vocabulary,
    load_template,
    vocabulary,
)
from tests.conftest import ROOT

TEMPLATES = ROOT / "src" / "govcheck" / "templates"


def test_the_committed_json_is_the_compiled_toml() -> None:
    """Fails when a template TOML was edited without `python -m govcheck.compile`."""
    committed = (TEMPLATES / COMPILED).read_text(encoding="utf-8")
    assert committed == compile_step.compiled_templates()


@pytest.mark.parametrize("template_id", TEMPLATE_IDS)
def test_the_json_reads_back_to_the_validated_toml(template_id: str) -> None:
    toml = (TEMPLATES / f"{template_id.lower()}.toml").read_text(encoding="utf-8")
    validated = TypeAdapter(Template).validate_python(tomllib.loads(toml))
    assert load_template(template_id) == validated  # tuples stay tuples, order is kept
    common = tomllib.loads((TEMPLATES / "common.toml").read_text(encoding="utf-8"))
    assert vocabulary() == TypeAdapter(Vocabulary).validate_python(common)


def test_the_compile_step_refuses_unknown_keys() -> None:
    with pytest.raises(ValidationError, match="bogus"):
        TypeAdapter(ColumnSpec).validate_python(
            {"key": "k", "label": "l", "short": "s", "short_en": "s", "bogus": 1}
        )


def test_check_reports_a_stale_file_and_compile_rewrites_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / COMPILED
    target.write_text("{}\n", encoding="utf-8")
    monkeypatch.setattr(compile_step, "_target", lambda: target)
    assert compile_step.main(["--check"]) == 1
    assert "is stale: run python -m govcheck.compile" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "{}\n"  # --check never writes
    assert compile_step.main([]) == 0
    assert compile_step.main(["--check"]) == 0
    assert target.read_text(encoding="utf-8") == compile_step.compiled_templates()


def test_the_installed_module_checks_the_shipped_json() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "govcheck.compile", "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, "")


def test_reading_the_templates_imports_no_pydantic() -> None:
    code = (
        "import sys; from govcheck.templates import all_templates, vocabulary; "
        "all_templates(); vocabulary(); print('pydantic' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == "False\n"
