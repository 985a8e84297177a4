"""Point, 事業の概要 and 事業効果: bullets and paragraphs, tables as one item per row."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..layout import Line
from ..segment import CaseSlice
from .blocks import Region, group_items, items_with_tables, split_regions


@dataclass
class Narrative:
    point: str | None = None
    overview: list[str] = field(default_factory=list)
    effects: list[str] = field(default_factory=list)
    sources: dict[str, list[Line]] = field(default_factory=dict)
    found: set[str] = field(default_factory=set)  # section keys whose heading was seen
    warnings: list[str] = field(default_factory=list)


def page_regions(case: CaseSlice) -> list[tuple[object, list[Region]]]:
    """Regions of every 事業概要 and 事業効果・コスト page; a page with no heading
    continues the last section of the page before it."""
    out = []
    last_key = None
    for p in case.pages:
        if p.kind not in ("overview", "effects_cost"):
            continue
        regions = split_regions(p.body, p.layout.width, p.layout.height, default=last_key)
        if regions:
            last_key = max(regions, key=lambda r: (r.x0, r.top)).key if p.kind == "effects_cost" else \
                max(regions, key=lambda r: r.top).key
        out.append((p, regions))
    return out


def unread_text(case: CaseSlice) -> list[str]:
    """A warning for each 事業概要 or 事業効果・コスト page holding text under no section
    heading: no parser reads it, so it would be lost without a word."""
    out = []
    for page, regions in page_regions(case):
        taken = {id(ln) for r in regions if r.key is not None for ln in r.lines}
        taken |= {id(r.heading) for r in regions if r.heading is not None}
        left = [ln.text.strip() for ln in page.body if id(ln) not in taken and ln.text.strip()]
        if left:
            shown = left[0] if len(left[0]) <= 30 else left[0][:30] + "…"
            out.append(f"page {page.layout.page}: {len(left)} line(s) of text under no section heading, not read ({shown!r})")
    return out


def parse_narrative(case: CaseSlice) -> Narrative:
    nar = Narrative()
    for page, regions in page_regions(case):
        for r in regions:
            if r.key is None:
                continue
            nar.found.add(r.key)
            nar.sources.setdefault(r.key, []).extend(r.lines)
            if r.key == "point":
                items = [t for t, _ in group_items(r.lines)]
                if items:
                    text = "\n".join(items)
                    nar.point = text if nar.point is None else nar.point + "\n" + text
            elif r.key == "overview":
                notes: list[str] = []
                nar.overview += [t for t, _ in items_with_tables(r.lines, page.layout.rulings, (r.x0, r.top, r.x1, r.bottom), notes)]
                nar.warnings += [f"overview on page {page.layout.page}: {n}" for n in notes]
            elif r.key == "effects":
                nar.effects += [t for t, _ in group_items(r.lines)]
    return nar
