"""The cache of validated built-in rules: reused, invalidated by any pack change, never fatal."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from govcheck.engine import rulecache
from govcheck.engine.base import RuleBase
from govcheck.engine.packs import builtin_pack_files, load_pack_text, merge_packs
from govcheck.errors import RuleFileError

Texts = list[tuple[str, str]]


def builtin_texts() -> Texts:
    return [(f"rules/{f.name}", f.read_text(encoding="utf-8")) for f in builtin_pack_files()]


def counting_build(texts: Texts, calls: list[int]) -> Callable[[], tuple[RuleBase, ...]]:
    """Validate ``texts`` as builtin_rules does, counting how often it really validates."""

    def build() -> tuple[RuleBase, ...]:
        calls.append(1)
        return merge_packs(load_pack_text(text, path) for path, text in texts)

    return build


def cache_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("builtin-rules-*.pickle"))


def test_second_start_reads_the_validated_rules_from_the_cache(tmp_path: Path) -> None:
    texts, calls = builtin_texts(), []
    first = rulecache.load_or_build(texts, counting_build(texts, calls), tmp_path)
    second = rulecache.load_or_build(texts, counting_build(texts, calls), tmp_path)
    assert len(calls) == 1
    assert second == first and second is not first
    assert [type(r) for r in second] == [type(r) for r in first]
    assert len(cache_files(tmp_path)) == 1


def test_a_changed_pack_file_is_validated_again(tmp_path: Path) -> None:
    texts, calls = builtin_texts(), []
    before = rulecache.load_or_build(texts, counting_build(texts, calls), tmp_path)
    name, text = texts[0]
    changed = [(name, text.replace('severity = "error"', 'severity = "warning"', 1)), *texts[1:]]
    assert changed != texts
    after = rulecache.load_or_build(changed, counting_build(changed, calls), tmp_path)
    assert len(calls) == 2
    assert after != before
    assert rulecache.cache_key(changed) != rulecache.cache_key(texts)


def test_a_broken_pack_is_reported_even_when_an_older_cache_exists(tmp_path: Path) -> None:
    texts, calls = builtin_texts(), []
    rulecache.load_or_build(texts, counting_build(texts, calls), tmp_path)
    name, text = texts[0]
    broken = [(name, text + "\n[[rule]]\nid = 'nope'\n"), *texts[1:]]
    with pytest.raises(RuleFileError) as caught:
        rulecache.load_or_build(broken, counting_build(broken, calls), tmp_path)
    assert caught.value.key == "rules.invalid" and caught.value.values["path"] == name


def test_an_unwritable_cache_folder_falls_back_to_validating(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")  # mkdir below it fails, even for root
    texts, calls = builtin_texts(), []
    first = rulecache.load_or_build(texts, counting_build(texts, calls), blocker / "govcheck")
    second = rulecache.load_or_build(texts, counting_build(texts, calls), blocker / "govcheck")
    assert len(calls) == 2
    assert first == second == merge_packs(load_pack_text(t, p) for p, t in texts)


@pytest.mark.parametrize("content", [b"", b"not a pickle", b"\x80\x05K\x01."])
def test_a_corrupt_cache_file_is_replaced(tmp_path: Path, content: bytes) -> None:
    texts, calls = builtin_texts(), []
    good = rulecache.load_or_build(texts, counting_build(texts, calls), tmp_path)
    [path] = cache_files(tmp_path)
    path.write_bytes(content)
    again = rulecache.load_or_build(texts, counting_build(texts, calls), tmp_path)
    assert len(calls) == 2 and again == good
    assert rulecache.load_or_build(texts, counting_build(texts, calls), tmp_path) == good
    assert len(calls) == 2


def test_a_cache_file_others_may_write_is_not_read(tmp_path: Path) -> None:
    texts, calls = builtin_texts(), []
    rulecache.load_or_build(texts, counting_build(texts, calls), tmp_path)
    [path] = cache_files(tmp_path)
    path.chmod(0o666)
    rulecache.load_or_build(texts, counting_build(texts, calls), tmp_path)
    assert len(calls) == 2


def test_cache_folder_follows_xdg_then_home(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert rulecache.cache_dir() == tmp_path / "govcheck"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert rulecache.cache_dir() == tmp_path / "home" / ".cache" / "govcheck"


def test_read_only_home_on_ci_still_lints(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """CI=true with a home that cannot be written: the rules are validated, nothing fails."""
    home = tmp_path / "home"
    home.write_text("", encoding="utf-8")
    monkeypatch.setenv("CI", "true")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(home))
    texts, calls = builtin_texts(), []
    rules = rulecache.load_or_build(texts, counting_build(texts, calls))
    assert len(calls) == 1 and len(rules) > 30
    assert not home.is_dir()
