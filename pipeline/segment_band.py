"""The case header band: the volume, section, labels and population a case page prints
in its band at the top, the band's second line, labels wrapping in their boxes, and the
running text round the band (above it, under it, beside the title) told from labels.

segment.py finds the band's line and the title and cuts the cases; this module reads
what the band says (parse_header) and, once every case is read, drops the running
headers the bands repeat (drop_running_below, note_beside_title).
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from . import settings
from .issues import IssueCode, RecordIssue
from .layout import Line, PageLayout, Ruling
from .ruleset import squash

VOLUME_HEADER = re.compile(r"[<＜〈]\s*(\d+)\s*[\.．]\s*([^>＞〉]+?)\s*[>＞〉]")
SECTION = re.compile(r"^([①-⑳])\s*(.+?)$")

# A printed page number: 12, - 12 -, 12 / 98, P.12 (the page's own number in group `n`).
PAGE_NUMBER = re.compile(r"^(?:[-‐－–—]?\s*(?P<n>\d{1,4})\s*[-‐－–—]?|(?P<of>\d{1,4})\s*/\s*\d{1,4}|P\.?\s*(?P<p>\d{1,4}))$", re.I)


def printed_page_number(text: str) -> int | None:
    """The page number a footer line prints, in any of PAGE_NUMBER's forms."""
    m = PAGE_NUMBER.match(text.strip())
    return int(m.group("n") or m.group("of") or m.group("p")) if m else None


CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def circled_number(ch: str) -> int:
    return CIRCLED.index(ch) + 1


@dataclass
class CaseHeader:
    volume_no: int
    volume: str
    section_no: int | None
    section: str | None
    subsection: str | None
    labels: list[str]
    population_label: str | None
    is_new: bool
    notes: list[RecordIssue] = field(default_factory=list)  # weak decisions reading the band, with their page
    # Labels read from under the band's lines (between the band and the title), each with
    # its note: dropped as a running header once segment sees them repeat (drop_running_below).
    below: dict[str, RecordIssue] = field(default_factory=dict)
    on_band: list[str] = field(default_factory=list)  # labels read on the band's own lines


class Furniture(Protocol):
    """The page furniture of a volume (segment.Margins): page numbers, running headers and footers."""

    def is_furniture(self, ln: Line) -> bool: ...


class BandCase(Protocol):
    """A case as the band's running texts are settled on it (segment.CaseSlice)."""

    header: CaseHeader
    notes: list[RecordIssue]


def mask_digits(text: str) -> str:
    """The text squashed, its numbers masked: a running text counted across pages."""
    return re.sub(r"\d+", "#", squash(text))


def above_band(ln: Line, header: Line) -> bool:
    """Wholly above the case header line: outside its band (labels, New and the
    population sit on the band's line), where a running header is printed."""
    return ln.bottom <= header.top + settings.layout().segment.edge_tolerance


def names_band(text: str, volume: str, section: str | None) -> bool:
    """The line names the volume or the section the case header band names: a running
    header repeating them (`自治体DX推進参考事例集【3.内部DX】`, `①オンライン行政サービス`)."""
    t = squash(text)
    return any(squash(name) in t for name in (volume, section) if name)


def band_second_line(header: Line, above: list[Line]) -> Line | None:
    """The second line of a header band set on two (the volume on the first, the section
    on the second): close under the header line, starting left of its end, opening with
    a section's circled number in the header's size."""
    rules = settings.layout().segment
    vm = VOLUME_HEADER.search(header.text)
    if vm is None or re.match(r"^\s*[①-⑳]", header.text[vm.end():]):
        return None  # the header line names its section itself
    for ln in sorted(above, key=lambda l: l.top):
        if (ln.top >= header.bottom - rules.edge_tolerance and ln.x0 < header.x1 and SECTION.match(ln.text.strip())
                and abs(ln.size - header.size) <= rules.title_wrap_size_tolerance
                and ln.top - header.bottom <= rules.band_line_gap * header.size):
            return ln
    return None


def band_foot(page: PageLayout, header: Line) -> float | None:
    """The foot of the case header band as drawn: the lowest end of the vertical edges left
    of the header line that reach over it (the band's filled rectangle's side), or None
    when no edge is drawn there. An edge as long as a good share of the page ([segment]
    band_side_share) frames the page, not the band: PowerPoint draws a slide's background
    as a rectangle the page's size, whose side reached over the header line and put the
    band's foot at the page's, every line of the page read as the band's."""
    longest = settings.layout().segment.band_side_share * page.height
    feet = [r.bottom for r in page.rulings if r.x0 == r.x1 and r.x0 <= header.x0
            and r.top <= header.top and r.bottom >= header.bottom and r.bottom - r.top < longest]
    return max(feet) if feet else None


def small_first_line(body: Sequence[Line], body_size: float) -> Line | None:
    """The body's topmost line when it stands alone on its band and is set smaller than
    the body text (by more than [segment] title_wrap_size_tolerance): a running header's
    form."""
    if not body:
        return None
    rules = settings.layout().segment
    top = min(body, key=lambda ln: ln.top)
    alone = sum(1 for ln in body if ln.top <= top.top + rules.edge_tolerance) == 1
    return top if alone and top.size < body_size - rules.title_wrap_size_tolerance else None


def under_band(body: Sequence[Line], volume: str, section: str | None, body_size: float) -> list[Line]:
    """The topmost line(s) of a page's body when they name the band's volume or section
    (names_band) set smaller than the body text (`body_size`, by more than [segment]
    title_wrap_size_tolerance): a running header printed under a band that holds the
    title. A question or a heading naming the volume's theme is set in the body's size."""
    if not body:
        return []
    rules = settings.layout().segment
    top = min(ln.top for ln in body)
    first = [ln for ln in body if ln.top <= top + rules.edge_tolerance]
    small = all(ln.size < body_size - rules.title_wrap_size_tolerance for ln in first)
    return first if small and all(names_band(ln.text, volume, section) for ln in first) else []


def _edge_between(upper: Line, lower: Line, rulings: list[Ruling]) -> bool:
    """A drawn horizontal edge between two lines, across both: two boxes, one over the other."""
    tol = settings.layout().segment.edge_tolerance
    return any(r.horizontal and upper.bottom - tol <= r.top <= lower.top + tol and r.x0 <= max(upper.x0, lower.x0)
               and r.x1 >= min(upper.x1, lower.x1) for r in rulings)


def _boxed(group: list[Line], rulings: list[Ruling]) -> bool:
    """A box drawn round the lines of a label: sides within [segment] label_box_gap ems
    left and right of them, reaching over all of them, closed by edges across them over
    the first line and under the last, within the sides' reach."""
    rules = settings.layout().segment
    tol, first, last = rules.edge_tolerance, group[0], group[-1]
    x0, x1, reach = min(l.x0 for l in group), max(l.x1 for l in group), rules.label_box_gap * first.size
    sides = [r for r in rulings if not r.horizontal and r.top <= first.top + tol and r.bottom >= last.bottom - tol]
    left = [r for r in sides if x0 - reach <= r.x0 <= x0 + tol]
    right = [r for r in sides if x1 - tol <= r.x0 <= x1 + reach]
    if not left or not right:
        return False
    top, bottom = min(r.top for r in left + right), max(r.bottom for r in left + right)
    across = [r for r in rulings if r.horizontal and r.x0 <= x0 + tol and r.x1 >= x1 - tol]
    return (any(top - tol <= r.top <= first.top + tol for r in across)
            and any(last.bottom - tol <= r.top <= bottom + tol for r in across))


def _opens_field(text: str) -> bool:
    """The line opens a field of the band (人口：…, 都道府県): a label of its own."""
    rules, t = settings.layout().segment, squash(text)
    return t in rules.whole_fields or any(re.match(rf"{re.escape(w)}[:：]", t) for w in rules.field_openers)


def _stacked(lines: list[Line], rulings: list[Ruling]) -> list[list[Line]]:
    """Lines set one under the other in one box joined, left to right: a label wrapping
    in its box (its lines overlap across, the same size, closer than
    [segment] label_wrap_gap ems, no drawn edge between them: two label boxes one over
    the other stay two labels). A line opening a field of the band (_opens_field) is
    never joined onto the line over it, nor a line onto a one-word field (都道府県)."""
    rules = settings.layout().segment
    groups: list[list[Line]] = []
    for ln in sorted(lines, key=lambda l: l.top):
        for g in [] if _opens_field(ln.text) else groups:
            last = g[-1]
            if (ln.x0 < last.x1 and ln.x1 > last.x0 and abs(ln.size - last.size) <= rules.title_wrap_size_tolerance
                    and -rules.edge_tolerance <= ln.top - last.bottom <= rules.label_wrap_gap * last.size
                    and not _edge_between(last, ln, rulings)
                    and squash("".join(l.text for l in g)) not in rules.whole_fields):
                g.append(ln)
                break
        else:
            groups.append([ln])
    return sorted(groups, key=lambda g: g[0].x0)


def parse_header(page: PageLayout, header: Line, title_top: float, margins: Furniture,
                 skip: Sequence[Line] = ()) -> CaseHeader:
    """The band's volume, section, labels and population from the lines over `title_top`
    (a title set in the band: the band's foot, with the title's lines `skip`ped)."""
    rules = settings.layout().segment
    above = [ln for ln in page.lines if ln.bottom <= title_top + rules.edge_tolerance and ln is not header
             and not any(ln is t for t in skip)]
    text = header.text
    second = band_second_line(header, above)
    if second is not None:  # the band's second line: the section under the volume
        above.remove(second)
        text = f"{text} {second.text}"
    band_bottom = (second or header).bottom
    is_new = bool(re.match(r"^\s*New\b", text, re.I)) or any(squash(ln.text).lower() == "new" for ln in above)
    m = VOLUME_HEADER.search(text)
    if m is None:
        raise ValueError(f"page {page.page}: the header band {text!r} names no volume")
    volume_no, volume = int(m.group(1)), squash(m.group(2))
    rest = text[m.end():].strip()
    labels: list[str] = []
    pop_label = None
    # The population label may have run into the header text when the gap is narrow.
    pm = re.search(r"(人口\s*[:：].*|都道府県)\s*$", rest)
    if pm:
        pop_label, rest = pm.group(1).strip(), rest[: pm.start()].strip()
    section_no = section = subsection = None
    sm = re.match(r"^([①-⑳])\s*([^●]+?)\s*(?:●\s*(.+))?$", rest)
    if sm:
        section_no, section = circled_number(sm.group(1)), sm.group(2).strip()
        subsection = sm.group(3).strip() if sm.group(3) else None
    notes: list[RecordIssue] = []
    below: dict[str, RecordIssue] = {}
    on_band: list[str] = []
    tol = rules.header_box_tolerance
    # A printed page number (PAGE_NUMBER's forms) on the band or by it is the page's, never
    # a label (labels are words): the band's own corner holds it when the foot does not.
    cands = [ln for ln in above if squash(ln.text).lower() != "new" and not margins.is_furniture(ln)
             and printed_page_number(ln.text) is None
             and not (ln.x0 < header.x1 and ln.x1 > header.x0 and ln.top >= header.top - tol and ln.bottom <= header.bottom + tol)]
    for group in _stacked(cands, page.rulings):
        first = group[0]
        t = "".join(ln.text.strip() for ln in group)
        if len(group) > 1 and not _boxed(group, page.rulings):
            notes.append(RecordIssue(IssueCode.WEAK_SIGNAL, f"{t!r}, joined from {len(group)} lines stacked in the case "
                                     "header band with no box drawn round them: they may be labels of their own",
                                     page=page.page))
        # Outside the band's lines: wholly above the header line, or wholly under the
        # band's last line (a strip between the band and the title).
        where = "above" if above_band(first, header) else "below" if first.top >= band_bottom - rules.edge_tolerance else None
        if where and names_band(t, volume, section):
            continue  # the running header: page furniture, not a label
        if re.match(r"^人口\s*[:：]", t) or t == "都道府県":
            pop_label = t
        elif t:
            labels.append(t)
            if where is None:
                on_band.append(t)
            else:
                notes.append(RecordIssue(IssueCode.WEAK_SIGNAL, f"{t!r}, {where} the case header band, read as a label: it "
                                         "may be a running header (it names neither the band's volume nor its section, "
                                         "and does not repeat on enough pages)", page=page.page))
                if where == "below":
                    below[t] = notes[-1]
    return CaseHeader(volume_no, volume, section_no, section, subsection, labels, pop_label, is_new, notes, below, on_band)


@dataclass
class BandRepeats:
    """What the volume's case bands print, counted page by page as segment reads them:
    the texts read as labels under a band (-> the cases they stand under), and the texts
    read as labels on a band's own lines."""

    under: dict[str, set[int]] = field(default_factory=dict)
    on_band: set[str] = field(default_factory=set)

    def add(self, case_no: int, header: CaseHeader) -> None:
        for t in header.below:
            self.under.setdefault(mask_digits(t), set()).add(case_no)
        self.on_band.update(mask_digits(t) for t in header.on_band)


def drop_running_below(cases: Sequence[BandCase], repeats: BandRepeats) -> None:
    """A text under the case band (between it and the title) repeated under the bands of
    [segment] running_min_cases cases at least, and of running_share of the volume's cases
    (cases, not pages: a label repeats on every page of its own case), and never read on a
    band's own lines, is a running header printed there, not a label (find_margins counts
    only the page's top and foot, which a band moved down by a strip above it leaves it out
    of). Its label goes, and its note says so instead: labels repeat across cases too, and
    a volume printing its labels in a strip under the band would lose its commonest."""
    rules = settings.layout().segment
    need = max(rules.running_min_cases, int(len(cases) * rules.running_share))
    for case in cases:
        for t, note in case.header.below.items():
            key = mask_digits(t)
            count = len(repeats.under.get(key, set()))
            if count < need or key in repeats.on_band:
                continue
            case.header.labels.remove(t)
            dropped = RecordIssue(IssueCode.WEAK_SIGNAL, f"{t!r}, under the case header band of {count} of the volume's "
                                  f"{len(cases)} cases and never on a band's line, left out of the labels as a running "
                                  "header: it may be a label", page=note.page)
            case.notes = [dropped if n is note else n for n in case.notes]


def note_beside_title(beside: Sequence[tuple[BandCase, Line]]) -> None:
    """Text printed beside a case title is left out of it: a running header when it
    repeats beside the titles of [segment] running_min_pages pages at least (or names the
    band's volume or section, dropped before); else the case says so, with the page."""
    pages: dict[str, set[int]] = {}
    for _, ln in beside:
        pages.setdefault(mask_digits(ln.text), set()).add(ln.page)
    need = settings.layout().segment.running_min_pages
    for case, ln in beside:
        if len(pages[mask_digits(ln.text)]) < need:
            case.notes.append(RecordIssue(IssueCode.WEAK_SIGNAL, f"{ln.text.strip()!r}, beside the title, left out of it: "
                                          "it may belong to the title or be a label", page=ln.page))
