"""The section registry against the rules: every heading the rules name has a parser,
every parser led by a heading has its heading in the rules, and what the other stages
derive from the registry (page kinds, the review site's list) follows it."""
from __future__ import annotations

import tomllib

import pytest

from pipeline.issues import CASE_PAGE_KINDS, PageKind, SectionKey
from pipeline.layout import Line
from pipeline.ruleset import RULES_DIR, squash
from pipeline.sections.narrative import NARRATIVE_PAGES
from pipeline.sections.registry import (PARSERS, classify_by_headings, expected_sections, heading_led_keys, heading_pages,
                                        page_marks, section_labels, sections_on)


def _rule_headings() -> dict[str, list[str]]:
    with open(RULES_DIR / "layout.toml", "rb") as fh:
        headings = tomllib.load(fh)["headings"]
    return {k: v for k, v in headings.items() if k != "continuation_marks"}


def test_every_heading_of_the_rules_has_a_parser_and_back():
    assert set(_rule_headings()) == {str(k) for k in heading_led_keys()}


def test_parsers_are_registered_under_their_own_key():
    assert all(key == parser.key for key, parser in PARSERS.items())
    assert set(PARSERS) == set(SectionKey)


def test_a_parser_reads_only_case_pages():
    assert all(set(p.page_kinds) <= set(CASE_PAGE_KINDS) and p.page_kinds for p in PARSERS.values())
    assert all(p.marks_page is None or p.marks_page in p.page_kinds for p in PARSERS.values())


def test_narrative_entry_points_cut_the_pages_the_job_cuts():
    """parse_narrative and unread_text, kept for callers outside the job, cut the same
    pages as the job, which takes them from the registry."""
    assert set(NARRATIVE_PAGES) == heading_pages()


def test_review_site_labels_are_printed_headings():
    """The label shown for a heading-led section is one of the wordings the rules know."""
    rules = _rule_headings()
    labels = dict(section_labels())
    assert list(labels) == [str(k) for k in PARSERS]
    for key in heading_led_keys():
        assert squash(labels[key]) in {squash(v) for v in rules[key]}, key


def test_the_effects_cost_page_holds_the_boxes_a_missing_page_takes_along():
    at_home = sections_on(PageKind.EFFECTS_COST)
    assert [k for k in at_home if k not in expected_sections()] == ["cost", "schedule", "providers", "department"]


def _line(text: str, top: float = 100.0, bold: bool = True) -> Line:
    return Line(text=text, x0=30.0, top=top, x1=30.0 + 12 * len(text), bottom=top + 12, size=12.0, bold=bold, page=1)


@pytest.mark.parametrize(("texts", "kind"), [
    (["事業効果", "コスト", "担当部署"], PageKind.EFFECTS_COST),
    (["Point", "事業の概要"], PageKind.OVERVIEW),
    # A Point beside the cost boxes: the cost headings decide.
    (["Point", "スケジュール"], PageKind.EFFECTS_COST),
    # Headings found on several page kinds decide nothing alone.
    (["事業効果"], None),
    (["担当部署"], None),
    (["取組の経緯・きっかけを教えてください。"], None),
])
def test_page_kind_from_headings(texts, kind):
    body = [_line(t, 100.0 + 20 * i) for i, t in enumerate(texts)]
    assert classify_by_headings(body) == kind


def test_every_page_marking_heading_is_in_the_rules():
    rules = _rule_headings()
    assert all(str(k) in rules for k in page_marks())
