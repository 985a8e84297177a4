"""The reportlab painter: the generator's first producer (one show-text operator per
piece, in reportlab's built-in CID font, which needs no font file)."""
from __future__ import annotations

from pathlib import Path

from reportlab.pdfgen.canvas import Canvas

from .draw import Box, Line, Op, TextRun, _register_fonts


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
    def box(c: Canvas, height: float, op: Box) -> None:
        if op.fill:
            c.setFillColorRGB(*op.fill)
        if op.stroke:
            c.setStrokeColorRGB(*op.stroke)
            c.setLineWidth(op.width)
        args = (op.x0, height - op.bottom, op.x1 - op.x0, op.bottom - op.top)
        if op.radius:
            c.roundRect(*args, op.radius, stroke=1 if op.stroke else 0, fill=1 if op.fill else 0)
        else:
            c.rect(*args, stroke=1 if op.stroke else 0, fill=1 if op.fill else 0)


PAINTER = ReportlabPainter()
