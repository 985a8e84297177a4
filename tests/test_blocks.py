"""List marks, as the narrative parsers read them (rules in [bullets] of layout.toml)."""
from __future__ import annotations

import pytest

from pipeline.sections.items import is_list_mark, strip_bullet


@pytest.mark.parametrize(("text", "rest"), [
    ("・職員研修を実施", "職員研修を実施"),
    ("• Advisers visit", "Advisers visit"),
    ("\uf06c 庁内の体制を整備", "庁内の体制を整備"),  # Wingdings 'l' as PowerPoint's text layer gives it
    ("\uf0d8次の取組", "次の取組"),
    ("①計画策定支援", "①計画策定支援"),  # numbers stay in the text
    ("R4年度から", "R4年度から"),
])
def test_bullets_are_dropped_and_numbers_kept(text, rest):
    assert strip_bullet(text)[0] == rest


@pytest.mark.parametrize(("text", "mark"), [
    ("・", True), ("•", True), ("\uf0a7", True), ("1.", True), ("①", True), ("(2)", True),
    ("－", True),  # alone it reads as a mark; in a table's middle it is an empty cell
    ("・研修", False), ("12", False), ("6.2", False), ("", False),
])
def test_a_mark_standing_alone(text, mark):
    assert is_list_mark(text) is mark


def test_a_ruled_row_right_above_another_ruled_table_is_no_unruled_row():
    """A table split into a one-row part and the rest, a gap between (per_cell borders,
    wide seed 21 printed by Chromium): Noto's glyph boxes stand higher above the
    baseline than reportlab's font's, so the next part's first row starts within an em
    of the first part's last rule. That row lies inside a ruled table of its own: no
    row drawn without rules, and the one-row part stays a table."""
    from linekit import grid, line
    from pipeline.sections.blocks import text_tables

    size, xs = 11.24, (38.3, 249.9, 461.5)
    rulings = grid(xs, (59.3, 84.6)) + grid(xs, (91.4, 130.7, 184.1))
    lines = [line("収入印紙代", 43.9, 63.76, size=size), line("合計2,400,000円（受注者のみ）", 255.75, 63.76, size=size),
             line("郵送費", 43.9, 95.26, size=size), line("420円（書留）×800通", 255.75, 95.26, size=size),
             line("人件費", 43.9, 135.01, size=size), line("印刷・製本が不要", 255.53, 135.01, size=size)]
    tables = text_tables(lines, rulings, (0.0, 0.0, 841.9, 595.0))
    assert [(round(t.top, 1), len(t.rows)) for t in tables] == [(59.3, 1), (91.4, 2)]
