"""The table model both table readers build: cells holding lines, rows of cells."""
from __future__ import annotations

from dataclasses import dataclass, field

from .. import settings
from ..geometry import BBox
from ..layout import Line
from .items import join_wrapped


@dataclass
class Cell:
    x0: float
    top: float
    x1: float
    bottom: float
    lines: list[Line] = field(default_factory=list)
    # True when no border or rule gives the cell's right edge (a table read from text
    # positions, its last column): x1 is then the box's edge, a bound, not the edge a
    # wrapped line ran to.
    open_right: bool = False

    @property
    def text(self) -> str:
        return join_wrapped(self.lines)


@dataclass
class Table:
    x0: float
    top: float
    x1: float
    bottom: float
    rows: list[list[Cell]]
    # True for a table recognised from text positions alone (no borders drawn): a guess.
    from_text_positions: bool = False
    # True for a table drawn with rules between its rows only: its rows are the rules',
    # its columns read from where the runs start (text positions), a guess as well.
    columns_from_text_positions: bool = False

    def line_ids(self) -> set[int]:
        """The ids of the lines its cells hold."""
        return {id(ln) for row in self.rows for c in row for ln in c.lines}

    def contains(self, ln: Line) -> bool:
        """The line's middle lies in the table, give or take [ruled_tables] cell_tolerance."""
        tol = settings.layout().ruled_tables.cell_tolerance
        return BBox(self.x0, self.top, self.x1, self.bottom).contains_point((ln.x0 + ln.x1) / 2, ln.ymid, tol)


def table_rows_as_items(t: Table) -> list[str]:
    """One item per row, cells joined with " | " (the contract's rule for tables in text)."""
    out = []
    for row in t.rows:
        cells = [c.text for c in row]
        if any(cells):
            out.append(" | ".join(cells))
    return out
