"""The ``--output-dir`` folder: page names, writes that never leave it, and the path fallback."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from govcheck import output_dir
from govcheck.errors import GovcheckError
from govcheck.output_dir import OutputDir, page_name, refuse_held_inputs


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("reports/示例县2023.txt", "00007-示例县2023.html"),
        ("a b#c%zz.txt", "00007-abczz.html"),
        ("../../etc/passwd", "00007-passwd.html"),
        ("n\n::stop-commands::TOK.txt", "00007-nstop-commandsTOK.html"),
        ("b\u202etxt.exe\u2066.txt", "00007-btxtexe.html"),
        (os.fsdecode(b"\xff\xfe.txt"), "00007-report.html"),
        ("..", "00007-report.html"),
        ("C:\\docs\\r-1_x.docx", "00007-r-1_x.html"),
        ("x" * 300 + ".txt", "00007-" + "x" * 40 + ".html"),
    ],
)
def test_page_names_are_safe(path: str, name: str) -> None:
    assert page_name(7, path) == name


def test_page_names_are_unique_by_number() -> None:
    names = {page_name(n, "a.b.txt") for n in range(1, 1001)} | {page_name(1001, "a b.txt")}
    assert len(names) == 1001
    assert page_name(123456, "r.txt") == "123456-r.html"


@pytest.mark.parametrize("dir_fd", [True, False])
def test_writes_replace_planted_links_and_leave_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dir_fd: bool
) -> None:
    monkeypatch.setattr(output_dir, "_DIR_FD", dir_fd and output_dir._DIR_FD)
    secret = tmp_path / "secret"
    secret.write_text("secret", encoding="utf-8")
    out = tmp_path / "out"
    (out / "reports").mkdir(parents=True)
    (out / "reports" / "00001-a.html").symlink_to(secret)
    folder = OutputDir(out)
    try:
        folder.write_page("00001-a.html", "<p>页</p>")
        folder.write_index("<p>index</p>")
    finally:
        folder.close()
    assert secret.read_text(encoding="utf-8") == "secret"
    assert (out / "reports" / "00001-a.html").read_text(encoding="utf-8") == "<p>页</p>"
    assert not (out / "reports" / "00001-a.html").is_symlink()
    assert sorted(p.name for p in out.rglob("*")) == ["00001-a.html", "index.html", "reports"]


@pytest.mark.parametrize("dir_fd", [True, False])
def test_a_link_in_place_of_the_pages_folder_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dir_fd: bool
) -> None:
    monkeypatch.setattr(output_dir, "_DIR_FD", dir_fd and output_dir._DIR_FD)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "reports").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(GovcheckError) as caught:
        OutputDir(out)
    assert caught.value.key == "output.dir_link"
    assert caught.value.values == {"path": str(out), "name": "reports"}
    assert list(elsewhere.iterdir()) == []


def test_an_unwritable_folder_is_one_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(GovcheckError) as caught:
        OutputDir(blocker / "out")
    assert caught.value.key == "output.unwritable"


def test_a_folder_holding_an_input_is_refused(tmp_path: Path) -> None:
    report = tmp_path / "in" / "r.txt"
    report.parent.mkdir()
    report.write_text("x", encoding="utf-8")
    for root in (tmp_path, tmp_path / "in"):
        with pytest.raises(GovcheckError) as caught:
            refuse_held_inputs(root, [report])
        assert caught.value.key == "output.dir_holds_input"
    refuse_held_inputs(tmp_path / "in" / "site", [report])  # beside the input: allowed
    refuse_held_inputs(tmp_path / "other", [report])
