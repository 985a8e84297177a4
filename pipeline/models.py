"""The case record of the data contract (../shared/contract.md), as pydantic models.

Field names and value codes are fixed by the contract; analysts and the golden
checks read them. Fields may be added, never renamed or dropped.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, WithJsonSchema, model_validator

from .geometry import BBox
from .issues import IssueCode, IssueLevel, RecordIssue, SectionKey

OrgType = Literal["prefecture", "city", "ward", "town", "village"]
PopulationBand = Literal["under_10k", "10k_50k", "50k_100k", "100k_300k", "over_300k", "prefecture"]
CostStatus = Literal["amount", "none", "undisclosed", "blank"]
Tax = Literal["excluded", "included"]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class BreakdownLine(Record):
    item: str
    text: str | None
    amount_yen: int | None


class CostItem(Record):
    text: str | None
    status: CostStatus
    amount_yen: int | None
    tax: Tax | None
    breakdown: list[BreakdownLine] = Field(default_factory=list)
    note: str | None = None


class Cost(Record):
    initial: CostItem
    running: CostItem


class ScheduleStep(Record):
    when: str | None
    start: str | None = Field(description="YYYY, YYYY-MM or YYYY-MM-DD, as precise as printed")
    end: str | None
    what: str | None


class Schedule(Record):
    lead_time_text: str | None
    lead_time_months: float | None
    steps: list[ScheduleStep] = Field(default_factory=list)


class Department(Record):
    name: str | None
    phone: str | None
    email: str | None
    units: list[str] = Field(default_factory=list, description="organisation, then its units (issue 7)")


class InterviewItem(Record):
    q: str
    a: str
    topic: str | None = None
    topics: list[str] = Field(default_factory=list)


Direction = Literal["decrease", "increase"]
Role = Literal["effect", "context"]
Bound = Literal["min", "max"]


class EffectMetric(Record):
    effect_seq: int
    span: str
    value: float  # a range's midpoint
    value_before: float | None = None  # the "before" figure of an X→Y pair
    value_min: float | None = None
    value_max: float | None = None
    unit: str
    per: str | None = None
    direction: Direction | None = None  # only on effect rows
    subject: str | None = None
    role: Role = "effect"  # context: setting, scale, cost or span of the effort
    role_basis: str | None = None  # the reading of pipeline/nlp/governing (roles.READINGS) that decided role
    approx: bool = False  # 約, 程度, ほど, 余, およそ, 前後 …
    bound: Bound | None = None  # min: 以上/超; max: 以下/未満/以内/最大
    assumption: str | None = None  # the weak decisions the row rests on (as in the record's warnings), None when none


class Source(Record):
    file: str
    sha256: str
    pages: list[int]


class CorrectionNote(Record):
    """A reviewed value from the corrections folder that replaced what was extracted (issue 16)."""

    reason: str
    by: str
    entry: str = Field(description="where the correction is written: <folder>/<file>.toml:<line>")
    extracted: Any = Field(description="the value the pipeline extracted in this run, before the correction")
    recorded_extracted: Any = Field(description="the extracted value the correction file recorded when it was made")
    stale: bool = Field(description="the extraction changed underneath the correction: extracted != recorded_extracted")


# geometry.BBox, validated from and written as the four numbers it always was (the JSON
# and its schema stay exactly as before).
ProvenanceBox = Annotated[BBox, WithJsonSchema({
    "maxItems": 4, "minItems": 4, "prefixItems": [{"type": "number"}] * 4, "type": "array"})]


class Provenance(Record):
    """Where a field was read: 1-based page and bbox (x0, top, x1, bottom) in PDF points.

    A corrected field has its own entry: method "corrected", the correction beside it,
    and the page and box of the section it was read from (none if it was not found)."""

    field: str
    page: int | None
    bbox: ProvenanceBox | None = Field(title="Bbox")
    method: Literal["pdf", "corrected"] = "pdf"
    correction: CorrectionNote | None = None

    @model_validator(mode="after")
    def _read_or_corrected(self) -> "Provenance":
        # What the PDF gave always has a place in it; only a correction may have none.
        if self.method == "pdf" and (self.page is None or self.bbox is None or self.correction is not None):
            raise ValueError("a field read from the PDF has a page and a bbox and no correction")
        if self.method == "corrected" and self.correction is None:
            raise ValueError("a corrected field names its correction")
        return self


class IssueEntry(Record):
    """One warning of a record as data: what (level, code), where (section, page), and the
    warning string itself (`message`, equal to the `warnings` entry at the same index)."""

    level: IssueLevel
    # None only for a record written before records carried their issues (its warnings
    # were kept as they were; what they are about is not known).
    code: IssueCode | None
    section: SectionKey | None
    page: int | None
    message: str


def issue_entry(issue: RecordIssue) -> IssueEntry:
    return IssueEntry(level=issue.level, code=issue.code, section=issue.section, page=issue.page, message=issue.render())


def issue_fields(issues: Sequence[RecordIssue]) -> dict[str, Any]:
    """`warnings` and `issues` of a record from its issues: the one place both are made,
    so that they cannot disagree."""
    entries = [issue_entry(i) for i in issues]
    return {"warnings": [e.message for e in entries], "issues": entries}


class CaseRecord(Record):
    case_id: str
    edition: str
    published: dt.date | None
    volume_no: int
    volume: str
    area: str | None
    section_no: int | None
    section: str | None
    subsection: str | None
    case_no: int
    title: str
    organization: str
    prefecture: str | None
    municipality: str | None
    org_type: OrgType | None
    lg_code: str | None
    population_band: PopulationBand | None
    population: int | None
    population_as_of: dt.date | None
    is_new: bool
    labels: list[str]
    point: str | None
    overview: list[str]
    effects: list[str]
    cost: Cost | None
    schedule: Schedule | None
    providers: list[str]
    services: list[str]
    operation: str | None
    participants: list[str]
    department: Department | None
    # Contract v1.1: the further departments of a box or line that lists several, in printed order.
    other_departments: list[Department] = Field(default_factory=list)
    interview: list[InterviewItem]
    urls: list[str]
    source: Source
    # Added fields (the contract allows additions).
    effect_metrics: list[EffectMetric] = Field(default_factory=list)
    provenance: list[Provenance] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    # The same warnings as data, one entry per warning in the same order (issue 13): what
    # the review site and warnings.parquet read, so that no one parses the strings.
    issues: list[IssueEntry] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _issues_of_older_records(cls, data: Any) -> Any:
        # A record written before `issues` existed (kept from an earlier run, or read back
        # by the review site): each warning becomes an issue of unknown code and section.
        if isinstance(data, dict) and "issues" not in data and data.get("warnings"):
            legacy = [{"level": IssueLevel.WARNING, "code": None, "section": None, "page": None, "message": w}
                      for w in data["warnings"]]
            return {**data, "issues": legacy}
        return data

    @model_validator(mode="after")
    def _issues_match_warnings(self) -> "CaseRecord":
        if [i.message for i in self.issues] != self.warnings:
            raise ValueError("issues and warnings disagree: each warning has one issue, in the same order, with it as message")
        return self

    def with_issues(self, issues: Sequence[RecordIssue]) -> "CaseRecord":
        """The record with more issues, each also a warning: the one call a stage that
        checks a made record (enrichment, plausibility) uses to add what it found."""
        if not issues:
            return self
        more = issue_fields(issues)
        return self.model_copy(update={"warnings": self.warnings + more["warnings"], "issues": self.issues + more["issues"]})


def validate_record(rec: CaseRecord) -> CaseRecord:
    """The record re-validated from its own data (model_copy(update=…) skips validation)."""
    return CaseRecord.model_validate(rec.model_dump(warnings=False))


def validation_problem(case_id: str, exc: ValidationError) -> dict[str, Any]:
    err = exc.errors()[0]
    return {"case_id": case_id, "field": ".".join(str(x) for x in err["loc"]), "value": repr(err.get("input")),
            "message": err["msg"], "errors": exc.error_count()}
