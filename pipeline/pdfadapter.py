"""The pdfplumber adapter of the layout stage: a pdfplumber page's glyphs and drawn edges,
read off pdfplumber and pdfminer, handed to pipeline/linebuild.py as plain tuples and dicts.

Every use of pdfplumber's and pdfminer's private attributes (`page._objects`,
`page._layout`, `LTContainer._objs`, `page.is_original`, `page.process_object`,
`page.page_obj`, `pdf.rsrcmgr`, `pdf.laparams`, the aggregator in `pdfplumber.page`) lives
in this module or in the interpreter subclass of pipeline/contentstream.py.
tests/test_pdfadapter.py checks the pinned versions and that each of them is still
there, and says what to re-check when pdfplumber or pdfminer.six is upgraded.
"""
from __future__ import annotations

import statistics
from collections import Counter
from pathlib import Path
from typing import Any, Iterable

from .contentstream import FastInterpreter
from .linebuild import PageLayout, RawGlyph, page_from_objects
from .settings import LayoutStage, layout_stage

# The versions this adapter was written and checked against (pyproject.toml pins them).
PDFPLUMBER_VERSION = "0.11.10"
PDFMINER_VERSION = "20260107"

# What this module and contentstream.py read that is not pdfplumber's public API:
# (module path, attribute) pairs, checked by tests/test_pdfadapter.py.
PRIVATE_ATTRIBUTES = (
    ("pdfplumber.page.Page", "_layout"),          # where pdfplumber caches the parsed LTPage
    ("pdfplumber.page.Page", "_objects"),         # set once pdfplumber built its object dicts
    ("pdfplumber.page.Page", "is_original"),      # False for cropped/filtered derived pages
    ("pdfplumber.page.Page", "process_object"),   # LT object -> pdfplumber's dict
    ("pdfplumber.page.Page", "page_obj"),         # pdfminer's PDFPage (its raw MediaBox)
    ("pdfplumber.page", "PDFPageAggregatorWithMarkedContent"),
    ("pdfplumber.utils.exceptions", "PdfminerException"),
    ("pdfplumber.utils.geometry", "line_to_edge"),
    ("pdfplumber.utils.geometry", "rect_to_edges"),
    ("pdfplumber.utils.geometry", "curve_to_edges"),
    ("pdfminer.layout.LTContainer", "_objs"),
    ("pdfminer.pdfinterp.PDFPageInterpreter", "execute"),
    ("pdfminer.pdfinterp.PDFPageInterpreter", "push"),
    ("pdfminer.pdfinterp.PDFPageInterpreter", "pop"),
)


def page_layout(page: Any) -> Any:
    """pdfplumber's `page.layout` (the LTPage of the page), parsed with contentstream's
    FastInterpreter and stored where pdfplumber keeps it, so `page.chars` and the rest
    reuse it."""
    if hasattr(page, "_layout"):
        return page._layout
    from pdfplumber.page import PDFPageAggregatorWithMarkedContent
    from pdfplumber.utils.exceptions import PdfminerException

    device = PDFPageAggregatorWithMarkedContent(page.pdf.rsrcmgr, pageno=page.page_number, laparams=page.pdf.laparams)
    interpreter = FastInterpreter(page.pdf.rsrcmgr, device)
    try:
        interpreter.process_page(page.page_obj)
    except Exception as exc:
        raise PdfminerException(exc) from exc
    page._layout = device.get_result()
    return page._layout


Box = tuple[float, float, float, float]
Points = list[tuple[float, float]]


def _page_objects(page: Any, descent_tolerance: float | None = None
                  ) -> tuple[list[RawGlyph], list[dict[str, Any]], list[Box], list[Points]]:
    """The page's glyphs, as (text, x0, x1, top, bottom, size, fontname) in pdfplumber's
    order and with pdfplumber's coordinates, its edges as pdfplumber's edge dicts, its
    images' boxes (x0, top, x1, bottom: pdfplumber's `page.images`) and its curves'
    points ((x, top): pdfplumber's `page.curves`).

    pdfplumber's `page.chars` turns every glyph into a dict of some twenty resolved
    attributes (colours, matrix, marked content...): a quarter of the parse, for seven
    values used here. So the glyphs are read off pdfminer's layout objects (the tree
    pdfplumber walks, with its coordinate transform); the few dozen graphic objects of
    a page still go through pdfplumber's own `process_object` and edge functions.
    A page whose objects pdfplumber already built (or that it would transform: cropped
    pages, unicode_norm) is read from `page.chars` and `page.edges`: same values.
    With `descent_tolerance`, glyph boxes are put on one convention (`one_descent`).
    """
    if not getattr(page, "is_original", False) or hasattr(page, "_objects") or page.pdf.unicode_norm is not None:
        derived: list[RawGlyph] = [(c["text"], c["x0"], c["x1"], c["top"], c["bottom"], c.get("size"),
                                c.get("fontname", "")) for c in page.chars]
        if descent_tolerance is not None:
            derived = one_descent(derived, [_below_baseline(c["matrix"], c["y0"], c["y1"]) for c in page.chars],
                                  descent_tolerance)
        return (derived, page.edges, [(float(i["x0"]), float(i["top"]), float(i["x1"]), float(i["bottom"])) for i in page.images],
                [_points(c) for c in page.curves])

    from pdfminer.layout import LTChar, LTContainer, LTCurve, LTImage

    from pdfplumber.utils.geometry import curve_to_edges, line_to_edge, rect_to_edges

    height = page.height
    mb_x0, mb_top = page.mediabox[:2]
    chars: list[RawGlyph] = []
    below: list[float | None] = []
    graphics: dict[str, list[dict[str, Any]]] = {"line": [], "rect": [], "curve": []}
    images: list[Box] = []

    def walk(objs: Iterable[Any]) -> None:
        for obj in objs:
            if isinstance(obj, LTContainer):
                walk(obj._objs)
            elif isinstance(obj, LTChar):
                x0, x1, fontname = obj.x0, obj.x1, obj.fontname
                if mb_x0 != 0:
                    x0, x1 = x0 + mb_x0, x1 + mb_x0
                if not isinstance(fontname, str):  # an indirect or byte-encoded name: pdfplumber's way
                    fontname = page.process_object(obj)["fontname"]
                chars.append((obj.get_text(), x0, x1, (height - obj.y1) + mb_top, (height - obj.y0) + mb_top,
                              obj.size, fontname))
                below.append(_below_baseline(obj.matrix, obj.y0, obj.y1))
            elif isinstance(obj, LTCurve):
                d = page.process_object(obj)
                if d["object_type"] in graphics:
                    graphics[d["object_type"]].append(d)
            elif isinstance(obj, LTImage):
                d = page.process_object(obj)
                images.append((float(d["x0"]), float(d["top"]), float(d["x1"]), float(d["bottom"])))

    walk(page_layout(page)._objs)
    edges = [line_to_edge(d) for d in graphics["line"]]
    for d in graphics["rect"]:
        edges += rect_to_edges(d)
    for d in graphics["curve"]:
        edges += curve_to_edges(d)
    if descent_tolerance is not None:
        chars = one_descent(chars, below, descent_tolerance)
    return chars, edges, images, [_points(d) for d in graphics["curve"]]


def _points(curve: dict[str, Any]) -> Points:
    return [(float(x), float(y)) for x, y in curve["pts"]]


def _below_baseline(matrix: Any, y0: float, y1: float) -> float | None:
    """The share of an upright glyph's box below its baseline (the glyph's origin, the
    matrix's translation; pdfminer hangs the box from the font's descent); None for
    any other glyph."""
    a, b, c, d, _, f = (float(v) for v in matrix)
    if b or c or a <= 0 or d <= 0 or y1 <= y0:
        return None
    return (f - y0) / (y1 - y0)


def one_descent(chars: list[RawGlyph], below: list[float | None], tolerance: float) -> list[RawGlyph]:
    """Glyph boxes on one convention: pdfminer hangs each glyph's box (one em high) from
    its font's descent, so on one baseline a Latin face and an East Asian one (Office's
    runs of mixed script) give boxes a few hundredths of an em apart, and a band anchored
    on other text may take one and not the other. A glyph whose share below the baseline
    differs from the page's usual one (the share most glyphs have) by more than
    `tolerance` is moved onto it; a page in one font is left as it is."""
    shares = Counter(round(s, 2) for s in below if s is not None)
    if len(shares) < 2:
        return chars
    # The usual share as the glyphs have it (not its rounding): a moved glyph's middle
    # must land exactly on its line's, or a band's edge may fall between them.
    bucket = shares.most_common(1)[0][0]
    usual = statistics.median(s for s in below if s is not None and round(s, 2) == bucket)
    out: list[RawGlyph] = []
    for ch, share in zip(chars, below):
        if share is not None and abs(share - usual) > tolerance:
            text, x0, x1, top, bottom, size, font = ch
            shift = (usual - share) * (bottom - top)
            ch = (text, x0, x1, top + shift, bottom + shift, size, font)
        out.append(ch)
    return out


def char_count(page: Any) -> int:
    """len(page.chars), without building pdfplumber's per-glyph dicts: the parse it does
    is kept on the page and reused by layout_page."""
    if hasattr(page, "_objects") or not getattr(page, "is_original", False):
        return len(page.chars)
    from pdfminer.layout import LTChar, LTContainer

    def count(objs: Iterable[Any]) -> int:
        n = 0
        for obj in objs:
            if isinstance(obj, LTContainer):
                n += count(obj._objs)
            elif isinstance(obj, LTChar):
                n += 1
        return n

    return count(page_layout(page)._objs)


def layout_page(page: Any, page_no: int, stage: LayoutStage | None = None) -> PageLayout:
    """One pdfplumber page to a PageLayout, in coordinates from the top-left corner of
    the page as shown (its CropBox; the MediaBox when there is none)."""
    raw, edges, images, paths = _page_objects(page, (stage or layout_stage()).lines.descent_tolerance)
    # pdfplumber keeps a page box that does not start at (0, 0) (MediaBox [-300 200 …],
    # some producers' way) in the PDF's own coordinates: move everything to the corner.
    # pdfminer places the glyphs from the box's first corner as written, pdfplumber
    # from the sorted one: an inverted box ([0 842 595 0]) shifts them by its size.
    shown = page.cropbox if getattr(page, "cropbox", None) else page.bbox
    ox, oy = float(shown[0]), float(shown[1])
    width, height = float(shown[2]) - ox, float(shown[3]) - oy
    raw_box = [float(v) for v in getattr(page.page_obj, "mediabox", None) or ()]
    if len(raw_box) == 4 and not page.rotation:
        ox -= raw_box[0] - min(raw_box[0], raw_box[2])
        oy += raw_box[1] - min(raw_box[1], raw_box[3])
    if ox or oy:
        raw = [(t, x0 - ox, x1 - ox, top - oy, bottom - oy, size, font) for t, x0, x1, top, bottom, size, font in raw]
        edges = [dict(e, x0=float(e["x0"]) - ox, x1=float(e["x1"]) - ox, top=float(e["top"]) - oy, bottom=float(e["bottom"]) - oy)
                 for e in edges]
        images = [(x0 - ox, top - oy, x1 - ox, bottom - oy) for x0, top, x1, bottom in images]
        paths = [[(x - ox, y - oy) for x, y in pts] for pts in paths]
    if tuple(map(float, shown)) != tuple(map(float, page.bbox)):
        # A print layout's bleed and marks lie outside the page as shown: not read.
        raw = [c for c in raw if 0 <= (c[1] + c[2]) / 2 <= width and 0 <= (c[3] + c[4]) / 2 <= height]
    return page_from_objects(raw, edges, width, height, page_no, stage, images, paths)


def layout_pdf(path: str | Path, pages: Iterable[int] | None = None,
               stage: LayoutStage | None = None) -> list[PageLayout]:
    """Lay out the given 1-based pages (all by default) of one PDF."""
    import pdfplumber

    out: list[PageLayout] = []
    with pdfplumber.open(path) as pdf:
        numbers = list(pages) if pages is not None else range(1, len(pdf.pages) + 1)
        for n in numbers:
            page = pdf.pages[n - 1]
            out.append(layout_page(page, n, stage))
            page.close()  # frees pdfplumber's per-page caches: memory stays flat over 300 pages
    return out
