"""Corrections stage: reviewed values that survive re-extraction (issue 16).

A corrections folder holds TOML files of `[[correction]]` entries: case id, field path,
the corrected value, the value the pipeline had extracted when the correction was
made, who and why (the format is in the README, "Corrections"). `extract` applies
them to the validated records just before writing:

- the written record holds the corrected value, and a provenance entry for the path
  says `corrected`, with the reason, who, the entry's file and line, and the value
  the pipeline extracted this run;
- a correction whose recorded extracted value differs from what the pipeline extracts
  now is *stale*: still applied, but a warning in the record and the run report says
  the extraction changed underneath it;
- an entry naming an unknown case or field, or a value the contract refuses (checked
  by the same pydantic models as records), is an error naming file and line; the
  other entries and the rest of the run go on.

This module only imports the standard library at the top: the run-stamp check of
`extract` fingerprints the folder before the pipeline is loaded.
"""
from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .models import CaseRecord

RULES_FILE = Path(__file__).with_name("rules") / "corrections.toml"
ENTRY_KEYS_REQUIRED = ("case", "field", "by", "reason")
ENTRY_KEYS_OPTIONAL = ("value", "value_json", "extracted", "extracted_json", "date")
_HEADER = re.compile(r"^\s*\[\[\s*correction\s*\]\]\s*(#.*)?$")
_STEP = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)((?:\[\d+\])*)")
_INDEX = re.compile(r"\[(\d+)\]")
_TOML_LINE = re.compile(r"at line (\d+)")


@lru_cache(maxsize=None)
def rules() -> dict:
    with open(RULES_FILE, "rb") as fh:
        return tomllib.load(fh)


def default_folder(raw_dir: Path) -> Path:
    return Path(raw_dir).resolve().parent / rules()["default_folder"]


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

    def to_dict(self) -> dict:
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


def _value(raw: dict, key: str, where: str) -> Any:
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
    protected = rules()["protected_fields"]
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
    for path in sorted(p for p in folder.iterdir() if p.is_file() and not is_explanation(p)):
        label = f"{folder.name}/{path.name}"
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


# --- applying them --------------------------------------------------------------------


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


def set_value(data: dict, path: tuple[str | int, ...], value: Any) -> None:
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
    return _canon(a) == _canon(b)


@dataclass(frozen=True)
class AppliedCorrection:
    entry: CorrectionEntry
    extracted_now: Any
    page: int | None = None  # where the field's section was read

    @property
    def stale(self) -> bool:
        return not same_value(self.entry.extracted, self.extracted_now)

    def stale_reason(self) -> str:
        e = self.entry
        now = json.dumps(self.extracted_now, ensure_ascii=False)
        then = json.dumps(e.extracted, ensure_ascii=False)
        agrees = " (it now extracts the corrected value: the correction may be removed)" if same_value(e.value, self.extracted_now) else ""
        return (f"correction of {e.field} is stale: the extraction changed underneath it: the correction recorded {then}, "
                f"the pipeline now extracts {now}{agrees}; the corrected value is written ({e.where})")

    def to_dict(self) -> dict:
        e = self.entry
        return {"case_id": e.case, "field": e.field, "value": e.value, "extracted": self.extracted_now,
                "recorded_extracted": e.extracted, "stale": self.stale, "by": e.by, "reason": e.reason,
                "date": e.date, "where": e.where, "page": self.page}


@dataclass
class CorrectionOutcome:
    """What the corrections stage did in a run: the `corrections` part of the run report."""

    folder: str | None
    files: list[str]
    applied: list[AppliedCorrection] = field(default_factory=list)
    errors: list[CorrectionError] = field(default_factory=list)
    not_applied: list[str] = field(default_factory=list)  # warnings: entries of cases kept from an earlier run
    underived: list[str] = field(default_factory=list)  # warnings: derived fields not recomputed after a correction

    @property
    def stale(self) -> list[AppliedCorrection]:
        return [a for a in self.applied if a.stale]

    def warning_lines(self) -> list[str]:
        return [f"{a.entry.case}: {a.stale_reason()}" for a in self.stale] + self.not_applied + self.underived

    def issues(self) -> list[dict]:
        """The run report's issues of the corrections, in its issue format (file is the
        corrections file, detail.where its line)."""
        def issue(level, code, where, case, reason, hint, page=None, field=None):
            return {"level": level, "code": code, "file": where.split(":")[0], "page": page, "case_id": case, "reason": reason,
                    "hint": hint, "detail": {"where": where, "field": field}}

        out = [issue("error", "correction_invalid", e.where, e.case, e.message, "fix or remove the entry; it was not applied",
                     field=e.field) for e in self.errors]
        out += [issue("warning", "correction_stale", a.entry.where, a.entry.case, a.stale_reason(),
                      "check the field in the PDF, then update the entry's extracted value (or value), or remove the entry",
                      a.page, a.entry.field) for a in self.stale]
        out += [issue("warning", "correction_not_applied", line.split(": ", 1)[0], None, line.split(": ", 1)[1],
                      "fix the volume's PDF so the case is extracted again") for line in self.not_applied]
        out += [issue("warning", "correction_not_derived", line.split(": ", 1)[0], None, line.split(": ", 1)[1],
                      "please report it with the corrections file") for line in self.underived]
        return out

    def error_lines(self) -> list[str]:
        return [e.line() for e in self.errors]

    def to_dict(self) -> dict:
        return {"folder": self.folder, "files": self.files, "applied": [a.to_dict() for a in self.applied],
                "stale": len(self.stale), "errors": [e.to_dict() for e in self.errors], "not_applied": self.not_applied}


def _section_box(provenance: list[dict], path: tuple[str | int, ...]) -> tuple[int | None, list | None]:
    """The page and box where the corrected field's section was read (none if it was not found)."""
    top = str(path[0])
    for p in provenance:
        if p.get("method", "pdf") == "pdf" and (p["field"] == top or p["field"].startswith(top + ".")):
            return p["page"], p["bbox"]
    return None, None


def _apply_to_record(rec: CaseRecord, entries: list[CorrectionEntry], outcome: CorrectionOutcome) -> CaseRecord:
    from pydantic import ValidationError

    from .models import CaseRecord
    from .nlp_enrich import enrich

    original = rec.model_dump(mode="json", warnings=False)
    data = copy.deepcopy(original)
    done: list[AppliedCorrection] = []
    for e in entries:
        try:
            now = value_at(original, e.path)
            trial = copy.deepcopy(data)
            set_value(trial, e.path, e.value)
            CaseRecord.model_validate(trial)
        except PathError as exc:
            outcome.errors.append(CorrectionError(e.where, f"case {e.case}: {exc}", e.case, e.field))
            continue
        except ValidationError as exc:
            err = exc.errors()[0]
            loc = format_path(tuple(err["loc"]))
            outcome.errors.append(CorrectionError(
                e.where, f"case {e.case}: the contract refuses {e.field} = {json.dumps(e.value, ensure_ascii=False)}: "
                         f"{loc}: {err['msg']}", e.case, e.field))
            continue
        data = trial
        done.append(AppliedCorrection(e, now))
    if not done:
        return rec
    if any(a.entry.path[0] in rules()["derived"]["inputs"] for a in done):
        try:
            derived = enrich(CaseRecord.model_validate(data)).model_dump(mode="json", warnings=False)
            for a in done:  # a correction of a derived field itself wins over the derivation
                set_value(derived, a.entry.path, a.entry.value)
            CaseRecord.model_validate(derived)
            data = derived
        except Exception as exc:  # the corrections still hold; only the derived fields lag behind
            why = (f"{done[0].entry.where}: case {rec.case_id}: effect metrics, topics and units not derived again after the "
                   f"corrections ({type(exc).__name__}: {exc}); they describe the extracted text")
            outcome.underived.append(why)
            data["warnings"].append(why)
    for n, a in enumerate(done):
        page, bbox = _section_box(original["provenance"], a.entry.path)
        done[n] = a = AppliedCorrection(a.entry, a.extracted_now, page)
        data["provenance"].append({
            "field": a.entry.field, "page": page, "bbox": bbox, "method": "corrected",
            "correction": {"reason": a.entry.reason, "by": a.entry.by, "entry": a.entry.where, "extracted": a.extracted_now,
                           "recorded_extracted": a.entry.extracted, "stale": a.stale}})
        if a.stale:
            data["warnings"].append(a.stale_reason())
    outcome.applied += done
    return CaseRecord.model_validate(data)


def apply_corrections(records: list[CaseRecord], corrections: CorrectionSet,
                      kept_case_ids: set[str] = frozenset()) -> tuple[list[CaseRecord], CorrectionOutcome]:
    """The records with every valid correction applied, and what was done. Records kept
    from an earlier run (kept_case_ids, not in records) were written with the
    corrections of that run: an entry for one is not applied now, and says so."""
    outcome = CorrectionOutcome(folder=corrections.folder, files=list(corrections.files), errors=list(corrections.errors))
    by_case: dict[str, list[CorrectionEntry]] = {}
    first: dict[tuple[str, str], str] = {}
    for e in corrections.entries:
        key = (e.case, e.field)
        if key in first:
            outcome.errors.append(CorrectionError(e.where, f"case {e.case}: a second correction of {e.field} (the first is at {first[key]})",
                                                  e.case, e.field))
            continue
        first[key] = e.where
        by_case.setdefault(e.case, []).append(e)
    out = []
    for rec in records:
        entries = by_case.pop(rec.case_id, [])
        out.append(_apply_to_record(rec, entries, outcome) if entries else rec)
    for case, entries in by_case.items():
        for e in entries:
            if case in kept_case_ids:
                outcome.not_applied.append(f"{e.where}: case {case} was not extracted this run (its record is kept from the previous run "
                                           f"as it was written then), so this correction was not applied again")
            else:
                outcome.errors.append(CorrectionError(e.where, f"unknown case {case}: no record of this run has that case id", case, e.field))
    outcome.errors.sort(key=lambda x: _where_key(x.where))
    return out, outcome


def _where_key(where: str) -> tuple:
    name, _, line = where.partition(":")
    return (name, int(line) if line.isdigit() else 0)
