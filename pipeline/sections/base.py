"""One interface for every section parser (camelot's `BaseParser` is the model).

A parser names its section (`key`), the page kinds it reads (`page_kinds`), the page kind
its heading marks a page as (`marks_page`, if any) and its printed label; `parse` reads
the regions of one page that carry its key and gives a `SectionResult`: the value, the
printed lines it was read from (provenance) and its issues. A case's result is the
parser's `combine` over its pages. The pages' regions are cut once, by the job, and every
parser reads the same cut.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from ..issues import IssueCode, PageKind, RecordIssue, SectionKey
from ..layout import Line
from .regions import OpenBox, Region, open_columns, split_regions

if TYPE_CHECKING:
    from ..segment import CasePage, CaseSlice


@dataclass
class PageRegions:
    """A case page and its regions under headings, cut once for every parser."""

    page: CasePage
    regions: list[Region]

    @property
    def number(self) -> int:
        return self.page.layout.page


def cut_regions(case: CaseSlice, kinds: Collection[PageKind]) -> list[PageRegions]:
    """The regions of every page of the case whose sections sit under headings (`kinds`:
    registry.heading_pages(), the 事業概要 and 事業効果・コスト pages), cut once. A page whose text starts above any heading
    continues the section left open on the page before: on an effects/cost page the box
    last in reading order (the rightmost column's lowest), on an overview page the lowest."""
    out = []
    last_key: str | None = None
    columns: list[OpenBox] = []
    for p in case.pages:
        if p.kind not in kinds:
            continue
        regions = split_regions(p.body, p.layout.width, p.layout.height, default=last_key, columns=columns)
        if regions:
            last_key = max(regions, key=lambda r: (r.x0, r.top)).key if p.kind == PageKind.EFFECTS_COST else \
                max(regions, key=lambda r: r.top).key
            columns = open_columns(regions)
        out.append(PageRegions(p, regions))
    return out


@dataclass
class SectionResult:
    """What a parser read: its value (None when nothing), the printed lines of each
    provenance field it fills, and its issues."""

    value: Any = None
    sources: dict[str, list[Line]] = field(default_factory=dict)
    issues: list[RecordIssue] = field(default_factory=list)
    found: bool = False  # its heading (or its page, for a section with none) was seen


class SectionParser(ABC):
    key: ClassVar[SectionKey]
    label: ClassVar[str]  # the printed heading, for the review site's section list
    page_kinds: ClassVar[tuple[PageKind, ...]]
    marks_page: ClassVar[PageKind | None] = None  # a page with this heading is of this kind
    heading_led: ClassVar[bool] = True  # found under a heading of [headings] in rules/layout.toml
    # A box that may run on to the next page without its heading: the lines there are
    # read as its continuation, and a warning says so.
    continues_unheaded: ClassVar[bool] = False

    def record_fields(self, result: SectionResult) -> dict[str, Any]:
        """The record's fields this section fills (contract names): by default the field
        named by its key holds its value."""
        return {str(self.key): result.value}

    @abstractmethod
    def parse(self, regions: list[Region], page: CasePage) -> SectionResult:
        """This section's regions of one page (all with `key`), read."""

    def combine(self, results: list[SectionResult]) -> SectionResult:
        """The section of a case from its pages' results, in page order. The default keeps
        the last value read and every page's lines and issues."""
        out = SectionResult()
        for r in results:
            out.value = r.value if r.value is not None else out.value
            for k, lines in r.sources.items():
                out.sources.setdefault(k, []).extend(lines)
            out.issues += r.issues
            out.found = out.found or r.found
        return out

    def parse_case(self, case: CaseSlice, pages: list[PageRegions]) -> SectionResult:
        results = []
        for pr in pages:
            if pr.page.kind not in self.page_kinds:
                continue
            mine = [r for r in pr.regions if r.key == self.key]
            if mine:
                results.append(self._with_continuation_notes(self.parse(mine, pr.page), mine, pr))
        return self.combine(results)

    def _with_continuation_notes(self, res: SectionResult, mine: list[Region], pr: PageRegions) -> SectionResult:
        if not self.continues_unheaded:
            return res
        notes = [RecordIssue(IssueCode.CONTINUED_BOX, f"{len(r.lines)} line(s) with no heading read as the "
                             "continuation of the box on the page before", self.key, pr.number)
                 for r in mine if r.heading is None and r.lines]
        res.issues[:0] = notes
        return res


def section_notes(key: SectionKey, page: int, notes: list[str]) -> list[RecordIssue]:
    """A parser's notes on one page (the `notes` list today's parse functions fill) as issues."""
    return [RecordIssue(IssueCode.SECTION_NOTE, n, key, page) for n in notes]


def box_of(r: Region) -> tuple[float, float, float, float]:
    return (r.x0, r.top, r.x1, r.bottom)
