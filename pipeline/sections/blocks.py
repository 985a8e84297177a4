"""Shared machinery of the section parsers, by what it reads: regions under headings
(regions.py), tables drawn with borders (ruled.py), tables printed without (borderless.py),
the table model both build (cells.py), bullets, paragraphs and cell lines (items.py).
This module joins the two table readers for the parsers: a box's tables, its items with
tables as rows, the rows of its one table."""
from __future__ import annotations

import math
import statistics
from collections.abc import Sequence

from .. import settings
from ..geometry import cluster_values
from ..layout import Line, Ruling
from ..ruleset import layout_rules
from ..segment import band_texts
from .borderless import (Columns, block_columns, columns_of, find_stream_tables, foot_block, fragment_table,
                         top_fragment)
from .cells import Cell, Table, table_rows_as_items
from .items import group_items
from .ruled import continues_unruled, find_tables, is_frame, merge_collinear, misses_walls

__all__ = ["items_with_tables", "outside_tables", "rule_framed_tables", "rows_in", "side_by_side_bands", "split_table_items",
           "text_tables"]


def text_tables(lines: list[Line], rulings: list[Ruling], box: tuple[float, float, float, float]) -> list[Table]:
    """The tables in a box of running text: ruled tables, then tables printed without
    borders among the lines no ruled table holds (read from text positions)."""
    # A ruled table whose cells hold runs side by side lacks borders, one with text in a
    # single cell is a box (a header cell's fill, a text box, the slide's edge joined to
    # an empty header band), and one whose cell holds most of the text is a frame (the
    # slide's edge, on a page larger than the slide): read as text.
    found = find_tables(lines, rulings, *box)

    def free(t: Table) -> list[Line]:
        # A row inside another ruled table (one part of a table split in two, a gap
        # between) is that table's, not a row the producer drew no rule for.
        return [ln for ln in lines if not any(o is not t and o.contains(ln) for o in found)]

    tables = [t for t in found
              if not misses_walls(t) and sum(1 for row in t.rows for c in row if c.lines) > 1 and not is_frame(t, lines)
              and not continues_unruled(t, free(t))]
    return tables + find_stream_tables(outside_tables(lines, tables))


def rule_framed_tables(lines: list[Line], rulings: list[Ruling]) -> list[Table]:
    """Tables drawn with rules between their rows only (no vertical border, so no
    ruled table): rules of one extent stacked down the page, each gap between two of
    them a row when its runs line up under the columns of the first, the header (its
    first band holds runs in two columns or more: borderless.block_columns). A row
    holding a run outside the rules' extent or across a column (a paragraph), or
    nothing, ends the table. One row is enough: a header alone between its rules,
    runs side by side, is a table of one row. Rules closer than [ruled_tables]
    rule_cluster pt are one; a run within [stream_tables] column_tolerance ems of a
    column's start starts it."""
    tol = settings.layout().ruled_tables.rule_cluster
    extents: list[list[Ruling]] = []
    for r in merge_collinear(rulings):
        if r.horizontal:
            same = next((g for g in extents if abs(g[0].x0 - r.x0) <= tol and abs(g[0].x1 - r.x1) <= tol), None)
            if same is None:
                extents.append([r])
            else:
                same.append(r)
    tables: list[Table] = []
    taken: set[int] = set()
    # The narrowest rules first: a page's title and footer rules may frame a table's rows too.
    for group in sorted(extents, key=lambda g: g[0].x1 - g[0].x0):
        x0, x1 = min(r.x0 for r in group), max(r.x1 for r in group)
        ys = cluster_values([(r.top + r.bottom) / 2 for r in group], tol)
        rows: list[list[Line]] = []
        cols: Columns | None = None
        for ya, yb in zip(ys, ys[1:]):
            inside = sorted((ln for ln in lines if ya < ln.ymid < yb and ln.x1 > x0 and ln.x0 < x1 and id(ln) not in taken),
                            key=lambda l: (l.top, l.x0))
            # The header's first band holds runs side by side (its columns), as a table's does.
            head = block_columns([ln for _, band in band_texts(inside)[:1] for ln in band]) if inside and cols is None else cols
            fits = (head is not None and len(head.lefts) >= 2
                    and all(x0 - tol <= ln.x0 and ln.x1 <= x1 + tol for ln in inside)
                    and all(Columns(head.lefts, x1).column_of(ln, _em([ln])) is not None for ln in inside))
            if fits and head is not None:
                rows.append(inside)
                cols = Columns(head.lefts, x1)
                continue
            if rows and cols is not None:
                tables.append(_framed_table(rows, cols, x0))
            rows, cols = [], None
        if rows and cols is not None:
            tables.append(_framed_table(rows, cols, x0))
        taken |= {i for t in tables for i in t.line_ids()}
    return tables


def _framed_table(rows: list[list[Line]], cols: Columns, x0: float) -> Table:
    edges = list(cols.lefts) + [cols.right]
    cells_rows = []
    for row in rows:
        top, bottom = min(ln.top for ln in row), max(ln.bottom for ln in row)
        cells = [Cell(a, top, b, bottom) for a, b in zip(edges, edges[1:])]
        for ln in row:
            k = cols.column_of(ln, _em([ln]))
            assert k is not None, "rule_framed_tables keeps a row only when each run fits a column"
            cells[k].lines.append(ln)
        cells_rows.append(cells)
    held = [ln for row in rows for ln in row]
    return Table(min(x0, cols.lefts[0]), min(ln.top for ln in held), cols.right, max(ln.bottom for ln in held), cells_rows,
                 columns_from_text_positions=True)


def outside_tables(lines: list[Line], tables: list[Table]) -> list[Line]:
    """The lines no table holds, in a cell or within its box."""
    taken = {i for t in tables for i in t.line_ids()}
    return [ln for ln in lines if id(ln) not in taken and not any(t.contains(ln) for t in tables)]


def items_with_tables(lines: list[Line], rulings: list[Ruling], box: tuple[float, float, float, float],
                      notes: list[str] | None = None) -> list[tuple[str, list[Line]]]:
    """Items of a region where tables become one item per row, in page order. Text
    outside the tables with runs side by side on several bands is noted in `notes`."""
    return split_table_items(lines, rulings, box, notes)[0]


def split_table_items(lines: list[Line], rulings: list[Ruling], box: tuple[float, float, float, float],
                      notes: list[str] | None = None, carried: Sequence[Columns] = (),
                      next_lines: list[Line] | None = None, next_rulings: list[Ruling] | None = None
                      ) -> tuple[list[tuple[str, list[Line]]], list[Columns]]:
    """`items_with_tables` for a box that may continue, or run on to, a table split
    between pages. `carried`: the columns the table that ended the same box on the page
    before may go on in (likeliest first); the bands at the top of this box that fit
    them are its further rows, whatever borders are drawn round them (a fragment below
    [stream_tables] min_rows, a ruled row taken for a frame). `next_lines`: the box's
    lines on the next page (`next_rulings` its rulings); runs side by side ending this
    box (a header band alone at the page's foot) are a table's rows when the top of the
    next page goes on in their columns. Also gives the columns of the table ending this
    box (none when something else ends it), for the next page."""
    tables = text_tables(lines, rulings, box)
    rule_ys, next_rules = _rule_ys(rulings), _rule_ys(next_rulings or [])
    taken = {i for t in tables for i in t.line_ids()}
    fits = [(cols, top) for cols in carried if (top := top_fragment(lines, cols, taken, rule_ys))]
    if fits:
        cols, top = fits[0]
        tables.append(fragment_table(top, cols, rule_ys))
        taken |= {id(ln) for ln in top}
        if notes is not None:
            notes.append(f"{len(top)} line(s) at the top read as the further rows of the table on the page before, "
                         "in its columns")
    loose = outside_tables(lines, tables)
    carry: list[Columns] = []
    ordered = sorted(lines, key=lambda ln: ln.bottom)
    last = ordered[-1] if ordered else None
    if last is not None and id(last) in taken:
        ending = [t for t in tables if any(ln is last for row in t.rows for c in row for ln in c.lines)]
        carry = columns_of(ending[0]) if ending else []
    elif last is not None and next_lines:
        foot = foot_block(loose)
        if foot and any(ln is last for ln in foot):
            cols = block_columns(foot)
            if len(cols.lefts) >= 2 and top_fragment(next_lines, cols, set(), next_rules):
                tables.append(fragment_table(foot, cols, rule_ys))
                loose = outside_tables(lines, tables)
                carry = [cols]
                if notes is not None:
                    notes.append(f"{len(foot)} line(s) side by side at the foot read as a table going on on the next page")
    if notes is not None:
        side = side_by_side_bands(loose)
        if len(side) >= layout_rules()["unruled_tables"]["min_side_by_side_bands"]:
            notes.append(f"{len(side)} text band(s) outside any drawn table hold runs side by side "
                         f"({side[0][:30]!r}): a table without borders? read as separate items")
    chunks: list[tuple[float, list[tuple[str, list[Line]]]]] = []
    # Text above, between and below tables keeps its own paragraphing.
    edges = sorted([(t.top, t) for t in tables], key=lambda x: x[0])
    cuts = [-math.inf] + [t.top for _, t in edges] + [math.inf]
    for a, b in zip(cuts, cuts[1:]):
        part = [ln for ln in loose if a <= ln.top < b]
        if part:
            chunks.append((min(l.top for l in part), group_items(part)))
    for t in tables:
        rows = table_rows_as_items(t)
        src = [ln for row in t.rows for c in row for ln in c.lines]
        chunks.append((t.top, [(r, src) for r in rows]))
    chunks.sort(key=lambda c: c[0])
    return [it for _, items in chunks for it in items], carry


def _rule_ys(rulings: list[Ruling]) -> list[tuple[float, float, float]]:
    return [((r.top + r.bottom) / 2, r.x0, r.x1) for r in rulings if r.horizontal]


def side_by_side_bands(lines: list[Line]) -> list[str]:
    """The texts of the bands holding two runs or more, lone bullet marks left aside."""
    marks = {m for m in layout_rules()["bullets"]["marks"] if len(m) == 1}
    out = []
    for text, group in band_texts(lines):
        if len([ln for ln in group if ln.text.strip() not in marks]) >= 2:
            out.append(text)
    return out


def _stacked(tables: list[Table], t: Table, lines: list[Line]) -> Table:
    """`t` with the tables drawn above and below it in the same columns (their left and
    right edges within [ruled_tables] rule_cluster): one box the producer drew in parts,
    as when its first row went on to the next page on its own. Its rows in page order.
    Text between the parts (a row no rule bounds) means they are not one table: `t`."""
    tol = settings.layout().ruled_tables.rule_cluster
    parts = sorted((o for o in tables if abs(o.x0 - t.x0) <= tol and abs(o.x1 - t.x1) <= tol), key=lambda o: o.top)
    if len(parts) < 2:
        return t
    joined = Table(t.x0, parts[0].top, t.x1, max(o.bottom for o in parts), [row for o in parts for row in o.rows])
    in_cells = joined.line_ids()
    if any(joined.contains(ln) and id(ln) not in in_cells for ln in lines):
        return t
    return joined


def rows_in(lines: list[Line], rulings: list[Ruling], box: tuple[float, float, float, float],
            notes: list[str] | None = None) -> list[list[Cell]]:
    """The rows of the table in a box: ruled cells when borders are drawn, otherwise
    one row per text band and one cell per run (producers that draw no borders). That
    fallback is noted in `notes`, with its reason: rows from text bands are a guess."""
    # A drawn frame holding none of the box's text (a badge of the header band above a
    # box that opens the page) is no part of its table.
    tables = [t for t in find_tables(lines, rulings, *box) if any(t.contains(ln) for ln in lines)]
    why = "no drawn borders"
    if tables:
        t = _stacked(tables, max(tables, key=lambda t: len(t.rows)), lines)
        # Borders the producer drew only in part (cell fills, rules between rows) make
        # a "table" that leaves most of the text outside, or runs side by side in a cell.
        held = sum(1 for ln in lines if t.contains(ln))
        if held >= layout_rules()["ruled_tables"]["min_share_of_lines"] * len(lines) and not misses_walls(t) \
                and not _unframed_rows_below(t, lines):
            return [[c for c in row] for row in t.rows]
        why = "its drawn borders frame only part of it"
    if notes is not None and lines:
        notes.append(f"table read from text positions, not drawn borders ({why})")
    return _rows_from_bands(lines, rulings, box)


def _unframed_rows_below(t: Table, lines: list[Line]) -> bool:
    """Text below the drawn table, across its width, on a band of two runs or more: rows
    the borders leave out (only the header row's cells filled). A footnote under the
    table is one run."""
    below = [ln for ln in lines if not t.contains(ln) and ln.top >= t.bottom and ln.x0 < t.x1 and ln.x1 > t.x0]
    return any(len(group) >= 2 for _, group in band_texts(below))


def _rows_from_bands(lines: list[Line], rulings: list[Ruling], box: tuple[float, float, float, float]) -> list[list[Cell]]:
    """One row per text band and one cell per run, except that a band close under the
    one above (the leading of wrapped lines, no rule between) that leaves some of the
    row's columns empty continues the row's cells: without a vertical border a cell's
    wrapped line is otherwise a row of its own (`RPA運用支` / `援`, `13,440,000` / `円`)."""
    st = settings.layout().stream_tables
    groups = [sorted(g, key=lambda l: l.x0) for _, g in band_texts(lines)]
    rules = [r for r in rulings if r.horizontal]
    # The last cell reaches the box's edge, the one place a cell's edge is known without
    # borders: the table's widest line may be a long name that fits, not a wrap, and
    # two lines ending together may be names of one length (the sample's participants).
    ruled = _ruled_edge(lines, rules)
    right = ruled or max([box[2]] + [ln.x1 for ln in lines])
    # Rows set apart by white space (or rules) somewhere in the table: a band within the
    # leading of wrapped lines is then a wrap, whatever columns it fills. Rows set solid
    # leave only the columns a band leaves empty to tell a wrap.
    spaced = bool(rules) or any(_gap(a, b) > st.row_gap * max(_em(a), _em(b)) for a, b in zip(groups, groups[1:]))
    rows: list[list[Cell]] = []
    prev: list[Line] = []
    for group in groups:
        row = rows[-1] if rows else []
        if row and _continues(prev, group, row, rules, spaced):
            tol = st.column_tolerance * _em(group)
            for ln in group:
                cell = max((c for c in row if c.x0 <= ln.x0 + tol), key=lambda c: c.x0, default=row[0])
                cell.lines.append(ln)
                cell.bottom = max(cell.bottom, ln.bottom)
        else:
            rows.append([Cell(ln.x0, ln.top, ln.x1, ln.bottom, [ln]) for ln in group])
        prev = group
    for row in rows:
        # A cell reaches the next cell's start, the last one the box's edge: a wrapped
        # line is measured against the cell's width, not against its own longest line.
        for k, c in enumerate(row):
            c.x1 = max(c.x1, row[k + 1].x0 if k + 1 < len(row) else right)
            c.open_right = k + 1 == len(row) and ruled is None
    return rows


def _ruled_edge(lines: list[Line], rules: list[Ruling]) -> float | None:
    """The right edge of a table's text when rules are drawn between its rows (no
    vertical borders): the rules span the table, and its text stands as far in from
    their right end as from their left. None without two such rules among the lines."""
    if not lines:
        return None
    x0, x1 = min(ln.x0 for ln in lines), max(ln.x1 for ln in lines)
    top, bottom = min(ln.top for ln in lines), max(ln.bottom for ln in lines)
    across = [r for r in rules if r.x0 <= x0 and r.x1 >= x1 and top <= (r.top + r.bottom) / 2 <= bottom]
    if len(across) < 2:
        return None
    left, end = min(r.x0 for r in across), max(r.x1 for r in across)
    return end - (x0 - left)


def _em(group: list[Line]) -> float:
    return max(statistics.median(ln.size for ln in group), settings.layout_stage().lines.min_size)


def _gap(above: list[Line], below: list[Line]) -> float:
    return min(ln.top for ln in below) - max(ln.bottom for ln in above)


def _continues(prev: list[Line], group: list[Line], row: list[Cell], rules: list[Ruling], spaced: bool) -> bool:
    """The band holds the wrapped rest of the row above: it sits within the leading of
    wrapped lines under the band before, no rule is drawn between them, the row has
    columns and the band starts no further left than they do, and (rows set solid) it
    leaves one of the row's columns empty (a new row fills them all)."""
    st = settings.layout().stream_tables
    em = max(_em(prev), _em(group))
    if _gap(prev, group) > st.row_gap * em:
        return False
    above, below = max(ln.bottom for ln in prev), min(ln.top for ln in group)
    x0, x1 = min(ln.x0 for ln in group), max(ln.x1 for ln in group)
    if any(above <= (r.top + r.bottom) / 2 <= below and r.x0 < x1 and r.x1 > x0 for r in rules):
        return False
    if len(row) < 2:
        return False  # a row of one cell (a remark, a sub-heading) has no columns to continue
    if x0 < row[0].x0 - st.column_tolerance * em:
        return False  # text further left than the row starts: not its cells
    return spaced or len(group) < len(row)
