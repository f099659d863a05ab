"""Warm, in-process cost of linting one report, per form, and a profile of it.

Run with the bench venv's interpreter. The rules are loaded once and one
untimed run warms every cache, as in a long-lived process (an editor
integration, a worker of ``--jobs``); then each report is linted ``--reps``
times from its bytes (load, parse, rules) and the median is kept.

Prints one JSON object: form → milliseconds (median over the examples, and
the slowest example), PDFs as milliseconds per page, and with ``--profile``
a cProfile summary of the text path.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import statistics
import time
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

from govcheck.api import Options, active_rules, lint_source
from govcheck.engine.base import Context, RuleBase
from govcheck.engine.runner import run_rules
from govcheck.load import load_bytes
from govcheck.model import Document
from govcheck.parse import parse

FORMS = (".txt", ".html", ".docx", ".md")
OPTIONS = Options()


def lint_once(data: bytes, name: str) -> Callable[[], object]:
    """A closure that lints ``data`` once, the whole warm path from bytes."""
    rules = active_rules(OPTIONS)

    def run() -> object:
        return lint_source(load_bytes(data, name), OPTIONS, rules)

    return run


def median_ms(run: Callable[[], object], reps: int) -> float:
    """Median wall time of ``run`` in milliseconds, after one untimed call."""
    run()
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def examples(forms: Path, suffix: str) -> list[Path]:
    """The unmodified examples (no variant suffix) in one form."""
    return sorted(p for p in forms.glob(f"*{suffix}") if p.stem.count("-") == 2)


def per_form(forms: Path, reps: int) -> dict[str, Any]:
    """Median and worst of the per-example medians, per form."""
    out: dict[str, Any] = {}
    for suffix in FORMS:
        costs = [
            median_ms(lint_once(p.read_bytes(), p.name), reps) for p in examples(forms, suffix)
        ]
        out[suffix.lstrip(".")] = {"median_ms": statistics.median(costs), "max_ms": max(costs)}
    return out


def per_pdf_page(pdfs: list[Path], reps: int) -> dict[str, Any] | None:
    """Milliseconds per page over the given PDFs (None without PDFs or pypdfium2)."""
    try:
        import pypdfium2
    except ImportError:
        return None
    if not pdfs:
        return None
    rows: list[dict[str, Any]] = []
    for path in pdfs:
        document = pypdfium2.PdfDocument(path.read_bytes())
        pages = len(document)
        document.close()
        cost = median_ms(lint_once(path.read_bytes(), path.name), reps)
        rows.append({"file": path.name, "pages": pages, "ms": cost, "ms_per_page": cost / pages})
    worst = max(float(r["ms_per_page"]) for r in rows)
    return {"files": rows, "max_ms_per_page": worst}


def fresh(doc: Document) -> Document:
    """The same document without what rules derived from it (``Document.derived``).

    Rules share what they derive from a document (passages, periods), so
    running them twice on one document object would time the second run from
    that memo; a lint always starts from a new document. In :func:`kinds`, the
    first rule to need a shared value pays for it, as in a real lint.
    """
    return replace(doc)


def check_fresh(doc: Document, rules: tuple[RuleBase, ...]) -> object:
    """All rules over a fresh copy of ``doc``."""
    return run_rules(fresh(doc), rules, "zh", Context())


def stages(forms: Path, reps: int) -> str:
    """Milliseconds per stage (load, parse, rules) per form: the first cut of where time goes."""
    rules = active_rules(OPTIONS)
    lines = ["stage ms per report  load   parse  rules"]
    for suffix in FORMS:
        path = examples(forms, suffix)[0]
        data = path.read_bytes()
        source = load_bytes(data, path.name)
        doc = parse(source)
        load = median_ms(partial(load_bytes, data, path.name), reps)
        parsing = median_ms(partial(parse, source), reps)
        checking = median_ms(partial(check_fresh, doc, rules), reps)
        lines.append(f"{path.name:<30} {load:6.2f} {parsing:6.2f} {checking:6.2f}")
    return "\n".join(lines)


def kinds(forms: Path, reps: int, top: int) -> str:
    """The rule kinds that cost most per text report, summed over their rules."""
    rules = active_rules(OPTIONS)
    docs = [parse(load_bytes(p.read_bytes(), p.name)) for p in examples(forms, ".txt")]
    cost: dict[str, float] = {}
    for _ in range(reps):
        for doc in map(fresh, docs):
            for rule in rules:
                start = time.perf_counter()
                run_rules(doc, (rule,), "zh", Context())
                kind = str(getattr(rule, "kind", "?"))
                cost[kind] = cost.get(kind, 0.0) + time.perf_counter() - start
    runs = reps * len(docs)
    total = sum(cost.values()) / runs * 1000
    lines = [f"rules: {total:.2f} ms per text report; by kind (ms per report):"]
    lines += [
        f"  {kind:<22} {seconds / runs * 1000:6.2f}"
        for kind, seconds in sorted(cost.items(), key=lambda kv: -kv[1])[:top]
    ]
    return "\n".join(lines)


def profile(path: Path, reps: int, top: int) -> str:
    """cProfile of ``reps`` warm runs on ``path``: the functions with most own time."""
    run = lint_once(path.read_bytes(), path.name)
    run()
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(reps):
        run()
    profiler.disable()
    buffer = io.StringIO()
    stats = pstats.Stats(profiler, stream=buffer)
    stats.strip_dirs().sort_stats("tottime").print_stats(top)
    return buffer.getvalue()


def main() -> None:
    """Measure and print JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("forms", type=Path)
    parser.add_argument("--reps", type=int, default=30)
    parser.add_argument("--pdf", type=Path, action="append", default=[])
    parser.add_argument("--profile", type=Path, help="Write a cProfile summary here.")
    args = parser.parse_args()
    result: dict[str, Any] = {"forms": per_form(args.forms, args.reps)}
    result["pdf"] = per_pdf_page(args.pdf, max(1, args.reps // 10))
    if args.profile:
        text = examples(args.forms, ".txt")[0]
        parts = [
            stages(args.forms, args.reps),
            kinds(args.forms, max(1, args.reps // 3), 12),
            profile(text, args.reps, 25),
        ]
        args.profile.write_text("\n\n".join(parts), encoding="utf-8")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
