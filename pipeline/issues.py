"""The vocabulary the stages hand each other: section keys, page kinds, issue codes,
a record's issues and the page ledger, as types rather than strings to parse back.

Every value is a `StrEnum`, so it is written to JSON and compared with the rule files'
strings exactly as the plain strings were: the outputs do not change, the code does.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class SectionKey(StrEnum):
    """A section of a case: the keys of [headings] in rules/layout.toml, and interview."""

    POINT = "point"
    OVERVIEW = "overview"
    EFFECTS = "effects"
    COST = "cost"
    SCHEDULE = "schedule"
    PROVIDERS = "providers"
    DEPARTMENT = "department"
    INTERVIEW = "interview"


class PageKind(StrEnum):
    """What a page of a volume is. The order of the case page kinds is the order in which
    page classification tries them (a page with cost headings is an effects/cost page even
    when it also holds a Point)."""

    COVER = "cover"
    TOC = "toc"
    GUIDE = "guide"
    EFFECTS_COST = "effects_cost"
    OVERVIEW = "overview"
    INTERVIEW = "interview"
    UNKNOWN = "unknown"


CASE_PAGE_KINDS = (PageKind.EFFECTS_COST, PageKind.OVERVIEW, PageKind.INTERVIEW)


class LedgerKind(StrEnum):
    """A page's line in the run report's page ledger."""

    COVER = "cover"
    TOC = "toc"
    GUIDE = "guide"
    CASE = "case"
    UNKNOWN = "unknown"


class IssueLevel(StrEnum):
    ERROR = "error"  # something that should have been extracted was not
    WARNING = "warning"  # everything found was extracted, but the input is suspect


class IssueCode(StrEnum):
    """The codes of the run report's issues (run_report.json `issues[].code`)."""

    # a file
    DAMAGED = "damaged"
    EMPTY = "empty"
    ENCRYPTED = "encrypted"
    INTERNAL = "internal"
    LAYOUT_FAILED = "layout_failed"
    MEMORY_BUDGET = "memory_budget"
    NO_COVER = "no_cover"
    NO_PAGES = "no_pages"
    NO_TEXT = "no_text"
    NOT_CASE_COLLECTION = "not_case_collection"
    NOT_PDF = "not_pdf"
    SEGMENT_FAILED = "segment_failed"
    TIME_BUDGET = "time_budget"
    TRUNCATED = "truncated"
    UNREADABLE = "unreadable"
    XREF_DAMAGED = "xref_damaged"
    DUPLICATE = "duplicate"
    CASE_ELSEWHERE = "case_elsewhere"
    KEPT_PREVIOUS = "kept_previous"
    PREVIOUS_INVALID = "previous_invalid"
    # a page
    PAGE_UNREADABLE = "page_unreadable"
    PAGE_SIZE = "page_size"
    PAGE_UNKNOWN = "page_unknown"
    PAGES_MISSING = "pages_missing"
    PAGES_OUT_OF_ORDER = "pages_out_of_order"
    CASES_MISSING = "cases_missing"
    # a case
    CASE_FAILED = "case_failed"
    INVALID_RECORD = "invalid_record"
    DEGRADED_RECORD = "degraded_record"
    ENRICH_FAILED = "enrich_failed"
    RECORD_WARNING = "record_warning"
    SECTIONS_MISSING = "sections_missing"
    SECTIONS_LOST = "sections_lost"
    UNKNOWN_HEADING = "unknown_heading"
    # a record's own issues (RecordIssue.code), each also a `record_warning` of the report
    WEAK_SIGNAL = "weak_signal"  # a decision taken on a weak signal (segmenting, a table's edges)
    SECTION_NOTE = "section_note"  # a section parser's note on what it read
    UNREAD_TEXT = "unread_text"  # text under no section heading
    FIGURE_SET_ASIDE = "figure_set_aside"  # a diagram's labels or a caption taken out of the sections: in no field
    PICTURE_OUTSIDE_SECTIONS = "picture_outside_sections"  # a raster picture in no section's box: its content in no field
    CONTINUED_BOX = "continued_box"  # a box read on from the page before
    ORG_UNKNOWN = "org_unknown"
    SECTION_NOT_FOUND = "section_not_found"
    PAGE_SIZE_READ = "page_size_read"  # read from a page whose box is odd
    DERIVED_VALUE = "derived_value"  # a derived value rests on an assumption
    PLAUSIBILITY = "plausibility"  # values read that cannot all be true together (plausibility.py)
    # a record's issues added by the corrections stage (also issues of the run report)
    CORRECTION_STALE = "correction_stale"  # the extracted value changed since the entry was written
    CORRECTION_NOT_DERIVED = "correction_not_derived"  # derived fields not recomputed after a correction


@dataclass(frozen=True)
class RecordIssue:
    """One issue of a case record: what (code, message), where (section, page). The
    record's `warnings` strings are rendered from these (`render`), never read back."""

    code: IssueCode
    message: str
    section: SectionKey | None = None
    page: int | None = None
    level: IssueLevel = IssueLevel.WARNING
    # How the warning string names the page: "prefix" (`{section} on page N: …` or
    # `page N: …`), "suffix" (`… (page N)`), "field" (`{field} on page N: …`, the field
    # named even without a page), or "none" (the message says it, or no page).
    page_style: str = "prefix"
    # The record field the issue is about when it is finer than the section (services and
    # participants of the providers box); the "field" style names it.
    field: str | None = None

    def render(self) -> str:
        """The warning string of the record (contract: `warnings: list[str]`)."""
        if self.page_style == "field" and (where := self.field or self.section) is not None:
            return f"{where} on page {self.page}: {self.message}" if self.page is not None else f"{where}: {self.message}"
        if self.page is None or self.page_style == "none":
            return self.message
        if self.page_style == "suffix":
            return f"{self.message} (page {self.page})"
        if self.section is not None and self.code in (IssueCode.SECTION_NOTE, IssueCode.CONTINUED_BOX):
            return f"{self.section} on page {self.page}: {self.message}"
        return f"page {self.page}: {self.message}"


@dataclass
class PageEntry:
    """A page's place in the ledger: what it is, and for a case page which part of which
    case; for an unknown page, why."""

    kind: LedgerKind
    part: PageKind | None = None  # a case page's kind
    case_no: int | None = None
    reason: str | None = None  # why an unknown page is unknown
    case_id: str | None = None

    def to_dict(self) -> dict[str, str]:
        """The ledger entry of run_report.json (its keys as before the ledger was typed)."""
        out: dict[str, str] = {"kind": str(self.kind)}
        if self.part is not None:
            out["part"] = str(self.part)
        if self.reason is not None:
            out["reason"] = self.reason
        if self.case_id is not None:
            out["case_id"] = self.case_id
        return out
