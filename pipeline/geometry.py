"""Plane geometry of the page, written once: boxes, bands, columns, clustering, reading
order and collinear segment merging.

Coordinates are pdfplumber's: x from the left, `top`/`bottom` from the top of the page,
in PDF points. Every tolerance is an argument: the callers' tolerances differ on purpose
(an em share for text, points for drawn rules) and live in pipeline/rules/layout.toml.

Nothing here imports pdfplumber or the pipeline's other modules; the functions take
anything with the attributes they read (`Boxed`, `Sized`), so layout lines, rulings,
cells and regions share them. No object is made per glyph by this module.
"""
from __future__ import annotations

from typing import Callable, Iterable, NamedTuple, Protocol, Sequence, TypeVar


class Boxed(Protocol):
    @property
    def x0(self) -> float: ...
    @property
    def top(self) -> float: ...
    @property
    def x1(self) -> float: ...
    @property
    def bottom(self) -> float: ...


class Sized(Boxed, Protocol):
    """A box of text with its font size (the em the text tolerances are measured in)."""

    @property
    def size(self) -> float: ...


class BBox(NamedTuple):
    """An axis-aligned box (x0, top, x1, bottom). A tuple, so it serializes as the
    four numbers the contract's provenance has always written."""

    x0: float
    top: float
    x1: float
    bottom: float

    @classmethod
    def of(cls, obj: Boxed) -> BBox:
        return cls(obj.x0, obj.top, obj.x1, obj.bottom)

    @classmethod
    def around(cls, objs: Iterable[Boxed]) -> BBox:
        """The smallest box holding every one of `objs` (at least one)."""
        items = list(objs)
        if not items:
            raise ValueError("no boxes to enclose")
        return cls(min(o.x0 for o in items), min(o.top for o in items),
                   max(o.x1 for o in items), max(o.bottom for o in items))

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def xmid(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def ymid(self) -> float:
        return (self.top + self.bottom) / 2

    def union(self, other: Boxed) -> BBox:
        return BBox(min(self.x0, other.x0), min(self.top, other.top), max(self.x1, other.x1),
                    max(self.bottom, other.bottom))

    def rounded(self, ndigits: int = 1) -> BBox:
        return BBox(round(self.x0, ndigits), round(self.top, ndigits), round(self.x1, ndigits),
                    round(self.bottom, ndigits))

    def contains_point(self, x: float, y: float, tol: float = 0.0) -> bool:
        """(x, y) inside, edges included, the box grown by `tol` on every side."""
        return self.x0 - tol <= x <= self.x1 + tol and self.top - tol <= y <= self.bottom + tol

    def contains(self, other: Boxed, tol: float = 0.0) -> bool:
        """`other` lies wholly inside the box grown by `tol` on every side."""
        return (other.x0 >= self.x0 - tol and other.x1 <= self.x1 + tol
                and other.top >= self.top - tol and other.bottom <= self.bottom + tol)

    def overlaps(self, other: Boxed, tol: float = 0.0) -> bool:
        """The boxes share area (or come within `tol` of each other)."""
        return (other.x0 < self.x1 + tol and other.x1 > self.x0 - tol
                and other.top < self.bottom + tol and other.bottom > self.top - tol)


def ymid(obj: Boxed) -> float:
    return (obj.top + obj.bottom) / 2


# --- clustering -------------------------------------------------------------------------


def cluster_values(values: Iterable[float], tol: float) -> list[float]:
    """Sorted values, each one more than `tol` past the last one kept: the first of
    each cluster stands for it (anchored on the kept value, as pdfplumber's
    `cluster_list` chains on the last value: here a drift of many small steps keeps
    starting new clusters instead of melting into one)."""
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tol:
            out.append(v)
    return out


T = TypeVar("T", bound=Sized)


def bands(items: Iterable[T], share: float, min_size: float = 1.0) -> list[list[T]]:
    """Group boxes whose vertical middles agree, top to bottom, anchored on each band's
    first box (its middle and its size): an item joins the band when its middle lies at
    most `share` of the anchor's size (floored at `min_size`) below the anchor's.

    Anchoring, not chaining: two columns whose baselines differ by a few points do not
    melt into a staircase. Items within a band keep their sort order (by middle, then x0).
    """
    out: list[list[T]] = []
    anchor_mid = 0.0
    reach = 0.0
    for it in sorted(items, key=lambda o: ((o.top + o.bottom) / 2, o.x0)):
        mid = (it.top + it.bottom) / 2
        if out and mid - anchor_mid <= reach:
            out[-1].append(it)
            continue
        out.append([it])
        anchor_mid = mid
        reach = share * max(it.size, min_size)
    return out


def reading_order(items: Iterable[T], share: float, min_size: float = 1.0) -> list[T]:
    """Top to bottom by band (`bands`), left to right within each band."""
    ordered: list[T] = []
    for band in bands(items, share, min_size):
        ordered.extend(sorted(band, key=lambda o: o.x0))
    return ordered


def same_band(a: Sized, b: Sized, share: float) -> bool:
    """Two boxes of text on one baseline: middles closer than `share` of the larger em."""
    return abs((a.top + a.bottom) / 2 - (b.top + b.bottom) / 2) < share * max(a.size, b.size)


def column_of(x: float, bounds: Sequence[float]) -> int:
    """The index of the column [bounds[i], bounds[i+1]) holding x (the last one at most)."""
    return max((i for i, b in enumerate(bounds[:-1]) if b <= x), default=0)


# --- drawn segments -----------------------------------------------------------------------

# (position across the line, start, end, far edge across the line) of a segment
Segment = tuple[float, float, float, float]


def merge_collinear_segments(segs: Iterable[Segment], across: float, gap: float) -> list[Segment]:
    """One segment per drawn line: segments whose positions across their direction lie
    within `across` of the first of their line, and that touch or overlap end to end
    (within `gap`), become one, from the smallest position of its segments to their
    farthest edge."""
    lines: list[list[Segment]] = []
    for s in sorted(segs):
        if lines and s[0] - lines[-1][0][0] <= across:
            lines[-1].append(s)
        else:
            lines.append([s])
    out: list[Segment] = []
    for line in lines:
        # Position and thickness per merged span, from its own segments: a short rule
        # elsewhere on the line (a header badge's edge above a table's border) must not
        # move the border off the edge the table's other rules draw.
        spans: list[list[float]] = []
        for pos, a, b, far in sorted(line, key=lambda s: s[1]):
            if spans and a <= spans[-1][2] + gap:
                spans[-1][0] = min(spans[-1][0], pos)
                spans[-1][2] = max(spans[-1][2], b)
                spans[-1][3] = max(spans[-1][3], far)
            else:
                spans.append([pos, a, b, far])
        out += [(pos, a, b, far) for pos, a, b, far in spans]
    return out
