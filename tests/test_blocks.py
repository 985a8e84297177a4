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
