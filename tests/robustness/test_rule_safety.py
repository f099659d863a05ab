"""Rule packs are data: nothing is executed, and no pattern can hang a run.

- No ``eval``, ``exec`` or builtin ``compile`` anywhere in govcheck (only
  ``re.compile``); modules are imported by computed name only inside the
  package; no module imports pickle, marshal or shelve (nothing is ever
  unpickled, so no planted file can run code).
- A regex that could backtrack catastrophically is refused when its pack
  loads, with file, line and key, in every field of every kind that holds a
  regex; the built-in packs pass the same check.
"""

from __future__ import annotations

import ast
import contextlib
import copy
import io
import os
import re
import subprocess
import sys
import time
import tokenize
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from govcheck.engine.packs import builtin_pack_files, load_pack_text
from govcheck.engine.regex_safety import (
    AMBIGUOUS,
    NESTED,
    TOO_COMPLEX,
    TOO_DEEP,
    UnsafePatternError,
    check_pattern,
)
from govcheck.errors import RuleFileError
from govcheck.i18n import text
from govcheck.tomlpos import TOO_DEEP as TOML_DEEP
from tests.conftest import EXAMPLES, ROOT, run_cli

SRC = ROOT / "src" / "govcheck"

# --- nothing is executed -------------------------------------------------------------------

DYNAMIC = {"eval", "exec", "compile", "__import__", "execfile"}


def sources() -> Iterator[Path]:
    yield from sorted(SRC.rglob("*.py"))


def dynamic_calls(path: Path, root: Path = ROOT) -> Iterator[str]:
    """Calls of eval, exec, compile… in code (not in strings or comments), except re.compile."""
    tokens = [
        t
        for t in tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline)
        if t.type not in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE)
    ]
    for before, name, after in zip(tokens, tokens[1:], tokens[2:], strict=False):
        if name.type != tokenize.NAME or name.string not in DYNAMIC or after.string != "(":
            continue
        if before.string == "def":
            continue
        if before.string == ".":
            owner = tokens[tokens.index(before) - 1].string
            if name.string == "compile" and owner == "re":
                continue
        yield f"{path.relative_to(root)}:{name.start[0]}: {name.line.strip()}"


def test_no_eval_exec_or_compile_in_the_source() -> None:
    found = [hit for path in sources() for hit in dynamic_calls(path)]
    assert not found, "\n".join(found)


def test_the_scanner_finds_what_it_looks_for(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        'import re\nre.compile("x")\n# eval(x)\ns = "exec(y)"\nvalue = eval(s)\n'
        "code = compile(s, 'f', 'exec')\nobj.compile(1)\n",
        encoding="utf-8",
    )
    hits = [h.split(": ", 1)[1] for h in dynamic_calls(sample, tmp_path)]
    assert hits == ["value = eval(s)", "code = compile(s, 'f', 'exec')", "obj.compile(1)"]


def test_modules_are_imported_by_computed_name_only_within_govcheck() -> None:
    """``import_module(f"govcheck.load.{form}")``: the prefix is fixed, the end a closed set."""
    for path in sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "import_module":
                name = node.args[0]
                fixed = (
                    name.values[0]
                    if isinstance(name, ast.JoinedStr)
                    else name
                    if isinstance(name, ast.Constant)
                    else None
                )
                assert isinstance(fixed, ast.Constant), f"{path}:{node.lineno}"
                assert str(fixed.value).startswith(("govcheck.", "re.")), f"{path}:{node.lineno}"


# Modules that turn bytes into objects that can run code when loaded.
UNSAFE_MODULES = {"pickle", "cPickle", "_pickle", "marshal", "shelve", "dill", "cloudpickle"}


def unsafe_imports(path: Path, root: Path = ROOT) -> Iterator[str]:
    """Imports of a module of UNSAFE_MODULES (``import x``, ``from x import y``)."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        else:
            continue
        for name in names:
            if name.split(".")[0] in UNSAFE_MODULES:
                yield f"{path.relative_to(root)}:{node.lineno}: {name}"


def test_no_module_imports_pickle_marshal_or_shelve() -> None:
    found = [hit for path in sources() for hit in unsafe_imports(path)]
    assert not found, "\n".join(found)


def test_the_import_scanner_finds_what_it_looks_for(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import os\nimport pickle\nfrom marshal import loads\n"
        "def f():\n    import shelve as s\n# import dill\ntext = 'import cloudpickle'\n",
        encoding="utf-8",
    )
    hits = [h.split(": ", 1)[1] for h in unsafe_imports(sample, tmp_path)]
    assert hits == ["pickle", "marshal", "shelve"]


# --- catastrophic regexes ------------------------------------------------------------------

CATASTROPHIC = [
    (r"(a+)+$", NESTED),
    (r"(a*)*$", NESTED),
    (r"(a+?)+$", NESTED),
    (r"((ab)+)+$", NESTED),
    (r"(\w+\s?)+$", NESTED),
    (r"^(([a-z])+.)+[A-Z]([a-z])+$", NESTED),
    (r"(x+x+)+y", NESTED),
    (r"(\d{1,3})+", NESTED),
    (r"(.*a){12}", NESTED),
    (r"(?:[^,]+,?)*x", NESTED),
    (r"(a)(?:\1)+", NESTED),
    (r"(?:(?:a+){2})+", NESTED),
    (r"(?=(a+)+$)", NESTED),
    (r"(a|a)*$", AMBIGUOUS),
    (r"(a|aa)+$", AMBIGUOUS),
    (r"(a|ab|b)*c", AMBIGUOUS),
    (r"(?:[^,]|\w)+$", AMBIGUOUS),
    (r"(?:.|a)+$", AMBIGUOUS),
    (r"(?i:ab|AB)+$", AMBIGUOUS),
    (r"(?:收到|收到申请|申请)+$", AMBIGUOUS),
    (r"(?:(?:ab|cd)(?:ef|gh)(?:ij|kl)(?:mn|op)(?:qr|st)(?:uv|wx)(?:yz|AB))+", TOO_COMPLEX),
]
SAFE = [
    r"(?:,[0-9]{3})+",
    r"(?:共计|共|合计|总计|总数|为|达)*(?P<n>[0-9]+)",
    r"[一二三四五六七八九十]+",
    r"(?:ab)+",
    r"(?:a|b)+",
    r"a+b+",
    r"(?:a++)+",
    r"(?>a+)+",
    r"(?:(?!复议)[^。;,]){0,30}?",
    r"(?:办理|答复|处理){0,2}",
    r"(?:\d|,)+",
    r"(?:[一-龥]|\d)+",
    r"^(?:[一二三四五六七八九十]+是)?年",
    r"(?:x(?:a|ab)c)+",
    r"(?:a(?=b)|ab)+",
]


@pytest.mark.parametrize(("pattern", "reason"), CATASTROPHIC)
def test_catastrophic_patterns_are_refused(pattern: str, reason: str) -> None:
    with pytest.raises(UnsafePatternError) as info:
        check_pattern(pattern)
    assert str(info.value) == f"regular expression {pattern!r}: {reason}"


@pytest.mark.parametrize("pattern", SAFE)
def test_safe_patterns_are_accepted(pattern: str) -> None:
    check_pattern(pattern)


def test_the_check_itself_is_fast_on_hostile_patterns() -> None:
    hostile = [
        "(?:" + "|".join(f"a{'b' * i}" for i in range(60)) + ")+",
        "(?:" + "|".join("x" * 16 + chr(0x4E00 + i) for i in range(60)) + ")+",
        "(?:[\u4e00-\u9fff]|[\u3400-\u4dbf]|\\d|\\w|[^a])+",
        "(?:" + "(?:a|b)" * 500 + ")+",
    ]
    started = time.perf_counter()
    for pattern in hostile:
        with contextlib.suppress(UnsafePatternError):
            check_pattern(pattern)
    assert time.perf_counter() - started < 5


def test_the_suggested_rewrites_are_accepted_and_fast() -> None:
    """``(a+)+$`` takes minutes on 30 a's and a b; each rewrite it suggests, microseconds.

    (Longer lines stay quadratic under ``re.search``, as any unanchored ``a+``
    does: polynomial backtracking is bounded by the input size, not refused.)
    """
    line = "a" * 5_000 + "b"
    for pattern in (r"a+$", r"(?>a+)+$", r"(?:a++)+$"):
        check_pattern(pattern)
        started = time.perf_counter()
        assert re.search(pattern, line) is None
        assert time.perf_counter() - started < 2


# --- in the packs --------------------------------------------------------------------------

# Keys whose strings are regular expressions, and keys whose strings are not:
# a new key must be put in one of them, so that no regex field goes unchecked.
REGEX_KEYS = {
    "patterns",
    "period_patterns",
    "own_year_patterns",
    "exclude_patterns",
    "sentence_breaks",
    "cue_patterns",
    "sentence_end",
    "clause_end",
    "other_year",
    "skip_sentence",
    "skip_clause",
    "require",
    "unless",
    "mention",
    "since",
}
PLAIN_KEYS = {
    "F2019", "F2021", "added", "cells", "column", "content", "count_units", "denominators",
    "department_localities", "each", "en", "example", "formats", "id", "kind", "levels", "lhs",
    "minus", "money_units", "name", "numerators", "over", "plus", "previous_row", "readings",
    "removed", "rhs", "row", "rows", "rulemakers", "scope", "section", "sections", "severity",
    "table", "tables", "total", "valid", "value", "zh",
}  # fmt: skip
UNSAFE_TAIL = "(?:x+)+"


def builtin_rule_data() -> list[tuple[str, dict[str, Any]]]:
    """(pack file name, rule table) of every built-in rule."""
    return [
        (f.name, rule)
        for f in builtin_pack_files()
        for rule in tomllib.loads(f.read_text(encoding="utf-8")).get("rule", [])
    ]


def string_leaves(data: Any, key: str = "") -> Iterator[tuple[tuple[Any, ...], str]]:
    """(path, key) of every string in a rule table; a list contributes its first string."""
    if isinstance(data, dict):
        for k, v in data.items():
            for path, leaf_key in string_leaves(v, k):
                yield (k, *path), leaf_key
    elif isinstance(data, list):
        for i, v in enumerate(data):
            found = list(string_leaves(v, key))
            yield from (((i, *path), k) for path, k in found)
            if found and isinstance(v, str):
                return
    elif isinstance(data, str):
        yield (), key


def test_every_string_key_of_the_builtin_packs_is_classified() -> None:
    keys = {key for _, rule in builtin_rule_data() for _, key in string_leaves(rule)}
    assert keys <= REGEX_KEYS | PLAIN_KEYS, sorted(keys - REGEX_KEYS - PLAIN_KEYS)
    assert not REGEX_KEYS & PLAIN_KEYS


def test_the_builtin_packs_pass_the_check() -> None:
    """Validated afresh, with the catastrophic-regex check on."""
    for pack in builtin_pack_files():
        load_pack_text(pack.read_text(encoding="utf-8"), f"rules/{pack.name}")


def test_govcheck_rules_loads_the_builtin_packs(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("govcheck")
    run = subprocess.run(
        [str(script), "rules", "--format", "json"],
        capture_output=True,
        text=True,
        env={**os.environ, "XDG_CACHE_HOME": str(tmp_path)},
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert "GC301" in run.stdout


def regex_fields() -> list[tuple[str, str, tuple[Any, ...]]]:
    """(pack, rule id, path) of every regex string of every built-in rule."""
    return [
        (pack, rule["id"], path)
        for pack, rule in builtin_rule_data()
        for path, key in string_leaves(rule)
        if key in REGEX_KEYS
    ]


def _set(data: Any, path: tuple[Any, ...], value: str) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def _get(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


@pytest.mark.parametrize(
    ("pack", "rule_id", "path"),
    regex_fields(),
    ids=lambda v: ".".join(map(str, v)) if isinstance(v, tuple) else str(v),
)
def test_every_regex_field_refuses_a_catastrophic_pattern(
    pack: str, rule_id: str, path: tuple[Any, ...]
) -> None:
    """The rule alone in a pack, with one regex made catastrophic (its groups kept)."""
    rules = builtin_rule_data()
    rule = copy.deepcopy(next(r for p, r in rules if p == pack and r["id"] == rule_id))
    _set(rule, path, _get(rule, path) + UNSAFE_TAIL)
    source = tomli_w.dumps({"pack": {"id": "test"}, "rule": [rule]})
    with pytest.raises(RuleFileError) as info:
        load_pack_text(source, "user.toml")
    error = info.value
    assert error.key == "rules.invalid"
    assert NESTED in str(error.values["detail"])
    key = next(str(p) for p in reversed(path) if isinstance(p, str))
    assert key in str(error.values["field"]).split(".")
    line = source.split("\n")[int(str(error.values["line"])) - 1]
    assert f"{key} =" in line or line.startswith("[[rule]]"), (line, error.values)


PACK = """\
[pack]
id = "mine"

[[rule]]
id = "GC950"
name = "no-placeholder-x"
kind = "pattern_prohibited"
severity = "warning"
patterns = [{pattern}]
summary = {{ zh = "不得出现占位符", en = "No placeholder" }}
message = {{ zh = "出现了占位符：{{match}}", en = "Placeholder: {{match}}" }}
rationale = {{ zh = "测试", en = "Test" }}
"""


def user_pack(tmp_path: Path, pattern: str) -> Path:
    (tmp_path / "mine.toml").write_text(PACK.format(pattern=f"'{pattern}'"), encoding="utf-8")
    config = tmp_path / "govcheck.toml"
    config.write_text('packs = ["mine.toml"]\n', encoding="utf-8")
    return config


def test_a_user_pack_with_a_catastrophic_regex_is_one_line_naming_file_line_and_key(
    tmp_path: Path,
) -> None:
    config = user_pack(tmp_path, "(a+)+$")
    report = EXAMPLES / "f2021-department-2022.txt"
    started = time.perf_counter()
    result = run_cli("lint", "--config", str(config), str(report), "--lang", "en")
    assert time.perf_counter() - started < 10
    assert result.exit_code == 2
    detail = f"Value error, regular expression '(a+)+$': {NESTED}"
    expected = text(
        "rules.invalid",
        "en",
        path=str(tmp_path / "mine.toml"),
        line=9,
        field="rule.0.pattern_prohibited.patterns",
        detail=detail,
    )
    assert result.stderr.splitlines() == [expected]


def test_a_user_pack_with_a_safe_regex_runs(tmp_path: Path) -> None:
    config = user_pack(tmp_path, "示例[XＸ]{2,}")
    report = tmp_path / "r.txt"
    source = (EXAMPLES / "f2021-department-2022.txt").read_text(encoding="utf-8")
    report.write_text(source.replace("\n", "\n示例XXX\n", 1), encoding="utf-8")
    result = run_cli("lint", "--config", str(config), str(report), "--select", "GC950")
    assert result.exit_code == 0  # a warning
    assert "GC950" in result.stdout


# --- deep nesting --------------------------------------------------------------------------


@pytest.mark.parametrize("depth", [600, 10_000])
def test_a_regex_nested_too_deeply_is_an_error_not_a_crash(depth: int) -> None:
    """Regression: re.compile (and the check) recursed until RecursionError."""
    pattern = "(?:" * depth + "a" + ")" * depth
    with pytest.raises(RuleFileError) as info:
        load_pack_text(PACK.format(pattern=f"'{pattern}'"), "mine.toml")
    assert info.value.key == "rules.invalid"
    assert TOO_DEEP in str(info.value.values["detail"])


@pytest.mark.parametrize("where", ["pack", "config"])
def test_toml_nested_too_deeply_is_one_line_not_a_crash(where: str, tmp_path: Path) -> None:
    """Regression: tomllib recursed until RecursionError, a traceback through the CLI."""
    deep = "[" * 5000 + "]" * 5000
    if where == "pack":
        (tmp_path / "mine.toml").write_text(
            f'[pack]\nid = "mine"\ndescription = {deep}\n', encoding="utf-8"
        )
        config = tmp_path / "govcheck.toml"
        config.write_text('packs = ["mine.toml"]\n', encoding="utf-8")
        key, path = "rules.toml_syntax", tmp_path / "mine.toml"
    else:
        config = tmp_path / "govcheck.toml"
        config.write_text(f"select = {deep}\n", encoding="utf-8")
        key, path = "config.syntax", config
    result = run_cli("lint", "--config", str(config), str(EXAMPLES / "f2021-department-2022.txt"))
    assert result.exit_code == 2
    expected = text(key, "zh", path=str(path), line=3 if where == "pack" else 1, detail=TOML_DEEP)
    assert result.stderr.splitlines() == [expected]
