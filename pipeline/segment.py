"""Segment stage: classify pages and group case pages into cases.

Volume-level facts (edition, publication date, the TOC's areas, sections and
population marks) come from the cover and table of contents; case-level
taxonomy from each case page's header band (read in segment_band.py) and title.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .issues import IssueCode, LedgerKind, PageEntry, PageKind, RecordIssue
from . import settings
from .layout import Line, PageLayout, reading_order
from .normalize import NormalizeError, parse_japanese_date
from .ruleset import heading_key, layout_rules, squash
from .segment_band import (PAGE_NUMBER, SECTION, VOLUME_HEADER, BandRepeats, CaseHeader, above_band, band_foot,
                           band_second_line, circled_number, drop_running_below, mask_digits, names_band,
                           note_beside_title, parse_header, printed_page_number, small_first_line, under_band)
from .segment_margin import drop_running_atop, vertical_columns

# The kind of a case page from the section headings on it (None: they do not tell). The
# sections know which headings mark which page (sections.registry.classify_by_headings);
# the job hands that in, since the section parsers sit above this stage.
HeadingClassifier = Callable[[list[Line]], "PageKind | None"]

TITLE = re.compile(r"^(\d+)\s*(.+?)\s*【([^【】]+)】\s*$")
EDITION = re.compile(r"【\s*第\s*([0-9.]+)\s*版\s*】")
COVER_VOLUME = re.compile(r"【\s*(\d+)\s*[\.．]\s*([^】]+?)\s*】")
# A contents row: number, title, 【organisation】, population marks, … page. The number
# and the title may be set solid (no space glyph, or a gap the line builder closes).
# The leader run between a contents row's title and its page number.
LEADERS = "…‥・.．"
TOC_ENTRY = re.compile(rf"^(\d+)\s*(\S.*?)\s*【([^【】]+)】\s*((?:[①-⑳]\s*)*)\s*[{LEADERS}\s]*\s*(\d+)?\s*$")
@dataclass
class TocEntry:
    case_no: int
    title: str
    organization: str
    area: str | None
    section_no: int | None
    section: str | None
    subsection: str | None
    population_mark: str | None


@dataclass
class VolumeFacts:
    edition: str | None = None
    published: dt.date | None = None
    volume_no: int | None = None
    volume: str | None = None
    toc: dict[int, TocEntry] = field(default_factory=dict)
    section_areas: dict[int, str] = field(default_factory=dict)
    section_names: dict[int, str] = field(default_factory=dict)


@dataclass
class CasePage:
    layout: PageLayout
    kind: PageKind
    body: list[Line]  # below the title, without page furniture, in reading order


@dataclass
class CaseSlice:
    case_no: int
    title: str
    organization: str
    header: CaseHeader
    pages: list[CasePage]
    title_line: Line
    notes: list[RecordIssue] = field(default_factory=list)  # weak decisions made while segmenting, with their page

    @property
    def warnings(self) -> list[str]:
        return [n.render() for n in self.notes]

    def lines(self, *kinds: PageKind) -> list[Line]:
        return [ln for p in self.pages if not kinds or p.kind in kinds for ln in p.body]


@dataclass
class Segmentation:
    facts: VolumeFacts
    cases: list[CaseSlice]
    ledger: dict[int, PageEntry]  # page -> cover/toc/guide/unknown, or a case's part
    problems: list[str]


# --- helpers ------------------------------------------------------------------------


def band_texts(lines: list[Line]) -> list[tuple[str, list[Line]]]:
    """Lines that share a band joined with spaces (TOC rows, header bands)."""
    out: list[tuple[str, list[Line]]] = []
    share, min_size = settings.layout().segment.band_share, settings.layout_stage().lines.min_size
    for ln in reading_order(lines):
        if out and abs(ln.ymid - out[-1][1][0].ymid) <= share * max(out[-1][1][0].size, min_size):
            out[-1][1].append(ln)
        else:
            out.append(("", [ln]))
    return [(" ".join(l.text for l in group), group) for _, group in out]


def body_size(*pages: PageLayout) -> float:
    """The median character size over the given pages."""
    # Counted per size, not listed per character: called for every page and case, and a
    # page holds about a thousand characters in a handful of sizes.
    chars: dict[float, int] = {}
    for page in pages:
        for ln in page.lines:
            chars[ln.size] = chars.get(ln.size, 0) + max(1, len(ln.text))
    rank = sum(chars.values()) // 2  # the index the sorted list of every character's size would have
    for size in sorted(chars):
        rank -= chars[size]
        if rank < 0:
            return size
    return settings.layout().segment.default_body_size


@dataclass(frozen=True)
class Margins:
    """The document's text extent: margins are measured against it, not the page box,
    because other page sizes centre and scale the same slide."""

    top: float
    bottom: float
    running: frozenset[str] = frozenset()  # texts repeated in the margins (running headers/footers)

    def in_footer(self, ln: Line) -> bool:
        return ln.top >= self.top + (self.bottom - self.top) * settings.layout().page.footer_band

    def in_header(self, ln: Line) -> bool:
        return ln.bottom <= self.top + (self.bottom - self.top) * settings.layout().page.header_band

    def is_furniture(self, ln: Line) -> bool:
        if not (self.in_footer(ln) or self.in_header(ln)):
            return False
        return bool(PAGE_NUMBER.match(ln.text.strip())) or mask_digits(ln.text) in self.running


def usual_pages(pages: list[PageLayout]) -> list[PageLayout]:
    """The pages whose box is the volume's usual size (within [page] extent_size_tolerance
    of the median width and height); all of them when none has a usable box."""
    boxed = [p for p in pages if p.width > 0 and p.height > 0]
    if not boxed:
        return pages
    ws, hs = sorted(p.width for p in boxed), sorted(p.height for p in boxed)
    mw, mh = ws[len(ws) // 2], hs[len(hs) // 2]
    tol = settings.layout().page.extent_size_tolerance
    return [p for p in boxed if abs(p.width - mw) <= tol * mw and abs(p.height - mh) <= tol * mh]


def find_margins(pages: list[PageLayout]) -> Margins:
    # Measured on the pages of the usual size only, and the text inside its page's box
    # (a damaged box can put a page's text far off it): one bad page must not skew it for all.
    lines = [ln for p in usual_pages(pages) for ln in p.lines if 0 <= ln.ymid <= p.height]
    if not lines:
        return Margins(0, 1)  # no text at all: any extent will do
    m = Margins(min(ln.top for ln in lines), max(ln.bottom for ln in lines))
    seen: dict[str, set[int]] = {}
    rules = settings.layout().segment
    for p in pages:
        header = header_line(p, m)
        # A band of two lines (the section under the volume) reaches down to its second.
        second = band_second_line(header, p.lines) if header is not None else None
        band_bottom = (second or header).bottom if header is not None else 0.0
        for ln in p.lines:
            # The case header band (volume, section, labels, population) repeats on every
            # page of a case by design; it is read, never dropped as furniture. A line
            # wholly above the band's line is not in it: a running header's place.
            if header is not None and ln.top <= band_bottom + rules.header_band_gap * header.size \
                    and not above_band(ln, header):
                continue
            if (m.in_footer(ln) or m.in_header(ln)) and not heading_key(ln.text):
                seen.setdefault(mask_digits(ln.text), set()).add(p.page)
    need = max(rules.running_min_pages, int(len(pages) * rules.running_share))
    running = frozenset(t for t, ps in seen.items() if len(ps) >= need and not VOLUME_HEADER.search(t))
    return Margins(m.top, m.bottom, running)


def _within(page: PageLayout, extent: Margins | None, share: float) -> float:
    """The depth `share` of the way down the document's text extent (the page, when
    unknown): a slide shrunk onto a larger page keeps its header band in its own top."""
    if extent is None:
        return page.height * share
    return extent.top + share * (extent.bottom - extent.top)


def header_line(page: PageLayout, extent: Margins | None = None) -> Line | None:
    limit = _within(page, extent, settings.layout().segment.header_search_depth)
    for ln in page.lines:
        if ln.top < limit and VOLUME_HEADER.search(ln.text):
            return ln
    return None


@dataclass
class TitleFound:
    text: str
    lines: list[Line]
    in_toc: bool  # matched an entry of the table of contents; else read from its form and size
    beside: list[Line] = field(default_factory=list)  # lines set on a title line's band, right of it
    in_band: bool = False  # set inside the case header band, right of its header line (band_title)


def _beside(ln: Line, title_line: Line) -> bool:
    """On the band of a title line, wholly right of it, in another size: a running header
    or a mark printed beside the title (the title wraps short of it), never a piece of it
    (pieces of the title in its size, letter-spaced or set in runs, stay the title's)."""
    return (ln.top < title_line.bottom and ln.bottom > title_line.top and ln.x0 >= title_line.x1
            and abs(ln.size - title_line.size) > settings.layout().segment.title_wrap_size_tolerance)


def _wrapped(first: Line, below: list[Line]) -> tuple[str, list[Line], list[Line]]:
    """A title and the lines it wraps onto: the same size, close under it, until its
    【organisation】 closes; and the lines beside it, passed over."""
    group, text, beside = [first], first.text, []
    rules = settings.layout().segment
    for ln in below:
        if "】" in text and TITLE.match(text):
            break
        if any(_beside(ln, t) for t in group):
            beside.append(ln)
            continue
        if (abs(ln.size - first.size) > rules.title_wrap_size_tolerance
                or ln.top - group[-1].bottom > first.size * rules.title_wrap_gap):
            break
        group.append(ln)
        text += ln.text
    return text, group, beside


def _in_toc(text: str, toc: dict[int, TocEntry]) -> bool:
    m = re.match(r"^(\d+)", text.strip())
    entry = toc.get(int(m.group(1))) if m else None
    return entry is not None and squash(text).startswith(squash(f"{entry.case_no}{entry.title}【{entry.organization}】"))


def find_title(page: PageLayout, below: float, document_body: float, extent: Margins | None = None,
           toc: dict[int, TocEntry] | None = None) -> TitleFound | None:
    """The case title: the first line under the header band that names a case of the
    table of contents (number, title, organisation), whatever its size; or, for a case
    the contents do not list, a `N title【org】` line clearly larger than the body text of
    the page (of the document, when the page has little text besides its title: an
    overview drawn as a picture). A size ratio alone never makes a title: titles are
    shrunk to fit their line, down to little above the body size."""
    clear = min(body_size(page), document_body) * settings.layout().page.title_min_ratio
    rules = settings.layout().segment
    cands = [ln for ln in page.lines
             if ln.top >= below - rules.edge_tolerance and ln.top < _within(page, extent, rules.title_search_depth)]
    for i, first in enumerate(cands):
        if not re.match(r"^\d+\s*\S", first.text):
            continue
        text, group, beside = _wrapped(first, cands[i + 1:])
        if toc and _in_toc(text, toc):
            return TitleFound(text, group, True, beside)
        if first.size >= clear and TITLE.match(text):
            return TitleFound(text, group, False, beside)
    return None


def band_title(page: PageLayout, header: Line, document_body: float, toc: dict[int, TocEntry] | None = None) -> TitleFound | None:
    """The case title set inside the header band, right of its header line (volume and
    section): a line starting right of the header line's end, its top above the band's
    drawn foot (the header line's, when no edge is drawn), and the lines it wraps onto in its column
    (starting where it starts, [segment] band_title_column; the band's labels, further
    right, are not the title's). Read as find_title reads one: naming a case of the
    contents, or in the `N title【org】` form clearly larger than the body text."""
    rules = settings.layout().segment
    clear = min(body_size(page), document_body) * settings.layout().page.title_min_ratio
    foot = band_foot(page, header) or header.bottom  # the band as drawn; without its edges, the header line
    starts = [ln for ln in page.lines if ln is not header and ln.x0 >= header.x1 - rules.edge_tolerance
              and ln.top < foot and re.match(r"^\d+\s*\S", ln.text)]
    for first in starts:
        column = sorted((ln for ln in page.lines if ln.top > first.top
                         and abs(ln.x0 - first.x0) <= rules.band_title_column * first.size), key=lambda l: l.top)
        text, group, beside = _wrapped(first, column)
        if toc and _in_toc(text, toc):
            return TitleFound(text, group, True, beside, in_band=True)
        if first.size >= clear and TITLE.match(text):
            return TitleFound(text, group, False, beside, in_band=True)
    return None


def _first_sentence(body: list[Line], first: Line) -> str:
    """The page's text from `first` (in reading order) to its first sentence end: a
    question wrapped over two lines (`…について教` / `えてください。`) ends on the second."""
    ends = tuple(settings.layout().items.sentence_ends)
    text = ""
    for ln in body[body.index(first):]:
        text += ln.text.strip()
        if text.endswith(ends):
            break
    return text


def _page_kind_and_signal(body: list[Line], by_headings: HeadingClassifier) -> tuple[PageKind | None, bool]:
    """The page's kind, and whether a weak signal decided it (questions told from their
    endings alone: no bold question, no 【参考情報】)."""
    kind = by_headings(body)
    if kind is not None:
        return kind, False
    rules = layout_rules()["interview"]
    for ln in body:
        t = ln.text.strip()
        if ln.bold and t.endswith(tuple(rules["question_endings"])):
            return PageKind.INTERVIEW, False
        if any(t.startswith(r) for r in rules["reference"]):
            return PageKind.INTERVIEW, False
    # A producer whose bold cannot be told (a bold face under a plain name): questions
    # still read as questions, and an interview page asks several.
    strong = tuple(rules["strong_question_endings"])
    asked = sum(1 for ln in body if ln.text.strip().endswith(strong))
    # A page that opens with a question starts the interview, however few it asks: read
    # as the continuation of the box left open on the page before, the question and its
    # answer would run into that box (tests/docgen/TRIAGE.md F7).
    first = min(body, key=lambda ln: (ln.top, ln.x0), default=None)
    opens_asking = first is not None and _first_sentence(body, first).endswith(strong)
    return (PageKind.INTERVIEW, True) if asked >= rules["min_strong_questions"] or opens_asking else (None, False)


# --- cover and table of contents ---------------------------------------------------


def read_cover(page: PageLayout, facts: VolumeFacts) -> bool:
    text = "\n".join(ln.text for ln in page.lines)
    m = EDITION.search(squash(text))
    if not m:
        return False
    facts.edition = m.group(1)
    for ln in page.lines:
        vm = COVER_VOLUME.search(ln.text)
        if vm and "版" not in vm.group(2):
            facts.volume_no, facts.volume = int(vm.group(1)), squash(vm.group(2))
        if facts.published is None and re.search(r"(令和|平成|R|H)\s*[0-9元]+\s*年.*月.*日|\d{4}\s*年.*月.*日", ln.text):
            try:
                facts.published = parse_japanese_date(ln.text)
            except NormalizeError:
                pass
    return True


def is_toc(page: PageLayout) -> bool:
    depth = settings.layout().segment.toc_search_depth
    return any("目次" in squash(ln.text) for ln in page.lines if ln.top < page.height * depth)


def is_guide(page: PageLayout) -> bool:
    text = squash(" ".join(ln.text for ln in page.lines[:settings.layout().segment.guide_first_lines]))
    return "構成" in text and ("事例集" in text or "以下のページ" in text)


LEGEND = re.compile(r"^(?:[①-⑳]+|無し)\s*[:：]")


def _row_goes_on(group: list[Line], row: list[Line]) -> bool:
    """A band of the contents continuing the row above it (its title wrapping): close
    under it, as a title wraps ([segment] title_wrap_gap), and starting at or right of
    where the row starts (a title goes on under itself)."""
    rules = settings.layout().segment
    first, start = min(group, key=lambda l: l.x0), min(row, key=lambda l: l.x0)
    return (first.x0 >= start.x0 - rules.edge_tolerance
            and first.top - max(l.bottom for l in row) <= rules.title_wrap_gap * start.size)


def _row_continuation(group: list[Line]) -> str:
    """A contents row's second line: its title's rest, without the page number (a line
    of its own, at the right end) and the leader before it."""
    text = "".join(ln.text.strip() for ln in sorted(group, key=lambda l: l.x0) if printed_page_number(ln.text.strip(" " + LEADERS)) is None)
    return re.sub(r"\s*[…‥]+\s*\d*\s*$", "", text)


def _org_open(group: list[Line]) -> Line | None:
    """The line of a contents band that opens an 【organisation】 and does not close it
    (the name wraps in its column, going on under itself)."""
    for ln in group:
        at = ln.text.rfind("【")
        if at >= 0 and "】" not in ln.text[at:]:
            return ln
    return None


@dataclass
class _OpenRow:
    """A contents row whose 【organisation】 goes on on the bands under it: its first band,
    the line the name opens on, and the bands read under it so far."""

    first: list[Line]
    org: Line
    more: list[list[Line]] = field(default_factory=list)

    def text(self) -> str:
        """The row as one line: title, organisation and what stands right of it. Under the
        first band, a line starting left of the organisation's column goes on the title,
        one in it on the organisation; a page number is left out."""
        tol = settings.layout().segment.edge_tolerance
        first = sorted(self.first, key=lambda l: l.x0)
        title = " ".join(ln.text.strip() for ln in first if ln.x1 <= self.org.x0 + tol and ln is not self.org)
        right = " ".join(ln.text.strip() for ln in first if ln.x0 > self.org.x0 + tol)
        org = self.org.text.strip()
        for group in self.more:
            for ln in sorted(group, key=lambda l: l.x0):
                t = ln.text.strip()
                if printed_page_number(t.strip(" " + LEADERS)) is not None:
                    continue
                if ln.x0 >= self.org.x0 - tol:
                    org += t
                else:
                    title += t
        return f"{title} {org} {right}".strip()

    def last_band(self) -> list[Line]:
        return self.more[-1] if self.more else self.first


def _toc_entry(em: re.Match[str], state: dict[str, Any]) -> TocEntry:
    return TocEntry(case_no=int(em.group(1)), title=em.group(2).strip(), organization=em.group(3).strip(),
                    area=state.get("area"), section_no=state.get("section_no"), section=state.get("section"),
                    subsection=state.get("subsection"), population_mark=squash(em.group(4)) or None)


def _opens_row(t: str, group: list[Line]) -> bool:
    """A contents band opening a row whose 【organisation】 goes on under it."""
    return bool(re.match(r"^\d", t)) and _org_open(group) is not None


def _opens_something(t: str, group: list[Line]) -> bool:
    """A contents band that starts an area, section, subsection or row of its own."""
    return bool(re.match(r"^【([^】]+)】$", t) or SECTION.match(t) or t.startswith("●") or TOC_ENTRY.match(t)
                or _opens_row(t, group))


def read_toc(page: PageLayout, facts: VolumeFacts, state: dict[str, Any], margins: Margins) -> None:
    lines = [ln for ln in page.lines if not LEGEND.match(ln.text) and "凡例" not in ln.text and not margins.is_furniture(ln)]
    row: tuple[TocEntry, list[Line]] | None = None  # the contents row just read, which may go on
    open_row: _OpenRow | None = None  # a row whose organisation goes on under it
    for text, group in band_texts(lines):
        t = text.strip()
        last, row = row, None
        if open_row is not None:
            held, open_row = open_row, None
            if not _opens_something(t, group) and _row_goes_on(group, held.last_band()):
                held.more.append(group)
                em = TOC_ENTRY.match(held.text())
                if em:
                    facts.toc[int(em.group(1))] = entry = _toc_entry(em, state)
                    row = (entry, group)
                elif "】" not in "".join(ln.text for ln in group):
                    open_row = held  # the name goes on under this band too
                continue
        if last is not None and not _opens_something(t, group) and _row_goes_on(group, last[1]):
            last[0].title += _row_continuation(group)
            row = (last[0], group)  # a third line goes on under the second
            continue
        if "目次" in squash(t):
            continue
        am = re.match(r"^【([^】]+)】$", t)
        if am:
            state["area"] = am.group(1)
            continue
        sm = SECTION.match(t)
        if sm and not TOC_ENTRY.match(t):
            name = re.sub(r"\s*[\(（](つづき|続き)[\)）]\s*$", "", sm.group(2)).strip()
            no = circled_number(sm.group(1))
            # A section repeated with （つづき） at the top of the next page goes on, and so
            # does the subsection it was in (its ● line is not repeated).
            continued = name != sm.group(2).strip() and no == state.get("section_no")
            state.update(section_no=no, section=name, **({} if continued else {"subsection": None}))
            facts.section_names.setdefault(no, name)
            if state.get("area"):
                facts.section_areas.setdefault(no, state["area"])
            continue
        if t.startswith("●"):
            state["subsection"] = t[1:].strip()
            continue
        em = TOC_ENTRY.match(t)
        if em:
            facts.toc[int(em.group(1))] = entry = _toc_entry(em, state)
            row = (entry, group)
        elif re.match(r"^\d", t) and (org := _org_open(group)) is not None:
            open_row = _OpenRow(group, org)


# --- the stage ----------------------------------------------------------------------


def segment(pages: list[PageLayout], by_headings: HeadingClassifier) -> Segmentation:
    """The volume's facts and its cases. `by_headings` tells a page's kind from its
    section headings: the section registry's knowledge, handed down so that this stage
    never imports the parsers above it (sections.registry.classify_by_headings)."""
    facts = VolumeFacts()
    ledger: dict[int, PageEntry] = {}
    problems: list[str] = []
    toc_state: dict[str, Any] = {}
    cases: list[CaseSlice] = []
    beside: list[tuple[CaseSlice, Line]] = []  # lines printed beside a case title (note_beside_title)
    repeats = BandRepeats()  # texts read as labels under and on the case bands (drop_running_below)
    first_small: dict[int, Line | None] = {}  # each case page's topmost body line when set small (drop_running_atop)
    margins = find_margins(pages)
    document_body = body_size(*pages)
    for page in pages:
        header = header_line(page, margins)
        # A title in the band first: its lines may reach under the header line's foot.
        title = band_title(page, header, document_body, facts.toc) if header else None
        if header is not None and title is None:
            title = find_title(page, header.bottom, document_body, margins, facts.toc)
        if header is None or title is None:
            if facts.edition is None and read_cover(page, facts):
                ledger[page.page] = PageEntry(LedgerKind.COVER)
            elif is_toc(page):
                read_toc(page, facts, toc_state, margins)
                ledger[page.page] = PageEntry(LedgerKind.TOC)
            elif is_guide(page):
                ledger[page.page] = PageEntry(LedgerKind.GUIDE)
            else:
                ledger[page.page] = PageEntry(LedgerKind.UNKNOWN)
                problems.append(f"page {page.page}: not a cover, contents, guide or case page")
            continue
        title_text, title_lines = title.text, title.lines
        tm = TITLE.match(title_text)
        if tm is None:
            ledger[page.page] = PageEntry(LedgerKind.UNKNOWN)
            problems.append(f"page {page.page}: a case title in the contents, but not in the `N title【organisation】` form")
            continue
        case_no, case_title, org = int(tm.group(1)), tm.group(2).strip(), tm.group(3).strip()
        title_bottom = max(l.bottom for l in title_lines)
        # A title in the band: the body starts under the band as drawn (its labels may reach below the title).
        # (and its own lines: the header line, and a two-line band's second line).
        if title.in_band:
            band_line = band_second_line(header, page.lines) or header
            body_top = max(title_bottom, band_line.bottom, band_foot(page, header) or title_bottom)
        else:
            body_top = title_bottom
        vertical = vertical_columns(page.lines)  # text set vertically in a margin: furniture, not body
        upright = {id(ln) for col in vertical for ln in col}
        body = [
            ln
            for ln in page.lines
            if ln.top >= body_top - settings.layout().segment.edge_tolerance and ln not in title_lines
            and not margins.is_furniture(ln) and id(ln) not in upright
        ]
        # A title in the band: the band's lines reach down to its foot, the title's lines left out.
        hdr = parse_header(page, header, body_top if title.in_band else title_lines[0].top, margins,
                           skip=title_lines if title.in_band else ())
        # A running header under a band that holds the title (beside or under its header
        # line), topmost in the body: furniture, not body.
        running = under_band(body, hdr.volume, hdr.section, document_body)
        body = [ln for ln in body if not any(ln is r for r in running)]
        first_small[page.page] = small_first_line(body, document_body)
        kind, weak = _page_kind_and_signal(body, by_headings)
        current = cases[-1] if cases and cases[-1].case_no == case_no and cases[-1].title == case_title else None
        if kind is None:
            # A page with no heading of its own continues the previous page of the case.
            kind = current.pages[-1].kind if current else PageKind.UNKNOWN
        cp = CasePage(layout=page, kind=kind, body=body)
        repeats.add(case_no, hdr)
        if current is None:
            if facts.volume_no is None:
                facts.volume_no, facts.volume = hdr.volume_no, hdr.volume
            cases.append(CaseSlice(case_no, case_title, org, hdr, [cp], title_lines[0], notes=list(hdr.notes)))
            current = cases[-1]
        else:
            current.pages.append(cp)
        if weak:
            current.notes.append(RecordIssue(IssueCode.WEAK_SIGNAL, "read as an interview page from question endings alone "
                                             "(no bold question, no 【参考情報】)", page=page.page))
        for col in vertical:
            text = "".join(ln.text.strip() for ln in col)
            if not names_band(text, current.header.volume, current.header.section):
                current.notes.append(RecordIssue(IssueCode.UNREAD_TEXT, f"{text!r}, set vertically in the page's margin, "
                                                 "left out as page furniture: it names neither the band's volume nor "
                                                 "its section", page=page.page))
        if not title.in_toc:
            current.notes.append(RecordIssue(IssueCode.WEAK_SIGNAL, "title read from its form and size; the table of contents "
                                             f"does not list case {case_no}", page=page.page))
        ledger[page.page] = PageEntry(LedgerKind.CASE, part=kind, case_no=case_no)
        beside += [(current, ln) for ln in title.beside if not margins.is_furniture(ln)
                   and not names_band(ln.text, current.header.volume, current.header.section)]
    note_beside_title(beside)
    drop_running_below(cases, repeats)
    drop_running_atop([p for c in cases for p in c.pages], first_small)
    return Segmentation(facts, cases, ledger, problems)
