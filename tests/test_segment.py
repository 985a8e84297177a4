"""Segmentation rules that the golden records exercise only by luck of the sample."""
from __future__ import annotations

import dataclasses
from pathlib import Path

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
