"""The fast .docx reader gives what the exact one gives, and reads what Word writes."""

from __future__ import annotations

import random
import tracemalloc

import pytest

from govcheck.errors import InputError
from govcheck.load import docx
from govcheck.load.docx import extract, load
from tests.conftest import EXAMPLES
from tests.forms.render_docx import W, WCell, WTable, build_docx, package, render_docx

MIB = 1024 * 1024
STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"
EXAMPLE_NAMES = ["f2019-township-2020.txt", "f2021-department-2022.txt", "f2021-faulty-2023.txt"]
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def para(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def cells(*texts: str) -> str:
    return "<w:tbl><w:tr>" + "".join(f"<w:tc>{para(t)}</w:tc>" for t in texts) + "</w:tr></w:tbl>"


def document(inside: str, *, ns: str = W, head: str = HEAD) -> bytes:
    return f'{head}<w:document xmlns:w="{ns}">{inside}</w:document>'.encode()


MANY = "".join(para(f"第{i}段") + cells(str(i), "甲") for i in range(800))
# Parts the fast reader must read as the exact one does, or hand back to it.
PARTS: dict[str, bytes] = {
    "word": document(f"<w:body>{para('前')}{cells('1', '2')}{para('后')}</w:body>"),
    "strict": document(f"<w:body>{para('前')}{cells('1', '2')}</w:body>", ns=STRICT),
    "no declaration": document(f"<w:body>{para('甲')}</w:body>", head=""),
    "over many chunks": document(f"<w:body>{MANY}</w:body>"),
    "background first": document(f"<w:background/><w:body>{para('甲')}</w:body>"),
    "body inside a cell": document(
        f"<w:body>{para('前')}<w:tbl><w:tr><w:tc>{para('格')}<w:body>{para('内')}</w:body>"
        f"</w:tc><w:tc>{para('二')}</w:tc></w:tr></w:tbl>{para('后')}</w:body>"
    ),
    "body in a body": document(f"<w:body>{para('前')}<w:body>{para('内')}</w:body></w:body>"),
    "body as the root": (
        f'{HEAD}<w:body xmlns:w="{W}">{para("甲")}{cells("1", "2")}</w:body>'.encode()
    ),
    "two bodies": document(f"<w:body>{para('一')}</w:body><w:body>{para('二')}</w:body>"),
    "body in a wrapper": document(f"<w:x><w:body>{para('甲')}{MANY}</w:body></w:x>"),
    "after the body": document(f"<w:body>{para('甲')}</w:body><w:x>{para('乙')}</w:x>"),
    "body in the background": document(
        f"<w:background><w:body>{para('先')}</w:body></w:background><w:body>{para('甲')}</w:body>"
    ),
    "utf-16": document(f"<w:body>{para('甲')}</w:body>", head="")
    .decode()
    .replace("<w:document", '<?xml version="1.0" encoding="UTF-16"?><w:document', 1)
    .encode("utf-16"),
    "latin-1 declared": document(
        f"<w:body>{para('abc')}</w:body>", head='<?xml version="1.0" encoding="ISO-8859-1"?>'
    ),
    "broken": document(f"<w:body>{para('甲')}<w:p></w:body>"),
    "junk after": document(f"<w:body>{para('甲')}</w:body>") + b"<junk/>",
}


def outcome(data: bytes) -> object:
    try:
        result = extract(data, "r.docx")
    except InputError as error:
        return error.key
    return result.source, result.positions


@pytest.mark.parametrize("name", sorted(PARTS))
def test_the_fast_reader_gives_what_the_exact_reader_gives(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = package(PARTS[name])
    fast = outcome(data)
    monkeypatch.setattr(docx, "_C_BUILDER", False)  # every part to the exact reader
    assert fast == outcome(data)


def readers_used(data: bytes, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    used: list[str] = []
    choose = docx._reader

    def spy(*args: object, **kwargs: object) -> object:
        reader = choose(*args, **kwargs)  # type: ignore[arg-type]
        used.append(type(reader).__name__)
        return reader

    with monkeypatch.context() as patch:
        patch.setattr(docx, "_reader", spy)
        load(data, "r.docx")
    return used


def test_what_word_writes_is_read_once_by_the_fast_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    """Guards the speed-up: a report as Word saves it never needs the exact reader."""
    reports = [render_docx((EXAMPLES / n).read_text(encoding="utf-8")) for n in EXAMPLE_NAMES]
    nested = WTable([[WCell("外", nested=WTable([[WCell("内1"), WCell("内2")]])), WCell("后")]])
    for data in [*reports, build_docx([nested]), package(PARTS["over many chunks"])]:
        assert readers_used(data, monkeypatch) == ["_Plain"]


@pytest.mark.parametrize("name", ["body inside a cell", "two bodies", "utf-16"])
def test_other_layouts_go_to_the_exact_reader(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert readers_used(package(PARTS[name]), monkeypatch)[-1] == "_Built"


def test_the_fast_reader_streams_the_body_block_by_block() -> None:
    """A body of hidden paragraphs (no units) is dropped as it is read: memory stays flat."""
    rng = random.Random(7)
    hidden = "<w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>{}</w:t></w:r></w:p>"
    paragraphs = "".join(
        hidden.format("".join(rng.choices("甲乙丙丁戊己庚辛壬癸0123456789", k=40)))
        for _ in range(20_000)
    )
    data = package(document(f"<w:body>{paragraphs}{para('末')}</w:body>"))
    tracemalloc.start()
    try:
        source = load(data, "big.docx")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [u.text for u in source.units] == ["末"]
    assert peak < 8 * MIB  # the whole tree would take several times more
