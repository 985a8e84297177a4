"""The Chromium painter: each page as HTML, printed to PDF by headless Chromium (Skia's
PDF backend), a producer unlike reportlab in every way the pipeline reads: real
OpenType fonts subset under their own names (Noto Sans CJK JP, its Bold face for the
`face` bold style), ToUnicode maps of Skia's making, glyph runs cut where Skia cuts them,
rules as stroked SVG paths, fills and frames as CSS boxes (clipped to the page).

Text lands where the layout put it: each printed line is an absolutely positioned span
(`white-space: pre`, no reflow) starting at the layout's x, its baseline moved onto the
layout's and its advances scaled to the layout's measure (the layout wraps with
reportlab's font metrics), both by a script run before printing.
"""
from __future__ import annotations

import base64
import html
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from .draw import Box, Image, Line, Op, Shape, TextRun, text_width

def chromium() -> str | None:
    """The browser: $CHROMIUM (as tests/test_report.py), else /usr/bin/chromium or chromium
    on PATH; None when there is none."""
    for cand in ([os.environ["CHROMIUM"]] if "CHROMIUM" in os.environ else ["/usr/bin/chromium", shutil.which("chromium")]):
        if cand and os.path.exists(cand) and os.access(cand, os.X_OK):
            return cand
    return None
FAMILY = '"Noto Sans CJK JP", "Noto Sans CJK SC", sans-serif'
PX = 4.0 / 3.0  # CSS px per pt

# Run before printing: each span's baseline onto the layout's (data-b, px from the page
# top), whatever the font's ascent, and its glyphs' advances onto the layout's measure
# (data-w, px): the layout wrapped its lines with reportlab's metrics, and a producer
# fills a wrapped line to the edge with its own; Noto's Latin is narrower. The scale is
# measured with punctuation untrimmed, then the line is printed as Chromium sets it: a
# pair such as 」、 or ）。 in one and a half ems (text-spacing-trim), a little short.
FIT = """
for (const s of document.querySelectorAll("span.t")) {
  const m = document.createElement("i");
  m.className = "m";
  s.appendChild(m);
  const page = s.parentElement.getBoundingClientRect();
  const base = m.getBoundingClientRect().bottom - page.top;
  s.removeChild(m);
  s.style.top = (parseFloat(s.dataset.b) - (base - s.offsetTop)) + "px";
  s.style.textSpacingTrim = "space-all";
  const w = s.getBoundingClientRect().width, want = parseFloat(s.dataset.w);
  s.style.textSpacingTrim = "";
  if (w > 0 && Math.abs(w - want) > 0.002 * want) s.style.transform = "scaleX(" + (want / w) + ")";
}
"""

STYLE = """
@page {{ size: {w}pt {h}pt; margin: 0 }}
* {{ -webkit-print-color-adjust: exact; print-color-adjust: exact }}
html, body {{ margin: 0; padding: 0 }}
.page {{ position: relative; width: {w}pt; height: {h}pt; overflow: hidden }}
.page + .page {{ break-before: page }}
.t {{ position: absolute; white-space: pre; font-family: {family}; line-height: 1; transform-origin: 0 0;
      font-kerning: none; font-feature-settings: "palt" 0 }}
.m {{ display: inline-block; width: 0; height: 0 }}
.b {{ position: absolute; box-sizing: border-box }}
svg {{ position: absolute; left: 0; top: 0; overflow: visible }}
"""


def _rgb(color: tuple) -> str:
    return "rgb({})".format(", ".join(f"{round(255 * c)}" for c in color))


def _n(v: float) -> str:
    return f"{v:.3f}".rstrip("0").rstrip(".")


class ChromiumPainter:
    def paint(self, path: Path, size: tuple[float, float], pages: list[list[Op]], title: str) -> None:
        width, height = size
        doc = self.html(size, pages, title)
        browser = chromium()
        if browser is None:
            raise RuntimeError("headless Chromium not installed (/usr/bin/chromium): run .ci/setup-browser.sh")
        with tempfile.TemporaryDirectory(prefix="docgen-chromium-") as tmp:
            src = Path(tmp) / "volume.html"
            src.write_text(doc, encoding="utf-8")
            out = Path(tmp) / "volume.pdf"
            proc = subprocess.run(
                [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 f"--user-data-dir={tmp}/profile", "--no-pdf-header-footer", f"--print-to-pdf={out}",
                 src.as_uri()],
                capture_output=True, text=True, timeout=180)
            if not out.exists():
                raise RuntimeError(f"chromium wrote no PDF (exit {proc.returncode}): {proc.stderr[-800:]}")
            shutil.move(str(out), str(path))

    def html(self, size: tuple[float, float], pages: list[list[Op]], title: str) -> str:
        w, h = size
        parts = ['<!doctype html><html lang="ja"><head><meta charset="utf-8">',
                 f"<title>{html.escape(title)}</title><style>",
                 STYLE.format(w=_n(w), h=_n(h), family=FAMILY), "</style></head><body>"]
        for ops in pages:
            parts.append('<div class="page">')
            for op in ops:
                if isinstance(op, TextRun):
                    parts += self.text(op)
                elif isinstance(op, Line):
                    parts.append(self.line(op, w, h))
                elif isinstance(op, Image):
                    parts.append(self.image(op))
                elif isinstance(op, Shape):
                    parts.append(self.shape(op, w, h))
                else:
                    parts.append(self.box(op, w, h))
            parts.append("</div>")
        parts.append(f"<script>{FIT}</script></body></html>")
        return "\n".join(parts)

    @staticmethod
    def text(op: TextRun) -> list[str]:
        """One span per printed line, at the layout's x; the layout's pieces (its text
        unit: line, word or glyph) are inline spans inside it, set one after the other
        with Noto's own advances, as a producer positions the words it measured itself
        (placed at reportlab's offsets, Noto's narrower Latin would open gaps that no
        producer leaves). Skia may cut its glyph runs at the pieces' edges."""
        style = f"font-size:{_n(op.size)}pt;color:{_rgb(op.color)}"
        if op.font.endswith("-Bold"):
            style += ";font-weight:700"
        if op.mode:
            style += f";-webkit-text-stroke:{_n(0.04 * op.size)}pt {_rgb(op.color)}"
        texts = [chunk for _, chunk in op.pieces]
        line = "".join(texts)
        if not line.strip():
            return []
        inner = html.escape(line) if len(texts) == 1 else "".join(f"<span>{html.escape(t)}</span>" for t in texts)
        return [f'<span class="t" style="left:{_n(op.x + op.dx)}pt;top:{_n(op.top)}pt;{style}" '
                f'data-b="{_n(op.baseline() * PX)}" data-w="{_n(text_width(line, op.size) * PX)}">{inner}</span>']

    @staticmethod
    def line(op: Line, w: float, h: float) -> str:
        return (f'<svg width="{_n(w)}pt" height="{_n(h)}pt" viewBox="0 0 {_n(w)} {_n(h)}">'
                f'<line x1="{_n(op.x0)}" y1="{_n(op.y0)}" x2="{_n(op.x1)}" y2="{_n(op.y1)}" '
                f'stroke="{_rgb(op.color)}" stroke-width="{_n(op.width)}"/></svg>')

    @staticmethod
    def box(op: Box, w: float, h: float) -> str:
        if op.radius:
            fill = _rgb(op.fill) if op.fill else "none"
            stroke = f' stroke="{_rgb(op.stroke)}" stroke-width="{_n(op.width)}"' if op.stroke else ""
            return (f'<svg width="{_n(w)}pt" height="{_n(h)}pt" viewBox="0 0 {_n(w)} {_n(h)}">'
                    f'<rect x="{_n(op.x0)}" y="{_n(op.top)}" width="{_n(op.x1 - op.x0)}" '
                    f'height="{_n(op.bottom - op.top)}" rx="{_n(op.radius)}" fill="{fill}"{stroke}/></svg>')
        # A CSS border lies inside its box, a PDF stroke on the path's middle: the box
        # grows by half the stroke on each side.
        grow = op.width / 2 if op.stroke else 0.0
        style = (f"left:{_n(op.x0 - grow)}pt;top:{_n(op.top - grow)}pt;"
                 f"width:{_n(op.x1 - op.x0 + 2 * grow)}pt;height:{_n(op.bottom - op.top + 2 * grow)}pt")
        if op.fill:
            style += f";background:{_rgb(op.fill)}"
        if op.stroke:
            style += f";border:{_n(op.width)}pt solid {_rgb(op.stroke)}"
        return f'<div class="b" style="{style}"></div>'


    @staticmethod
    def image(op: Image) -> str:
        src = "data:image/png;base64," + base64.b64encode(op.png).decode("ascii")
        return (f'<img class="b" src="{src}" style="left:{_n(op.x0)}pt;top:{_n(op.top)}pt;'
                f'width:{_n(op.x1 - op.x0)}pt;height:{_n(op.bottom - op.top)}pt">')

    @staticmethod
    def shape(op: Shape, w: float, h: float) -> str:
        fill = _rgb(op.fill) if op.fill and op.kind != "polyline" else "none"
        stroke = f' stroke="{_rgb(op.stroke)}" stroke-width="{_n(op.width)}"' if op.stroke else ""
        if op.kind == "ellipse":
            (x0, y0), (x1, y1) = op.points
            el = (f'<ellipse cx="{_n((x0 + x1) / 2)}" cy="{_n((y0 + y1) / 2)}" rx="{_n((x1 - x0) / 2)}" '
                  f'ry="{_n((y1 - y0) / 2)}" fill="{fill}"{stroke}/>')
        else:
            pts = " ".join(f"{_n(x)},{_n(y)}" for x, y in op.points)
            el = f'<{op.kind} points="{pts}" fill="{fill}"{stroke}/>'
        return f'<svg width="{_n(w)}pt" height="{_n(h)}pt" viewBox="0 0 {_n(w)} {_n(h)}">{el}</svg>'


PAINTER = ChromiumPainter()
