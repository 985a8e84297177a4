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


@dataclass
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


def _dedupe(chars: list[dict]) -> tuple[list[dict], set[int], int]:
    """Drop glyphs drawn twice at (nearly) the same place; remember which survived doubled.

    Fake bold and shadow effects draw every glyph twice, a fraction of a point
    apart; pdfplumber reports both.
    """
    seen: dict[tuple[str, int, int], int] = {}
    kept: list[dict] = []
    doubled: set[int] = set()
    dropped = 0
    for ch in chars:
        kx, ky = int(ch["x0"]), int(ch["top"])
        hit = None
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                j = seen.get((ch["text"], kx + dx, ky + dy))
                if j is not None:
                    prev = kept[j]
                    if abs(prev["x0"] - ch["x0"]) <= 1.5 and abs(prev["top"] - ch["top"]) <= 1.5:
                        hit = j
                        break
            if hit is not None:
                break
        if hit is not None:
            doubled.add(hit)
            dropped += 1
            continue
        seen[(ch["text"], kx, ky)] = len(kept)
        kept.append(ch)
    return kept, doubled, dropped


def _to_chars(raw: list[dict]) -> tuple[list[_Char], int]:
    kept, doubled, dropped = _dedupe(raw)
    out: list[_Char] = []
    for i, ch in enumerate(kept):
        text = normalize_text(ch["text"])
        if not text:
            continue
        size = float(ch.get("size") or (ch["bottom"] - ch["top"]))
        out.append(
            _Char(
                text=text,
                x0=float(ch["x0"]),
                x1=float(ch["x1"]),
                top=float(ch["top"]),
                bottom=float(ch["bottom"]),
                size=size,
                bold=bool(BOLD_FONT.search(ch.get("fontname", ""))) or i in doubled,
            )
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


def _split_runs(band: list[_Char], walls: list[Ruling] = ()) -> list[list[_Char]]:
    """Split one band into runs at column gaps and at vertical cell borders.

    A gap wider than an em (plus the run's usual letter spacing, so letter-spaced
    titles stay whole) separates table cells or columns; so does a drawn border
    between two characters, however narrow the gap.
    """
    band = sorted(band, key=lambda c: c.x0)
    gaps = [max(0.0, b.x0 - a.x1) for a, b in zip(band, band[1:]) if a.text.strip() and b.text.strip()]
    usual = statistics.median(gaps) if gaps else 0.0
    runs: list[list[_Char]] = [[band[0]]]
    for prev, ch in zip(band, band[1:]):
        size = max(min(prev.size, ch.size), 1.0)
        gap = ch.x0 - prev.x1
        size_jump = max(prev.size, ch.size) / size > 1.6
        wall = any(
            prev.x1 - 1 <= w.x0 <= ch.x0 + 1 and w.top <= ch.ymid <= w.bottom for w in walls
        )
        if gap > usual + 1.0 * size or gap < -0.5 * size or size_jump or wall:
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
        # between Latin words, never inside Japanese text.
        if (
            gap > usual + 0.25 * min(prev.size, ch.size)
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


def _merge_adjacent(runs: list[list[_Char]], walls: list[Ruling]) -> list[list[_Char]]:
    """Re-join runs that continue each other across two bands: a bullet or a glyph of
    another size sits a little off the baseline of the text it belongs to."""
    runs = sorted(runs, key=lambda r: r[0].x0)
    merged: list[list[_Char]] = []
    for run in runs:
        r_top, r_bot = min(c.top for c in run), max(c.bottom for c in run)
        size = max(c.size for c in run)
        for prev in reversed(merged):
            last = prev[-1]
            p_top, p_bot = min(c.top for c in prev), max(c.bottom for c in prev)
            overlap = min(p_bot, r_bot) - max(p_top, r_top)
            gap = run[0].x0 - last.x1
            if (
                overlap >= 0.6 * min(p_bot - p_top, r_bot - r_top)
                and -0.3 * size <= gap <= 1.0 * size
                and not any(last.x1 - 1 <= w.x0 <= run[0].x0 + 1 and w.top <= run[0].ymid <= w.bottom for w in walls)
            ):
                prev.extend(run)
                break
        else:
            merged.append(list(run))
    return merged


def build_lines(chars: list[_Char], page: int, rulings: list[Ruling] = ()) -> list[Line]:
    walls = [r for r in rulings if not r.horizontal]
    runs: list[list[_Char]] = []
    for band in _bands(chars):
        top, bottom = min(c.top for c in band), max(c.bottom for c in band)
        near = [w for w in walls if w.top <= bottom and w.bottom >= top]
        runs += _split_runs(band, near)
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


def _rulings(page) -> list[Ruling]:
    out = []
    for e in page.edges:
        x0, x1, top, bottom = float(e["x0"]), float(e["x1"]), float(e["top"]), float(e["bottom"])
        if (x1 - x0) < 2 and (bottom - top) < 2:
            continue
        if (x1 - x0) >= page.width * 0.98 and (bottom - top) >= page.height * 0.98:
            continue
        out.append(Ruling(round(x0, 1), round(top, 1), round(x1, 1), round(bottom, 1)))
    # Full-page background rectangles contribute their four sides; they frame no table.
    return sorted(
        {r for r in out if not (r.horizontal and (r.x1 - r.x0) >= page.width * 0.98)},
        key=lambda r: (r.top, r.x0, r.bottom, r.x1),
    )


def layout_page(page, page_no: int) -> PageLayout:
    """One pdfplumber page to a PageLayout."""
    raw = page.chars
    chars, dropped = _to_chars(raw)
    rulings = _rulings(page)
    return PageLayout(
        page=page_no,
        width=float(page.width),
        height=float(page.height),
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
