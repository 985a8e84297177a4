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
from .pdfadapter import char_count, layout_page, layout_pdf

__all__ = [
    "BOLD_FONT", "Line", "PageLayout", "Ruling", "Glyph", "RawGlyph", "drop_glyph_copies", "to_glyphs", "build_lines", "char_count",
    "collapse_letter_spacing", "layout_page", "layout_pdf", "page_from_objects", "reading_order", "rulings_from_edges",
]
