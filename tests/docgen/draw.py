"""Page drawing primitives: text in the layout's text unit and bold style, rules, boxes
and tables in the layout's border style, on a page measured from its top-left corner.

Every primitive records an operation (`TextRun`, `Line`, `Box`: plain data, in points
from the page's top-left corner); a page is written when it is finished, in the order
drawn or shuffled (the `shuffle_order` axis), since a producer's content-stream order
says nothing about reading order. The operation list is the seam between the layout and
the producer: a painter (`paint_<producer>.py`, e.g. paint_reportlab.py) turns the pages'
operations into a PDF, so one layout can be written by several producers.
"""
from __future__ import annotations

import copy
import importlib
import random
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol, Union

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import CIDFontInfo, UnicodeCIDFont, structToPDF

from .axes import PAGE_SIZES, Layout

# reportlab's built-in Japanese font needs no font file: pdfminer reads it through the
# UniJIS CMaps it ships. Its name says nothing about weight, so plain text reads as plain.
FONT = "HeiseiKakuGo-W5"
BOLD_FONT = "HeiseiKakuGo-W5-Bold"
INK = (0.12, 0.12, 0.12)
ACCENT = (0.16, 0.42, 0.70)
PALE = (0.87, 0.92, 0.97)

# A line must not start with a mark the parsers read as a new item (bullets, ①, (1), ※):
# the wrap moves one more character down instead.
_HANGING = set("、。，．）」』】")
_KINSOKU = set("ー、。，．）」』】〕・ぁぃぅぇぉっゃゅょァィゥェォッャュョ")
_NO_LINE_START = re.compile(r"^(?:[・･•◦▪‣○〇●◯■□◆◇➤➢►▶▷▸\-－‐‒–—*※①-⑳]|[\(（][0-9０-９]|[0-9]+[\.．](?![0-9]))")


class _NamedCIDFont(UnicodeCIDFont):
    """The same CID font under another BaseFont name: a bold face the way Office names one
    (the glyphs are the regular ones; only the name tells, as with many real producers)."""

    def __init__(self, face: str, name: str):
        super().__init__(face)
        self.name = self.fontName = name

    def addObjects(self, doc):
        internal = "F" + repr(len(doc.fontMapping) + 1)
        info = copy.deepcopy(CIDFontInfo[self.face.name])
        info["Name"], info["Encoding"], info["BaseFont"] = "/" + internal, "/" + self.encodingName, "/" + self.name
        info["DescendantFonts"][0]["BaseFont"] = "/" + self.name
        info["DescendantFonts"][0]["FontDescriptor"]["FontName"] = "/" + self.name
        doc.idToObject["BasicFonts"].dict[internal] = doc.Reference(structToPDF(info), internal)
        doc.fontMapping[self.name] = "/" + internal


def _register_fonts() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
        pdfmetrics.registerFont(_NamedCIDFont(FONT, BOLD_FONT))


def text_width(text: str, size: float) -> float:
    _register_fonts()
    return pdfmetrics.stringWidth(text, FONT, size)


def wrap(text: str, width: float, size: float, hang: bool = False) -> list[str]:
    """Greedy wrap, character by character (Japanese wraps anywhere), so that every line
    but the last fills its width to within a few characters. A break never leaves the
    next line starting like a new item (a bullet, ①, (1), ※) or with a mark Japanese
    typesetting keeps off a line start (ー, 、, 。, closing brackets): the break moves back,
    or, in running text (`hang`), closing punctuation hangs past the edge as Japanese
    typesetting does (a cell's border leaves no room for that)."""
    lines: list[str] = []
    for para in text.split("\n"):
        rest = para
        while rest:
            n = 1
            while n < len(rest) and text_width(rest[: n + 1], size) <= width:
                n += 1
            if hang and n < len(rest) and rest[n] in _HANGING and not _NO_LINE_START.match(rest[n:]):
                n += 1  # ぶら下げ: closing punctuation hangs past the edge, the line stays full
            if n < len(rest):
                k = n
                while k > 1 and (_NO_LINE_START.match(rest[k:]) or rest[k] in _KINSOKU):
                    k -= 1
                n = k if k > 1 else n
            lines.append(rest[:n].rstrip())
            rest = rest[n:].lstrip(" ") if n < len(rest) else ""
        if not para:
            lines.append("")
    return lines


@dataclass
class Cell:
    text: str  # "\n" separates printed lines; each is wrapped to the cell
    span: int = 1
    bold: bool = False
    fill: tuple | None = None
    align: str = "left"  # left | right


# --- operations: what a page holds, for any painter ------------------------------------


@dataclass(frozen=True)
class TextRun:
    """One printed line at (x + dx, top): `pieces` are (offset from x, text) as the layout's
    text unit cuts the line (one piece per line, word or glyph), each placed where the
    layout measured it. `font` is FONT or BOLD_FONT (the bold face's name); `mode` is the
    PDF text render mode (0 fill, 2 fill and stroke: the `stroke` bold style)."""

    x: float
    top: float
    size: float
    pieces: tuple[tuple[float, str], ...]
    color: tuple
    font: str = FONT
    dx: float = 0.0
    mode: int = 0
    underneath = False

    def baseline(self) -> float:
        """The baseline's distance from the page top (the CID font's ascent, 0.88 em)."""
        return self.top + 0.88 * self.size


@dataclass(frozen=True)
class Line:
    """A stroked straight rule from (x0, y0) to (x1, y1)."""

    x0: float
    y0: float
    x1: float
    y1: float
    width: float
    color: tuple
    underneath = False


@dataclass(frozen=True)
class Box:
    """A rectangle, filled and/or stroked, corners rounded by `radius`."""

    x0: float
    top: float
    x1: float
    bottom: float
    fill: tuple | None
    stroke: tuple | None
    width: float
    radius: float

    @property
    def underneath(self) -> bool:
        # Fills stay beneath the text when the order is shuffled (see Painter.save).
        return bool(self.fill)


@dataclass(frozen=True)
class Image:
    """A raster picture (PNG bytes, drawn in code: figures.photo) shown in (x0, top, x1,
    bottom): a screenshot or photo as producers embed one (an image XObject)."""

    x0: float
    top: float
    x1: float
    bottom: float
    png: bytes
    underneath = True  # beneath the text laid over it when the order is shuffled


@dataclass(frozen=True)
class Shape:
    """A path other than a rectangle: `ellipse` fills and strokes the oval in the box of
    its two points, `polygon` closes its points (a chevron, a block arrow), `polyline`
    strokes them open (a bent connector)."""

    kind: str  # ellipse | polygon | polyline
    points: tuple[tuple[float, float], ...]
    fill: tuple | None
    stroke: tuple | None
    width: float

    @property
    def underneath(self) -> bool:
        return bool(self.fill)


Op = Union[TextRun, Line, Box, Image, Shape]


class PagePainter(Protocol):
    """A producer: writes the pages (each a list of operations, in painting order) to one
    PDF of `size` (width, height) points."""

    def paint(self, path: Path, size: tuple[float, float], pages: list[list[Op]], title: str) -> None: ...


def painter_for(producer: str) -> PagePainter:
    """The painter of a producer, from its own module docgen/paint_<producer>.py (so that
    a producer is added without touching the layout code)."""
    module = importlib.import_module(f"{__package__}.paint_{producer}")
    return module.PAINTER


class Painter:
    """One PDF being drawn. Coordinates: points from the page's top-left corner."""

    def __init__(self, path, layout: Layout, rng: random.Random, producer: str = "reportlab"):
        _register_fonts()
        self.layout = layout
        self.rng = rng
        self.path = Path(path)
        self.producer = producer
        self.width, self.height = PAGE_SIZES[layout.page_size]
        self.scale = self.height / 540.0
        self.body = layout.body_pt * self.scale
        self.page_ops: list[list[Op]] = []  # operations of each page, written at save()
        self.page = -1  # the page primitives draw on

    @property
    def ops(self) -> list:
        return self.page_ops[self.page]

    # --- pages ----------------------------------------------------------------------

    def new_page(self) -> int:
        """Start a page (0-based index) and draw on it."""
        self.page_ops.append([])
        self.page = len(self.page_ops) - 1
        return self.page

    def save(self) -> None:
        pages = []
        for ops in self.page_ops:
            ops = list(ops)
            if self.layout.shuffle_order:
                # Fills stay beneath the text (a producer paints backgrounds first), in any
                # order among themselves; text and strokes come in any order after them.
                under = [op for op in ops if op.underneath]
                over = [op for op in ops if not op.underneath]
                self.rng.shuffle(under)
                self.rng.shuffle(over)
                ops = under + over
            pages.append(ops)
        painter_for(self.producer).paint(self.path, (self.width, self.height), pages, "generated case collection")

    # --- text -----------------------------------------------------------------------

    def text(self, x: float, top: float, text: str, size: float, *, bold: bool = False, color=INK) -> float:
        """One printed line at (x, top); returns its width."""
        if not text:
            return 0.0
        # The CID font's ASCII tilde is a spacing accent (˜); producers print ～ there.
        text = text.replace("~", "～")
        unit = self.layout.text_unit
        if unit == "line":
            pieces = [(0.0, text)]
        else:
            pieces, at = [], 0.0
            chunks = list(text) if unit == "char" else re.findall(r"[\x21-\x7e]+|\s+|[^\x21-\x7e\s]{1,3}", text)
            for chunk in chunks:
                pieces.append((at, chunk))
                at += text_width(chunk, size)
        style = self.layout.bold if bold else None
        run = TextRun(x, top, size, tuple(pieces), color)
        if style == "face":
            self.ops.append(replace(run, font=BOLD_FONT))
        elif style == "doubled":
            self.ops.append(run)
            self.ops.append(replace(run, dx=0.04 * size))
        elif style == "stroke":
            self.ops.append(replace(run, mode=2))
        else:
            self.ops.append(run)
        return text_width(text, size)

    # --- shapes ---------------------------------------------------------------------

    def hrule(self, x0: float, x1: float, y: float, width: float = 0.75, color=ACCENT) -> None:
        """A stroked horizontal rule, or (table style filled_rects) a thin filled rectangle."""
        self.ops.append(Line(x0, y, x1, y, width, color))

    def vrule(self, x: float, y0: float, y1: float, width: float = 0.75, color=ACCENT) -> None:
        self.ops.append(Line(x, y0, x, y1, width, color))

    def rect(self, x0: float, top: float, x1: float, bottom: float, *, fill=None, stroke=None, width: float = 0.75,
             radius: float = 0.0) -> None:
        self.ops.append(Box(x0, top, x1, bottom, fill, stroke, width, radius))

    def image(self, x0: float, top: float, x1: float, bottom: float, png: bytes) -> None:
        self.ops.append(Image(x0, top, x1, bottom, png))

    def shape(self, kind: str, points: list[tuple[float, float]], *, fill=None, stroke=None, width: float = 0.75) -> None:
        self.ops.append(Shape(kind, tuple(points), fill, stroke, width))

    # --- tables ---------------------------------------------------------------------

    def table(self, x: float, top: float, widths: list[float], rows: list[list[Cell]], size: float) -> float:
        """A table in the layout's border style; returns its height."""
        pad = 0.5 * size
        pitch = 1.25 * size
        heights = []
        for row in rows:
            col, h = 0, 0.0
            for cell in row:
                w = sum(widths[col:col + cell.span]) - 2 * pad
                n = sum(len(wrap(p, w, size)) for p in cell.text.split("\n")) if cell.text else 1
                h = max(h, n * pitch + 2 * pad)
                col += cell.span
            heights.append(h)
        xs = [x]
        for w in widths:
            xs.append(xs[-1] + w)
        y = top
        cells = []  # (x0, top, x1, bottom) of every cell, for the borders
        for row, h in zip(rows, heights):
            col = 0
            for cell in row:
                x0, x1 = xs[col], xs[col + cell.span]
                if cell.fill and self.layout.cell_fill:
                    self.rect(x0, y, x1, y + h, fill=cell.fill)
                ty = y + pad
                for para in cell.text.split("\n") if cell.text else []:
                    for ln in wrap(para, x1 - x0 - 2 * pad, size):
                        tx = x1 - pad - text_width(ln, size) if cell.align == "right" else x0 + pad
                        self.text(tx, ty, ln, size, bold=cell.bold)
                        ty += pitch
                cells.append((x0, y, x1, y + h))
                col += cell.span
            y += h
        self._borders(cells, xs[0], xs[-1], top, y)
        return y - top

    def _borders(self, cells, left: float, right: float, top: float, bottom: float) -> None:
        style = self.layout.table_border
        lw = 0.6 * self.scale
        grey = (0.55, 0.6, 0.68)
        if style == "none":
            return
        if style == "per_cell":
            # Each cell's four edges as separate segments: shared edges are drawn twice.
            for x0, y0, x1, y1 in cells:
                self.hrule(x0, x1, y0, lw, grey)
                self.hrule(x0, x1, y1, lw, grey)
                self.vrule(x0, y0, y1, lw, grey)
                self.vrule(x1, y0, y1, lw, grey)
            return
        ys = sorted({round(c[1], 2) for c in cells} | {round(bottom, 2)})
        if style == "rows_only":
            for y in ys:
                self.hrule(left, right, y, lw, grey)
            return
        # grid and filled_rects: one line per row edge; vertical edges per row (cells differ).
        thin = lw
        for y in ys:
            if style == "filled_rects":
                self.rect(left, y - thin / 2, right, y + thin / 2, fill=grey)
            else:
                self.hrule(left, right, y, lw, grey)
        verticals = sorted({(round(xv, 2), y0, y1) for x0, y0, x1, y1 in cells for xv in (x0, x1)})
        for xv, y0, y1 in verticals:
            if style == "filled_rects":
                self.rect(xv - thin / 2, y0, xv + thin / 2, y1, fill=grey)
            else:
                self.vrule(xv, y0, y1, lw, grey)
