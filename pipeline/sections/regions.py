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
    over it."""
    lowest: dict[tuple[float, float], Region] = {}
    for r in regions:
        if r.heading is None and not r.lines:
            continue  # the empty space above the page's headings is no box: nothing runs on from it
        if (r.x0, r.x1) not in lowest or r.top > lowest[(r.x0, r.x1)].top:
            lowest[(r.x0, r.x1)] = r
    return [OpenBox(x0, x1, r.key) for (x0, x1), r in sorted(lowest.items())]


def split_regions(lines: list[Line], width: float, height: float, default: str | None = None,
                  columns: list[OpenBox] | None = None) -> list[Region]:
    """Cut one page's body into regions, one per heading (plus `default` for text above
    any). With `columns` (the boxes the page before left open, one per column), text
    above the first heading of a column continues that column's box instead: a list in
    the left column runs on under the left column's heading-less top, not into the box
    the right column left open."""
    heads = headings_of(lines)
    reg = settings.layout().regions
    if not heads:
        open_boxes = [c for c in columns or [] if c.x1 > c.x0]
        if not default:
            return []
        if len(open_boxes) < 2:
            return [Region(default, None, 0, 0, width, height, list(lines))]
        # No heading at all: every column goes on with the box it left open (the
        # providers box on the left, the cost table on the right), not all with the last.
        # The narrowest box holding a line's start takes it (a box across the page only
        # what no column holds).
        runs_on = [Region(c.key, None, c.x0, 0, c.x1, height) for c in sorted(open_boxes, key=lambda c: c.x1 - c.x0)]
        for ln in lines:
            r = next((r for r in runs_on if r.contains(ln)), None)
            (r or runs_on[-1]).lines.append(ln)
        return runs_on
    xs, bounds = heading_columns([h for _, h in heads], max(h.size for _, h in heads), width)
    carried = [c for c in columns or [] if c.x1 > c.x0] if default else []
    if len(carried) < 2:
        carried = []
    # Headings in one column only: the columns the page before left open tell where a
    # heading's column ends, so a column without a heading of its own is not swallowed
    # by the heading beside it (a table running on in the left column beside the right
    # column's next heading).
    split = len(xs) == 1 and len(carried) >= 2
    regions: list[Region] = []
    for key, h in heads:
        col = heading_column(h, xs)
        below = [o.top for _, o in heads if o is not h and o.top > h.top + reg.next_heading_gap * h.size
                 and bounds[col] <= o.x0 < bounds[col + 1]]
        top = h.top if key == "point" else h.bottom
        lift = (h.bottom - h.top) * reg.point_lift if key == "point" else 0
        x0, x1 = bounds[col], bounds[col + 1]
        # The narrowest: the page before may leave open a box across the page (text above
        # its headings) beside its columns' boxes.
        own = min((c for c in carried if c.x0 <= h.x0 < c.x1), key=lambda c: c.x1 - c.x0, default=None) if split else None
        if own is not None:
            x0, x1 = max(x0, own.x0), min(x1, own.x1)
        regions.append(Region(key, h, x0, top - lift, x1, min(below, default=height)))
    if default:
        first = min(r.top for r in regions)
        if not carried:
            regions.append(Region(default, None, 0, 0, width, first - reg.default_gap))
        for c in carried:
            over = [r.top for r in regions if r.heading is not None and c.x0 <= r.heading.x0 < c.x1]
            # A carried column no heading of this page stands in runs to the page's foot.
            foot = height if split else first
            regions.append(Region(c.key, None, c.x0, 0, c.x1, min(over, default=foot) - reg.default_gap))
    heading_lines = {id(h) for _, h in heads}
    for ln in lines:
        if id(ln) in heading_lines:
            continue
        for r in regions:
            if r.contains(ln):
                r.lines.append(ln)
                break
    return regions
