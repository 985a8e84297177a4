"""Provenance per value: where each cost amount, schedule step and department field was
printed, for the review site's boxes (one box per value, not per section).

The section parsers hand over a region's lines and the values they read from it; a
value is found again among those lines by its printed text (spaces ignored). A value not
found gets no box: the review site then shows it without one. Nothing here changes a
value.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from typing import Protocol

from . import settings
from .geometry import BBox
from .layout import Line
from .models import Cost, Provenance, Schedule

_WHITE = re.compile(r"\s+")
_NOT_DIGIT = re.compile(r"[^0-9]")


def _squash(text: str) -> str:
    return _WHITE.sub("", unicodedata.normalize("NFKC", text)).lower()


def boxes(field: str, lines: list[Line]) -> list[Provenance]:
    """One Provenance per page for the union of lines (what assemble does per section)."""
    by_page: dict[int, list[Line]] = {}
    for ln in lines:
        by_page.setdefault(ln.page, []).append(ln)
    return [
        Provenance(field=field, page=p, bbox=BBox.around(ls))
        for p, ls in sorted(by_page.items())
    ]


def _span(ln: Line, start: int, end: int, n: int) -> Line:
    """The part of a line holding characters start..end of its n (spaces left out),
    measured in proportion: a line's glyphs are of one size, close to evenly spaced."""
    if n <= 0 or (start == 0 and end >= n):
        return ln
    width = ln.x1 - ln.x0
    return replace(ln, x0=ln.x0 + width * start / n, x1=ln.x0 + width * end / n)


def _find(lines: list[Line], text: str | None, used: set[int], *, digits: bool = False, prefix: int = 0) -> Line | None:
    """The printed text's part of the first unused line (reading order) that holds it: the
    whole text, or with ``prefix`` its first characters (a text that wraps), or with
    ``digits`` its digits (a phone number printed with brackets or spaces)."""
    if not text:
        return None
    clean = (lambda t: _NOT_DIGIT.sub("", t)) if digits else _squash
    want = clean(text)
    if prefix and len(want) > prefix:
        want = want[:prefix]
    if not want:
        return None
    for i, ln in enumerate(lines):
        have = clean(ln.text)
        at = have.find(want)
        if i not in used and at >= 0:
            used.add(i)
            end = min(len(have), at + len(clean(text)))
            if digits:  # back to positions among all the line's characters
                squashed = _squash(ln.text)
                where = [k for k, c in enumerate(squashed) if c.isdigit()]
                return _span(ln, where[at], where[end - 1] + 1, len(squashed))
            return _span(ln, at, end, len(have))
    return None


def _same_row(lines: list[Line], anchor: Line) -> list[Line]:
    """The anchor and the lines beside it on its row (an item and its amount in two cells)."""
    # Tops within the anchor's em, not geometry.same_band (middles, the larger em): the
    # boxes the review site shows were measured this way; same_band would change them.
    share = settings.layout().value_provenance.row_share
    return [ln for ln in lines if ln.page == anchor.page and abs(ln.top - anchor.top) < share * anchor.size]


def _ordered(lines: list[Line]) -> list[Line]:
    return sorted(lines, key=lambda ln: (ln.page, ln.top, ln.x0))


def cost_boxes(cost: Cost | None, lines: list[Line]) -> list[Provenance]:
    if cost is None:
        return []
    lines, out = _ordered(lines), []
    used: set[int] = set()
    for kind in ("initial", "running"):
        item = getattr(cost, kind)
        # '約160,000千円' may be printed as two runs ('約' and '160,000千円').
        ln = _find(lines, item.text, used) or _find(lines, item.text, used, digits=True)
        if ln is not None:
            out += boxes(f"cost.{kind}", [ln])
        for i, b in enumerate(item.breakdown):
            name = _find(lines, b.item, used, prefix=settings.layout().value_provenance.breakdown_item_prefix)
            if name is None:
                continue
            row = [x for x in _same_row(lines, name) if x is not name]
            amount = next((x for x in row if b.text and _squash(b.text) in _squash(x.text)), None)
            out += boxes(f"cost.{kind}.breakdown[{i}]", [name] + ([amount] if amount is not None else []))
    return out


def schedule_boxes(schedule: Schedule | None, lines: list[Line]) -> list[Provenance]:
    """A step's box runs from its first printed line down to the next step's: a step's
    `what` may wrap over several lines."""
    if schedule is None:
        return []
    lines, rules = _ordered(lines), settings.layout().value_provenance
    used: set[int] = set()
    anchors: list[tuple[int, Line]] = []
    for i, st in enumerate(schedule.steps):
        found = [x for x in (_find(lines, st.when, used), _find(lines, st.what, used, prefix=rules.wrapped_text_prefix)) if x is not None]
        if found:
            anchors.append((i, min(found, key=lambda x: (x.page, x.top))))
    out = []
    for n, (i, anchor) in enumerate(anchors):
        nxt = anchors[n + 1][1] if n + 1 < len(anchors) else None
        start = (anchor.page, anchor.top - rules.step_lead * anchor.size)
        end = (nxt.page, nxt.top - rules.step_lead * nxt.size) if nxt is not None else None
        member = [ln for ln in lines if (ln.page, ln.top) >= start and (end is None or (ln.page, ln.top) < end)]
        if nxt is None:  # the last step: its own row and what wraps below it, not the lines after the table
            member = [ln for ln in member if ln.top - anchor.top < rules.last_step_depth * anchor.size]
        out += boxes(f"schedule.steps[{i}]", member)
    return out


class _Contact(Protocol):
    """What department_boxes reads: the contact parser's result and the record's Department both fit."""

    @property
    def name(self) -> str | None: ...
    @property
    def phone(self) -> str | None: ...
    @property
    def email(self) -> str | None: ...


def department_boxes(department: _Contact | None, lines: list[Line], prefix: str = "department") -> list[Provenance]:
    """department: anything with name, phone and email (the contact parser's result)."""
    if department is None:
        return []
    lines, out = _ordered(lines), []
    for name in ("name", "phone", "email"):
        value = getattr(department, name)
        # Name, phone and email may share one printed line: each looks at every line.
        ln = _find(lines, value, set(), digits=name == "phone", prefix=settings.layout().value_provenance.wrapped_text_prefix if name == "name" else 0)
        if ln is not None:
            out += boxes(f"{prefix}.{name}", [ln])
    return out
