"""Compile the built-in templates ahead of time: TOML validated by pydantic, written as JSON.

Run ``python -m govcheck.compile`` after editing ``src/govcheck/templates/*.toml``;
``--check`` only says whether the committed JSON is current (a test runs it).
At run time govcheck reads the JSON into frozen dataclasses and never imports
pydantic for the templates: data that changes only with a release is
validated once, when it is written, not in every process.
"""

from __future__ import annotations

import dataclasses
import json
import sys
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from govcheck import templates
from govcheck.templates import TEMPLATE_IDS, Template, Vocabulary


def _read(name: str) -> dict[str, Any]:
    raw = resources.files(templates).joinpath(name).read_bytes()
    return tomllib.loads(raw.decode("utf-8"))


def compiled_templates() -> str:
    """The templates and the vocabulary, validated, as the JSON text ``compiled.json`` holds."""
    from pydantic import TypeAdapter  # the compile step is the only place that needs it

    data = {
        "templates": {
            t: dataclasses.asdict(TypeAdapter(Template).validate_python(_read(f"{t.lower()}.toml")))
            for t in TEMPLATE_IDS
        },
        "vocabulary": dataclasses.asdict(
            TypeAdapter(Vocabulary).validate_python(_read("common.toml"))
        ),
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def _target() -> Path:
    return Path(str(resources.files(templates).joinpath(templates.COMPILED)))


def main(argv: list[str]) -> int:
    """Write the compiled JSON (exit 0), or with ``--check`` exit 1 when it is stale."""
    text = compiled_templates()
    target = _target()
    current = target.read_text(encoding="utf-8") if target.is_file() else None
    if "--check" in argv:
        if current != text:
            print(f"{target} is stale: run python -m govcheck.compile", file=sys.stderr)
            return 1
        return 0
    if current != text:
        target.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
