"""Point, 事業の概要 and 事業効果: bullets and paragraphs, tables as one item per row."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..issues import IssueCode, PageKind, RecordIssue
from ..layout import Line, Ruling
from ..segment import CasePage, CaseSlice
from .base import PageRegions, cut_regions
from .blocks import items_with_tables
from .items import group_items
from .regions import Region


@dataclass
class Narrative:
    point: str | None = None
    overview: list[str] = field(default_factory=list)
    effects: list[str] = field(default_factory=list)
    sources: dict[str, list[Line]] = field(default_factory=dict)
    found: set[str] = field(default_factory=set)  # section keys whose heading was seen
    warnings: list[str] = field(default_factory=list)


# The pages this module's own entry points (parse_narrative, unread_text) cut; the job
# cuts the registry's heading pages once for every parser instead.
NARRATIVE_PAGES = (PageKind.OVERVIEW, PageKind.EFFECTS_COST)


def page_regions(case: CaseSlice) -> list[tuple[CasePage, list[Region]]]:
    """Regions of every 事業概要 and 事業効果・コスト page (see `base.cut_regions`)."""
    return [(pr.page, pr.regions) for pr in cut_regions(case, NARRATIVE_PAGES)]


def unread_issues(cut: list[PageRegions]) -> list[RecordIssue]:
    """An issue for each 事業概要 or 事業効果・コスト page holding text under no section
    heading: no parser reads it, so it would be lost without a word."""
    out = []
    for pr in cut:
        taken = {id(ln) for r in pr.regions if r.key is not None for ln in r.lines}
        taken |= {id(r.heading) for r in pr.regions if r.heading is not None}
        left = [ln.text.strip() for ln in pr.page.body if id(ln) not in taken and ln.text.strip()]
        if left:
            shown = left[0] if len(left[0]) <= 30 else left[0][:30] + "…"
            out.append(RecordIssue(IssueCode.UNREAD_TEXT, f"{len(left)} line(s) of text under no section heading, not read ({shown!r})",
                                   None, pr.number))
    return out


def unread_text(case: CaseSlice) -> list[str]:
    """The warnings of `unread_issues` over the case's own cut."""
    return [i.render() for i in unread_issues(cut_regions(case, NARRATIVE_PAGES))]


def read_point(lines: list[Line]) -> str | None:
    """A Point box: its bullets, one a line."""
    items = [t for t, _ in group_items(lines)]
    return "\n".join(items) if items else None


def read_overview(region: Region, rulings: list[Ruling], notes: list[str]) -> list[str]:
    """A 事業の概要 box: bullets and paragraphs, a table as one item per row."""
    return [t for t, _ in items_with_tables(region.lines, rulings, (region.x0, region.top, region.x1, region.bottom), notes)]


def read_effects(lines: list[Line]) -> list[str]:
    """A 事業効果 box: one item per bullet or paragraph."""
    return [t for t, _ in group_items(lines)]


def parse_narrative(case: CaseSlice) -> Narrative:
    nar = Narrative()
    for page, regions in page_regions(case):
        for r in regions:
            nar.found.add(r.key)
            nar.sources.setdefault(r.key, []).extend(r.lines)
            if r.key == "point":
                text = read_point(r.lines)
                if text:
                    nar.point = text if nar.point is None else nar.point + "\n" + text
            elif r.key == "overview":
                notes: list[str] = []
                nar.overview += read_overview(r, page.layout.rulings, notes)
                nar.warnings += [f"overview on page {page.layout.page}: {n}" for n in notes]
            elif r.key == "effects":
                nar.effects += read_effects(r.lines)
    return nar
