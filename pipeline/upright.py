"""Text set vertically in a page margin, told before lines are built: a column of single
upright glyphs (縦書き, the collection's and volume's name along a side edge), stacked one
under the other at one pitch, standing apart from the page's other text.

Left to the line builder, a glyph of such a column that lies on a body line's band and
within an em of its start is joined to that line (`linebuild._merge_adjacent` re-joins
runs of two bands: `体●(2)例規…`), and the rest of the column is no longer one. So the
column is found first, on the glyphs, and its glyphs are kept out of the body's lines:
each becomes a line of its own, which segment_margin.vertical_columns reads as one column.

Pure, like linebuild (no pdfplumber). Every threshold is in [upright] of
pipeline/rules/layout.toml, in ems of the column's glyphs.
"""
from __future__ import annotations

import statistics
from collections.abc import Sequence
from typing import Protocol, TypeVar

from .settings import LineRules, UprightRules


class Box(Protocol):
    """A glyph as the line builder has it (linebuild.Glyph)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


G = TypeVar("G", bound=Box)


def _mid(g: Box) -> float:
    return (g.x0 + g.x1) / 2


def _ends(bands: Sequence[Sequence[G]]) -> list[G]:
    """The leftmost and the rightmost inked glyph of each band: a glyph of a margin column
    stands left (or right) of everything beside it, so it is one of them."""
    out: list[G] = []
    for band in bands:
        ink = [g for g in band if g.text.strip()]
        if ink:
            first, last = min(ink, key=lambda g: g.x0), max(ink, key=lambda g: g.x1)
            out += [first] if first is last else [first, last]
    return sorted(out, key=lambda g: (g.top, g.x0))


def _column_from(start: G, ends: Sequence[G], k: int, rules: UprightRules, min_size: float) -> list[G]:
    """`start` and the glyphs under it on its axis, each within [upright] pitch under the
    one before (ends sorted by top; `k` is start's index)."""
    col = [start]
    axis = _mid(start)
    for g in ends[k + 1:]:
        last = col[-1]
        size = max(last.size, g.size, min_size)
        step = g.top - last.top
        if step > rules.pitch * size:
            break
        if step > 0 and abs(_mid(g) - axis) <= rules.axis * size:
            col.append(g)
    return col


def _beside(g: Box, level: Sequence[Box], lines: LineRules) -> bool:
    """Text stands beside `g` within the line builder's reach of re-joining runs of two
    bands ([lines] merge_max_gap, merge_min_overlap): a glyph left alone would be joined to it."""
    for h in level:
        overlap = min(g.bottom, h.bottom) - max(g.top, h.top)
        if overlap < lines.merge_min_overlap * min(g.bottom - g.top, h.bottom - h.top):
            continue
        if max(h.x0 - g.x1, g.x0 - h.x1) <= lines.merge_max_gap * max(g.size, h.size, lines.min_size):
            return True
    return False


def _in_margin(col: Sequence[Box], ink: Sequence[Box], rules: UprightRules, lines: LineRules) -> bool:
    """Every other glyph level with the column (its box overlapping the column's height)
    stands to one side of it, none reaching into it: the column is outside the body's text
    block, in the left or the right margin. And at least [upright] free_share of its glyphs
    have no text beside them within the line builder's reach: a column of list marks or of
    a table's first cells starts each row it stands level with, while text set vertically
    passes the body's lines at a pitch of its own."""
    top, bottom = col[0].top, max(g.bottom for g in col)
    x0, x1 = min(g.x0 for g in col), max(g.x1 for g in col)
    ids = {id(g) for g in col}
    level = [g for g in ink if g.bottom > top and g.top < bottom and id(g) not in ids]
    if not (all(g.x0 >= x1 for g in level) or all(g.x1 <= x0 for g in level)):
        return False
    free = sum(1 for g in col if not _beside(g, level, lines))
    return free >= rules.free_share * len(col)


def upright_columns(bands: Sequence[Sequence[G]], rules: UprightRules, lines: LineRules) -> list[list[G]]:
    """The columns of single upright glyphs set vertically in a margin of the page, top to
    bottom, among the page's glyphs grouped into bands (geometry.bands): at least
    [upright] min_glyphs glyphs of more than one text, on one axis, each one step under
    the one before, the steps alike, in a margin (_in_margin)."""
    min_size = lines.min_size
    ends = _ends(bands)
    if len(ends) < rules.min_glyphs:
        return []
    ink = [g for band in bands for g in band if g.text.strip()]
    used: set[int] = set()
    out: list[list[G]] = []
    for k, start in enumerate(ends):
        if id(start) in used:
            continue
        col = _column_from(start, ends, k, rules, min_size)
        if len(col) < rules.min_glyphs or len({g.text.strip() for g in col}) < 2 or any(id(g) in used for g in col):
            continue
        size = max(statistics.median(g.size for g in col), min_size)
        steps = [b.top - a.top for a, b in zip(col, col[1:])]
        if max(steps) - min(steps) > rules.pitch_spread * size or not _in_margin(col, ink, rules, lines):
            continue
        out.append(col)
        used.update(id(g) for g in col)
    return out
