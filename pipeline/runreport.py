"""What a run found, file by file: named issues (file, page, case, reason, hint),
the page ledger, and the run's result."""
from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from .models import CaseRecord

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


class InputError(Exception):
    """A file that cannot be extracted, with the reason and what to do about it."""

    def __init__(self, reason: str, hint: str = "", page: int | None = None, code: str = "unreadable"):
        super().__init__(reason)
        self.reason, self.hint, self.page, self.code = reason, hint, page, code


@dataclass
class Issue:
    """One named problem: where (file, page, case), what (code, reason) and what to do (hint)."""

    level: str  # error | warning
    code: str
    reason: str
    hint: str = ""
    page: int | None = None
    case_id: str | None = None
    detail: dict | None = None  # structured extras: missing sections, an unknown heading's text…

    def where(self, file: str) -> str:
        out = file
        if self.page is not None:
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
    pages: dict[int, dict] = field(default_factory=dict)  # the page ledger: page -> {"kind", ...}
    cases: list[str] = field(default_factory=list)  # case ids written from this file
    kept: list[str] = field(default_factory=list)  # case ids kept from the previous run
    issues: list[Issue] = field(default_factory=list)
    cached: bool = False  # console only: never in the report (it would differ between runs)

    def add(self, level: str, code: str, reason: str, hint: str = "", **kw) -> Issue:
        issue = Issue(level, code, reason, hint, **kw)
        self.issues.append(issue)
        return issue

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

    def ledger_counts(self) -> Counter:
        return Counter(p["kind"] for p in self.pages.values())

    def to_dict(self) -> dict:
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


def issue_dict(i: Issue, file: str) -> dict:
    d = {"level": i.level, "code": i.code, "file": file, "page": i.page, "case_id": i.case_id,
         "reason": i.reason, "hint": i.hint or None}
    if i.detail:
        d["detail"] = i.detail
    return d


@dataclass
class RunResult:
    records: list[CaseRecord]
    files: list[FileReport]
    skipped: list = field(default_factory=list)  # inputs.SkippedEntry: folder entries not extracted
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


def skipped_line(s) -> str:
    return f"{printable(s.entry)}: not extracted: {printable(s.reason)} - hint: {SKIPPED_HINT}"
