"""Section headings the rules do not know: lines set like the known headings (bold,
their size, at a column start), whose text is set aside and reported rather than
swallowed by the section above."""
from __future__ import annotations

import dataclasses
import math
import re
import statistics
from dataclasses import dataclass

from ..issues import SectionKey
from ..geometry import same_band
from ..layout import Line, reading_order
from ..ruleset import heading_key, squash
from ..segment import CasePage, CaseSlice
from .registry import heading_pages
from .. import settings
from .regions import heading_column, heading_columns

PUNCT = re.compile(r"[。、，,．：:；;！？!?「」『』（）()・]")


@dataclass(frozen=True)
class UnknownSection:
    """A heading the rules do not know, and the text under it (kept in the run report)."""

    page: int
    heading: str
    text: str
    bbox: tuple[float, float, float, float]

    def to_dict(self) -> dict[str, object]:
        return {"page": self.page, "heading": self.heading, "text": self.text, "bbox": list(self.bbox)}


@dataclass(frozen=True)
class HeadingStyle:
    """How the section headings the rules know look in this volume."""

    size: float  # their font size
    xs: tuple[float, ...]  # their left edges: the column starts


def heading_style(cases: list[CaseSlice]) -> HeadingStyle | None:
    """The look of the volume's known box headings (Point, set apart from the boxes, is
    left out), on the pages whose sections sit under headings."""
    kinds = heading_pages()
    heads = [ln for c in cases for p in c.pages if p.kind in kinds
             for ln in p.body if ln.bold and heading_key(ln.text) not in (None, SectionKey.POINT)]
    if not heads:
        return None
    return HeadingStyle(statistics.median(ln.size for ln in heads), tuple(sorted({round(ln.x0, 1) for ln in heads})))


def _table_labels() -> tuple[str, ...]:
    """The row labels of the boxes' tables, from the rules (cost, schedule, providers)."""
    rules = settings.layout()
    cost, schedule, providers = rules.cost, rules.schedule, rules.providers
    return tuple(squash(w) for w in [*cost.initial, *cost.running, *schedule.lead_time, *schedule.steps,
                                     *providers.provider, *providers.service, *providers.operation,
                                     *providers.participant])


def _heading_like(ln: Line, body: list[Line], style: HeadingStyle) -> bool:
    """A line set like a known heading: bold, the headings' size, short, no sentence
    punctuation or figures, at a column start where known headings stand, and set apart
    from the line above it (a wrapped line of bold text follows its line closely), which
    is no known heading."""
    size = style.size
    t = squash(ln.text)
    look = settings.layout().unknown_headings
    if not (ln.bold and abs(ln.size - size) <= look.size_share * size and look.min_chars <= len(t) <= look.max_chars
            and not PUNCT.search(t) and not re.search(r"\d", t) and heading_key(ln.text) is None):
        return False
    if not any(abs(ln.x0 - x) <= size for x in style.xs):
        return False
    if t.startswith(_table_labels()):
        # A box's table label (イニシャルコスト, サービス名…) is bold and may be set at the
        # headings' size (autofit shrinking them to it): it opens a row of its box.
        return False
    # A heading stands alone in its column: a bold run with text beside it on its band,
    # before the next column's headings, is a row's label (a table's bold header cell
    # and its amount), however heading-like its look.
    nxt = min((x for x in style.xs if x > ln.x0 + size), default=math.inf)
    share = settings.layout().items.same_band
    if any(o is not ln and ln.x1 <= o.x0 < nxt and same_band(o, ln, share) for o in body):
        return False
    above = [o for o in body if o is not ln and o.bottom <= ln.top + look.above_reach * size and o.x0 < ln.x1 and o.x1 > ln.x0]
    if not above:
        return True
    # The first line under a known box heading opens that box (a bold department name
    # under 担当部署): a heading right under a heading would leave the first one empty.
    # Not under Point: its label stands beside its box, above the next heading.
    nearest = max(above, key=lambda o: o.bottom)
    return heading_key(nearest.text) in (None, SectionKey.POINT) and ln.top - nearest.bottom >= look.min_gap * size


def set_aside_unknown_sections(case: CaseSlice, style: HeadingStyle) -> tuple[CaseSlice, list[UnknownSection]]:
    """Find headings the rules do not know (bold lines in the heading style), and take each
    one and the text under it out of the case, so that it does not run into the section
    above; the text is returned to be kept in the report."""
    found: list[UnknownSection] = []
    new_pages: list[CasePage] = []
    kinds = heading_pages()
    for p in case.pages:
        unknown = [ln for ln in p.body if p.kind in kinds and _heading_like(ln, p.body, style)]
        if not unknown:
            new_pages.append(p)
            continue
        heads = [ln for ln in p.body if heading_key(ln.text)] + unknown
        xs, bounds = heading_columns(heads, style.size, p.layout.width)
        gap = settings.layout().regions.next_heading_gap
        taken: set[int] = set()
        for h in unknown:
            col = heading_column(h, xs)
            below = [o.top for o in heads if o is not h and o.top > h.top + gap * h.size and bounds[col] <= o.x0 < bounds[col + 1]]
            bottom = min(below, default=p.layout.height)
            lines = [ln for ln in p.body if ln is not h and id(ln) not in taken
                     and bounds[col] <= ln.x0 + min(ln.size, ln.x1 - ln.x0) / 2 < bounds[col + 1] and h.bottom <= ln.ymid < bottom]
            taken.add(id(h))
            taken.update(id(ln) for ln in lines)
            found.append(UnknownSection(p.layout.page, h.text.strip(), "\n".join(ln.text for ln in reading_order(lines)),
                                        (round(h.x0, 1), round(h.top, 1), round(bounds[col + 1], 1), round(bottom, 1))))
        new_pages.append(dataclasses.replace(p, body=[ln for ln in p.body if id(ln) not in taken]))
    return (dataclasses.replace(case, pages=new_pages) if found else case), found
