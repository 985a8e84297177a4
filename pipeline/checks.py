"""Checks on a laid-out volume: page sizes that differ from the rest or boxes that are
damaged, printed page numbers that jump (a page missing), cases the table of contents
lists that were not found, and sections a case lost with a page that could not be read."""
from __future__ import annotations

from collections import Counter

from .assemble import Assembled
from .issues import IssueCode
from .layout import PageLayout
from .models import CaseRecord
from .ruleset import check_rules
from .runreport import FIX_DOWNLOAD, FileReport
from .segment import CaseSlice, Segmentation, find_margins
from .segment_band import printed_page_number

# PDF's own limit on a page side (ISO 32000, annex C), in points.
MAX_PAGE_SIDE = 14_400.0



def _fmt_size(w: float, h: float) -> str:
    return f"{w:.0f}x{h:.0f} pt"


def check_page_sizes(pages: list[PageLayout]) -> dict[int, str]:
    """page -> what is odd about its size: beyond PDF's limit, or unlike the volume's usual one."""
    sizes = Counter((round(p.width), round(p.height)) for p in pages if p.width > 0 and p.height > 0)
    if not sizes:
        return {}
    (uw, uh), _ = sizes.most_common(1)[0]
    odd = {}
    outside = check_rules()["page_box"]["text_outside_share"]
    for p in pages:
        if p.width <= 0 or p.height <= 0:
            odd[p.page] = f"page box {_fmt_size(p.width, p.height)} is empty or negative (a damaged MediaBox)"
            continue
        off = sum(1 for ln in p.lines if not 0 <= ln.ymid <= p.height)
        if p.lines and off > outside * len(p.lines):
            odd[p.page] = f"{off} of the page's {len(p.lines)} lines lie outside its box (a damaged MediaBox)"
        elif max(p.width, p.height) > MAX_PAGE_SIDE:
            odd[p.page] = f"page size {_fmt_size(p.width, p.height)} is beyond PDF's limit of 14400 pt"
        elif abs(p.width - uw) > 0.02 * uw or abs(p.height - uh) > 0.02 * uh:
            odd[p.page] = f"page size {_fmt_size(p.width, p.height)} differs from the rest of the volume ({_fmt_size(uw, uh)})"
    return odd


def printed_page_numbers(pages: list[PageLayout]) -> dict[int, int]:
    """file page -> the page number printed in its footer (12, - 12 -, 12 / 98, P.12),
    where there is exactly one."""
    margins = find_margins(pages)
    out = {}
    for p in pages:
        nums = [n for ln in p.lines if margins.in_footer(ln) and (n := printed_page_number(ln.text)) is not None]
        if len(nums) == 1:
            out[p.page] = nums[0]
    return out


def check_page_sequence(pages: list[PageLayout], seg: Segmentation, rep: FileReport) -> None:
    """A volume with pages missing: printed page numbers that jump, and cases the table
    of contents lists that are not in the file."""
    nums = sorted(printed_page_numbers(pages).items())
    if len(nums) >= 3:
        for (i1, n1), (i2, n2) in zip(nums, nums[1:]):
            gap = (n2 - n1) - (i2 - i1)
            if gap > 0:
                rep.add("warning", IssueCode.PAGES_MISSING,
                        f"printed page numbers jump from {n1} to {n2} between pages {i1} and {i2} of the file: "
                        f"{gap} page{'s' if gap > 1 else ''} missing",
                        f"the volume is incomplete; {FIX_DOWNLOAD}", page=i2, detail={"missing_printed_pages": list(range(n1 + (i2 - i1), n2))})
            elif gap < 0:
                rep.add("warning", IssueCode.PAGES_OUT_OF_ORDER,
                        f"printed page numbers go from {n1} to {n2} between pages {i1} and {i2} of the file: pages repeated or out of order",
                        f"the volume was put together wrongly; {FIX_DOWNLOAD}", page=i2)
    found = {c.case_no for c in seg.cases}
    listed = sorted(set(seg.facts.toc) - found)
    if listed:
        # An error: a case the volume holds is not written (exit 1), whatever the cause.
        rep.add("error", IssueCode.CASES_MISSING,
                f"case{'s' if len(listed) > 1 else ''} {', '.join(map(str, listed))} listed in the table of contents but not found in the file",
                f"pages are missing from the volume, or damaged; {FIX_DOWNLOAD}", detail={"case_nos": listed})


def has_field(rec: CaseRecord, field: str) -> bool:
    value = getattr(rec, field, None)
    return value not in (None, "", [], {})


def lost_pages_by_case(cases: list[CaseSlice], lost: set[int]) -> dict[int, list[int]]:
    """case index -> the lost pages (unreadable, or read as no known page) that may have
    been its own: those after its pages up to the next case, and the one right before it."""
    out: dict[int, list[int]] = {}
    firsts = [c.pages[0].layout.page for c in cases]
    for n in sorted(lost):
        before = [i for i, f in enumerate(firsts) if f < n]
        if before:
            out.setdefault(before[-1], []).append(n)
        if n + 1 in firsts:
            out.setdefault(firsts.index(n + 1), []).append(n)
    return out


def lost_sections(case: Assembled, others: list[Assembled]) -> list[str]:
    """The fields most of the volume's other cases have and this one lacks."""
    rules = check_rules()["lost_sections"]
    if len(others) < rules["min_other_cases"]:
        return []
    return [f for f in rules["fields"]
            if not case.has(f) and sum(o.has(f) for o in others) >= rules["expected_share"] * len(others)]
