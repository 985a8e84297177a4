"""Line building: glyphs and drawn edges become positioned, normalized text lines and rulings.

Pure: no pdfplumber or pdfminer here. pipeline/pdfadapter.py reads a page's glyphs and
edges off pdfplumber and hands them over as plain tuples and dicts; everything
downstream works on `PageLayout`, so the layout can be cached (by PDF sha256) and
section rules re-run without parsing PDFs again. Positions are kept on every line for
provenance.

Rules here are geometric and relative (multiples of the font size, fractions of
the page), never tuned to one file's coordinates: the published volumes come
in other page sizes and from other producers.
"""
from __future__ import annotations

import bisect
import re
import statistics
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

from . import geometry
from .geometry import BBox
from .graphics import Outline, Picture, outlines_from_paths, pictures_from_boxes
from .settings import LayoutStage, LineRules, layout_stage
from .upright import upright_columns
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
    def bbox(self) -> BBox:
        return BBox(self.x0, self.top, self.x1, self.bottom).rounded(1)

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
    pictures: list[Picture] = field(default_factory=list)  # raster images, in drawing order
    outlines: list[Outline] = field(default_factory=list)  # closed curved or slanted paths, in drawing order

    @property
    def text(self) -> str:
        return "\n".join(ln.text for ln in reading_order(self.lines))


# --- characters -------------------------------------------------------------------


@dataclass(slots=True)
class Glyph:
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
RawGlyph = tuple[Any, ...]


def drop_glyph_copies(chars: list[RawGlyph], stage: LayoutStage | None = None) -> tuple[list[RawGlyph], set[int], int]:
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
    rules = (stage or layout_stage()).glyph_copies
    grid, share, min_shift, max_shift = rules.grid, rules.share_of_glyph, rules.min_shift, rules.max_shift
    seen: dict[str, dict[tuple[int, int], list[int]]] = {}
    kept: list[RawGlyph] = []
    doubled: set[int] = set()
    dropped = 0
    for ch in chars:
        text, x0, x1, top, bottom = ch[0], ch[1], ch[2], ch[3], ch[4]
        # At most max_shift: no fake bold is drawn further apart, and a glyph with an
        # absurd box (a broken font) must not make the lookup scan the whole page.
        tol_x = max(share * (x1 - x0), min_shift)
        tol_y = max(share * (bottom - top), min_shift)
        tol_x = tol_x if tol_x <= max_shift else max_shift  # (NaN too)
        tol_y = tol_y if tol_y <= max_shift else max_shift
        cells = seen.setdefault(text, {})
        hit = None
        if cells:
            cx0, cx1 = int((x0 - tol_x) // grid), int((x0 + tol_x) // grid)
            cy0, cy1 = int((top - tol_y) // grid), int((top + tol_y) // grid)
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
        cells.setdefault((int(x0 // grid), int(top // grid)), []).append(len(kept))
        kept.append(ch)
    return kept, doubled, dropped


_normalized: dict[str, str] = {}
_bold_font: dict[str, bool] = {}


def to_glyphs(raw: list[RawGlyph], stage: LayoutStage | None = None) -> tuple[list[Glyph], int]:
    kept, doubled, dropped = drop_glyph_copies(raw, stage)
    out: list[Glyph] = []
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
            Glyph(norm, float(x0), float(x1), float(top), float(bottom), float(size or (bottom - top)), bold or i in doubled)
        )
    return out, dropped


# --- lines ------------------------------------------------------------------------




def _full_width(text: str) -> bool:
    return bool(text) and not text[-1].isspace() and unicodedata.east_asian_width(text[-1]) in ("W", "F")


def _split_runs(band: list[Glyph], walls: Sequence[Ruling], rules: LineRules) -> list[list[Glyph]]:
    """Split one band into runs at column gaps and at vertical cell borders.

    A gap wider than an em (plus the run's usual letter spacing, so letter-spaced
    titles stay whole) separates table cells or columns; so does a drawn border
    between two characters, however narrow the gap. Japanese is set solid, so beside
    a full-width glyph half an em of empty space already is a column gap (a
    right-aligned amount cell followed by the next cell, with no border drawn).

    The usual letter spacing is the lower quartile of the band's gaps, and at most
    `letter_spacing_max` ems: tracking spaces most pairs of letters (a few sit closer,
    glyphs differ in width), while in a band of few glyphs the column gaps can be half
    the gaps or more (`円` / `守費` / `円` of three cells, `費` and `円` alone on a band)
    and must not count as letter spacing.
    """
    # An opening bracket's ink is the right half of its em, and Chromium trims the empty
    # left half after a half-width "(": ordered by ink, "(「" stays in that order.
    opening, trim = set(rules.opening_punctuation), rules.punctuation_trim
    band = sorted(band, key=lambda c: c.x0 + trim * c.size if c.text in opening else c.x0)
    gaps = [max(0.0, b.x0 - a.x1) for a, b in zip(band, band[1:]) if a.text.strip() and b.text.strip()]
    usual = min(sorted(gaps)[len(gaps) // 4], rules.letter_spacing_max * max(min(c.size for c in band), rules.min_size)) \
        if gaps else 0.0
    min_size, wall = rules.min_size, rules.wall_tolerance
    solid_gap, open_gap, overlap, jump = rules.solid_column_gap, rules.column_gap, rules.overlap_split, rules.size_jump
    trimmable = set(rules.trimmable_punctuation)
    runs: list[list[Glyph]] = [[band[0]]]
    for prev, ch in zip(band, band[1:]):
        size = max(min(prev.size, ch.size), min_size)
        gap = ch.x0 - prev.x1
        size_jump = max(prev.size, ch.size) / size > jump
        solid = _full_width(prev.text) or _full_width(ch.text)
        # A punctuation mark set in half its em (」、 in a row) is overlapped by its
        # neighbour by that empty half: no text written over text.
        overlap_em = overlap + trim if prev.text in trimmable or ch.text in trimmable else overlap
        if (
            gap > usual + (solid_gap if solid else open_gap) * size
            or gap < -overlap_em * size
            or size_jump
            # a drawn border between the two: looked for only when nothing else splits
            or (walls and any(prev.x1 - wall <= w.x0 <= ch.x0 + wall and w.top <= ch.ymid <= w.bottom for w in walls))
        ):
            runs.append([ch])
        else:
            runs[-1].append(ch)
    return runs


def _split_at_column_starts(runs: list[tuple[int, list[Glyph]]], rules: LineRules) -> list[tuple[int, list[Glyph]]]:
    """Split a run where, after more than half an em of white, its next glyph stands
    where runs of other bands start: a column of a table without borders. Between two
    half-width glyphs a gap must pass an em to split a band on its own (positioned
    words, a number before its title), so a right-aligned amount and the next cell's
    `(内訳)` one em apart are one run until the column they start is seen on other
    bands (the cell's label row, its (備考) row). A word inside a line cannot start where
    another band's run starts unless that band is split there too: only tables qualify."""
    starts = sorted((run[0].x0, band) for band, run in runs)
    xs = [x for x, _ in starts]
    solid, tol_em, need = rules.solid_column_gap, rules.column_start_tolerance, rules.column_start_bands
    out: list[tuple[int, list[Glyph]]] = []
    for band, run in runs:
        piece = [run[0]]
        for prev, ch in zip(run, run[1:]):
            size = max(min(prev.size, ch.size), rules.min_size)
            # A lone glyph before the gap is a bullet mark (its text is indented to where
            # the item's wrapped lines start), not a cell.
            if len(piece) >= 2 and ch.x0 - prev.x1 > solid * size:
                tol = tol_em * size
                lo, hi = bisect.bisect_left(xs, ch.x0 - tol), bisect.bisect_right(xs, ch.x0 + tol)
                if len({b for _, b in starts[lo:hi] if b != band}) >= need:
                    out.append((band, piece))
                    piece = [ch]
                    continue
            piece.append(ch)
        out.append((band, piece))
    return out


def _run_text(run: list[Glyph], word_space: float) -> str:
    gaps = [max(0.0, b.x0 - a.x1) for a, b in zip(run, run[1:])]
    usual = statistics.median(gaps) if gaps else 0.0
    parts = [run[0].text]
    for prev, ch, gap in zip(run, run[1:], gaps):
        # Producers that position words instead of drawing spaces: restore a space
        # between Latin words, never inside Japanese text. A space glyph is 0.2-0.33 em
        # wide (0.224 in Noto Sans CJK), kerning a few hundredths.
        if (
            gap > usual + word_space * min(prev.size, ch.size)
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


def _merge_adjacent(runs: list[tuple[int, list[Glyph]]], walls: Sequence[Ruling], rules: LineRules) -> list[list[Glyph]]:
    """Re-join runs that continue each other across two bands: a bullet or a glyph of
    another size sits a little off the baseline of the text it belongs to. Runs of one
    band were split at a column gap on purpose and stay apart."""
    runs = sorted(runs, key=lambda br: br[1][0].x0)
    lo_em, hi_em, min_overlap, wall = rules.merge_min_gap, rules.merge_max_gap, rules.merge_min_overlap, rules.wall_tolerance
    merged: list[list[Glyph]] = []
    spans: list[tuple[float, float]] = []  # (top, bottom) of each merged run, kept as it grows
    bands: list[set[int]] = []  # the bands each merged run has taken runs from
    for band, run in runs:
        r_top, r_bot = min(c.top for c in run), max(c.bottom for c in run)
        size = max(c.size for c in run)
        lo, hi = lo_em * size, hi_em * size
        x0 = run[0].x0
        for k in range(len(merged) - 1, -1, -1):
            last = merged[k][-1]
            gap = x0 - last.x1
            if not lo <= gap <= hi or band in bands[k]:  # the cheap tests first: most pairs fail them
                continue
            p_top, p_bot = spans[k]
            overlap = min(p_bot, r_bot) - max(p_top, r_top)
            if (
                overlap >= min_overlap * min(p_bot - p_top, r_bot - r_top)
                and not any(last.x1 - wall <= w.x0 <= x0 + wall and w.top <= run[0].ymid <= w.bottom for w in walls)
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


def build_lines(chars: list[Glyph], page: int, rulings: Sequence[Ruling] = (),
                stage: LayoutStage | None = None) -> list[Line]:
    stage = stage or layout_stage()
    rules = stage.lines
    walls = [r for r in rulings if not r.horizontal]
    bands = geometry.bands(chars, rules.band_share, rules.min_size)
    # Text set vertically in a margin is told first and kept out of the body's lines: one
    # line per glyph (pipeline/upright.py; segment_margin reads the column).
    upright = upright_columns(bands, stage.upright, rules)
    if upright:
        taken = {id(c) for col in upright for c in col}
        bands = geometry.bands([c for c in chars if id(c) not in taken], rules.band_share, rules.min_size)
    runs: list[tuple[int, list[Glyph]]] = []
    for i, band in enumerate(bands):
        top, bottom = min(c.top for c in band), max(c.bottom for c in band)
        near = [w for w in walls if w.top <= bottom and w.bottom >= top]
        runs += [(i, run) for run in _split_runs(band, near, rules)]
    runs = _split_at_column_starts(runs, rules)
    lines: list[Line] = []
    for run in _merge_adjacent(runs, walls, rules) + [[c] for col in upright for c in col]:
        # Again on the joined run: half-width kana and their sound marks arrive
        # as separate glyphs and only compose once side by side.
        text = normalize_text(_run_text(run, rules.word_space))
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
    return reading_order(lines, stage)


def reading_order(lines: Iterable[Line], stage: LayoutStage | None = None) -> list[Line]:
    """Top to bottom, then left to right within lines that share a band.

    Content-stream order is ignored on purpose: published PDFs write text boxes
    in an order unrelated to the page.
    """
    rules = (stage or layout_stage()).lines
    return geometry.reading_order(lines, rules.reading_band_share, rules.min_size)


# --- rulings ----------------------------------------------------------------------


def rulings_from_edges(edges: Iterable[dict[str, Any]], width: float, height: float,
                       stage: LayoutStage | None = None) -> list[Ruling]:
    """pdfplumber's edge dicts (x0, x1, top, bottom) as rulings, less dots and the
    page's own frame."""
    rules = (stage or layout_stage()).rulings
    shortest, frame = rules.min_length, rules.page_frame_share
    out = []
    for e in edges:
        x0, x1, top, bottom = float(e["x0"]), float(e["x1"]), float(e["top"]), float(e["bottom"])
        if (x1 - x0) < shortest and (bottom - top) < shortest:
            continue
        if (x1 - x0) >= width * frame and (bottom - top) >= height * frame:
            continue
        out.append(Ruling(round(x0, 1), round(top, 1), round(x1, 1), round(bottom, 1)))
    # Full-page background rectangles contribute their four sides; they frame no table.
    return sorted(
        {r for r in out if not (r.horizontal and (r.x1 - r.x0) >= width * frame)},
        key=lambda r: (r.top, r.x0, r.bottom, r.x1),
    )


def page_from_objects(raw: list[RawGlyph], edges: list[dict[str, Any]], width: float, height: float, page_no: int,
                      stage: LayoutStage | None = None,
                      images: Iterable[tuple[float, float, float, float]] = (),
                      paths: Iterable[Sequence[tuple[float, float]]] = ()) -> PageLayout:
    """A page's glyphs, edges, images' boxes (x0, top, x1, bottom) and curves' points
    (x, top), already in coordinates from its top-left corner, laid out."""
    stage = stage or layout_stage()
    chars, dropped = to_glyphs(raw, stage)
    rulings = rulings_from_edges(edges, width, height, stage)
    return PageLayout(
        page=page_no,
        width=width,
        height=height,
        lines=build_lines(chars, page_no, rulings, stage),
        rulings=rulings,
        doubled_chars=dropped,
        raw_char_count=len(raw),
        pictures=pictures_from_boxes(images, width, height),
        outlines=outlines_from_paths(paths, stage.rulings),
    )
