"""One check of an upload, in a process of its own.

:func:`check_job` is the whole check (load → parse → rules → waivers →
render) through :mod:`govcheck.api`, the same functions ``govcheck lint``
uses; it runs in a child process started per request by :func:`run_isolated`.
Inside the child, the file's time budget (:mod:`govcheck.timebudget`) stops
a slow check cleanly; the parent also kills the child when it outlives the
budget by :data:`GRACE` seconds, which covers a long C call and Windows,
where there is no interval timer. Either way the server stays up.

Only plain data crosses the process boundary: the job goes in (pickled by
:mod:`multiprocessing`, from the parent), and the outcome comes back as
JSON bytes; the parent never unpickles anything the child wrote.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import multiprocessing
from collections.abc import Callable
from dataclasses import asdict, dataclass
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Literal

from govcheck.api import Options, lint_source, rule_meta
from govcheck.config import load_config
from govcheck.engine.base import Context
from govcheck.errors import InputError
from govcheck.findings import ExitCode, FailOn, RunResult, exit_code
from govcheck.i18n import Lang, text
from govcheck.load import load_bytes
from govcheck.model import IssuerLevel
from govcheck.parse import parse
from govcheck.reporters import REPORTERS, Format
from govcheck.selection import build_rules
from govcheck.timebudget import time_budget
from govcheck.waivers import apply_waivers

if TYPE_CHECKING:  # ForkServerContext does not exist on Windows
    from multiprocessing.context import ForkServerContext, SpawnContext

# Seconds a child may outlive its time budget (start-up, rendering) before it is killed.
GRACE = 5.0

Verdict = Literal["pass", "fail", "refused", "timeout"]


@dataclass(frozen=True, slots=True)
class Job:
    """What one POST /check asks for: the bytes, their names and the run's facts."""

    data: bytes
    name: str
    lang: Lang = "zh"
    output: Literal["html", "json"] = "html"
    previous: bytes | None = None
    previous_name: str = "previous"
    issuer_level: IssuerLevel | None = None
    published_on: dt.date | None = None
    timeout: float | None = None


@dataclass(frozen=True, slots=True)
class Outcome:
    """The rendered report (``body``), or the one-line message of a refused input."""

    verdict: Verdict
    body: str = ""
    message: str = ""
    key: str = ""
    errors: int = 0
    warnings: int = 0


def check_job(job: Job) -> Outcome:
    """Check the upload as ``govcheck lint --isolated`` checks a file; never raises InputError."""
    try:
        with time_budget(job.timeout, job.name):
            return _check(job)
    except InputError as exc:
        verdict: Verdict = "timeout" if exc.key == "input.timeout" else "refused"
        return Outcome(verdict, message=text(exc.key, job.lang, **exc.values), key=exc.key)


def _check(job: Job) -> Outcome:
    settings = load_config(None, isolated=True)
    ruleset = build_rules(settings, (), ())
    source = load_bytes(job.data, job.name)
    before = None
    if job.previous is not None:
        before = parse(load_bytes(job.previous, job.previous_name))
    context = Context(job.issuer_level or settings.data.issuer_level, job.published_on, before)
    options = Options(lang=job.lang, context=context, keep_source=job.output == "html")
    result = lint_source(source, options, ruleset.for_file(job.name))
    files = apply_waivers([result], settings, ruleset.rules, job.lang)
    run = RunResult(tuple(files), rule_meta(ruleset.rules, job.lang), None)
    out = io.StringIO()
    REPORTERS[Format(job.output)](run, out, job.lang)
    failing = exit_code(run, settings.data.fail_on or FailOn.ERROR) is ExitCode.FINDINGS
    severities = [f.severity.value for f in files[0].findings]
    return Outcome(
        "fail" if failing else "pass",
        out.getvalue(),
        errors=severities.count("error"),
        warnings=severities.count("warning"),
    )


def _child(conn: Connection, job: Job) -> None:
    """The child's body: check, send the outcome as JSON, exit."""
    with conn:
        conn.send_bytes(json.dumps(asdict(check_job(job))).encode("utf-8"))


def run_isolated(job: Job, limit: float | None) -> Outcome | None:
    """:func:`check_job` in a fresh process; None when it was killed after ``limit`` seconds."""
    raw = run_in_child(_child, job, limit)
    if raw is None:
        return None
    return Outcome(**json.loads(raw.decode("utf-8")))


def run_in_child(
    target: Callable[[Connection, Job], None], job: Job, limit: float | None
) -> bytes | None:
    """Run ``target(conn, job)`` in a new process; wait at most ``limit`` seconds for its bytes.

    A child that has sent nothing by then is killed (and reaped), and the
    result is None; so is one that died without sending (out of memory).
    """
    receiver, sender = _CONTEXT.Pipe(duplex=False)
    child = _CONTEXT.Process(target=target, args=(sender, job), daemon=True)
    child.start()
    sender.close()
    try:
        if receiver.poll(limit):
            return receiver.recv_bytes()
        return None
    except EOFError:
        return None
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join()


def _context() -> SpawnContext | ForkServerContext:
    """forkserver where there is one (a child forks from a clean, preloaded process), else spawn."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([__name__])
        return context
    return multiprocessing.get_context("spawn")


_CONTEXT = _context()
