"""Drawn graphics other than rules: raster images' boxes (`Picture`) and closed paths
drawn other than as rectangles (`Outline`: ovals, chevrons, rounded boxes), as the
layout stage keeps them in `PageLayout` (pipeline/linebuild.py) for the figure reader
(pipeline/sections/figures.py).

Pure, like linebuild: points and boxes in, dataclasses out, in PDF points from the
page's top-left corner. Part of the layout cache's fingerprint (pipeline/cache.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

from .geometry import BBox
from .settings import Rulings

__all__ = ["Outline", "Picture", "outlines_from_paths", "pictures_from_boxes", "slant_reach"]


@dataclass(frozen=True)
class Picture:
    """A raster image placed on the page (a screenshot, a photo, a logo): where it is
    shown, not what it holds. No text is read from it; text laid over it is text of the
    page like any other."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def bbox(self) -> BBox:
        return BBox(self.x0, self.top, self.x1, self.bottom)


@dataclass(frozen=True)
class Outline:
    """A closed path drawn other than as a rectangle (pdfplumber's curves: an oval, a
    chevron, a rounded box): its box, and how far its longest run of slanted sides
    (neither horizontal nor vertical: `slant_reach`) reaches across it, the larger of
    its width and height as shares of the box's (an oval is slanted all round: 1; a
    chevron's tip runs from its top to its bottom: 1; a rounded box's corner reaches its
    radius; a rectangle has no slanted side: 0)."""

    x0: float
    top: float
    x1: float
    bottom: float
    slant_reach: float  # share 0-1 of the box

    @property
    def bbox(self) -> BBox:
        return BBox(self.x0, self.top, self.x1, self.bottom)



def pictures_from_boxes(boxes: Iterable[tuple[float, float, float, float]], width: float, height: float) -> list[Picture]:
    """Images' boxes (x0, top, x1, bottom) as pictures, cut to the page; one wholly off
    the page (a bleed, an author's leftover) is none."""
    out = []
    for x0, top, x1, bottom in boxes:
        x0, top, x1, bottom = max(0.0, x0), max(0.0, top), min(width, x1), min(height, bottom)
        if x1 > x0 and bottom > top:
            out.append(Picture(round(x0, 1), round(top, 1), round(x1, 1), round(bottom, 1)))
    return out


def slant_reach(pts: list[tuple[float, float]], w: float, h: float, rules: Rulings) -> float:
    """How far the longest run of slanted segments of a closed path reaches across its
    box (w x h): the larger of the run's width and height as shares of the box's. A
    segment is straight when it runs along an axis (within [rulings] axis_tolerance pt)
    for curve_chord_length pt or more; a shorter one is a piece of a flattened curve
    (Chromium and LibreOffice write an oval as dozens of short chords), slanted whatever
    its direction."""
    segments = list(zip(pts, pts[1:]))

    def straight(a: tuple[float, float], b: tuple[float, float]) -> bool:
        dx, dy = abs(b[0] - a[0]), abs(b[1] - a[1])
        return (dx <= rules.axis_tolerance or dy <= rules.axis_tolerance) and max(dx, dy) >= rules.curve_chord_length

    if all(not straight(a, b) for a, b in segments):
        return 1.0
    # Start the walk after a straight segment so that a run crossing the path's start is one.
    k = next(i for i, (a, b) in enumerate(segments) if straight(a, b))
    best = 0.0
    run: list[tuple[float, float]] = []
    for a, b in segments[k + 1:] + segments[:k + 1]:
        if straight(a, b):
            run = []
            continue
        run += [a, b]
        rx, ry = [x for x, _ in run], [y for _, y in run]
        best = max(best, (max(rx) - min(rx)) / w, (max(ry) - min(ry)) / h)
    return min(best, 1.0)


def outlines_from_paths(paths: Iterable[Sequence[tuple[float, float]]], rules: Rulings) -> list[Outline]:
    """Paths' points (x, top) as outlines: the closed ones (of [rulings]
    closed_path_min_points points or more, the last within path_closure pt of the
    first); an open path (a bent connector) gives its edges to the rulings only."""
    out = []
    close = rules.path_closure
    for pts in paths:
        if len(pts) < rules.closed_path_min_points or abs(pts[0][0] - pts[-1][0]) > close \
                or abs(pts[0][1] - pts[-1][1]) > close:
            continue
        xs, ys = [x for x, _ in pts], [y for _, y in pts]
        w, h = max(xs) - min(xs), max(ys) - min(ys)
        if w <= 0 or h <= 0:
            continue
        reach = slant_reach(list(pts), w, h, rules)
        out.append(Outline(round(min(xs), 1), round(min(ys), 1), round(max(xs), 1), round(max(ys), 1), round(reach, 3)))
    return out
