"""The two pages the server shows: the upload page, and a checked report with its verdict bar.

The words are in ``page.toml`` and the markup in ``page.html`` and
``bar.html`` beside this module; style and script are inlined from
``serve.css``, ``page.js`` and ``bar.js`` with a per-response nonce that the
Content-Security-Policy header names, so the page runs its own script and
nothing else, and fetches nothing. Every value put into the markup is
escaped (:func:`govcheck.reporters.html_markup.esc`).
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from string import Template

from govcheck.i18n import Lang
from govcheck.model import IssuerLevel
from govcheck.reporters.html_markup import element, esc


@cache
def _data(name: str) -> str:
    return resources.files("govcheck.serve").joinpath(name).read_text(encoding="utf-8")


@cache
def words(lang: Lang) -> dict[str, str]:
    """The page's words in ``lang``."""
    table: dict[str, str] = tomllib.loads(_data("page.toml"))[lang]
    return table


def csp(nonce: str) -> str:
    """The Content-Security-Policy of every page: its own inline style and script, nothing else."""
    return (
        f"default-src 'none'; style-src 'nonce-{nonce}'; script-src 'nonce-{nonce}'; "
        "img-src 'none'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    )


def upload_page(lang: Lang, nonce: str, error: str | None = None) -> str:
    """The page where a report is dropped or chosen; ``error`` is a refused upload's message."""
    w = words(lang)
    shown = {k: esc(v) for k, v in w.items()}
    levels = "".join(
        element("option", esc(w[f"level_{level.value}"]), value=level.value)
        for level in IssuerLevel
    )
    notice = ""
    if error is not None:
        notice = element(
            "p",
            esc(w["error_heading"]) + element("span", esc(error), id="gc-error-message"),
            id="gc-error",
            class_="gc-serve-error",
            role="alert",
        )
    return Template(_data("page.html")).substitute(
        shown,
        lang=lang,
        nonce=nonce,
        css=_data("serve.css"),
        js=_data("page.js"),
        levels=levels,
        error=notice,
    )


def served_report(
    report: str, lang: Lang, nonce: str, verdict: str, errors: int, warnings: int, name: str
) -> str:
    """The HTML report with the verdict bar first, its own style and script allowed by nonce.

    The report's head and body tags are its own constant markup (everything
    from the file is escaped), so the first ``<style>``, ``</head>`` and
    ``<body>`` are the places to add to.
    """
    w = words(lang)
    key = "verdict_fail" if verdict == "fail" else "verdict_pass"
    bar = Template(_data("bar.html")).substitute(
        {k: esc(v) for k, v in w.items()},
        verdict=esc(verdict),
        errors=errors,
        warnings=warnings,
        verdict_text=esc(w[key].format(errors=errors, warnings=warnings)),
        download_name=esc(download_name(name)),
        lang=lang,
        nonce=nonce,
        js=_data("bar.js"),
    )
    style = f'<style nonce="{nonce}" data-gc-serve="">{_data("serve.css")}</style>'
    page = report.replace("<style>", f'<style nonce="{nonce}">', 1)
    page = page.replace("</head>", style + "</head>", 1)
    return page.replace("<body>", '<body class="gc-serve-report">' + bar, 1)


def download_name(name: str) -> str:
    """The downloaded report's file name: the upload's stem and ``-govcheck.html``."""
    stem = name.rsplit(".", 1)[0] if "." in name else name
    cleaned = "".join(c for c in stem if c.isalnum() or c in "-_") or "report"
    return f"{cleaned[:80]}-govcheck.html"
