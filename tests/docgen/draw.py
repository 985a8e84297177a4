"""Page drawing primitives: text in the layout's text unit and bold style, rules, boxes
and tables in the layout's border style, on a page measured from its top-left corner.

Every primitive records an operation; a page is written when it is finished, in the
order drawn or shuffled (the `shuffle_order` axis), since a producer's content-stream
order says nothing about reading order.
"""
from __future__ import annotations

import copy
import random
import re
from dataclasses import dataclass

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import CIDFontInfo, UnicodeCIDFont, structToPDF
from reportlab.pdfgen.canvas import Canvas

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


def wrap(text: str, width: float, size: float) -> list[str]:
    """Greedy wrap, character by character (Japanese wraps anywhere), so that every line
    but the last fills its width to within a few characters. A break never leaves the
    next line starting like a new item (a bullet, ①, (1), ※) or with a mark Japanese
    typesetting keeps off a line start (ー, 、, 。, closing brackets): the break moves back."""
    lines: list[str] = []
    for para in text.split("\n"):
        rest = para
        while rest:
            n = 1
            while n < len(rest) and text_width(rest[: n + 1], size) <= width:
                n += 1
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


class Painter:
    """One PDF being drawn. Coordinates: points from the page's top-left corner."""

    def __init__(self, path, layout: Layout, rng: random.Random):
        _register_fonts()
        self.layout = layout
        self.rng = rng
        self.width, self.height = PAGE_SIZES[layout.page_size]
        self.scale = self.height / 540.0
        self.body = layout.body_pt * self.scale
        self.canvas = Canvas(str(path), pagesize=(self.width, self.height), pageCompression=1, invariant=1)
        self.canvas.setTitle("generated case collection")
        self.page_ops: list[list] = []  # operations of each page, written at save()
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
        for ops in self.page_ops:
            ops = list(ops)
            if self.layout.shuffle_order:
                # Fills stay beneath the text (a producer paints backgrounds first), in any
                # order among themselves; text and strokes come in any order after them.
                under = [op for op in ops if getattr(op, "underneath", False)]
                over = [op for op in ops if not getattr(op, "underneath", False)]
                self.rng.shuffle(under)
                self.rng.shuffle(over)
                ops = under + over
            for op in ops:
                op(self.canvas)
            self.canvas.showPage()
        self.canvas.save()

    def _y(self, top: float) -> float:
        return self.height - top

    # --- text -----------------------------------------------------------------------

    def text(self, x: float, top: float, text: str, size: float, *, bold: bool = False, color=INK) -> float:
        """One printed line at (x, top); returns its width."""
        if not text:
            return 0.0
        # The CID font's ASCII tilde is a spacing accent (˜); producers print ～ there.
        text = text.replace("~", "～")
        baseline = self._y(top + 0.88 * size)
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

        def show(c: Canvas, dx: float = 0.0, font: str = FONT, mode: int = 0) -> None:
            c.setFillColorRGB(*color)
            c.setStrokeColorRGB(*color)
            for off, chunk in pieces:
                if not chunk.strip():
                    continue
                t = c.beginText(x + off + dx, baseline)
                t.setFont(font, size)
                t.setTextRenderMode(mode)
                if mode:
                    c.setLineWidth(0.04 * size)
                t.textOut(chunk)
                c.drawText(t)

        if style == "face":
            self.ops.append(lambda c: show(c, font=BOLD_FONT))
        elif style == "doubled":
            shift = 0.04 * size
            self.ops.append(lambda c: show(c))
            self.ops.append(lambda c: show(c, dx=shift))
        elif style == "stroke":
            self.ops.append(lambda c: show(c, mode=2))
        else:
            self.ops.append(lambda c: show(c))
        return text_width(text, size)

    # --- shapes ---------------------------------------------------------------------

    def hrule(self, x0: float, x1: float, y: float, width: float = 0.75, color=ACCENT) -> None:
        """A stroked horizontal rule, or (table style filled_rects) a thin filled rectangle."""
        self.ops.append(lambda c: (c.setStrokeColorRGB(*color), c.setLineWidth(width), c.line(x0, self._y(y), x1, self._y(y))))

    def vrule(self, x: float, y0: float, y1: float, width: float = 0.75, color=ACCENT) -> None:
        self.ops.append(lambda c: (c.setStrokeColorRGB(*color), c.setLineWidth(width), c.line(x, self._y(y0), x, self._y(y1))))

    def rect(self, x0: float, top: float, x1: float, bottom: float, *, fill=None, stroke=None, width: float = 0.75,
             radius: float = 0.0) -> None:
        def op(c: Canvas):
            if fill:
                c.setFillColorRGB(*fill)
            if stroke:
                c.setStrokeColorRGB(*stroke)
                c.setLineWidth(width)
            args = (x0, self._y(bottom), x1 - x0, bottom - top)
            if radius:
                c.roundRect(*args, radius, stroke=1 if stroke else 0, fill=1 if fill else 0)
            else:
                c.rect(*args, stroke=1 if stroke else 0, fill=1 if fill else 0)
        op.underneath = bool(fill)
        self.ops.append(op)

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
