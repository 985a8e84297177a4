"""Drawn borders before tables are found (pipeline/sections/ruled.py, [rulings] of
layout.toml): cell-by-cell segments merge into one rule, and only rules that vertical
borders join make a table. The PDFs that exercise the same rules end to end are the
cellborders, rectborders, underline and footerrule variants (tests/test_variants.py)."""
from __future__ import annotations

from pipeline.layout import Line, Ruling
from pipeline.sections.ruled import find_tables, merge_collinear


def H(x0, y, x1, t=0.0):
    return Ruling(x0, y, x1, y + t)


def V(x, y0, y1, t=0.0):
    return Ruling(x, y0, x + t, y1)


def test_segments_drawn_cell_by_cell_become_one_rule():
    # three cells' top edges, the shared corners drawn twice, one piece drawn backwards
    pieces = [H(24, 100, 252), H(252, 100, 480), H(252, 100, 480), H(480.5, 100.3, 708)]
    assert merge_collinear(pieces) == [H(24, 100, 708, 0.3)]


def test_a_thin_filled_rectangle_is_one_rule():
    # a 1 pt high filled rectangle: its top and bottom edges, its short sides dropped by layout
    assert merge_collinear([H(24, 100, 708), H(24, 101, 708)]) == [H(24, 100, 708, 1.0)]
    assert merge_collinear([V(24, 100, 200), V(25, 100, 200)]) == [V(24, 100, 200, 1.0)]


def test_collinear_segments_apart_stay_apart():
    assert merge_collinear([H(24, 100, 200), H(260, 100, 400)]) == [H(24, 100, 200), H(260, 100, 400)]
    # two rules a row apart are two rules
    assert len(merge_collinear([H(24, 100, 400), H(24, 112, 400)])) == 2


def _line(text, x0, top, size=10.0):
    return Line(text, x0, top, x0 + size * len(text), top + size, size, False, 1)


def _grid(x0, x1, ys, xs):
    """A table cut cell by cell: every edge a separate segment."""
    hs = [H(a, y, b) for y in ys for a, b in zip(xs, xs[1:])]
    vs = [V(x, a, b) for x in xs for a, b in zip(ys, ys[1:])]
    return hs + vs


def test_a_table_drawn_cell_by_cell_is_one_table():
    xs, ys = [24, 200, 400], [100, 130, 160]
    lines = [_line("項目", 30, 110), _line("内容", 210, 110), _line("研修", 30, 140), _line("年2回", 210, 140)]
    tables = find_tables(lines, _grid(24, 400, ys, xs), 0, 0, 960, 540)
    assert len(tables) == 1
    assert [[c.text for c in row] for row in tables[0].rows] == [["項目", "内容"], ["研修", "年2回"]]


def test_rules_no_vertical_joins_border_no_cell():
    xs, ys = [24, 200, 400], [100, 130, 160]
    lines = [_line("項目", 30, 110), _line("内容", 210, 110), _line("研修", 30, 140), _line("年2回", 210, 140),
             _line("本文の箇条書き", 30, 200)]
    decor = [H(24, 60, 400), H(24, 500, 400)]  # a heading underline and a footer rule, as wide as the table
    tables = find_tables(lines, _grid(24, 400, ys, xs) + decor, 0, 0, 960, 540)
    assert [(t.top, t.bottom) for t in tables] == [(100, 160)]
    # two such rules alone are no table, however alike their extents
    assert find_tables(lines, decor + [V(10, 0, 540)], 0, 0, 960, 540) == []


def test_two_tables_of_one_width_are_two_tables():
    grid_a = _grid(24, 400, [100, 130, 160], [24, 200, 400])
    grid_b = _grid(24, 400, [300, 330, 360], [24, 200, 400])
    lines = [_line("a", 30, 110), _line("b", 210, 110), _line("c", 30, 310), _line("d", 210, 310)]
    assert [(t.top, t.bottom) for t in find_tables(lines, grid_a + grid_b, 0, 0, 960, 540)] == [(100, 160), (300, 360)]


def test_a_header_row_drawn_apart_from_the_rows_under_it_stays_a_table():
    """A table whose header row is drawn as its own ruled part, the body rows a few points
    under it (the generated volumes' tables split before their rows). The body's first
    row lies within [ruled_tables] unruled_row_gap of the header's last rule when glyph
    boxes sit on the baseline (LibreOffice's CJK subsets give no Ascent/Descent; so do
    the sample's PDFs), yet it is the next ruled table's row, not a row drawn without
    rules: the header stays a table (seen first in LibreOffice-drawn volumes)."""
    from pipeline.sections.blocks import text_tables

    xs = [63.2, 486.0, 908.8]
    header = _grid(63.2, 908.8, [52.0, 71.1], xs)
    body = _grid(63.2, 908.8, [76.2, 106.0, 135.7], xs)
    size = 8.5
    lines = [_line("対象者", 67.5, 55.2, size), _line("主な内容", 490.3, 55.2, size),
             _line("新任職員向け", 67.5, 79.4, size), _line("・基礎的な知識を学ぶ", 490.3, 79.4, size),
             _line("管理職員向け", 67.5, 109.2, size), _line("・研修", 490.3, 109.2, size)]
    tables = text_tables(lines, header + body, (0, 0, 960, 540))
    assert [[c.text for c in row] for t in tables for row in t.rows] == [
        ["対象者", "主な内容"], ["新任職員向け", "・基礎的な知識を学ぶ"], ["管理職員向け", "・研修"]]
    assert all(not t.from_text_positions for t in tables)
