"""What a run found, file by file: named issues (file, page, case, reason, hint),
the page ledger, and the run's result."""
from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

from pydantic import ValidationError

from . import __version__
from .issues import IssueCode, LedgerKind, PageEntry, PageKind, SectionKey
from .models import CaseRecord, validate_record, validation_problem

FIX_DOWNLOAD = "fetch the volume again (make fetch)"

# Control and format characters (ESC, newline, bidi overrides), line separators and the
# stand-ins for bytes that were not UTF-8: a file name holding them could clear the
# screen or forge a console line.
_UNPRINTABLE = {"Cc", "Cf", "Cs", "Zl", "Zp"}


def printable(text: str) -> str:
    """Text safe for a terminal and a log: unprintable characters as Python escapes."""
    if text.isprintable():
        return text
    return "".join(ascii(ch)[1:-1] if unicodedata.category(ch) in _UNPRINTABLE else ch for ch in text)


@dataclass(frozen=True)
class SkippedEntry:
    """An entry of the input folder that is not extracted, and why."""

    entry: str
    reason: str


class InputError(Exception):
    """A file that cannot be extracted, with the reason and what to do about it."""

    def __init__(self, reason: str, hint: str = "", page: int | None = None, code: str = "unreadable"):
        super().__init__(reason)
        self.reason, self.hint, self.page, self.code = reason, hint, page, code


@dataclass
class Issue:
    """One named problem: where (file, page, case), what (code, reason) and what to do (hint)."""

    level: str  # error | warning
    code: IssueCode | str  # an IssueCode; a plain string for a code not (yet) in the enum
    reason: str
    hint: str = ""
    page: int | None = None
    case_id: str | None = None
    detail: dict[str, Any] | None = None  # structured extras: missing sections, an unknown heading's text…
    section: SectionKey | None = None  # the section of the record it is about
    # The reason names the page already (a record's warning, rendered with its page): the
    # console line does not say it twice.
    states_page: bool = False

    def where(self, file: str) -> str:
        out = file
        if self.page is not None and not self.states_page:
            out += f" (page {self.page})"
        if self.case_id:
            out += f" [{self.case_id}]"
        return out

    def line(self, file: str) -> str:
        return printable(f"{self.where(file)}: {self.reason}" + (f" - hint: {self.hint}" if self.hint else ""))


@dataclass
class FileReport:
    file: str
    sha256: str | None = None
    status: str = "ok"  # ok | partial (some cases or pages failed) | failed | duplicate
    page_count: int | None = None
    duplicate_of: str | None = None
    # The page ledger as written to the report (page -> PageEntry.to_dict()): written
    # through set_page, read typed through `ledger`.
    pages: dict[int, dict[str, str]] = field(default_factory=dict)
    cases: list[str] = field(default_factory=list)  # case ids written from this file
    kept: list[str] = field(default_factory=list)  # case ids kept from the previous run
    issues: list[Issue] = field(default_factory=list)
    cached: bool = False  # console only: never in the report (it would differ between runs)

    def add(self, level: str, code: IssueCode | str, reason: str, hint: str = "", **kw: Any) -> Issue:
        issue = Issue(level, code, reason, hint, **kw)
        self.issues.append(issue)
        return issue

    def set_page(self, n: int, entry: PageEntry) -> None:
        self.pages[n] = entry.to_dict()

    def set_case(self, n: int, case_id: str) -> None:
        self.set_page(n, replace(page_entry(self.pages[n]), case_id=case_id))  # not self.ledger: it types every page

    @property
    def ledger(self) -> dict[int, PageEntry]:
        """The page ledger, typed (a copy: write through set_page)."""
        return {n: page_entry(d) for n, d in self.pages.items()}

    def fail(self, exc: InputError) -> None:
        self.status = "failed"
        self.add("error", exc.code, exc.reason, exc.hint, page=exc.page)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.level == "error"]

    @property
    def warning_issues(self) -> list[Issue]:
        return [i for i in self.issues if i.level == "warning"]

    # Short forms kept from the first version of the report.
    @property
    def error(self) -> str | None:
        return self.errors[0].reason if self.errors else None

    @property
    def hint(self) -> str | None:
        return self.errors[0].hint if self.errors else None

    @property
    def page(self) -> int | None:
        return self.errors[0].page if self.errors else None

    @property
    def warnings(self) -> list[str]:
        return [i.line(self.file) for i in self.warning_issues]

    def ledger_counts(self) -> Counter[str]:
        return Counter(p["kind"] for p in self.pages.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "sha256": self.sha256,
            "status": self.status,
            "page_count": self.page_count,
            "duplicate_of": self.duplicate_of,
            "cases": list(self.cases),
            "kept_from_previous_run": list(self.kept),
            "issues": [issue_dict(i, self.file) for i in self.issues],
            "pages": [{"page": n, **v} for n, v in sorted(self.pages.items())],  # the ledger, in page order
        }


def page_entry(d: dict[str, str]) -> PageEntry:
    return PageEntry(LedgerKind(d["kind"]), PageKind(d["part"]) if "part" in d else None, None, d.get("reason"), d.get("case_id"))


def issue_dict(i: Issue, file: str) -> dict[str, Any]:
    d: dict[str, Any] = {"level": i.level, "code": str(i.code), "file": file, "page": i.page, "case_id": i.case_id,
                         "reason": i.reason, "hint": i.hint or None}
    if i.section is not None:
        d["section"] = str(i.section)
    if i.detail:
        d["detail"] = i.detail
    return d


@dataclass
class RunResult:
    records: list[CaseRecord]
    files: list[FileReport]
    skipped: list[SkippedEntry] = field(default_factory=list)  # folder entries not extracted
    # About the run, not the files (the layout cache, the worker cap): on the console
    # only, since the report must not depend on the cache or the number of workers.
    notes: list[str] = field(default_factory=list)

    @property
    def failed(self) -> list[FileReport]:
        return [f for f in self.files if f.status == "failed"]

    @property
    def partial(self) -> list[FileReport]:
        return [f for f in self.files if f.status == "partial"]

    @property
    def errors(self) -> list[tuple[FileReport, Issue]]:
        return [(f, i) for f in self.files for i in f.errors]

    @property
    def warning_issues(self) -> list[tuple[FileReport, Issue]]:
        return [(f, i) for f in self.files for i in f.warning_issues]

    @property
    def warnings(self) -> list[str]:
        return [i.line(f.file) for f, i in self.warning_issues] + [skipped_line(s) for s in self.skipped]


SKIPPED_HINT = "only regular *.pdf files directly in the folder are extracted; move or fix this entry"


def skipped_line(s: SkippedEntry) -> str:
    return f"{printable(s.entry)}: not extracted: {printable(s.reason)} - hint: {SKIPPED_HINT}"


# --- the end of a run: one validation, the exit code, the report ------------------------


def validated(result: RunResult) -> list[CaseRecord]:
    """Each record validated against the models, once, when nothing more is done to it
    before writing (corrections are applied to valid records and validated as they are
    applied). A record that does not validate is reported with the field and value and
    not written (an error)."""
    by_file = {f.file: f for f in result.files}
    out = []
    for rec in result.records:
        try:
            out.append(validate_record(rec))
            continue
        except ValidationError as exc:
            p = validation_problem(rec.case_id, exc)
        rep = by_file[rec.source.file]
        rep.add("error", IssueCode.INVALID_RECORD, f"invalid record: field {p['field']} = {p['value']}: {p['message']}; not written",
                "a parser read a value the contract does not allow; please report it with the file",
                page=rec.source.pages[0] if rec.source.pages else None, case_id=rec.case_id, detail=p)
        if rep.status == "ok":
            rep.status = "partial"
        if rec.case_id in rep.cases:
            rep.cases.remove(rec.case_id)
    return out


EXIT_OK, EXIT_FAILED, EXIT_NOTHING = 0, 1, 2


def exit_code(result: RunResult, *, fresh: int, correction_errors: bool, correction_warnings: bool, strict: bool) -> int:
    """0 everything extracted; 1 some input failed (the rest is still written), or any
    warning with --strict; 2 nothing usable."""
    if fresh == 0:
        return EXIT_NOTHING
    if (any(f.status in ("failed", "partial") for f in result.files) or result.errors or correction_errors
            or (strict and (result.warnings or correction_warnings))):
        return EXIT_FAILED
    return EXIT_OK


def failed_for_strict_only(result: RunResult, code: int, *, strict: bool, correction_errors: bool) -> bool:
    """The run failed only because --strict counts its warnings."""
    return (code == EXIT_FAILED and strict and not result.errors and not correction_errors
            and not any(f.status in ("failed", "partial") for f in result.files))


LEDGER_KINDS = tuple(str(k) for k in LedgerKind)


def run_report(result: RunResult, raw_name: str, *, written: list[CaseRecord], kept: list[CaseRecord], exit_code: int,
               strict: bool) -> dict[str, Any]:
    """The run report: deterministic (no timestamps, no absolute paths, nothing that
    depends on the cache or the number of workers)."""
    ledger: Counter[str] = Counter({k: 0 for k in LEDGER_KINDS})
    for f in result.files:
        ledger.update(f.ledger_counts())
    issues = [issue_dict(i, f.file) for f in result.files for i in f.issues]
    return {
        "pipeline_version": __version__,
        "raw": raw_name,
        "strict": strict,
        "exit_code": exit_code,
        "status": {EXIT_OK: "ok", EXIT_FAILED: "failed", EXIT_NOTHING: "nothing_usable"}[exit_code],
        "files": [f.to_dict() for f in result.files],
        "cases": len(written),
        "case_ids": [r.case_id for r in written],
        "kept_from_previous_run": sorted(r.case_id for r in kept),
        "pages": sum(ledger.values()),
        "page_ledger": dict(ledger),
        "unread_files": [f.file for f in result.files if f.page_count is None and f.status != "duplicate"],
        "failed": [f.file for f in result.files if f.status == "failed"],
        "partial": [f.file for f in result.files if f.status == "partial"],
        "errors": [i.line(f.file) for f, i in result.errors],
        "warnings": result.warnings,
        "issues": issues,
        "skipped": [{"entry": s.entry, "reason": s.reason} for s in result.skipped],
    }
