"""Layout stage: a PDF page becomes positioned, normalized text lines and ruling lines.

Everything downstream works on `PageLayout`, never on pdfplumber objects, so
the layout can be cached (by PDF sha256) and section rules re-run without
parsing PDFs again. Positions are kept on every line for provenance.

Rules here are geometric and relative (multiples of the font size, fractions of
the page), never tuned to one file's coordinates: the published volumes come
in other page sizes and from other producers.
"""
from __future__ import annotations

import re
import statistics
import unicodedata
from dataclasses import dataclass, field
from typing import Iterable

from .textnorm import normalize_text

BOLD_FONT = re.compile(r"bold|heavy|black|semibold|demibold|w[6-9]\b|-w[6-9]|extrabold", re.I)


@dataclass(frozen=True)
class Line:
    """A run of characters on one baseline that does not cross a column gap."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    bold: bool
    page: int

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (round(self.x0, 1), round(self.top, 1), round(self.x1, 1), round(self.bottom, 1))

    @property
    def ymid(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(frozen=True)
class Ruling:
    """A drawn straight edge (table border, cell side), horizontal or vertical."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def horizontal(self) -> bool:
        return (self.bottom - self.top) <= (self.x1 - self.x0)


@dataclass
class PageLayout:
    page: int  # 1-based
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)
    rulings: list[Ruling] = field(default_factory=list)
    doubled_chars: int = 0  # glyphs drawn twice (fake bold), dropped here
    raw_char_count: int = 0

    @property
    def text(self) -> str:
        return "\n".join(ln.text for ln in reading_order(self.lines))


# --- characters -------------------------------------------------------------------


@dataclass(slots=True)
class _Char:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool

    @property
    def ymid(self) -> float:
        return (self.top + self.bottom) / 2


# A raw glyph, as pdfplumber reports it: (text, x0, x1, top, bottom, size, fontname).
_Raw = tuple


# Cell size (pt) of the grid _dedupe looks glyphs up in, and the largest distance (pt)
# between a glyph and its copy.
_GRID = 2.0
_MIN_SHIFT, _MAX_SHIFT = 0.5, 6.0


def _dedupe(chars: list[_Raw]) -> tuple[list[_Raw], set[int], int]:
    """Drop glyphs drawn twice at (nearly) the same place; remember which survived doubled.

    Fake bold and shadow effects draw every glyph twice, a little apart; pdfplumber
    reports both. A copy lies less than half its width (and half its height) from its
    original, which a repeated letter does not: "ll" or "ーー" sit a whole advance
    apart, still more than half of it when tracked tight. So the tolerance scales with
    the glyph, not the page (at least half a point: a copy of a zero-width glyph).
    """
    # text -> (column, row) grid cell -> indices in kept. A glyph is compared with the
    # kept glyphs of the same text in the cells its tolerance reaches; most glyphs have
    # no same-text glyph nearby: a few dictionary lookups, no more.
    seen: dict[str, dict[tuple[int, int], list[int]]] = {}
    kept: list[_Raw] = []
    doubled: set[int] = set()
    dropped = 0
    for ch in chars:
        text, x0, x1, top, bottom = ch[0], ch[1], ch[2], ch[3], ch[4]
        # At most _MAX_SHIFT: no fake bold is drawn further apart, and a glyph with an
        # absurd box (a broken font) must not make the lookup scan the whole page.
        tol_x = max(0.5 * (x1 - x0), _MIN_SHIFT)
        tol_y = max(0.5 * (bottom - top), _MIN_SHIFT)
        tol_x = tol_x if tol_x <= _MAX_SHIFT else _MAX_SHIFT  # (NaN too)
        tol_y = tol_y if tol_y <= _MAX_SHIFT else _MAX_SHIFT
        cells = seen.setdefault(text, {})
        hit = None
        if cells:
            cx0, cx1 = int((x0 - tol_x) // _GRID), int((x0 + tol_x) // _GRID)
            cy0, cy1 = int((top - tol_y) // _GRID), int((top + tol_y) // _GRID)
            for cx in range(cx0, cx1 + 1):
                for cy in range(cy0, cy1 + 1):
                    for j in cells.get((cx, cy), ()):
                        prev = kept[j]
                        if abs(prev[1] - x0) < tol_x and abs(prev[3] - top) < tol_y:
                            hit = j
                            break
                    if hit is not None:
                        break
                if hit is not None:
                    break
        if hit is not None:
            doubled.add(hit)
            dropped += 1
            continue
        cells.setdefault((int(x0 // _GRID), int(top // _GRID)), []).append(len(kept))
        kept.append(ch)
    return kept, doubled, dropped


_normalized: dict[str, str] = {}
_bold_font: dict[str, bool] = {}


def _to_chars(raw: list[_Raw]) -> tuple[list[_Char], int]:
    kept, doubled, dropped = _dedupe(raw)
    out: list[_Char] = []
    for i, (text, x0, x1, top, bottom, size, fontname) in enumerate(kept):
        norm = _normalized.get(text)
        if norm is None:
            norm = _normalized[text] = normalize_text(text)
        if not norm:
            continue
        bold = _bold_font.get(fontname)
        if bold is None:
            bold = _bold_font[fontname] = bool(BOLD_FONT.search(fontname))
        out.append(
            _Char(norm, float(x0), float(x1), float(top), float(bottom), float(size or (bottom - top)), bold or i in doubled)
        )
    return out, dropped


# --- lines ------------------------------------------------------------------------


def _bands(chars: list[_Char]) -> list[list[_Char]]:
    """Group characters whose vertical centres agree, anchored on each band's first char.

    Anchoring (not chaining) keeps two columns whose baselines differ by a few
    points from melting into a staircase.
    """
    bands: list[list[_Char]] = []
    for ch in sorted(chars, key=lambda c: (c.ymid, c.x0)):
        if bands:
            anchor = bands[-1][0]
            if ch.ymid - anchor.ymid <= 0.25 * max(anchor.size, 1.0):
                bands[-1].append(ch)
                continue
        bands.append([ch])
    return bands


def _full_width(text: str) -> bool:
    return bool(text) and not text[-1].isspace() and unicodedata.east_asian_width(text[-1]) in ("W", "F")


def _split_runs(band: list[_Char], walls: list[Ruling] = ()) -> list[list[_Char]]:
    """Split one band into runs at column gaps and at vertical cell borders.

    A gap wider than an em (plus the run's usual letter spacing, so letter-spaced
    titles stay whole) separates table cells or columns; so does a drawn border
    between two characters, however narrow the gap. Japanese is set solid, so beside
    a full-width glyph half an em of empty space already is a column gap (a
    right-aligned amount cell followed by the next cell, with no border drawn).
    """
    band = sorted(band, key=lambda c: c.x0)
    gaps = [max(0.0, b.x0 - a.x1) for a, b in zip(band, band[1:]) if a.text.strip() and b.text.strip()]
    usual = statistics.median(gaps) if gaps else 0.0
    runs: list[list[_Char]] = [[band[0]]]
    for prev, ch in zip(band, band[1:]):
        size = max(min(prev.size, ch.size), 1.0)
        gap = ch.x0 - prev.x1
        size_jump = max(prev.size, ch.size) / size > 1.6
        solid = _full_width(prev.text) or _full_width(ch.text)
        if (
            gap > usual + (0.5 if solid else 1.0) * size
            or gap < -0.5 * size
            or size_jump
            # a drawn border between the two: looked for only when nothing else splits
            or (walls and any(prev.x1 - 1 <= w.x0 <= ch.x0 + 1 and w.top <= ch.ymid <= w.bottom for w in walls))
        ):
            runs.append([ch])
        else:
            runs[-1].append(ch)
    return runs


def _run_text(run: list[_Char]) -> str:
    gaps = [max(0.0, b.x0 - a.x1) for a, b in zip(run, run[1:])]
    usual = statistics.median(gaps) if gaps else 0.0
    parts = [run[0].text]
    for prev, ch, gap in zip(run, run[1:], gaps):
        # Producers that position words instead of drawing spaces: restore a space
        # between Latin words, never inside Japanese text. A space glyph is 0.2-0.33 em
        # wide (0.224 in Noto Sans CJK), kerning a few hundredths.
        if (
            gap > usual + 0.15 * min(prev.size, ch.size)
            and prev.text[-1:].isascii()
            and ch.text[:1].isascii()
            and prev.text[-1:].isalnum()
            and ch.text[:1].isalnum()
        ):
            parts.append(" ")
        parts.append(ch.text)
    return collapse_letter_spacing(re.sub(r"[ \t]+", " ", "".join(parts)).strip())


def collapse_letter_spacing(text: str) -> str:
    """`マ イ ナ ン バ ー` (a title spaced out with literal spaces) becomes `マイナンバー`;
    a double space between such words stays one space."""
    words = re.split(r" {2,}", text)
    if not all(re.fullmatch(r"(?:\S ){3,}\S", w) for w in words):
        return text
    return " ".join(w.replace(" ", "") for w in words)


def _merge_adjacent(runs: list[tuple[int, list[_Char]]], walls: list[Ruling]) -> list[list[_Char]]:
    """Re-join runs that continue each other across two bands: a bullet or a glyph of
    another size sits a little off the baseline of the text it belongs to. Runs of one
    band were split at a column gap on purpose and stay apart."""
    runs = sorted(runs, key=lambda br: br[1][0].x0)
    merged: list[list[_Char]] = []
    spans: list[tuple[float, float]] = []  # (top, bottom) of each merged run, kept as it grows
    bands: list[set[int]] = []  # the bands each merged run has taken runs from
    for band, run in runs:
        r_top, r_bot = min(c.top for c in run), max(c.bottom for c in run)
        size = max(c.size for c in run)
        lo, hi = -0.3 * size, 1.0 * size
        x0 = run[0].x0
        for k in range(len(merged) - 1, -1, -1):
            last = merged[k][-1]
            gap = x0 - last.x1
            if not lo <= gap <= hi or band in bands[k]:  # the cheap tests first: most pairs fail them
                continue
            p_top, p_bot = spans[k]
            overlap = min(p_bot, r_bot) - max(p_top, r_top)
            if (
                overlap >= 0.6 * min(p_bot - p_top, r_bot - r_top)
                and not any(last.x1 - 1 <= w.x0 <= x0 + 1 and w.top <= run[0].ymid <= w.bottom for w in walls)
            ):
                merged[k].extend(run)
                spans[k] = (min(p_top, r_top), max(p_bot, r_bot))
                bands[k].add(band)
                break
        else:
            merged.append(list(run))
            spans.append((r_top, r_bot))
            bands.append({band})
    return merged


def build_lines(chars: list[_Char], page: int, rulings: list[Ruling] = ()) -> list[Line]:
    walls = [r for r in rulings if not r.horizontal]
    runs: list[tuple[int, list[_Char]]] = []
    for i, band in enumerate(_bands(chars)):
        top, bottom = min(c.top for c in band), max(c.bottom for c in band)
        near = [w for w in walls if w.top <= bottom and w.bottom >= top]
        runs += [(i, run) for run in _split_runs(band, near)]
    lines: list[Line] = []
    for run in _merge_adjacent(runs, walls):
        # Again on the joined run: half-width kana and their sound marks arrive
        # as separate glyphs and only compose once side by side.
        text = normalize_text(_run_text(run))
        if not text:
            continue
        ink = [c for c in run if c.text.strip()] or run
        lines.append(
            Line(
                text=text,
                x0=min(c.x0 for c in ink),
                top=min(c.top for c in ink),
                x1=max(c.x1 for c in ink),
                bottom=max(c.bottom for c in ink),
                size=round(statistics.median(c.size for c in ink), 2),
                bold=sum(c.bold for c in ink) * 2 >= len(ink),
                page=page,
            )
        )
    return reading_order(lines)


def reading_order(lines: Iterable[Line]) -> list[Line]:
    """Top to bottom, then left to right within lines that share a band.

    Content-stream order is ignored on purpose: published PDFs write text boxes
    in an order unrelated to the page.
    """
    ordered: list[Line] = []
    band: list[Line] = []
    for ln in sorted(lines, key=lambda l: (l.ymid, l.x0)):
        if band and ln.ymid - band[0].ymid > 0.4 * max(band[0].size, 1.0):
            ordered.extend(sorted(band, key=lambda l: l.x0))
            band = []
        band.append(ln)
    ordered.extend(sorted(band, key=lambda l: l.x0))
    return ordered


# --- rulings ----------------------------------------------------------------------


def _page_objects(page) -> tuple[list[_Raw], list[dict]]:
    """The page's glyphs, as (text, x0, x1, top, bottom, size, fontname) in pdfplumber's
    order and with pdfplumber's coordinates, and its edges as pdfplumber's edge dicts.

    pdfplumber's `page.chars` turns every glyph into a dict of some twenty resolved
    attributes (colours, matrix, marked content...): a quarter of the parse, for seven
    values used here. So the glyphs are read off pdfminer's layout objects (the tree
    pdfplumber walks, with its coordinate transform); the few dozen graphic objects of
    a page still go through pdfplumber's own `process_object` and edge functions.
    A page whose objects pdfplumber already built (or that it would transform: cropped
    pages, unicode_norm) is read from `page.chars` and `page.edges`: same values.
    """
    if not getattr(page, "is_original", False) or hasattr(page, "_objects") or page.pdf.unicode_norm is not None:
        chars = [(c["text"], c["x0"], c["x1"], c["top"], c["bottom"], c.get("size"), c.get("fontname", ""))
                 for c in page.chars]
        return chars, page.edges

    from pdfminer.layout import LTChar, LTContainer, LTCurve

    from .contentstream import page_layout
    from pdfplumber.utils import curve_to_edges, line_to_edge, rect_to_edges

    height = page.height
    mb_x0, mb_top = page.mediabox[:2]
    chars: list[_Raw] = []
    graphics: dict[str, list[dict]] = {"line": [], "rect": [], "curve": []}

    def walk(objs) -> None:
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
            elif isinstance(obj, LTCurve):
                d = page.process_object(obj)
                if d["object_type"] in graphics:
                    graphics[d["object_type"]].append(d)

    walk(page_layout(page)._objs)
    edges = [line_to_edge(d) for d in graphics["line"]]
    for d in graphics["rect"]:
        edges += rect_to_edges(d)
    for d in graphics["curve"]:
        edges += curve_to_edges(d)
    return chars, edges


def char_count(page) -> int:
    """len(page.chars), without building pdfplumber's per-glyph dicts: the parse it does
    is kept on the page and reused by layout_page."""
    if hasattr(page, "_objects") or not getattr(page, "is_original", False):
        return len(page.chars)
    from pdfminer.layout import LTChar, LTContainer

    from .contentstream import page_layout

    def count(objs) -> int:
        n = 0
        for obj in objs:
            if isinstance(obj, LTContainer):
                n += count(obj._objs)
            elif isinstance(obj, LTChar):
                n += 1
        return n

    return count(page_layout(page)._objs)


def _rulings(edges: list[dict], width: float, height: float) -> list[Ruling]:
    out = []
    for e in edges:
        x0, x1, top, bottom = float(e["x0"]), float(e["x1"]), float(e["top"]), float(e["bottom"])
        if (x1 - x0) < 2 and (bottom - top) < 2:
            continue
        if (x1 - x0) >= width * 0.98 and (bottom - top) >= height * 0.98:
            continue
        out.append(Ruling(round(x0, 1), round(top, 1), round(x1, 1), round(bottom, 1)))
    # Full-page background rectangles contribute their four sides; they frame no table.
    return sorted(
        {r for r in out if not (r.horizontal and (r.x1 - r.x0) >= width * 0.98)},
        key=lambda r: (r.top, r.x0, r.bottom, r.x1),
    )


def layout_page(page, page_no: int) -> PageLayout:
    """One pdfplumber page to a PageLayout, in coordinates from the top-left corner of
    the page as shown (its CropBox; the MediaBox when there is none)."""
    raw, edges = _page_objects(page)
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
    if tuple(map(float, shown)) != tuple(map(float, page.bbox)):
        # A print layout's bleed and marks lie outside the page as shown: not read.
        raw = [c for c in raw if 0 <= (c[1] + c[2]) / 2 <= width and 0 <= (c[3] + c[4]) / 2 <= height]
    chars, dropped = _to_chars(raw)
    rulings = _rulings(edges, width, height)
    return PageLayout(
        page=page_no,
        width=width,
        height=height,
        lines=build_lines(chars, page_no, rulings),
        rulings=rulings,
        doubled_chars=dropped,
        raw_char_count=len(raw),
    )


def layout_pdf(path, pages: Iterable[int] | None = None) -> list[PageLayout]:
    """Lay out the given 1-based pages (all by default) of one PDF."""
    import pdfplumber

    out = []
    with pdfplumber.open(path) as pdf:
        numbers = list(pages) if pages is not None else range(1, len(pdf.pages) + 1)
        for n in numbers:
            page = pdf.pages[n - 1]
            out.append(layout_page(page, n))
            page.close()  # frees pdfplumber's per-page caches: memory stays flat over 300 pages
    return out
