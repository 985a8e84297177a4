"""Diagrams and pictures on case pages: their text belongs to no section. A flow chart
(申請 → 審査 → 交付), a system sketch or a pair of Before/After panels is told by its
structure: boxes, each drawn around a short label, lined up in a row or a column with
white space between them (a table's cells touch their neighbours), the short labels of
the arrows in that white space; a picture's caption by its mark (▲) right under the
picture's drawn frame. Their lines and drawn edges are taken out of the page before the
page is cut into regions, so that they neither end up in a field nor break a section
(a diagram's labels beside a column widen it, and its edges read as a table).

A caption-like line with no frame over it (a raster picture draws none the layout stage
reads) stays in its section, with a warning naming it and its page. Rules in [figures]
of rules/layout.toml.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from .. import settings
from ..geometry import BBox
from ..issues import IssueCode, RecordIssue, SectionKey
from ..layout import Line, Ruling
from ..ruleset import heading_key, squash
from ..segment import CasePage, CaseSlice
from .regions import split_regions
from .registry import heading_pages
from .ruled import merge_collinear

_DIGIT = re.compile(r"[0-9０-９]")


@dataclass(frozen=True)
class Figure:
    """A diagram or a caption set aside: its page, kind and text (kept for the report)."""

    page: int
    kind: str  # diagram | caption
    text: str


def _spans_x(r: Ruling, a: float, b: float, tol: float) -> bool:
    return r.x0 <= a + tol and r.x1 >= b - tol


def _spans_y(r: Ruling, a: float, b: float, tol: float) -> bool:
    return r.top <= a + tol and r.bottom >= b - tol


def enclosure(ln: Line, rulings: list[Ruling], tol: float) -> BBox | None:
    """The nearest drawn edges above, below, left and right of a line that span it: the
    box drawn around it, if there is one."""
    hs = [r for r in rulings if r.horizontal and _spans_x(r, ln.x0, ln.x1, tol)]
    vs = [r for r in rulings if not r.horizontal and _spans_y(r, ln.top, ln.bottom, tol)]
    above = [r.top for r in hs if r.bottom <= ln.top + tol]
    below = [r.top for r in hs if r.top >= ln.bottom - tol]
    left = [r.x0 for r in vs if r.x1 <= ln.x0 + tol]
    right = [r.x0 for r in vs if r.x0 >= ln.x1 - tol]
    if not (above and below and left and right):
        return None
    return BBox(round(max(left), 1), round(max(above), 1), round(min(right), 1), round(min(below), 1))


def _inside(ln: Line, b: BBox) -> bool:
    return b.contains_point((ln.x0 + ln.x1) / 2, ln.ymid)


def _lined_up(a: BBox, b: BBox, em: float) -> str | None:
    """'row' when b stands right of a at the same height, 'column' when below it at the
    same width, with at least box_min_gap ems between them; None otherwise."""
    f = settings.layout().figures
    tol, gap = f.align_tolerance * em, f.box_min_gap * em
    if abs(a.top - b.top) <= tol and abs(a.bottom - b.bottom) <= tol and b.x0 - a.x1 >= gap:
        return "row"
    if abs(a.x0 - b.x0) <= tol and abs(a.x1 - b.x1) <= tol and b.top - a.bottom >= gap:
        return "column"
    return None


def _gap_between(a: BBox, b: BBox, how: str, reach: float) -> BBox:
    """The white space between two lined-up boxes, widened by `reach` across it (where an
    arrow's label stands)."""
    if how == "row":
        return BBox(a.x1, min(a.top, b.top) - reach, b.x0, max(a.bottom, b.bottom))
    return BBox(min(a.x0, b.x0), a.bottom, max(a.x1, b.x1) + reach, b.top)


def _ruled_between(a: BBox, b: BBox, how: str, rulings: list[Ruling], tol: float) -> bool:
    """A table's rules in the white space between two boxes: a rule along their tops or
    bottoms (sides, in a column) running on into it, or one crossing it from edge to edge
    (a cell border). A diagram's arrow runs between the middles, and its head is short."""
    g = _gap_between(a, b, how, 0.0)
    for r in rulings:
        if how == "row":
            if r.horizontal and r.x0 < g.x1 - tol and r.x1 > g.x0 + tol and \
                    min(abs(r.top - y) for y in (a.top, a.bottom, b.top, b.bottom)) <= tol:
                return True
            if not r.horizontal and g.x0 + tol < r.x0 < g.x1 - tol and _spans_y(r, g.top, g.bottom, tol):
                return True
        else:
            if not r.horizontal and r.top < g.bottom - tol and r.bottom > g.top + tol and \
                    min(abs(r.x0 - x) for x in (a.x0, a.x1, b.x0, b.x1)) <= tol:
                return True
            if r.horizontal and g.top + tol < r.top < g.bottom - tol and _spans_x(r, g.x0, g.x1, tol):
                return True
    return False


def _arrow_in(gap: BBox, how: str, rulings: list[Ruling], labels: list[Line], em: float, tol: float) -> bool:
    """An arrow in the white space between two boxes: a drawn shaft inside it along the
    way from one box to the other, or a line of arrow marks (→, ⇒ …)."""
    f = settings.layout().figures
    if any(squash(ln.text) and set(squash(ln.text)) <= set(f.arrow_marks) for ln in labels):
        return True
    for r in rulings:
        if not gap.contains(r, tol):
            continue
        if (how == "row") == r.horizontal and max(r.x1 - r.x0, r.bottom - r.top) >= f.arrow_min_length * em:
            return True
    return False


def _stacks(boxes: dict[BBox, list[Line]], tol: float) -> dict[BBox, list[Line]]:
    """Boxes of one width set one on the other (a panel's title band over its body) as one."""
    out: dict[BBox, list[Line]] = {}
    for b in sorted(boxes, key=lambda b: (b.x0, b.x1, b.top)):
        last = next(reversed(out), None) if out else None
        if last is not None and abs(last.x0 - b.x0) <= tol and abs(last.x1 - b.x1) <= tol and abs(b.top - last.bottom) <= tol:
            out[BBox(last.x0, last.top, last.x1, b.bottom)] = out.pop(last) + boxes[b]
        else:
            out[b] = list(boxes[b])
    return out


def _isolated(b: BBox, rulings: list[Ruling], tol: float) -> bool:
    """A shape of its own: no rule along its edges runs on past its corners (a table's
    row and column rules do, and a cell drawn on its own meets its neighbour's edges)."""
    for r in rulings:
        if r.horizontal and min(abs(r.top - b.top), abs(r.top - b.bottom)) <= tol and r.x1 >= b.x0 - tol and r.x0 <= b.x1 + tol:
            if r.x0 < b.x0 - tol or r.x1 > b.x1 + tol:
                return False
        if not r.horizontal and min(abs(r.x0 - b.x0), abs(r.x0 - b.x1)) <= tol and r.bottom >= b.top - tol and r.top <= b.bottom + tol:
            if r.top < b.top - tol or r.bottom > b.bottom + tol:
                return False
    return True


def _diagram(p: CasePage) -> tuple[set[int], list[BBox]]:
    """The lines of the page's diagrams (ids) and the diagrams' boxes and gaps."""
    f = settings.layout().figures
    # A side drawn in pieces (LibreOffice cuts a rounded box's bottom in two) is one edge.
    rulings = merge_collinear(p.layout.rulings)
    tol = settings.layout().rulings.touch_tolerance
    labels = [ln for ln in p.body if len(squash(ln.text)) <= f.label_max_chars and heading_key(ln.text) is None]
    boxes: dict[BBox, list[Line]] = {}
    for ln in labels:
        b = enclosure(ln, rulings, tol)
        if b is not None and b.bottom - b.top <= f.box_max_height * ln.size:
            boxes.setdefault(b, []).append(ln)
    # A box holding any line that is no label (a sentence, a heading) is no diagram's.
    boxes = {b: lns for b, lns in boxes.items() if all(ln in lns for ln in p.body if _inside(ln, b))}
    boxes = {b: lns for b, lns in _stacks(boxes, tol).items() if _isolated(b, rulings, tol)}
    # Labels in no diagram box may be an arrow's: an arrow's shaft and the boxes beside it
    # can close a box of no shape around one.
    held = {id(ln) for lns in boxes.values() for ln in lns}
    loose = [ln for ln in labels if id(ln) not in held]
    found: set[BBox] = set()
    gaps: list[BBox] = []
    order = sorted(boxes, key=lambda b: (b.top, b.x0))
    for i, a in enumerate(order):
        em = max(ln.size for ln in boxes[a])
        for b in order[i + 1:]:
            how = _lined_up(a, b, em)
            if how is None:
                continue
            gap = _gap_between(a, b, how, 0.0)
            # Nothing but short loose labels (an arrow's) in the white space between them,
            # and an arrow there: boxes side by side with none between are a table's
            # filled cells as likely (a table drawn with fills only).
            if any(_inside(ln, gap) for ln in p.body if ln not in loose) or _ruled_between(a, b, how, rulings, tol) \
                    or not _arrow_in(gap, how, rulings, [ln for ln in loose if _inside(ln, gap)], em, tol):
                continue
            found.update((a, b))
            gaps.append(_gap_between(a, b, how, f.label_reach * em))
            # The pair's hull: the frame of a panel drawn around its title band and body.
            gaps.append(BBox(min(a.x0, b.x0), min(a.top, b.top), max(a.x1, b.x1), max(a.bottom, b.bottom)))
    taken = {id(ln) for b in found for ln in boxes[b]}
    taken |= {id(ln) for ln in loose if any(_inside(ln, g) for g in gaps)}
    joined, shafts = _arrow_joined([ln for ln in loose if id(ln) not in taken], p.body, rulings, tol)
    return taken | joined, [*found, *gaps, *shafts]


def _arrow_joined(loose: list[Line], body: list[Line], rulings: list[Ruling], tol: float) -> tuple[set[int], list[BBox]]:
    """Labels drawn with no box, joined by arrows: two short lines on one band (or one
    over the other, their middles lined up) with white space between them that holds
    nothing but an arrow's shaft, drawn along the band (down the middles). A table's
    rules run between its rows and along its cells' edges, never through a band of text."""
    f = settings.layout().figures
    taken: set[int] = set()
    shafts: list[BBox] = []
    for i, first in enumerate(loose):
        for second in loose[i + 1:]:
            em = max(first.size, second.size)
            band = abs(first.ymid - second.ymid) <= f.align_tolerance * em
            a, b = (first, second) if ((first.x0 <= second.x0) if band else (first.top <= second.top)) else (second, first)
            row = band and b.x0 - a.x1 >= f.box_min_gap * em
            mid = (a.x0 + a.x1) / 2
            column = abs(mid - (b.x0 + b.x1) / 2) <= f.align_tolerance * em and b.top - a.bottom >= f.box_min_gap * em
            if row:
                gap = BBox(a.x1, min(a.top, b.top), b.x0, max(a.bottom, b.bottom))
                shaft = [r for r in rulings if r.horizontal and gap.top - tol <= r.top <= gap.bottom + tol
                         and gap.x0 - tol <= r.x0 and r.x1 <= gap.x1 + tol and r.x1 - r.x0 >= f.arrow_min_length * em]
            elif column:
                gap = BBox(min(a.x0, b.x0), a.bottom, max(a.x1, b.x1), b.top)
                shaft = [r for r in rulings if not r.horizontal and abs(r.x0 - mid) <= f.align_tolerance * em
                         and gap.top - tol <= r.top and r.bottom <= gap.bottom + tol and r.bottom - r.top >= f.arrow_min_length * em]
            else:
                continue
            if shaft and not any(o is not a and o is not b and _inside(o, gap) for o in body):
                taken.update((id(a), id(b)))
                shafts.append(gap)
    return taken, shafts


def _captions(p: CasePage) -> tuple[set[int], list[BBox], list[Line]]:
    """Caption lines under a drawn frame (ids), the frames' boxes, and caption-like lines
    with no frame over them (kept, warned). The frame's edge may cut the top of the
    caption's box: a font's ascent (Noto's, as Skia sets it) reaches above its glyphs."""
    f = settings.layout().figures
    tol = settings.layout().rulings.touch_tolerance
    taken: set[int] = set()
    frames: list[BBox] = []
    unsure: list[Line] = []
    rulings = merge_collinear(p.layout.rulings)
    for ln in p.body:
        t = squash(ln.text)
        if not t.startswith(tuple(f.caption_marks)) or len(t) > f.caption_max_chars or _DIGIT.search(t):
            continue
        over = [r for r in rulings if r.horizontal and _spans_x(r, ln.x0, ln.x1, tol)
                and r.top <= ln.ymid and ln.top - r.top <= f.caption_reach * ln.size]
        if not over:
            unsure.append(ln)
            continue
        edge = max(over, key=lambda r: r.top)
        sides = [r for r in rulings if not r.horizontal and abs(r.bottom - edge.top) <= tol
                 and edge.x0 - tol <= r.x0 <= edge.x1 + tol]
        top = min((r.top for r in sides), default=edge.top)
        taken.add(id(ln))
        frames.append(BBox(edge.x0, top, edge.x1, edge.top))
    return taken, frames, unsure


def set_aside_figures(case: CaseSlice) -> tuple[CaseSlice, list[Figure], list[RecordIssue]]:
    """Take the diagrams' and captions' lines (and the edges drawn inside the diagrams and
    pictures) out of the case's pages under headings; returns the case, what was set
    aside, and a warning for each caption-like line left in place."""
    kinds = heading_pages()
    tol = settings.layout().rulings.touch_tolerance
    pages: list[CasePage] = []
    figures: list[Figure] = []
    issues: list[RecordIssue] = []
    for p in case.pages:
        if p.kind not in kinds:
            pages.append(p)
            continue
        diagram, areas = _diagram(p)
        caption, frames, unsure = _captions(p)
        regions = split_regions(p.body, p.layout.width, p.layout.height) if unsure else []
        for ln in unsure:
            key = next((r.key for r in regions if r.contains(ln)), None)
            issues.append(RecordIssue(IssueCode.WEAK_SIGNAL, f"{ln.text.strip()!r} looks like a picture's caption but no "
                                      "drawn frame stands over it: read as text of the section", SectionKey(key) if key else None,
                                      p.layout.page, page_style="field"))
        taken = diagram | caption
        if not taken:
            pages.append(p)
            continue
        for kind, ids in (("diagram", diagram), ("caption", caption)):
            if ids:
                figures.append(Figure(p.layout.page, kind, " ".join(ln.text.strip() for ln in p.body if id(ln) in ids)))
        rulings = [r for r in p.layout.rulings if not any(b.contains(r, tol) for b in [*areas, *frames])]
        layout = dataclasses.replace(p.layout, rulings=rulings)
        pages.append(dataclasses.replace(p, layout=layout, body=[ln for ln in p.body if id(ln) not in taken]))
    return (dataclasses.replace(case, pages=pages) if figures else case), figures, issues
