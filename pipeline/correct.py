"""Correct stage (issue 16): the entries of the corrections folder applied to the
validated records of a run, just before they are written.

- the written record holds the corrected value, and a provenance entry for the path
  says `corrected`, with the reason, who, the entry's file and line, and the value
  the pipeline extracted this run;
- a correction whose recorded extracted value differs from what the pipeline extracts
  now is *stale*: still applied, but a warning in the record and the run report says
  the extraction changed underneath it;
- an entry naming an unknown case or field, or a value the contract refuses (checked
  by the same pydantic models as records), is an error naming file and line; the
  other entries and the rest of the run go on.

The folder and its format: corrections.py.
"""
from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from collections.abc import Set as AbstractSet
from typing import Any

from .corrections import (
    CorrectionEntry,
    CorrectionError,
    CorrectionSet,
    PathError,
    format_path,
    rules,
    same_value,
    section_of,
    set_value,
    value_at,
)
from .issues import IssueCode, RecordIssue, SectionKey
from .models import CaseRecord, issue_fields


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

    def to_dict(self) -> dict[str, Any]:
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

    def issues(self) -> list[dict[str, Any]]:
        """The run report's issues of the corrections, in its issue format (file is the
        corrections file, detail.where its line)."""
        def issue(level: str, code: str, where: str, case: str | None, reason: str, hint: str,
                  page: int | None = None, field: str | None = None) -> dict[str, Any]:
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

    def to_dict(self) -> dict[str, Any]:
        return {"folder": self.folder, "files": self.files, "applied": [a.to_dict() for a in self.applied],
                "stale": len(self.stale), "errors": [e.to_dict() for e in self.errors], "not_applied": self.not_applied}


def _section_box(provenance: list[dict[str, Any]], path: tuple[str | int, ...]) -> tuple[int | None, list[float] | None]:
    """The page and box where the corrected field was read: its own entry, else that of
    the section it is printed in (population: 参考情報), else none."""
    top = str(path[0])
    for name in (top, section_of(top)):
        for p in provenance:
            if name and p.get("method", "pdf") == "pdf" and (p["field"] == name or p["field"].startswith(name + ".")):
                return p["page"], p["bbox"]
    return None, None


def _section_key(field: str) -> SectionKey | None:
    """The section of a corrected field, when it is one of the record's sections (a
    title or reference field has none)."""
    section = section_of(field)
    return SectionKey(section) if section is not None and section in {str(k) for k in SectionKey} else None


def _add_issue(data: dict[str, Any], issue: RecordIssue) -> None:
    """A warning and its issue added to a record's data, together (models.issue_fields)."""
    more = issue_fields([issue])
    data["warnings"] += more["warnings"]
    data["issues"] += [e.model_dump(mode="json") for e in more["issues"]]


def _apply_to_record(rec: CaseRecord, entries: list[CorrectionEntry], outcome: CorrectionOutcome) -> CaseRecord:
    from pydantic import ValidationError

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
    if any(a.entry.path[0] in rules().derived.inputs for a in done):
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
            _add_issue(data, RecordIssue(IssueCode.CORRECTION_NOT_DERIVED, why, page_style="none"))
    for n, a in enumerate(done):
        page, bbox = _section_box(original["provenance"], a.entry.path)
        done[n] = a = AppliedCorrection(a.entry, a.extracted_now, page)
        data["provenance"].append({
            "field": a.entry.field, "page": page, "bbox": bbox, "method": "corrected",
            "correction": {"reason": a.entry.reason, "by": a.entry.by, "entry": a.entry.where, "extracted": a.extracted_now,
                           "recorded_extracted": a.entry.extracted, "stale": a.stale}})
        if a.stale:
            _add_issue(data, RecordIssue(IssueCode.CORRECTION_STALE, a.stale_reason(), _section_key(a.entry.field), page,
                                         page_style="none"))
    outcome.applied += done
    return CaseRecord.model_validate(data)


def apply_corrections(records: list[CaseRecord], corrections: CorrectionSet,
                      kept_case_ids: AbstractSet[str] = frozenset()) -> tuple[list[CaseRecord], CorrectionOutcome]:
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


def _where_key(where: str) -> tuple[str, int]:
    name, _, line = where.partition(":")
    return (name, int(line) if line.isdigit() else 0)
