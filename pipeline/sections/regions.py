"""A case page cut into regions, one per heading: each heading owns the column it
starts in, from its own bottom down to the next heading of that column. Measured
relative to font sizes and heading positions, never absolute points."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..layout import Line
from .. import settings
from ..ruleset import heading_key, layout_rules


@dataclass
class Region:
    key: str
    heading: Line | None
    x0: float
    top: float
    x1: float
    bottom: float
    lines: list[Line] = field(default_factory=list)

    def contains(self, ln: Line) -> bool:
        cx = ln.x0 + min(ln.size, ln.x1 - ln.x0) / 2
        return self.x0 <= cx < self.x1 and self.top <= ln.ymid < self.bottom


def headings_of(lines: list[Line]) -> list[tuple[str, Line]]:
    """Lines naming a section, less those a bullet mark makes items: a line after a
    hanging mark, or one starting with a mark that is neither bold nor larger than the
    page's text (■/● also dress real headings, which are bold or larger)."""
    named = [(k, ln) for ln in lines if (k := heading_key(ln.text))]
    if not named:
        return named
    look = layout_rules()["heading_look"]
    reg = settings.layout().regions
    marks = {m for m in layout_rules()["bullets"]["marks"] if len(m) == 1}
    sizes = sorted(ln.size for ln in lines)
    body = sizes[len(sizes) // 2]
    # The items a mark opens set the size a marked heading must pass: on a page of small
    # table text the page's median is the table's, and an item named like a heading
    # (■ポイント) would pass it.
    items = sorted(ln.size for ln in lines if ln.text.strip()[:1] in marks and not heading_key(ln.text))
    if items:
        body = max(body, items[len(items) // 2])
    lone_marks = [ln for ln in lines if ln.text.strip() in marks]

    def after_mark(ln: Line) -> bool:
        band = reg.mark_band_share * (ln.bottom - ln.top)
        return any(abs(m.ymid - ln.ymid) <= band and 0 <= ln.x0 - m.x1 <= look["hanging_mark_gap_em"] * ln.size
                   for m in lone_marks)

    def looks_like_heading(ln: Line) -> bool:
        return ln.bold or ln.size >= look["min_size_ratio"] * body

    return [(k, ln) for k, ln in named
            if not after_mark(ln) and (looks_like_heading(ln) or ln.text.strip()[:1] not in marks)]


def heading_columns(heads: list[Line], em: float, width: float) -> tuple[list[float], list[float]]:
    """The columns headings stand in: their left edges, clustered ([regions] column_gap
    ems of each heading), and the columns' bounds (column_margin `em`s left of them; the
    first from the page's edge, the last to `width`)."""
    reg = settings.layout().regions
    xs: list[float] = []
    for h in sorted(heads, key=lambda h: h.x0):
        if not xs or h.x0 - xs[-1] > reg.column_gap * h.size:
            xs.append(h.x0)
    bounds = [x - reg.column_margin * em for x in xs] + [width]
    bounds[0] = 0.0
    return xs, bounds


def heading_column(h: Line, xs: list[float]) -> int:
    """The column (index into heading_columns' xs) heading `h` stands in."""
    reach = settings.layout().regions.column_gap * h.size
    return max(i for i, x in enumerate(xs) if x <= h.x0 + reach)


@dataclass(frozen=True)
class OpenBox:
    """A box left open at the foot of a page, and the column it stands in."""

    x0: float
    x1: float
    key: str


def open_columns(regions: list[Region]) -> list[OpenBox]:
    """The box left open in each column of a page: the lowest region of the column,
    which text at the top of the next page continues when no heading of its own stands
    over it. A region above the page's headings that holds no text is no box: the one
    it would have continued did not go on here (the page opens with headings), so it
    leaves open nothing that a column's lowest box does not (else a line in the right
    column of the next page went to the full-width box the page above had left open)."""
    lowest: dict[tuple[float, float], Region] = {}
    # A heading-less region spanning several columns (the text above every heading of a
    # page) stands in no one column: the boxes open at the foot are the columns' own.
    spans = [r for r in regions if any(o is not r and r.x0 <= o.x0 and o.x1 <= r.x1 and (o.x0, o.x1) != (r.x0, r.x1)
                                       for o in regions)]
    boxes = [r for r in regions if r.heading is not None or (r.lines and r not in spans)]
    for r in boxes or regions:
        if (r.x0, r.x1) not in lowest or r.top > lowest[(r.x0, r.x1)].top:
            lowest[(r.x0, r.x1)] = r
    return [OpenBox(x0, x1, r.key) for (x0, x1), r in sorted(lowest.items())]


def carried_cuts(carried: list[OpenBox], lines: list[Line], bounds: list[float]) -> list[float]:
    """Column edges of the page before that this page's headings do not draw: a page
    whose headings all stand in one column still keeps the other column's box apart
    (its text continues that box), unless a line runs across the edge (the page is laid
    out in one column)."""
    if len(carried) < 2:
        return []
    edges = {c.x0 for c in carried} - set(bounds)
    return sorted(e for e in edges if e > bounds[0] and not any(ln.x0 < e < ln.x1 for ln in lines))


def split_regions(lines: list[Line], width: float, height: float, default: str | None = None,
                  columns: list[OpenBox] | None = None) -> list[Region]:
    """Cut one page's body into regions, one per heading (plus `default` for text above
    any). With `columns` (the boxes the page before left open, one per column), text
    above the first heading of a column continues that column's box instead: a list in
    the left column runs on under the left column's heading-less top, not into the box
    the right column left open."""
    heads = headings_of(lines)
    if not heads:
        if not default:
            return []
        carried = [c for c in columns or [] if c.x1 > c.x0]
        edges = [0.0, *carried_cuts(carried, lines, [0.0, width]), width]
        if len(edges) == 2:
            return [Region(default, None, 0, 0, width, height, list(lines))]
        # A page of no heading under a page of columns: each column continues its own box.
        keys = {c.x0: c.key for c in carried}
        return _fill([Region(keys.get(a, default), None, a, 0, b, height) for a, b in zip(edges, edges[1:])], lines, set())
    reg = settings.layout().regions
    xs, bounds = heading_columns([h for _, h in heads], max(h.size for _, h in heads), width)
    carried = [c for c in columns or [] if c.x1 > c.x0] if default else []
    cuts = carried_cuts(carried, lines, bounds)
    regions: list[Region] = []
    for key, h in heads:
        col = heading_column(h, xs)
        x0 = max([bounds[col], *(c for c in cuts if c <= h.x0)])
        x1 = min([bounds[col + 1], *(c for c in cuts if c > h.x0)])
        below = [o.top for _, o in heads if o is not h and o.top > h.top + reg.next_heading_gap * h.size
                 and x0 <= o.x0 < x1]
        top = h.top if key == "point" else h.bottom
        lift = (h.bottom - h.top) * reg.point_lift if key == "point" else 0
        regions.append(Region(key, h, x0, top - lift, x1, min(below, default=height)))
    if default:
        first = min(r.top for r in regions)
        if len(carried) < 2:
            regions.append(Region(default, None, 0, 0, width, first - reg.default_gap))
        for c in carried if len(carried) >= 2 else []:
            over = [r.top for r in regions if r.heading is not None and c.x0 <= r.heading.x0 < c.x1]
            # A column no heading region of this page reaches runs its box on to the foot.
            shared = any(r.x0 < c.x1 and c.x0 < r.x1 for r in regions if r.heading is not None)
            end = min(over, default=first) - reg.default_gap if shared else height
            regions.append(Region(c.key, None, c.x0, 0, c.x1, end))
    return _fill(regions, lines, {id(h) for _, h in heads})


def _fill(regions: list[Region], lines: list[Line], heading_lines: set[int]) -> list[Region]:
    for ln in lines:
        if id(ln) in heading_lines:
            continue
        for r in regions:
            if r.contains(ln):
                r.lines.append(ln)
                break
    return regions
