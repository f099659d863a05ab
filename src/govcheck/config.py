"""User configuration: discovery, validation and where each value came from.

Order: ``--config FILE``; else the first of govcheck.toml, .govcheck.toml and
pyproject.toml ``[tool.govcheck]`` found walking up from the working
directory, stopping at the repository root, at the home folder and where
the file system changes (a mount point); ``--isolated`` ignores them all.
Command-line options override the file. Paths in a configuration file
(packs, per-file globs, waiver paths) are relative to that file's folder.

A configuration can ignore every rule, so one that someone else could have
written is refused (see :mod:`govcheck.trust`), and a configuration file is
read only if it is a regular file under a size cap (:mod:`govcheck.safefile`).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from govcheck.errors import GovcheckError
from govcheck.findings import FailOn, Severity
from govcheck.i18n import Lang
from govcheck.model import IssuerLevel
from govcheck.safefile import MAX_CONFIG_BYTES, FileRefused, read_small_text
from govcheck.tomlpos import TOO_DEEP, did_you_mean, line_of, nesting_line, syntax_error_line
from govcheck.trust import untrusted_reason

CANDIDATES = ("govcheck.toml", ".govcheck.toml", "pyproject.toml")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True, populate_by_name=True)


class PerFile(_Model):
    glob: str
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()


class Waiver(_Model):
    path: str = Field(description="Report path (or glob), relative to the configuration file.")
    rule: str = Field(description="Rule id or name.")
    cell: str | None = Field(default=None, description="Semantic location, e.g. t3.new.np.")
    line: int | None = Field(default=None, ge=1)
    reason: str = Field(min_length=1, description="Why the finding is accepted (required).")
    by: str | None = None

    @model_validator(mode="after")
    def _one_place(self) -> Waiver:
        if (self.cell is None) == (self.line is None):
            raise ValueError("give exactly one of cell or line")
        if not self.reason.strip():
            raise ValueError("reason must not be blank")
        return self


class ConfigFile(_Model):
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    severity: dict[str, Severity] = Field(default_factory=dict)
    per_file: tuple[PerFile, ...] = Field(default=(), alias="per-file")
    packs: tuple[str, ...] = ()
    fail_on: FailOn | None = Field(default=None, alias="fail-on")
    lang: Lang | None = None
    issuer_level: IssuerLevel | None = Field(default=None, alias="issuer-level")
    waiver: tuple[Waiver, ...] = ()
    # Paths that folder walks leave out (relative to this file's folder), as
    # ruff has them: ``exclude`` replaces the defaults, ``extend-exclude`` adds.
    exclude: tuple[str, ...] | None = None
    extend_exclude: tuple[str, ...] = Field(default=(), alias="extend-exclude")


@dataclass(frozen=True, slots=True)
class PlacedWaiver:
    """A waiver with the file and line that declared it (for GC900 and --show)."""

    waiver: Waiver
    source: str
    line: int


@dataclass(frozen=True)
class Config:
    """The resolved configuration; ``origins`` says where each key's value came from."""

    path: Path | None = None
    root: Path = field(default_factory=Path.cwd)
    data: ConfigFile = field(default_factory=ConfigFile)
    waivers: tuple[PlacedWaiver, ...] = ()
    origins: dict[str, str] = field(default_factory=dict)


def discover(start: Path, home: Path | None = None) -> Path | None:
    """The nearest configuration file at or above ``start``.

    The walk stops after the repository root and after the home folder
    (``home``, by default the user's), and before a folder on another file
    system: outside a repository it would otherwise reach ``/tmp`` or ``/``,
    where anyone may have left a ``govcheck.toml``.
    """
    home = home if home is not None else _home()
    device = _device(start)
    for directory in (start, *start.parents):
        if _device(directory) != device:
            return None
        for name in CANDIDATES:
            candidate = directory / name
            if candidate.is_file() and (name != "pyproject.toml" or _has_tool_table(candidate)):
                return candidate
        if (directory / ".git").exists() or directory == home:
            return None
    return None


def _home() -> Path | None:
    try:
        return Path.home().resolve()
    except (RuntimeError, OSError):  # no HOME and no passwd entry
        return None


def _device(directory: Path) -> int | None:
    try:
        return directory.stat().st_dev
    except OSError:
        return None


def _has_tool_table(path: Path) -> bool:
    try:
        data = tomllib.loads(_read_text(path, "utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
        return False
    return isinstance(data.get("tool", {}).get("govcheck"), dict)


def _read_text(path: Path, encoding: str) -> str:
    """The file's text: a regular file of at most MAX_CONFIG_BYTES, never a device or FIFO."""
    try:
        return read_small_text(path, MAX_CONFIG_BYTES, encoding=encoding)
    except FileRefused as exc:
        raise GovcheckError(f"config.{exc.reason}", path=str(path), **exc.values) from exc


def load_config(explicit: Path | None, isolated: bool, cwd: Path | None = None) -> Config:
    """Find, read and validate the configuration for this run."""
    if isolated:
        return Config(root=cwd or Path.cwd())
    path = explicit or discover((cwd or Path.cwd()).resolve())
    if path is None:
        return Config(root=cwd or Path.cwd())
    if not path.exists():
        raise GovcheckError("config.missing", path=str(path))
    if not path.is_file():  # a device or FIFO: refused before its owner is judged
        raise GovcheckError("config.not_regular", path=str(path))
    refusal = untrusted_reason(path)
    if refusal is not None:
        reason, values = refusal
        raise GovcheckError(f"config.{reason}", path=str(path), **values)
    return _read(path)


def _read(path: Path) -> Config:
    try:
        text = _read_text(path, "utf-8-sig")
        raw = tomllib.loads(text)
    except (OSError, UnicodeDecodeError) as exc:
        raise GovcheckError("config.unreadable", path=str(path), detail=str(exc)) from exc
    except tomllib.TOMLDecodeError as exc:
        line = syntax_error_line(str(exc))
        raise GovcheckError("config.syntax", path=str(path), line=line, detail=str(exc)) from exc
    except RecursionError as exc:
        line = nesting_line(text)
        raise GovcheckError("config.syntax", path=str(path), line=line, detail=TOO_DEEP) from exc
    section = "tool.govcheck" if path.name == "pyproject.toml" else ""
    data: Any = raw.get("tool", {}).get("govcheck", {}) if section else raw
    try:
        parsed = ConfigFile.model_validate(data)
    except ValidationError as exc:
        raise _config_error(exc, path, text) from exc
    waivers = tuple(
        PlacedWaiver(w, str(path), line_of(text, "waiver", i, ""))
        for i, w in enumerate(parsed.waiver)
    )
    origins = {key: str(path) for key in _set_keys(parsed)}
    return Config(path=path, root=path.parent, data=parsed, waivers=waivers, origins=origins)


def _set_keys(parsed: ConfigFile) -> list[str]:
    return [
        (info.alias or name)
        for name, info in ConfigFile.model_fields.items()
        if name in parsed.model_fields_set
    ]


def _config_error(exc: ValidationError, path: Path, text: str) -> GovcheckError:
    errors = sorted(exc.errors(), key=lambda e: e["type"] != "extra_forbidden")
    error = errors[0]
    loc = [str(p) for p in error["loc"]]
    array = loc[0] if len(loc) > 1 and loc[1].isdigit() else None
    index = int(loc[1]) if array else None
    key = loc[-1] if not loc[-1].isdigit() else loc[0]
    detail = error["msg"]
    if error["type"] == "extra_forbidden":
        models: dict[str, type[BaseModel]] = {"per-file": PerFile, "waiver": Waiver}
        model = models.get(array or "", ConfigFile)
        names = [f.alias or n for n, f in model.model_fields.items()]
        detail += did_you_mean(key, names)
    return GovcheckError(
        "config.invalid",
        path=str(path),
        line=line_of(text, array, index, key),
        field=".".join(loc),
        detail=detail,
    )
