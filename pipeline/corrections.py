"""The corrections folder (issue 16): reviewed values that survive re-extraction.

A corrections folder holds TOML files of `[[correction]]` entries: case id, field path,
the corrected value, the value the pipeline had extracted when the correction was
made, who and why (the format is in the README, "Corrections"). This module reads
and checks them (an entry that cannot be used is an error naming file and line) and
resolves field paths in a record's JSON; correct.py applies them to the records.

This module only imports the standard library: the run-stamp check of `extract`
fingerprints the folder before the pipeline is loaded.
"""
from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import rulefiles

if TYPE_CHECKING:
    from .settings import CorrectionRules

ENTRY_KEYS_REQUIRED = ("case", "field", "by", "reason")
ENTRY_KEYS_OPTIONAL = ("value", "value_json", "extracted", "extracted_json", "date")
_HEADER = re.compile(r"^\s*\[\[\s*correction\s*\]\]\s*(#.*)?$")
_STEP = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)((?:\[\d+\])*)")
_INDEX = re.compile(r"\[(\d+)\]")
_TOML_LINE = re.compile(r"at line (\d+)")


def rules() -> CorrectionRules:
    from . import settings  # pydantic: not on the replay path of a re-run (see default_folder)

    return settings.corrections()


def default_folder(raw_dir: Path) -> Path:
    # Read before validation: the re-run that finds nothing changed needs this one rule
    # and must not import pydantic for it (rulefiles.py). The full run validates the file
    # (rules()), and tests/test_settings_rules.py does on every test run.
    folder = str(rulefiles.read("corrections.toml")["default_folder"])
    return Path(raw_dir).resolve().parent / folder


# --- the folder -----------------------------------------------------------------------


@dataclass(frozen=True)
class CorrectionEntry:
    where: str  # "<folder>/<file>.toml:<line>"
    case: str
    field: str
    path: tuple[str | int, ...]
    value: Any  # JSON-ready (dates as ISO text)
    extracted: Any
    by: str
    reason: str
    date: str | None = None


@dataclass(frozen=True)
class CorrectionError:
    where: str
    message: str
    case: str | None = None
    field: str | None = None

    def line(self) -> str:
        return f"{self.where}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        return {"where": self.where, "case_id": self.case, "field": self.field, "message": self.message}


@dataclass
class CorrectionSet:
    folder: str | None  # as shown in reports: the folder's name
    files: list[str] = field(default_factory=list)
    entries: list[CorrectionEntry] = field(default_factory=list)
    errors: list[CorrectionError] = field(default_factory=list)


def parse_path(text: str) -> tuple[str | int, ...]:
    """`cost.initial.amount_yen`, `interview[2].a` (0-based, as in the JSON), `providers`."""
    steps: list[str | int] = []
    for part in text.split("."):
        m = _STEP.fullmatch(part)
        if not m:
            raise ValueError(f"field {text!r} is not a field path (names joined by '.', list items as [0], [1], …)")
        steps.append(m.group(1))
        steps += [int(i) for i in _INDEX.findall(m.group(2))]
    return tuple(steps)


def format_path(path: tuple[str | int, ...]) -> str:
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else step)
    return out


def jsonable(value: Any) -> Any:
    """A TOML value as the record's JSON holds it (dates and times as ISO text)."""
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    return value


def _value(raw: dict[str, Any], key: str, where: str) -> Any:
    """`key` (a TOML value) or `key_json` (JSON text: for null, which TOML cannot write)."""
    has_plain, has_json = key in raw, f"{key}_json" in raw
    if has_plain == has_json:
        raise ValueError(f"give exactly one of {key} and {key}_json (JSON text, e.g. {key}_json = \"null\")")
    if has_plain:
        return jsonable(raw[key])
    text = raw[f"{key}_json"]
    if not isinstance(text, str):
        raise ValueError(f"{key}_json must be a string of JSON, e.g. {key}_json = \"null\"")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{key}_json is not JSON: {exc.msg}") from None


def _entry(raw: Any, where: str) -> CorrectionEntry:
    if not isinstance(raw, dict):
        raise ValueError("a [[correction]] entry must be a table")
    unknown = sorted(set(raw) - set(ENTRY_KEYS_REQUIRED) - set(ENTRY_KEYS_OPTIONAL))
    if unknown:
        raise ValueError(f"unknown key{'s' if len(unknown) > 1 else ''} {', '.join(unknown)} "
                         f"(an entry has {', '.join(ENTRY_KEYS_REQUIRED)}, value or value_json, extracted or extracted_json, and may have date)")
    for key in ENTRY_KEYS_REQUIRED:
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise ValueError(f"{key} is missing or empty (a string is required)")
    path = parse_path(raw["field"])
    protected = rules().protected_fields
    if path[0] in protected:
        raise ValueError(f"field {path[0]} cannot be corrected: {protected[path[0]]}")
    date = raw.get("date")
    return CorrectionEntry(where=where, case=raw["case"], field=format_path(path), path=path, value=_value(raw, "value", where),
                           extracted=_value(raw, "extracted", where), by=raw["by"], reason=raw["reason"],
                           date=jsonable(date) if date is not None else None)


def load_file(path: Path, label: str, out: CorrectionSet) -> None:
    """The entries of one TOML file into out.entries; each problem into out.errors."""
    try:
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        out.errors.append(CorrectionError(label, f"cannot be read: {exc}"))
        return
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = _TOML_LINE.search(str(exc))
        out.errors.append(CorrectionError(f"{label}:{m.group(1)}" if m else label, f"not valid TOML: {exc}"))
        return
    other = sorted(k for k in doc if k != "correction")
    if other:
        out.errors.append(CorrectionError(label, f"unknown top-level key{'s' if len(other) > 1 else ''} {', '.join(other)}: "
                                                 "a corrections file holds only [[correction]] entries"))
    raw_entries = doc.get("correction", [])
    if not isinstance(raw_entries, list):
        out.errors.append(CorrectionError(label, "correction must be written as [[correction]] entries"))
        return
    # tomllib keeps no line numbers; the n-th entry is the n-th [[correction]] header.
    headers = [n for n, line in enumerate(text.splitlines(), 1) if _HEADER.match(line)]
    lines = headers if len(headers) == len(raw_entries) else [None] * len(raw_entries)
    for raw, line in zip(raw_entries, lines):
        where = f"{label}:{line}" if line else label
        try:
            out.entries.append(_entry(raw, where))
        except ValueError as exc:
            out.errors.append(CorrectionError(where, str(exc), raw.get("case") if isinstance(raw, dict) else None,
                                              raw.get("field") if isinstance(raw, dict) else None))


def is_explanation(path: Path) -> bool:
    """README files (and hidden files) live in the folder but hold no corrections."""
    return path.name.startswith(".") or path.stem.upper() == "README"


def load_folder(folder: Path | None) -> CorrectionSet:
    """Every *.toml file of the folder, in name order (None: no corrections)."""
    if folder is None:
        return CorrectionSet(folder=None)
    out = CorrectionSet(folder=folder.name)
    for path in sorted(p for p in folder.iterdir() if not is_explanation(p)):
        label = f"{folder.name}/{path.name}"
        if not path.is_file():  # a subfolder's entries would look live to the reviewer who filed them
            out.errors.append(CorrectionError(label, "not read: corrections are *.toml files directly in the folder, not in subfolders"))
            continue
        if path.suffix.lower() != ".toml":
            out.errors.append(CorrectionError(label, "not read: corrections are *.toml files"))
            continue
        out.files.append(label)
        load_file(path, label, out)
    return out


def fingerprint(folder: Path | None) -> str | None:
    """What the run stamp must know of the folder: every file's name and content."""
    if folder is None:
        return None
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            h.update(p.relative_to(folder).as_posix().encode() + b"\0" + hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()



# --- field paths in a record's JSON -----------------------------------------------------


class PathError(ValueError):
    pass


def value_at(data: Any, path: tuple[str | int, ...]) -> Any:
    """The value at a field path of a record's JSON; PathError names the first step not there."""
    for n, step in enumerate(path):
        here = format_path(path[: n + 1])
        if isinstance(step, int):
            if not isinstance(data, list):
                raise PathError(f"{format_path(path[:n]) or 'the record'} is not a list here, so {here} does not exist")
            if step >= len(data):
                raise PathError(f"{here} does not exist: {format_path(path[:n])} has {len(data)} item{'s' if len(data) != 1 else ''} (counted from 0)")
            data = data[step]
        else:
            if not isinstance(data, dict):
                what = "null" if data is None else "not an object"
                raise PathError(f"{format_path(path[:n])} is {what} in this record, so {here} does not exist; correct {format_path(path[:n])} as a whole")
            if step not in data:
                raise PathError(f"unknown field {here}")
            data = data[step]
    return data


def section_of(field: str) -> str | None:
    """The page section a field path is printed in (rules [field_sections]), or None."""
    top = field.split(".")[0].split("[")[0]
    section = rules().field_sections.get(top)
    return section


def set_value(data: dict[str, Any], path: tuple[str | int, ...], value: Any) -> None:
    parent = value_at(data, path[:-1])
    parent[path[-1]] = copy.deepcopy(value)


def _canon(v: Any) -> Any:
    """A value for comparison: 12 and 12.0 equal, True and 1 not."""
    if isinstance(v, bool) or v is None or isinstance(v, str):
        return (type(v).__name__, v)
    if isinstance(v, (int, float)):
        return ("number", float(v))
    if isinstance(v, list):
        return ("list", tuple(_canon(x) for x in v))
    if isinstance(v, dict):
        return ("object", tuple(sorted((k, _canon(x)) for k, x in v.items())))
    return ("other", repr(v))


def same_value(a: Any, b: Any) -> bool:
    return bool(_canon(a) == _canon(b))
