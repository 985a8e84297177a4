"""Segmentation rules that the golden records exercise only by luck of the sample."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from pipeline.layout import layout_pdf
from pipeline.segment import find_title, header_line, body_size, segment
from pipeline.sections.registry import classify_by_headings

NAIBU = Path(__file__).resolve().parents[1] / "raw" / "jichitai_dx_jirei_v2_3_naibu.pdf"


def test_title_of_a_page_that_is_mostly_a_picture():
    """A 事業の概要 drawn as a picture leaves the title as most of the page's text: the
    title is still large against the document's body text."""
    pages = layout_pdf(NAIBU)
    page = next(p for p in pages if any(ln.text.startswith("31") and "【" in ln.text for ln in p.lines))
    header = header_line(page)
    sparse = dataclasses.replace(page, lines=[ln for ln in page.lines if ln is header or ln.size >= 11.5])
    title_size = max(ln.size for ln in sparse.lines)
    assert body_size(sparse) == title_size  # the page's own median is the title itself
    found = find_title(sparse, header.bottom, body_size(*pages))
    assert found is not None and found.text.startswith("31") and found.text.endswith("【兵庫県神戸市】")
    seg = segment([*pages[:page.page - 1], sparse, *pages[page.page:]], classify_by_headings)
    entry = seg.ledger[page.page]
    assert (entry.kind, entry.case_no) == ("case", 31)


def test_header_band_of_a_slide_shrunk_onto_a_larger_page(tmp_path):
    """The slide at 3/4 size, centred, on a page with wide margins: its header band lies
    deeper than a fifth of the page, but in the top fifth of the document's text."""
    from pdfvariants import make_variant

    taisei = NAIBU.with_name("jichitai_dx_jirei_v2_1_taisei.pdf")
    path = make_variant(taisei, tmp_path / "shrunk.pdf", ["4x3", "bleed", "margins"])
    pages = layout_pdf(path)
    header = next(ln for p in pages for ln in p.lines if ln.text.startswith("<1."))
    assert header.top > 0.2 * pages[0].height
    seg = segment(pages, classify_by_headings)
    assert [c.case_no for c in seg.cases] == [1, 4, 7, 10, 13]
    assert not [n for n, entry in seg.ledger.items() if entry.kind == "unknown"]


def test_a_cost_label_set_like_a_heading_is_no_unknown_heading():
    """docgen wide 163 (session 7): autofit shrank the volume's headings to the size of the
    cost table's bold label, so a label alone at the column start (no tax mark,
    nothing beside it, under a line of the box) looked like a heading the rules do not know, and the cost read
    blank. A line opening with a table label word of the rules is that table's, never an
    unknown heading; a bold line of other words set so still is one."""
    from linekit import case, line, page
    from pipeline.issues import PageKind
    from pipeline.sections.unknown import heading_style, set_aside_unknown_sections

    def volume(label: str):
        return case(page([
            line("事業効果", 40.0, 80.0, size=12.0, bold=True),
            line("窓口の待ち時間が減った。", 40.0, 100.0, size=10.0),
            line("コスト", 40.0, 200.0, size=12.0, bold=True),
            line("イニシャルコスト：2,000千円", 40.0, 220.0, size=10.0),
            line(label, 40.0, 245.0, size=12.0, bold=True),
            line("300千円", 40.0, 265.0, size=10.0),
            line("スケジュール", 500.0, 80.0, size=12.0, bold=True),
            line("R5.4 検討開始", 500.0, 100.0, size=10.0),
        ], kind=PageKind.EFFECTS_COST))

    for label in ("ランニングコスト", "ランニングコスト（税込）", "維持費用"):
        c = volume(label)
        style = heading_style([c])
        assert style is not None and style.size == 12.0
        assert set_aside_unknown_sections(c, style)[1] == [], label
    c = volume("導入の体制")
    found = set_aside_unknown_sections(c, heading_style([c]) or pytest.fail("no style"))[1]
    assert [u.heading for u in found] == ["導入の体制"]
