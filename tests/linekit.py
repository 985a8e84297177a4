"""Hand-made layout for the section parsers' unit tests: lines, rulings, pages, a case.

Every `Line`, `Ruling`, `PageLayout`, `CasePage` and `CaseSlice` of tests/test_section_*.py
is built here, so a change to one of those constructors is made in this file alone.
Units are PDF points, as the layout stage gives them; a line's width follows its text
(one em a full-width glyph, half an em any other) unless `x1` is given.
"""
from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from pipeline.layout import Line, Outline, PageLayout, Picture, Ruling, reading_order
from pipeline.segment import CasePage, CaseSlice
from pipeline.segment_band import CaseHeader

__all__ = ["Box", "Cell", "CasePage", "CaseSlice", "Full", "Line", "Ruling", "Span", "case", "grid", "line",
           "page", "rule", "ruled_rows", "table", "text_width"]

Box = tuple[float, float, float, float]

SIZE = 9.5  # the sample's table text, in points
PAGE_W, PAGE_H = 960.0, 540.0  # the sample's landscape slide


def text_width(text: str, size: float = SIZE) -> float:
    """Printed width: a full-width glyph is one em, anything else half an em (East Asian
    ambiguous ones, ①, ※, ○, count as full width, as Japanese fonts set them)."""
    return sum(size if unicodedata.east_asian_width(ch) in ("W", "F", "A") else size / 2 for ch in text)


def line(text: str, x0: float, top: float, *, size: float = SIZE, bold: bool = False,
         x1: float | None = None, page: int = 1) -> Line:
    """One run on one baseline, its box one em high."""
    return Line(text=text, x0=x0, top=top, x1=x0 + text_width(text, size) if x1 is None else x1,
                bottom=top + size, size=size, bold=bold, page=page)


def rule(x0: float, top: float, x1: float, bottom: float) -> Ruling:
    return Ruling(x0=x0, top=top, x1=x1, bottom=bottom)


def grid(xs: Sequence[float], ys: Sequence[float]) -> list[Ruling]:
    """The borders of a table of len(ys)-1 rows and len(xs)-1 columns, each cell drawn."""
    return ruled_rows([(a, b, xs) for a, b in zip(ys, ys[1:])])


def ruled_rows(rows: Iterable[tuple[float, float, Sequence[float]]]) -> list[Ruling]:
    """Borders row by row: (top, bottom, the x of each vertical border in that row), so
    a row may merge cells (fewer borders) where the others do not. Shared edges are
    drawn twice, as producers that draw cell by cell do."""
    out: list[Ruling] = []
    for top, bottom, xs in rows:
        out.append(rule(xs[0], top, xs[-1], top))
        out.append(rule(xs[0], bottom, xs[-1], bottom))
        out += [rule(x, top, x, bottom) for x in xs]
    return out


@dataclass(frozen=True)
class Full:
    """A text line that runs to its cell's right edge (less `short` ems): a line the
    producer wrapped, where the next line goes on."""

    text: str
    short: float = 0.0


Text = str | Full


@dataclass(frozen=True)
class Span:
    """A cell spanning `cols` columns (a (備考) row under two columns each)."""

    text: Text | tuple[Text, ...]
    cols: int


Cell = Text | tuple[Text, ...] | Span | None


def table(rows: Sequence[Sequence[Cell]], xs: Sequence[float], *, top: float = 100.0, size: float = SIZE,
          pitch: float | None = None, pad: float = 4.0, drawn: bool = True) -> tuple[list[Line], list[Ruling], Box]:
    """Lines (and, if `drawn`, the borders) of a table whose columns start at `xs`
    (the last x is its right edge). A cell is a text (or a `Full` one), a tuple of
    texts wrapped one a line inside it, a `Span`, or None for an empty cell; a row
    with fewer cells leaves the rest empty. Text stands `pad` points inside its
    cell's left border. Returns (lines, rulings, box around the table)."""
    pitch = pitch if pitch is not None else 1.4 * size
    lines: list[Line] = []
    borders: list[tuple[float, float, list[float]]] = []
    y = top
    for row in rows:
        col = 0
        walls = [xs[0]]
        height = pitch
        for cell in row:
            span = cell.cols if isinstance(cell, Span) else 1
            body = cell.text if isinstance(cell, Span) else cell
            texts = (body,) if isinstance(body, (str, Full)) else (body or ())
            right = xs[col + span] - pad
            for k, t in enumerate(texts):
                x1 = right - t.short * size if isinstance(t, Full) else None
                lines.append(line(t.text if isinstance(t, Full) else t, xs[col] + pad, y + pad + k * pitch, size=size, x1=x1))
            height = max(height, len(texts) * pitch)
            col += span
            walls.append(xs[col])
        walls += xs[col + 1:]
        bottom = y + height + 2 * pad
        borders.append((y, bottom, walls))
        y = bottom
    return lines, ruled_rows(borders) if drawn else [], (xs[0] - 4, top - 4, xs[-1] + 4, y + 4)


def page(lines: Sequence[Line], *, kind: str = "overview", number: int = 1, rulings: Sequence[Ruling] = (),
         width: float = PAGE_W, height: float = PAGE_H, pictures: Sequence[Picture] = (),
         outlines: Sequence[Outline] = ()) -> CasePage:
    """A case page of `kind` whose body is `lines` (stamped with the page number), with
    its drawn edges, raster pictures and curved outlines."""
    stamped = [replace(ln, page=number) for ln in lines]
    layout = PageLayout(page=number, width=width, height=height, lines=list(stamped), rulings=list(rulings),
                        pictures=list(pictures), outlines=list(outlines))
    return CasePage(layout=layout, kind=kind, body=reading_order(stamped))


def case(*pages: CasePage, case_no: int = 1) -> CaseSlice:
    """A case made of the given pages, with a plain header and title."""
    header = CaseHeader(volume_no=3, volume="行政サービス", section_no=None, section=None, subsection=None,
                        labels=[], population_label=None, is_new=False)
    title = line(f"{case_no} 手続のオンライン化【テスト町】", 28.0, 40.0, size=16.0, bold=True,
                 page=pages[0].layout.page if pages else 1)
    return CaseSlice(case_no=case_no, title="手続のオンライン化", organization="テスト町", header=header,
                     pages=list(pages), title_line=title)
