"""Shared machinery of the section parsers: regions under headings, ruled tables,
bullets and paragraphs.

A case page is a grid of boxed sections. Each heading owns the column it starts
in, from its own bottom down to the next heading of that column. Everything is
measured relative to font sizes and heading positions, never absolute points.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from ..layout import Line, Ruling, reading_order
from ..ruleset import heading_key, layout_rules, squash


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
    marks = {m for m in layout_rules()["bullets"]["marks"] if len(m) == 1}
    sizes = sorted(ln.size for ln in lines)
    body = sizes[len(sizes) // 2]
    lone_marks = [ln for ln in lines if ln.text.strip() in marks]

    def after_mark(ln: Line) -> bool:
        band = 0.5 * max(ln.bottom - ln.top, 1e-6)
        return any(abs(m.ymid - ln.ymid) <= band and 0 <= ln.x0 - m.x1 <= look["hanging_mark_gap_em"] * ln.size
                   for m in lone_marks)

    def looks_like_heading(ln: Line) -> bool:
        return ln.bold or ln.size >= look["min_size_ratio"] * body

    return [(k, ln) for k, ln in named
            if not after_mark(ln) and (looks_like_heading(ln) or ln.text.strip()[:1] not in marks)]


def split_regions(lines: list[Line], width: float, height: float, default: str | None = None) -> list[Region]:
    """Cut one page's body into regions, one per heading (plus `default` for text above any)."""
    heads = headings_of(lines)
    if not heads:
        return [Region(default, None, 0, 0, width, height, list(lines))] if default else []
    # Columns: heading left edges that differ by more than a few ems.
    xs: list[float] = []
    for _, h in sorted(heads, key=lambda kh: kh[1].x0):
        if not xs or h.x0 - xs[-1] > 4 * h.size:
            xs.append(h.x0)
    bounds = [x - 1.5 * max(h.size for _, h in heads) for x in xs] + [width]
    bounds[0] = 0.0
    regions: list[Region] = []
    for key, h in heads:
        col = max(i for i, x in enumerate(xs) if x <= h.x0 + 4 * h.size)
        below = [o.top for _, o in heads if o is not h and o.top > h.top + 0.5 * h.size and bounds[col] <= o.x0 < bounds[col + 1]]
        top = h.top if key == "point" else h.bottom
        regions.append(Region(key, h, bounds[col], top - (h.bottom - h.top) * (1.2 if key == "point" else 0), bounds[col + 1], min(below, default=height)))
    if default:
        first = min(r.top for r in regions)
        regions.append(Region(default, None, 0, 0, width, first - 0.1))
    heading_lines = {id(h) for _, h in heads}
    for ln in lines:
        if id(ln) in heading_lines:
            continue
        for r in regions:
            if r.contains(ln):
                r.lines.append(ln)
                break
    return regions


# --- tables -------------------------------------------------------------------------


@dataclass
class Cell:
    x0: float
    top: float
    x1: float
    bottom: float
    lines: list[Line] = field(default_factory=list)

    @property
    def text(self) -> str:
        return join_wrapped(self.lines)


@dataclass
class Table:
    x0: float
    top: float
    x1: float
    bottom: float
    rows: list[list[Cell]]
    # True for a table recognised from text positions alone (no borders drawn): a guess.
    from_text_positions: bool = False

    def contains(self, ln: Line) -> bool:
        return self.x0 - 1 <= (ln.x0 + ln.x1) / 2 <= self.x1 + 1 and self.top - 1 <= ln.ymid <= self.bottom + 1


def _cluster(values: list[float], tol: float) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tol:
            out.append(v)
    return out


def find_tables(lines: list[Line], rulings: list[Ruling], x0: float, top: float, x1: float, bottom: float) -> list[Table]:
    """Tables drawn with borders inside a box; cells follow the rulings of each row,
    so merged cells (a (備考) row spanning two columns) come out as one cell."""
    inside = merge_collinear([r for r in rulings if r.x0 >= x0 - 2 and r.x1 <= x1 + 2 and r.top >= top - 2 and r.bottom <= bottom + 2])
    hs = [r for r in inside if r.horizontal]
    vs = [r for r in inside if not r.horizontal]
    if len(hs) < 2 or not vs:
        return []
    tables: list[Table] = []
    for group in _ruling_groups(hs, vs):
        ys = _cluster([r.top for r in group["h"]], 2.0)
        if len(ys) < 2:
            continue
        tx0, tx1 = group["x0"], group["x1"]
        rows: list[list[Cell]] = []
        for ya, yb in zip(ys, ys[1:]):
            mid = (ya + yb) / 2
            xs = _cluster([v.x0 for v in group["v"] if v.top <= mid <= v.bottom] + [tx0, tx1], 2.0)
            rows.append([Cell(xa, ya, xb, yb) for xa, xb in zip(xs, xs[1:]) if xb - xa > 2])
        t = Table(tx0, ys[0], tx1, ys[-1], [r for r in rows if r])
        for ln in lines:
            if not t.contains(ln):
                continue
            for row in t.rows:
                for c in row:
                    if c.x0 - 1 <= ln.x0 + min(ln.size, (ln.x1 - ln.x0)) / 2 < c.x1 + 1 and c.top - 1 <= ln.ymid < c.bottom + 1:
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
    rules = layout_rules()["rulings"]
    across, gap = rules["collinear_tolerance"], rules["join_gap"]
    out: list[Ruling] = []
    for horizontal in (True, False):
        # (position across the line, start, end, thickness end) of each segment
        segs = sorted(((r.top, r.x0, r.x1, r.bottom) if horizontal else (r.x0, r.top, r.bottom, r.x1))
                      for r in rulings if r.horizontal == horizontal)
        lines: list[list[tuple]] = []
        for s in segs:
            if lines and s[0] - lines[-1][0][0] <= across:
                lines[-1].append(s)
            else:
                lines.append([s])
        for line in lines:
            pos, far = min(s[0] for s in line), max(s[3] for s in line)
            spans: list[list[float]] = []
            for _, a, b, _ in sorted(line, key=lambda s: s[1]):
                if spans and a <= spans[-1][1] + gap:
                    spans[-1][1] = max(spans[-1][1], b)
                else:
                    spans.append([a, b])
            for a, b in spans:
                out.append(Ruling(a, pos, b, far) if horizontal else Ruling(pos, a, far, b))
    return sorted(out, key=lambda r: (r.top, r.x0, r.bottom, r.x1))


def _ruling_groups(hs: list[Ruling], vs: list[Ruling]) -> list[dict]:
    """Horizontal rules that vertical borders join, one group per table. A rule no
    vertical touches (a title or heading underline, a running-footer rule) borders no
    cell, and two rules belong to one table only where a vertical runs from one to the
    other, however alike their extents."""
    tol = layout_rules()["rulings"]["touch_tolerance"]

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
    groups: list[dict] = []
    for group in members.values():
        g = {"x0": min(h.x0 for h in group), "x1": max(h.x1 for h in group),
             "top": min(h.top for h in group), "bottom": max(h.bottom for h in group), "h": group}
        g["v"] = [v for v in vs if g["x0"] - tol <= v.x0 <= g["x1"] + tol and v.bottom > g["top"] and v.top < g["bottom"]]
        groups.append(g)
    return sorted((g for g in groups if len(g["h"]) >= 2 and g["v"]), key=lambda g: (g["top"], g["x0"]))


def table_rows_as_items(t: Table) -> list[str]:
    """One item per row, cells joined with " | " (the contract's rule for tables in text)."""
    out = []
    for row in t.rows:
        cells = [c.text for c in row]
        if any(cells):
            out.append(" | ".join(cells))
    return out


# --- bullets, paragraphs ------------------------------------------------------------


@lru_cache(maxsize=None)
def _bullet_re() -> re.Pattern:
    marks = [m for m in layout_rules()["bullets"]["marks"] if not m.endswith("?")]
    return re.compile("^(?:" + "|".join(re.escape(m) for m in sorted(marks, key=len, reverse=True)) + r")\s*")


@lru_cache(maxsize=None)
def _numbered_re() -> re.Pattern:
    return re.compile("|".join(layout_rules()["bullets"]["numbered"]))


def is_list_mark(text: str) -> bool:
    """A bullet or an enumeration (①, (1), 1.) with nothing after it."""
    s = text.strip()
    if not s:
        return False
    m = _bullet_re().match(s) or _numbered_re().match(s)
    return bool(m) and not s[m.end():].strip()


def opens_item(text: str) -> bool:
    """The text starts with a bullet or an enumeration mark (・…, ②…)."""
    s = text.strip()
    return bool(s) and bool(_bullet_re().match(s) or _numbered_re().match(s))


def strip_bullet(text: str) -> tuple[str, bool]:
    m = _bullet_re().match(text)
    if m and len(text) > m.end():
        return text[m.end():], True
    return text, False


def _joiner(a: str, b: str) -> str:
    """Wrapped lines join with nothing in Japanese; a space only between two Latin words."""
    if a and b and re.match(r"[A-Za-z0-9]", a[-1]) and re.match(r"[A-Za-z]", b[0]) and not re.search(r"https?://\S*$", a):
        return " "
    return ""


def join_texts(a: str, b: str) -> str:
    """Two pieces of one wrapped text."""
    return a + _joiner(a, b) + b


def join_wrapped(lines: list[Line]) -> str:
    text = ""
    for ln in lines:
        text = join_texts(text, ln.text.strip())
    return text


def _leads_its_band(ln: Line, lines: list[Line]) -> bool:
    """Nothing printed left of ln on its baseline: a mark there starts a list item; one
    further along (○ or － between two cells of a row) is a value."""
    return not any(o is not ln and abs(o.ymid - ln.ymid) < 0.5 * max(o.size, ln.size) and o.x1 <= ln.x0 + 0.5 for o in lines)


def attach_list_marks(lines: list[Line]) -> list[Line]:
    """A bullet or number standing alone joins the text that follows it on its baseline:
    PowerPoint sets the mark at its own indent, more than an em before its text, so the
    layout stage keeps them apart. Lines in reading order."""
    out: list[Line] = []
    i = 0
    while i < len(lines):
        ln, nxt = lines[i], lines[i + 1] if i + 1 < len(lines) else None
        if (nxt is not None and is_list_mark(ln.text) and abs(nxt.ymid - ln.ymid) < 0.5 * max(ln.size, nxt.size)
                and 0 <= nxt.x0 - ln.x1 <= 4 * max(ln.size, nxt.size) and _leads_its_band(ln, lines)):
            out.append(replace(nxt, text=f"{ln.text.strip()} {nxt.text.strip()}", x0=ln.x0,
                               top=min(ln.top, nxt.top), bottom=max(ln.bottom, nxt.bottom)))
            i += 2
            continue
        out.append(ln)
        i += 1
    return out


def group_items(lines: list[Line], *, bullets: bool = True) -> list[tuple[str, list[Line]]]:
    """Bullets and paragraphs in reading order; a wrapped bullet is one item.

    A new item starts at a bullet mark or enumeration, after a paragraph gap
    (line pitch beyond ~1.33 of the font size), or after a line that stopped short
    of the text box's right edge.
    """
    lines = attach_list_marks(reading_order(lines))
    right = max((ln.x1 for ln in lines), default=0)
    items: list[tuple[str, list[Line]]] = []
    prev: Line | None = None
    for ln in lines:
        text = ln.text.strip()
        marked = False
        if bullets:
            text, marked = strip_bullet(text)
        numbered = bool(_numbered_re().match(text))
        new = prev is None or marked or numbered
        if not new and prev is not None:
            pitch = ln.top - prev.top
            short = prev.x1 < right - 2.5 * prev.size
            new = pitch > 1.33 * max(prev.size, ln.size) or short
        if new:
            items.append((text, [ln]))
        else:
            t, group = items[-1]
            items[-1] = (t + _joiner(t, text) + text, group + [ln])
        prev = ln
    return [(t, g) for t, g in items if squash(t)]


def text_tables(lines: list[Line], rulings: list[Ruling], box: tuple[float, float, float, float]) -> list[Table]:
    """The tables in a box of running text: ruled tables, then tables printed without
    borders among the lines no ruled table holds (read from text positions)."""
    from .streamtables import find_stream_tables

    # A ruled table whose cells hold runs side by side lacks borders, one with text in a
    # single cell is a box (a header cell's fill, a text box, the slide's edge joined to
    # an empty header band), and one whose cell holds most of the text is a frame (the
    # slide's edge, on a page larger than the slide): read as text.
    tables = [t for t in find_tables(lines, rulings, *box)
              if not _misses_walls(t) and sum(1 for row in t.rows for c in row if c.lines) > 1 and not _is_frame(t, lines)
              and not _continues_unruled(t, lines)]
    return tables + find_stream_tables(outside_tables(lines, tables))


def outside_tables(lines: list[Line], tables: list[Table]) -> list[Line]:
    """The lines no table holds, in a cell or within its box."""
    taken = {id(ln) for t in tables for row in t.rows for c in row for ln in c.lines}
    return [ln for ln in lines if id(ln) not in taken and not any(t.contains(ln) for t in tables)]


def items_with_tables(lines: list[Line], rulings: list[Ruling], box: tuple[float, float, float, float],
                      notes: list[str] | None = None) -> list[tuple[str, list[Line]]]:
    """Items of a region where tables become one item per row, in page order. Text
    outside the tables with runs side by side on several bands is noted in `notes`."""
    tables = text_tables(lines, rulings, box)
    loose = outside_tables(lines, tables)
    if notes is not None:
        side = side_by_side_bands(loose)
        if len(side) >= layout_rules()["unruled_tables"]["min_side_by_side_bands"]:
            notes.append(f"{len(side)} text band(s) outside any drawn table hold runs side by side "
                         f"({side[0][:30]!r}): a table without borders? read as separate items")
    chunks: list[tuple[float, list[tuple[str, list[Line]]]]] = []
    # Text above, between and below tables keeps its own paragraphing.
    edges = sorted([(t.top, t) for t in tables], key=lambda x: x[0])
    cuts = [-1e9] + [t.top for _, t in edges] + [1e9]
    for a, b in zip(cuts, cuts[1:]):
        part = [ln for ln in loose if a <= ln.top < b]
        if part:
            chunks.append((min(l.top for l in part), group_items(part)))
    for t in tables:
        rows = table_rows_as_items(t)
        src = [ln for row in t.rows for c in row for ln in c.lines]
        chunks.append((t.top, [(r, src) for r in rows]))
    chunks.sort(key=lambda c: c[0])
    return [it for _, items in chunks for it in items]


def side_by_side_bands(lines: list[Line]) -> list[str]:
    """The texts of the bands holding two runs or more, lone bullet marks left aside."""
    from ..segment import band_texts

    marks = {m for m in layout_rules()["bullets"]["marks"] if len(m) == 1}
    out = []
    for text, group in band_texts(lines):
        if len([ln for ln in group if ln.text.strip() not in marks]) >= 2:
            out.append(text)
    return out


def rows_in(lines: list[Line], rulings: list[Ruling], box: tuple[float, float, float, float],
            notes: list[str] | None = None) -> list[list[Cell]]:
    """The rows of the table in a box: ruled cells when borders are drawn, otherwise
    one row per text band and one cell per run (producers that draw no borders). That
    fallback is noted in `notes`, with its reason: rows from text bands are a guess."""
    tables = find_tables(lines, rulings, *box)
    why = "no drawn borders"
    if tables:
        t = max(tables, key=lambda t: len(t.rows))
        # Borders the producer drew only in part (cell fills, rules between rows) make
        # a "table" that leaves most of the text outside, or runs side by side in a cell.
        held = sum(1 for ln in lines if t.contains(ln))
        if held >= layout_rules()["ruled_tables"]["min_share_of_lines"] * len(lines) and not _misses_walls(t):
            return [[c for c in row] for row in t.rows]
        why = "its drawn borders frame only part of it"
    if notes is not None and lines:
        notes.append(f"table read from text positions, not drawn borders ({why})")
    from ..segment import band_texts

    rows = []
    for _, group in band_texts(lines):
        rows.append([Cell(ln.x0, ln.top, ln.x1, ln.bottom, [ln]) for ln in sorted(group, key=lambda l: l.x0)])
    return rows


def _continues_unruled(table: Table, lines: list[Line]) -> bool:
    """Runs in two or more of the table's columns right under its last rule: a row the
    producer drew no rule for (rules between rows only, cell fills), so the ruled rows
    are only part of the table, which is read from text positions instead."""
    last = table.rows[-1] if table.rows else []
    if len(last) < 2:
        return False
    gap = layout_rules()["ruled_tables"]["unruled_row_gap"]
    below = [ln for ln in lines if ln.top >= table.bottom - 1 and ln.top - table.bottom <= gap * ln.size
             and table.x0 - 1 <= ln.x0 <= table.x1 + 1]
    for _, band in _bands_of(below):
        cols = {i for ln in band for i, c in enumerate(last) if c.x0 - 1 <= ln.x0 < c.x1}
        if len(cols) >= 2:
            return True
    return False


def _bands_of(lines: list[Line]) -> list[tuple[str, list[Line]]]:
    from ..segment import band_texts

    return band_texts(lines)


def _is_frame(table: Table, lines: list[Line]) -> bool:
    """One cell holding most of the text: the rulings are a frame around it (the slide's
    edge on a larger page), not a table (thresholds in [ruled_tables])."""
    rules = layout_rules()["ruled_tables"]
    fullest = max((len(c.lines) for row in table.rows for c in row), default=0)
    return fullest >= rules["frame_min_lines"] and fullest >= rules["frame_share_of_lines"] * len(lines)


def _misses_walls(table: Table) -> bool:
    """Two runs side by side in one ruled cell: the layout split them at a column gap
    no border covers, so the producer drew only some of the borders (cell fills, rules
    between rows) and the ruled cells cannot be trusted."""
    return any(a is not b and abs(a.ymid - b.ymid) < 0.5 * max(a.size, b.size) and b.x0 >= a.x1
               for row in table.rows for c in row for a in c.lines for b in c.lines)


def cell_lines(cell: Cell, *, names: bool = False, weak: list[str] | None = None) -> list[str]:
    """A cell's logical lines: a line that ran to the cell's right edge, or left a
    parenthesis open, continues on the next printed line.

    In a cell listing names (`names`), a line near the edge that closes its
    parentheses ends a `name (role)` item rather than wrapping. Both that split and a
    join of a line that stopped short of the edge are guesses: each is added to
    `weak` (text of the line), so the caller can warn."""
    sure_gap = layout_rules()["providers"]["wrapped_line_sure_gap_em"]
    out: list[str] = []
    right = cell.x1 if cell.x1 - cell.x0 > 0 else max((l.x1 for l in cell.lines), default=0)
    prev: Line | None = None
    for ln in cell.lines:
        t = ln.text.strip()
        at_edge = prev is not None and prev.x1 >= right - 2.0 * prev.size
        if out and prev is not None and not unbalanced(out[-1]) and at_edge:
            gap = (right - prev.x1) / prev.size
            if names and out[-1].endswith(("）", ")")):
                if weak is not None:
                    weak.append(f"{out[-1][-15:]!r} / {t[:15]!r}: a line at the cell's edge closing its parenthesis, read as the end of an item")
                out.append(t)
                prev = ln
                continue
            if names and gap >= sure_gap and weak is not None:
                weak.append(f"{out[-1][-15:]!r} / {t[:15]!r}: read as one wrapped item though its line stops {gap:.1f} em short of the cell's edge")
        if out and prev is not None and (at_edge or unbalanced(out[-1])):
            out[-1] += _joiner(out[-1], t) + t
        else:
            out.append(t)
        prev = ln
    return [o for o in out if o]


def unbalanced(text: str) -> bool:
    return text.count("（") + text.count("(") > text.count("）") + text.count(")")


def split_outside_parens(text: str, seps: str = "、，,") -> list[str]:
    """Split on separators that are not inside parentheses."""
    parts, depth, cur = [], 0, ""
    for ch in text:
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth = max(0, depth - 1)
        if ch in seps and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    return [p.strip() for p in parts if p.strip()]
