"""Tables drawn with borders: rulings merged and grouped into tables, lines into cells,
and the tests that tell a real ruled table from partial borders or a frame."""
from __future__ import annotations

from typing import Any

from .. import settings
from ..geometry import BBox, cluster_values, merge_collinear_segments, same_band
from ..layout import Line, Ruling, reading_order
from ..segment import band_texts
from .cells import Cell, Table


def find_tables(lines: list[Line], rulings: list[Ruling], x0: float, top: float, x1: float, bottom: float) -> list[Table]:
    """Tables drawn with borders inside a box; cells follow the rulings of each row,
    so merged cells (a (備考) row spanning two columns) come out as one cell."""
    rules = settings.layout().ruled_tables
    box, tol = BBox(x0, top, x1, bottom), rules.cell_tolerance
    inside = merge_collinear([r for r in rulings if box.contains(r, rules.box_tolerance)])
    hs = [r for r in inside if r.horizontal]
    vs = [r for r in inside if not r.horizontal]
    if len(hs) < 2 or not vs:
        return []
    tables: list[Table] = []
    for group in _ruling_groups(hs, vs):
        ys = cluster_values([r.top for r in group["h"]], rules.rule_cluster)
        if len(ys) < 2:
            continue
        tx0, tx1 = group["x0"], group["x1"]
        rows: list[list[Cell]] = []
        for ya, yb in zip(ys, ys[1:]):
            mid = (ya + yb) / 2
            xs = cluster_values([v.x0 for v in group["v"] if v.top <= mid <= v.bottom] + [tx0, tx1], rules.rule_cluster)
            rows.append([Cell(xa, ya, xb, yb) for xa, xb in zip(xs, xs[1:]) if xb - xa > rules.min_cell_width])
        t = Table(tx0, ys[0], tx1, ys[-1], [r for r in rows if r])
        for ln in lines:
            if not t.contains(ln):
                continue
            for row in t.rows:
                for c in row:
                    if (c.x0 - tol <= ln.x0 + min(ln.size, (ln.x1 - ln.x0)) / 2 < c.x1 + tol
                            and c.top - tol <= ln.ymid < c.bottom + tol):
                        c.lines.append(ln)
                        break
                else:
                    continue
                break
        for row in t.rows:
            for c in row:
                c.lines = reading_order(c.lines)
        tables.append(t)
    return tables


def merge_collinear(rulings: list[Ruling]) -> list[Ruling]:
    """One ruling per drawn line: producers that draw a grid cell by cell write each
    cell's edges as separate segments (shared edges twice), or draw every border as a
    thin filled rectangle (two edges its thickness apart). Segments on one line that
    touch or overlap become one, in both directions (tolerances in [rulings])."""
    rules = settings.layout().rulings
    out: list[Ruling] = []
    for horizontal in (True, False):
        segs = (((r.top, r.x0, r.x1, r.bottom) if horizontal else (r.x0, r.top, r.bottom, r.x1))
                for r in rulings if r.horizontal == horizontal)
        for pos, a, b, far in merge_collinear_segments(segs, rules.collinear_tolerance, rules.join_gap):
            out.append(Ruling(a, pos, b, far) if horizontal else Ruling(pos, a, far, b))
    return sorted(out, key=lambda r: (r.top, r.x0, r.bottom, r.x1))


def _ruling_groups(hs: list[Ruling], vs: list[Ruling]) -> list[dict[str, Any]]:
    """Horizontal rules that vertical borders join, one group per table. A rule no
    vertical touches (a title or heading underline, a running-footer rule) borders no
    cell, and two rules belong to one table only where a vertical runs from one to the
    other, however alike their extents."""
    tol = settings.layout().rulings.touch_tolerance

    def touches(v: Ruling, h: Ruling) -> bool:
        return h.x0 - tol <= v.x0 <= h.x1 + tol and v.top - tol <= h.top <= v.bottom + tol

    owner = list(range(len(hs)))  # union-find over the horizontals

    def root(i: int) -> int:
        while owner[i] != i:
            owner[i] = owner[owner[i]]
            i = owner[i]
        return i

    touched = [False] * len(hs)
    for v in vs:
        joined = [i for i, h in enumerate(hs) if touches(v, h)]
        for i in joined:
            touched[i] = True
            owner[root(i)] = root(joined[0])
    members: dict[int, list[Ruling]] = {}
    for i, h in enumerate(hs):
        if touched[i]:
            members.setdefault(root(i), []).append(h)
    groups: list[dict[str, Any]] = []
    for group in members.values():
        g: dict[str, Any] = {"x0": min(h.x0 for h in group), "x1": max(h.x1 for h in group),
             "top": min(h.top for h in group), "bottom": max(h.bottom for h in group), "h": group}
        g["v"] = [v for v in vs if g["x0"] - tol <= v.x0 <= g["x1"] + tol and v.bottom > g["top"] and v.top < g["bottom"]]
        groups.append(g)
    return sorted((g for g in groups if len(g["h"]) >= 2 and g["v"]), key=lambda g: (g["top"], g["x0"]))


def continues_unruled(table: Table, lines: list[Line]) -> bool:
    """Runs in two or more of the table's columns right under its last rule: a row the
    producer drew no rule for (rules between rows only, cell fills), so the ruled rows
    are only part of the table, which is read from text positions instead."""
    last = table.rows[-1] if table.rows else []
    if len(last) < 2:
        return False
    gap = settings.layout().ruled_tables.unruled_row_gap
    tol = settings.layout().ruled_tables.cell_tolerance
    below = [ln for ln in lines if ln.top >= table.bottom - tol and ln.top - table.bottom <= gap * ln.size
             and table.x0 - tol <= ln.x0 <= table.x1 + tol]
    for _, band in band_texts(below):
        cols = {i for ln in band for i, c in enumerate(last) if c.x0 - tol <= ln.x0 < c.x1}
        if len(cols) >= 2:
            return True
    return False


def is_frame(table: Table, lines: list[Line]) -> bool:
    """One cell holding most of the text: the rulings are a frame around it (the slide's
    edge on a larger page), not a table (thresholds in [ruled_tables])."""
    rules = settings.layout().ruled_tables
    fullest = max((len(c.lines) for row in table.rows for c in row), default=0)
    return fullest >= rules.frame_min_lines and fullest >= rules.frame_share_of_lines * len(lines)


def misses_walls(table: Table) -> bool:
    """Two runs side by side in one ruled cell: the layout split them at a column gap
    no border covers, so the producer drew only some of the borders (cell fills, rules
    between rows) and the ruled cells cannot be trusted."""
    share = settings.layout().items.same_band
    return any(a is not b and same_band(a, b, share) and b.x0 >= a.x1
               for row in table.rows for c in row for a in c.lines for b in c.lines)


