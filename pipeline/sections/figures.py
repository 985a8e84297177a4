"""Diagrams and pictures on case pages: their text belongs to no section. A flow chart
(申請 → 審査 → 交付), a system sketch or a pair of Before/After panels is told by its
structure: boxes, each drawn around a short label, lined up in a row or a column with
white space between them (a table's cells touch their neighbours), the short labels of
the arrows in that white space; a picture's caption by its mark (▲) right under the
picture's drawn frame. Their lines and drawn edges are taken out of the page before the
page is cut into regions, so that they neither end up in a field nor break a section
(a diagram's labels beside a column widen it, and its edges read as a table).

Raster pictures (PageLayout.pictures) are regions too: a short title laid over a photo is
the picture's text, a ▲ caption may stand under a picture instead of a drawn frame, and a
picture lying in no section's box leaves a warning (its content is in no field), unless it
is furniture (an icon, a logo in the header band or the footer) or the slide's backdrop.
Labels inside shapes that are no boxes (ovals, chevrons: PageLayout.outlines) are a
diagram's when two such shapes line up.

A caption-like line with neither frame nor picture over it stays in its section, with a
warning naming it and its page. Rules in [figures] of rules/layout.toml.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from .. import settings
from ..geometry import BBox
from ..issues import IssueCode, RecordIssue, SectionKey
from ..layout import Line, Picture, Ruling
from ..ruleset import heading_key, squash
from ..segment import CasePage, CaseSlice
from .base import cut_regions
from .regions import split_regions
from .registry import heading_pages
from .ruled import merge_collinear

_DIGIT = re.compile(r"[0-9０-９]")


@dataclass(frozen=True)
class Figure:
    """A diagram or a caption set aside: its page, kind and text (kept for the report)."""

    page: int
    kind: str  # diagram | caption | picture (text laid over a picture)
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


def _lined_up(a: BBox, b: BBox, em: float, min_gap: float | None = None) -> str | None:
    """'row' when b stands right of a at the same height, 'column' when below it at the
    same width, with at least box_min_gap ems (or `min_gap`) between them; None otherwise."""
    f = settings.layout().figures
    tol, gap = f.align_tolerance * em, (f.box_min_gap if min_gap is None else min_gap) * em
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
    shapes = [o.bbox for o in p.layout.outlines if o.slant_reach >= f.shape_slant_reach]
    for ln in labels:
        # A shape's own sides (a chevron's back and slanted tip) may close a box of no shape.
        b = _shape_around(ln, shapes, tol) or enclosure(ln, rulings, tol)
        if b is not None and b.bottom - b.top <= f.box_max_height * ln.size:
            boxes.setdefault(b, []).append(ln)
    # A box holding any line that is no label (a sentence, a heading) is no diagram's.
    boxes = {b: lns for b, lns in boxes.items() if all(ln in lns for ln in p.body if _inside(ln, b))}
    # A shape is no table's cell (tables are drawn with rectangles): only boxes must stand apart.
    boxes = {b: lns for b, lns in _stacks(boxes, tol).items() if b in shapes or _isolated(b, rulings, tol)}
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
            # Two shapes (ovals, chevrons) may touch and need no arrow: no table is drawn so.
            shaped = a in shapes and b in shapes
            how = _lined_up(a, b, em, f.shape_min_gap if shaped else None)
            if how is None:
                continue
            gap = _gap_between(a, b, how, 0.0)
            # Nothing but short loose labels (an arrow's) in the white space between them,
            # and an arrow there: boxes side by side with none between are a table's
            # filled cells as likely (a table drawn with fills only).
            if any(_inside(ln, gap) for ln in p.body if ln not in loose) or not shaped and (
                    _ruled_between(a, b, how, rulings, tol)
                    or not _arrow_in(gap, how, rulings, [ln for ln in loose if _inside(ln, gap)], em, tol)):
                continue
            found.update((a, b))
            gaps.append(_gap_between(a, b, how, f.label_reach * em))
            # The pair's hull: the frame of a panel drawn around its title band and body.
            gaps.append(a.union(b))
    # Shapes not lined up may be joined by a bent connector (an elbow of two drawn rules);
    # the label at its bend lies in the pair's hull, which holds nothing else.
    for i, a in enumerate(order):
        for b in order[i + 1:]:
            if a not in shapes or b not in shapes or {a, b} <= found:
                continue
            hull = a.union(b)
            em = max(ln.size for ln in boxes[a] + boxes[b])
            if _elbow_between(a, b, rulings, f.connector_reach * em, tol) and \
                    not any(_inside(ln, hull) for ln in p.body if ln not in loose and ln not in boxes[a] + boxes[b]):
                found.update((a, b))
                gaps.append(hull)
    taken = {id(ln) for b in found for ln in boxes[b]}
    taken |= {id(ln) for ln in loose if any(_inside(ln, g) for g in gaps)}
    joined, shafts = _arrow_joined([ln for ln in loose if id(ln) not in taken], p.body, rulings, tol)
    return taken | joined, [*found, *gaps, *shafts]


def _elbow_between(a: BBox, b: BBox, rulings: list[Ruling], reach: float, tol: float) -> bool:
    """A bent connector between two shapes: a vertical and a horizontal rule meeting at a
    corner, the far end of one at (within `reach` of) one shape's box, the other's at the
    other's (its arrowhead, a small shape of its own, may stand between)."""
    def at(x: float, y: float, box: BBox) -> bool:
        return box.x0 - reach <= x <= box.x1 + reach and box.top - reach <= y <= box.bottom + reach

    verticals = [r for r in rulings if not r.horizontal and r.bottom - r.top > reach]
    horizontals = [r for r in rulings if r.horizontal and r.x1 - r.x0 > reach]
    for v in verticals:
        for h in horizontals:
            for (cx, cy), far_v in (((v.x0, v.top), (v.x0, v.bottom)), ((v.x0, v.bottom), (v.x0, v.top))):
                for (hx, hy), far_h in (((h.x0, h.top), (h.x1, h.top)), ((h.x1, h.top), (h.x0, h.top))):
                    if abs(cx - hx) > tol or abs(cy - hy) > tol:
                        continue
                    if (at(*far_v, a) and at(*far_h, b)) or (at(*far_v, b) and at(*far_h, a)):
                        return True
    return False


def _shape_around(ln: Line, shapes: list[BBox], tol: float) -> BBox | None:
    """The smallest shape (an oval, a chevron: its box) holding the line."""
    holding = [b for b in shapes if b.x0 - tol <= ln.x0 and ln.x1 <= b.x1 + tol and b.top - tol <= ln.ymid <= b.bottom + tol]
    return min(holding, key=lambda b: (b.x1 - b.x0) * (b.bottom - b.top), default=None)


def content_pictures(p: CasePage) -> list[Picture]:
    """The page's pictures less furniture and backdrop: an icon or mark (its longer side
    under icon_max_share of the page's height), a picture wholly above the body's first
    line (the header band's logo) or below its last (the footer's), and one covering
    backdrop_share of the page or more (the slide's background)."""
    f = settings.layout().figures
    if not p.body:
        return []
    top, bottom = min(ln.top for ln in p.body), max(ln.bottom for ln in p.body)
    area = p.layout.width * p.layout.height
    out = []
    for pic in p.layout.pictures:
        w, h = pic.x1 - pic.x0, pic.bottom - pic.top
        if max(w, h) < f.icon_max_share * p.layout.height or pic.bottom <= top or pic.top >= bottom \
                or w * h >= f.backdrop_share * area:
            continue
        out.append(pic)
    return out


def _overlays(p: CasePage, pictures: list[Picture], tol: float) -> set[int]:
    """Lines laid over a picture (ids): each wholly inside it, no heading among them or
    elsewhere inside it, few and short (a title on a banner photo). More, or longer, are a
    section's text printed over a picture: they stay."""
    f = settings.layout().figures
    taken: set[int] = set()
    for pic in pictures:
        b = pic.bbox
        over = [ln for ln in p.body if b.x0 - tol <= ln.x0 and ln.x1 <= b.x1 + tol and b.top - tol <= ln.top
                and ln.bottom <= b.bottom + tol]
        headed = any(heading_key(ln.text) is not None for ln in p.body if b.contains_point((ln.x0 + ln.x1) / 2, ln.ymid))
        if over and not headed and len(over) <= f.overlay_max_lines and \
                all(len(squash(ln.text)) <= f.overlay_max_chars for ln in over):
            taken |= {id(ln) for ln in over}
    return taken


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
    # A raster picture's bottom is a frame's bottom edge (its box stands for the frame).
    pictures = [Ruling(pic.x0, pic.top, pic.x1, pic.bottom) for pic in content_pictures(p)]
    for ln in p.body:
        t = squash(ln.text)
        if not t.startswith(tuple(f.caption_marks)) or len(t) > f.caption_max_chars or _DIGIT.search(t):
            continue
        shown = [pic for pic in pictures if _spans_x(pic, ln.x0, ln.x1, tol) and pic.bottom <= ln.ymid
                 and ln.top - pic.bottom <= f.caption_reach * ln.size]
        if shown:
            pic = max(shown, key=lambda r: r.bottom)
            taken.add(id(ln))
            frames.append(BBox(pic.x0, pic.top, pic.x1, pic.bottom))
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
        overlay = _overlays(p, content_pictures(p), tol)
        regions = split_regions(p.body, p.layout.width, p.layout.height) if unsure else []
        for ln in unsure:
            key = next((r.key for r in regions if r.contains(ln)), None)
            issues.append(RecordIssue(IssueCode.WEAK_SIGNAL, f"{ln.text.strip()!r} looks like a picture's caption but no "
                                      "drawn frame or picture stands over it: read as text of the section", SectionKey(key) if key else None,
                                      p.layout.page, page_style="field"))
        taken = diagram | caption | overlay
        if not taken:
            pages.append(p)
            continue
        for kind, ids in (("diagram", diagram), ("caption", caption), ("picture", overlay)):
            if ids:
                figures.append(Figure(p.layout.page, kind, " ".join(ln.text.strip() for ln in p.body if id(ln) in ids)))
        rulings = [r for r in p.layout.rulings if not any(b.contains(r, tol) for b in [*areas, *frames])]
        layout = dataclasses.replace(p.layout, rulings=rulings)
        pages.append(dataclasses.replace(p, layout=layout, body=[ln for ln in p.body if id(ln) not in taken]))
    out = dataclasses.replace(case, pages=pages) if figures else case
    return out, figures, issues + _pictures_outside_sections(out)


def _pictures_outside_sections(case: CaseSlice) -> list[RecordIssue]:
    """A warning for each picture (furniture and backdrops aside) whose middle lies in no
    section's box of its page (the regions every parser reads, cut as they cut them): a
    region no parser took, whose content (an image) is in no field. A picture in a
    section's box (the sample's screenshots under 事業の概要 or 事業効果) is that section's."""
    issues: list[RecordIssue] = []
    if not any(p.layout.pictures for p in case.pages):
        return issues
    for pr in cut_regions(case, heading_pages()):
        for pic in content_pictures(pr.page):
            cx, cy = (pic.x0 + pic.x1) / 2, (pic.top + pic.bottom) / 2
            if any(r.x0 <= cx < r.x1 and r.top <= cy < r.bottom for r in pr.regions):
                continue
            box = ", ".join(f"{v:.0f}" for v in (pic.x0, pic.top, pic.x1, pic.bottom))
            issues.append(RecordIssue(IssueCode.PICTURE_OUTSIDE_SECTIONS, f"a picture on page {pr.number} ({box} pt) lies in "
                                      "no section's box: what it shows is in no field", None, pr.number, page_style="none"))
    return issues
