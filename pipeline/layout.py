"""Layout stage: a PDF page becomes positioned, normalized text lines and ruling lines.

Two parts: pipeline/linebuild.py builds lines from glyphs and rulings from edges (pure:
no pdfplumber), and pipeline/pdfadapter.py reads glyphs and edges off pdfplumber (the one
module that touches pdfplumber's and pdfminer's private attributes). This module is the
stage's front: what the other stages and the tests import.

Rules here are geometric and relative (multiples of the font size, fractions of
the page), never tuned to one file's coordinates; every threshold is in [lines],
[glyph_copies] and [rulings] of pipeline/rules/layout.toml.
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .graphics import Outline, Picture
from .linebuild import (
    BOLD_FONT,
    Line,
    PageLayout,
    Ruling,
    Glyph,
    drop_glyph_copies,
    RawGlyph,
    to_glyphs,
    build_lines,
    collapse_letter_spacing,
    page_from_objects,
    reading_order,
    rulings_from_edges,
)

if TYPE_CHECKING:
    from .settings import LayoutStage

# The adapter is imported when a PDF is read, not with this module: it brings pdfminer's
# interpreter and its crypto (about 30 ms), and a run whose layouts all come from the
# cache, like the re-run after a section-rule change, opens no PDF.


def char_count(page: Any) -> int:
    """len(page.chars), without building pdfplumber's per-glyph dicts (pdfadapter.char_count)."""
    from .pdfadapter import char_count as count

    return count(page)


def layout_page(page: Any, page_no: int, stage: LayoutStage | None = None) -> PageLayout:
    """One pdfplumber page to a PageLayout (pdfadapter.layout_page)."""
    from .pdfadapter import layout_page as lay_out

    return lay_out(page, page_no, stage)


def layout_pdf(path: str | Path, pages: Iterable[int] | None = None,
               stage: LayoutStage | None = None) -> list[PageLayout]:
    """Lay out the given 1-based pages (all by default) of one PDF (pdfadapter.layout_pdf)."""
    from .pdfadapter import layout_pdf as lay_out

    return lay_out(path, pages, stage)


__all__ = [
    "BOLD_FONT", "Line", "Outline", "PageLayout", "Picture", "Ruling", "Glyph", "RawGlyph", "drop_glyph_copies", "to_glyphs", "build_lines", "char_count",
    "collapse_letter_spacing", "layout_page", "layout_pdf", "page_from_objects", "reading_order", "rulings_from_edges",
]
