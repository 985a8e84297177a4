"""Tables printed without borders, read from text positions alone.

Some producers draw no rulings, so `find_tables` has nothing to follow and a table
inside running text (事業の概要, an interview answer) would come out one printed
line at a time with its cells interleaved. Here such a table is recognised from its
text: the layout stage already splits a printed line into runs at column gaps, so a
table shows as consecutive text bands holding two or more runs, its rows separated
by a band of white space wider than the leading of wrapped lines.

Conservative on purpose (ordinary text must never become a table):
- a row starts only at a band with runs in two or more columns;
- a band of a single run belongs to the row above only when it sits inside one of
  that row's columns (wrapped cell text) and no row gap separates them;
- a single run after a row gap, or any white space beyond `max_gap`, ends the table;
- a table needs `min_rows` such rows. Prose set in two columns has no row gaps in
  its leading, so it stays one "row" and is left alone.

All lengths are ems of the font size ([stream_tables] in rules/layout.toml). Nothing
here imports the ruled-table reader (ruled.py), nor it this one.
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass

from ..layout import Line
from .. import geometry, settings
from ..settings import StreamTables
from .cells import Cell, Table
from .items import is_list_mark, strip_bullet


def _rules() -> StreamTables:
    return settings.layout().stream_tables


Band = list[Line]


def _bands(lines: list[Line]) -> list[Band]:
    """Lines that share a baseline, top to bottom, each band left to right."""
    min_size = settings.layout_stage().lines.min_size
    return [sorted(b, key=lambda l: l.x0) for b in geometry.bands(lines, _rules().band_share, min_size)]


def _em(band: Band) -> float:
    return max(statistics.median(ln.size for ln in band), settings.layout_stage().lines.min_size)


def _columns(band: Band) -> list[float]:
    """Left edges of the cells a band's runs start: runs closer than a column gap
    are pieces of one cell, and a bullet or number leading the band a few ems before
    its text (PowerPoint sets it at its own indent) starts no cell. A dash inside the
    band is an empty cell, not a bullet."""
    em = _em(band)
    starts: list[float] = []
    right = None
    for k, ln in enumerate(band):
        if k == 0 and len(band) > 1 and is_list_mark(ln.text) and band[1].x0 - ln.x1 <= settings.layout().items.mark_gap * em:
            continue
        if right is None or ln.x0 - right >= _rules().column_gap * em:
            starts.append(ln.x0)
        right = ln.x1 if right is None else max(right, ln.x1)
    return starts


def _inside_column(ln: Line, cols: list[float], em: float) -> bool:
    """A run that starts at one of the row's columns and stops before the next."""
    tol = _rules().column_tolerance * em
    for k, c in enumerate(cols):
        if abs(ln.x0 - c) <= tol:
            return k + 1 == len(cols) or ln.x1 <= cols[k + 1] + tol
    return False


def _union_starts(cols: list[float], starts: list[float], em: float) -> list[float]:
    """The column starts of a row with those of one more of its bands: a start within
    [stream_tables] column_tolerance of a known one is that column (a producer snapping
    text to device pixels starts one column's lines a third of a point apart)."""
    tol = _rules().column_tolerance * em
    out = list(cols)
    for x in starts:
        if not any(abs(x - c) <= tol for c in out):
            out.append(x)
    return sorted(out)


def _blocks(bands: list[Band]) -> list[list[list[Band]]]:
    """Candidate tables: runs of consecutive bands, already cut into rows."""
    r = _rules()
    out: list[list[list[Band]]] = []
    i = 0
    while i < len(bands):
        if len(_columns(bands[i])) < 2:
            i += 1
            continue
        rows: list[list[Band]] = [[bands[i]]]
        cols = _columns(bands[i])
        j = i + 1
        while j < len(bands):
            prev, cur = rows[-1][-1], bands[j]
            em = max(_em(prev), _em(cur))
            gap = min(ln.top for ln in cur) - max(ln.bottom for ln in prev)
            if gap > r.max_gap * em:
                break
            new_row = gap > r.row_gap * em
            starts = _columns(cur)
            if len(starts) >= 2:
                if new_row:
                    rows.append([cur])
                    cols = starts
                else:
                    rows[-1].append(cur)
                    cols = _union_starts(cols, starts, em)
            elif not new_row and all(_inside_column(ln, cols, em) for ln in cur):
                rows[-1].append(cur)
            else:
                break
            j += 1
        out.append(rows)
        i = j
    return out


def _table(rows: list[list[Band]]) -> Table:
    tol_em = _rules().column_tolerance
    # Columns of the whole table: where the first band of some row starts a cell.
    known = [x for row in rows for x in _columns(row[0])]
    cells_rows: list[list[Cell]] = []
    all_lines = [ln for row in rows for band in row for ln in band]
    tx0, tx1 = min(ln.x0 for ln in all_lines), max(ln.x1 for ln in all_lines)
    for row in rows:
        em = _em(row[0])
        tol = tol_em * em
        cols = _columns(row[0])
        # A later band may start a cell the first band left empty (text set lower
        # in its cell), but only at a column some row of the table has.
        for band in row[1:]:
            for x in _columns(band):
                if not any(abs(x - c) <= tol for c in cols) and any(abs(x - k) <= tol for k in known):
                    cols.append(x)
        cols.sort()
        top = min(ln.top for ln in row[0])
        bottom = max(ln.bottom for band in row for ln in band)
        cells = [Cell(c, top, (cols[k + 1] if k + 1 < len(cols) else tx1), bottom) for k, c in enumerate(cols)]
        for band in row:
            for ln in band:
                k = max((k for k, c in enumerate(cols) if c <= ln.x0 + tol), default=0)
                cells[k].lines.append(ln)
        cells_rows.append(cells)
    top = min(ln.top for ln in all_lines)
    bottom = max(ln.bottom for ln in all_lines)
    return Table(tx0, top, tx1, bottom, cells_rows, from_text_positions=True)


def _side_by_side_lists(table: Table) -> bool:
    """Text boxes side by side that hold lists, not a table: every cell a bullet item,
    or a first column of markers only (Q / A set apart from their text)."""
    cells = [c for row in table.rows for c in row if c.lines]
    if cells and all(strip_bullet(c.lines[0].text.strip())[1] for c in cells):
        return True
    firsts = [row[0].text.strip() for row in table.rows if row and row[0].lines]
    return bool(firsts) and all(len(t) <= _rules().marker_length or is_list_mark(t) for t in firsts)


def find_stream_tables(lines: list[Line]) -> list[Table]:
    """Borderless tables among `lines` (lines no ruled table took)."""
    tables = []
    for rows in _blocks(_bands(lines)):
        if len(rows) >= _rules().min_rows:
            table = _table(rows)
            if not _side_by_side_lists(table):
                tables.append(table)
    return tables


# --- a table split between pages -------------------------------------------------------


@dataclass(frozen=True)
class Columns:
    """The columns of a table, as a table split between pages carries them to the next:
    the left edge of each (a cell's border, or where its text starts when no border is
    drawn) and the table's right edge."""

    lefts: tuple[float, ...]
    right: float

    def column_of(self, ln: Line, em: float) -> int | None:
        """The column a run lies in: it starts at or after the column's left edge and
        ends before the next column's (give or take [stream_tables] column_tolerance)."""
        tol = _rules().column_tolerance * em
        for k, left in enumerate(self.lefts):
            nxt = self.lefts[k + 1] if k + 1 < len(self.lefts) else self.right
            if left - tol <= ln.x0 < nxt - tol:
                return k if ln.x1 <= nxt + tol or k + 1 == len(self.lefts) else None
        return None


def columns_of(table: Table) -> list[Columns]:
    """The columns a table may go on in, likeliest first: of one read from text
    positions its last row's (such a table may stack tables of different columns, and
    a row's columns are its own), then (and of a ruled table only) its row with the
    most cells' (a row whose last cell spans the rest has fewer)."""
    rows = ([table.rows[-1]] if table.from_text_positions else []) + [max(table.rows, key=len)]
    out: list[Columns] = []
    for row in rows:
        cols = Columns(tuple(c.x0 for c in row), table.x1)
        if cols not in out:
            out.append(cols)
    return out


def block_columns(lines: list[Line]) -> Columns:
    """The columns of bands of runs side by side: where their runs start a cell."""
    starts: list[float] = []
    for band in _bands(lines):
        tol = _rules().column_tolerance * _em(band)
        starts += [x for x in _columns(band) if not any(abs(x - s) <= tol for s in starts)]
    return Columns(tuple(sorted(starts)), max(ln.x1 for ln in lines))


def foot_block(lines: list[Line]) -> list[Line]:
    """The bands of runs side by side that end `lines` (a header band, or rows too few
    for a table): a table whose rows may go on on the next page. Empty when the last
    band is not part of such a block."""
    bands = _bands(lines)
    blocks = _blocks(bands)
    if not bands or not blocks:
        return []
    last = blocks[-1]
    if last[-1][-1] is not bands[-1]:
        return []
    return [ln for row in last for band in row for ln in band]


def top_fragment(lines: list[Line], cols: Columns, taken: set[int], rule_ys: list[RuleY]) -> list[Line]:
    """The bands at the top of `lines` that go on a table with columns `cols`: every run
    of every band lies within one column, and a band opening a row (the first, or one
    after a rule or a row gap) holds runs in two columns or more, as in `_blocks`. It
    ends at white space wider than [stream_tables] max_gap, at a run outside the
    columns (a paragraph), at a single run opening a row (a list after the table), at
    runs starting two cells in one column (a table of more columns) or at a line
    another table holds (`taken`, ids)."""
    out: list[Line] = []
    prev: Band | None = None
    for band in _bands(lines):
        em = _em(band)
        if any(id(ln) in taken for ln in band):
            break
        if prev is not None and _gap(prev, band) > _rules().max_gap * max(em, _em(prev)):
            break
        where = [cols.column_of(ln, em) for ln in band]
        opens = prev is None or _new_row(prev, band, cols, rule_ys)
        # Runs that start cells of their own but fall in one column: other columns.
        if any(k is None for k in where) or (opens and len(set(where)) < 2) or len(_columns(band)) > len(set(where)):
            break
        out += band
        prev = band
    return out


RuleY = tuple[float, float, float]  # a horizontal rule: its y, x0 and x1


def _gap(above: Band, below: Band) -> float:
    return min(ln.top for ln in below) - max(ln.bottom for ln in above)


def _new_row(prev: Band, band: Band, cols: Columns, rule_ys: list[RuleY]) -> bool:
    """`band` opens a row under `prev`: a rule is drawn between them across the table,
    or white space wider than [stream_tables] row_gap parts them."""
    above, below = max(ln.bottom for ln in prev), min(ln.top for ln in band)
    x0 = min(ln.x0 for ln in prev + band)
    ruled = any(above <= y <= below and rx0 < cols.right and rx1 > x0 for y, rx0, rx1 in rule_ys)
    return ruled or _gap(prev, band) > _rules().row_gap * max(_em(prev), _em(band))


def fragment_table(lines: list[Line], cols: Columns, rule_ys: list[RuleY]) -> Table:
    """Bands read as rows of a table with known columns: a row ends where a rule is drawn
    between two bands (`rule_ys`: y, x0, x1 of horizontal rules) or white space wider
    than [stream_tables] row_gap separates them; each run goes to its column's cell."""
    x0 = min(ln.x0 for ln in lines)
    rows: list[list[Band]] = []
    for band in _bands(lines):
        if rows and not _new_row(rows[-1][-1], band, cols, rule_ys):
            rows[-1].append(band)
        else:
            rows.append([band])
    cells_rows: list[list[Cell]] = []
    for row in rows:
        top, bottom = min(ln.top for ln in row[0]), max(ln.bottom for b in row for ln in b)
        edges = list(cols.lefts) + [cols.right]
        cells = [Cell(a, top, b, bottom) for a, b in zip(edges, edges[1:])]
        for band in row:
            em = _em(band)
            for ln in band:
                cells[cols.column_of(ln, em) or 0].lines.append(ln)
        cells_rows.append(cells)
    return Table(min(cols.lefts[0], x0), min(ln.top for ln in lines), cols.right, max(ln.bottom for ln in lines),
                 cells_rows, from_text_positions=True)
