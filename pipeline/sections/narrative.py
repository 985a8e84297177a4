"""Point, 事業の概要 and 事業効果: bullets and paragraphs, tables as one item per row."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..issues import IssueCode, PageKind, RecordIssue
from ..layout import Line, Ruling
from ..segment import CasePage, CaseSlice
from .base import PageRegions, cut_regions
from .blocks import split_table_items
from .borderless import Columns
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


OverviewPage = tuple[int, list[Region], list[Ruling]]  # page number, its 事業の概要 regions, its rulings


def _continuation_first(regions: list[Region]) -> list[Region]:
    """A page's boxes holding text: the continuation (no heading of its own) first, then
    the columns left to right."""
    return sorted((r for r in regions if r.lines), key=lambda r: (r.heading is not None, r.x0, r.top))


def read_overview_pages(pages: list[OverviewPage]) -> list[tuple[list[str], list[str]]]:
    """The 事業の概要 boxes of a case, page by page (items and notes of each page): a table
    split between pages goes on in the columns of its part on the page before (see
    `blocks.split_table_items`), from the box that ends a page to the box that opens the
    next (its continuation, with or without a repeated heading)."""
    out: list[tuple[list[str], list[str]]] = []
    carried: list[Columns] = []
    for i, (number, regions, rulings) in enumerate(pages):
        ordered = _continuation_first(regions)
        # Only the very next page continues this one's box.
        following = pages[i + 1] if i + 1 < len(pages) and pages[i + 1][0] - number == 1 else None
        next_box = _continuation_first(following[1]) if following else []
        next_lines = next_box[0].lines if next_box else None
        next_rulings = following[2] if following else None
        items: list[str] = []
        notes: list[str] = []
        carry: list[Columns] = []
        for k, r in enumerate(ordered):
            read, carry = split_table_items(r.lines, rulings, (r.x0, r.top, r.x1, r.bottom), notes,
                                            carried if k == 0 else [],
                                            next_lines if k + 1 == len(ordered) else None, next_rulings)
            items += [t for t, _ in read]
        carried = carry if following else []
        out.append((items, notes))
    return out


def read_effects(lines: list[Line]) -> list[str]:
    """A 事業効果 box: one item per bullet or paragraph."""
    return [t for t, _ in group_items(lines)]


def parse_narrative(case: CaseSlice) -> Narrative:
    nar = Narrative()
    cut = page_regions(case)
    overview = read_overview_pages([(page.layout.page, [r for r in regions if r.key == "overview"], page.layout.rulings)
                                    for page, regions in cut if any(r.key == "overview" for r in regions)])
    reads = iter(overview)
    for page, regions in cut:
        if any(r.key == "overview" for r in regions):
            items, notes = next(reads)
            nar.overview += items
            nar.warnings += [f"overview on page {page.layout.page}: {n}" for n in notes]
        for r in regions:
            nar.found.add(r.key)
            nar.sources.setdefault(r.key, []).extend(r.lines)
            if r.key == "point":
                text = read_point(r.lines)
                if text:
                    nar.point = text if nar.point is None else nar.point + "\n" + text
            elif r.key == "effects":
                nar.effects += read_effects(r.lines)
    return nar
