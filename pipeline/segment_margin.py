"""Running text round a case page's body that no margin test of find_margins sees: text
set vertically in a page margin (縦書き: one upright glyph under the other, a volume's
name along the left or right edge), which the line builder gives a line per glyph, and a
small line atop the body repeated on many pages (a running header under a band that holds
the title). Found here so that segment takes them out of the body ([segment] rules)."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from . import settings
from .layout import Line
from .segment_band import mask_digits


class BodyPage(Protocol):
    """A case page as segment cuts it (segment.CasePage): its body lines."""

    body: list[Line]


def drop_running_atop(pages: Sequence[BodyPage], first_small: dict[int, Line | None]) -> None:
    """A small line atop the body (segment_band.small_first_line) whose text repeats atop
    [segment] running_min_pages pages at least and running_share of the case pages is a
    running header printed under the band: taken out of those pages' bodies."""
    rules = settings.layout().segment
    seen: dict[str, int] = {}
    for ln in first_small.values():
        if ln is not None:
            seen[mask_digits(ln.text)] = seen.get(mask_digits(ln.text), 0) + 1
    need = max(rules.running_min_pages, int(len(pages) * rules.running_share))
    for page in pages:
        page.body[:] = [ln for ln in page.body if not (ln is first_small.get(ln.page) and seen[mask_digits(ln.text)] >= need)]


def _column_from(start: Line, singles: Sequence[Line], used: set[int]) -> list[Line]:
    """One-glyph lines under `start`, each close under the one before, on its axis."""
    rules = settings.layout().segment
    col = [start]
    axis = (start.x0 + start.x1) / 2
    for ln in singles:
        if id(ln) in used or ln is start:
            continue
        last = col[-1]
        if (abs((ln.x0 + ln.x1) / 2 - axis) <= rules.vertical_axis * last.size
                and 0 < ln.top - last.top <= rules.vertical_pitch * last.size):
            col.append(ln)
    return col


def _in_margin(col: list[Line], lines: Sequence[Line]) -> bool:
    """No other line from the column's top down reaches to or past it: the column stands
    left of all of them (the left margin) or right of all of them (the right one); the
    band and any strip above it, where the column does not reach, may."""
    top = col[0].top
    x0, x1 = min(ln.x0 for ln in col), max(ln.x1 for ln in col)
    ids = {id(ln) for ln in col}
    below = [ln for ln in lines if id(ln) not in ids and ln.bottom > top]
    return all(ln.x0 >= x1 for ln in below) or all(ln.x1 <= x0 for ln in below)


def vertical_columns(lines: Sequence[Line]) -> list[list[Line]]:
    """Columns of [segment] vertical_min_glyphs one-glyph lines or more stacked on one axis
    in a margin of the page, top to bottom."""
    rules = settings.layout().segment
    singles = sorted((ln for ln in lines if len(ln.text.strip()) == 1), key=lambda ln: ln.top)
    used: set[int] = set()
    out: list[list[Line]] = []
    for start in singles:
        if id(start) in used:
            continue
        col = _column_from(start, singles, used)
        # Text, not list marks: a column of one mark (・, -, ○ hanging before items) is no text.
        text = {ln.text.strip() for ln in col}
        if len(col) >= rules.vertical_min_glyphs and len(text) > 1 and _in_margin(col, lines):
            out.append(col)
            used.update(id(ln) for ln in col)
    return out
