"""The reportlab painter: the generator's first producer (one show-text operator per
piece, in reportlab's built-in CID font, which needs no font file)."""
from __future__ import annotations

import io
from pathlib import Path

from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from .draw import Box, Image, Line, Op, Shape, TextRun, _register_fonts


class ReportlabPainter:
    def paint(self, path: Path, size: tuple[float, float], pages: list[list[Op]], title: str) -> None:
        _register_fonts()
        width, height = size
        c = Canvas(str(path), pagesize=(width, height), pageCompression=1, invariant=1)
        c.setTitle(title)
        for ops in pages:
            for op in ops:
                if isinstance(op, TextRun):
                    self.text(c, height, op)
                elif isinstance(op, Line):
                    c.setStrokeColorRGB(*op.color)
                    c.setLineWidth(op.width)
                    c.line(op.x0, height - op.y0, op.x1, height - op.y1)
                elif isinstance(op, Image):
                    c.drawImage(ImageReader(io.BytesIO(op.png)), op.x0, height - op.bottom, op.x1 - op.x0,
                                op.bottom - op.top)
                elif isinstance(op, Shape):
                    self.shape(c, height, op)
                else:
                    self.box(c, height, op)
            c.showPage()
        c.save()

    @staticmethod
    def text(c: Canvas, height: float, op: TextRun) -> None:
        baseline = height - op.baseline()
        c.setFillColorRGB(*op.color)
        c.setStrokeColorRGB(*op.color)
        for off, chunk in op.pieces:
            if not chunk.strip():
                continue
            t = c.beginText(op.x + off + op.dx, baseline)
            t.setFont(op.font, op.size)
            t.setTextRenderMode(op.mode)
            if op.mode:
                c.setLineWidth(0.04 * op.size)
            t.textOut(chunk)
            c.drawText(t)

    @staticmethod
    def _colours(c: Canvas, op: Box | Shape) -> None:
        if op.fill:
            c.setFillColorRGB(*op.fill)
        if op.stroke:
            c.setStrokeColorRGB(*op.stroke)
            c.setLineWidth(op.width)

    @staticmethod
    def box(c: Canvas, height: float, op: Box) -> None:
        ReportlabPainter._colours(c, op)
        args = (op.x0, height - op.bottom, op.x1 - op.x0, op.bottom - op.top)
        if op.radius:
            c.roundRect(*args, op.radius, stroke=1 if op.stroke else 0, fill=1 if op.fill else 0)
        else:
            c.rect(*args, stroke=1 if op.stroke else 0, fill=1 if op.fill else 0)


    @staticmethod
    def shape(c: Canvas, height: float, op: Shape) -> None:
        ReportlabPainter._colours(c, op)
        stroke, fill = (1 if op.stroke else 0), (1 if op.fill and op.kind != "polyline" else 0)
        pts = [(x, height - y) for x, y in op.points]
        if op.kind == "ellipse":
            (x0, y0), (x1, y1) = pts
            c.ellipse(x0, y0, x1, y1, stroke=stroke, fill=fill)
            return
        path = c.beginPath()
        path.moveTo(*pts[0])
        for pt in pts[1:]:
            path.lineTo(*pt)
        if op.kind == "polygon":
            path.close()
        c.drawPath(path, stroke=stroke, fill=fill)


PAINTER = ReportlabPainter()
