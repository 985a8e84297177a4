"""Checks on a laid-out volume: page sizes that differ from the rest, printed page
numbers that jump (a page missing)."""
from __future__ import annotations

import re
from collections import Counter

from .layout import PageLayout
from .runreport import FIX_DOWNLOAD, FileReport
from .segment import Segmentation, find_margins

# PDF's own limit on a page side (ISO 32000, annex C), in points.
MAX_PAGE_SIDE = 14_400.0



def _fmt_size(w: float, h: float) -> str:
    return f"{w:.0f}x{h:.0f} pt"


def check_page_sizes(pages: list[PageLayout]) -> dict[int, str]:
    """page -> what is odd about its size: beyond PDF's limit, or unlike the volume's usual one."""
    sizes = Counter((round(p.width), round(p.height)) for p in pages if p.width and p.height)
    if not sizes:
        return {}
    (uw, uh), _ = sizes.most_common(1)[0]
    odd = {}
    for p in pages:
        if not (p.width and p.height):
            continue
        if max(p.width, p.height) > MAX_PAGE_SIDE:
            odd[p.page] = f"page size {_fmt_size(p.width, p.height)} is beyond PDF's limit of 14400 pt"
        elif abs(p.width - uw) > 0.02 * uw or abs(p.height - uh) > 0.02 * uh:
            odd[p.page] = f"page size {_fmt_size(p.width, p.height)} differs from the rest of the volume ({_fmt_size(uw, uh)})"
    return odd


PRINTED_NUMBER = re.compile(r"^\d{1,4}$")


def printed_page_numbers(pages: list[PageLayout]) -> dict[int, int]:
    """file page -> the page number printed in its footer, where there is exactly one."""
    margins = find_margins(pages)
    out = {}
    for p in pages:
        nums = [ln for ln in p.lines if margins.in_footer(ln) and PRINTED_NUMBER.match(ln.text.strip())]
        if len(nums) == 1:
            out[p.page] = int(nums[0].text.strip())
    return out


def check_page_sequence(pages: list[PageLayout], seg: Segmentation, rep: FileReport) -> None:
    """A volume with pages missing: printed page numbers that jump, and cases the table
    of contents lists that are not in the file."""
    nums = sorted(printed_page_numbers(pages).items())
    if len(nums) >= 3:
        for (i1, n1), (i2, n2) in zip(nums, nums[1:]):
            gap = (n2 - n1) - (i2 - i1)
            if gap > 0:
                rep.add("warning", "pages_missing",
                        f"printed page numbers jump from {n1} to {n2} between pages {i1} and {i2} of the file: "
                        f"{gap} page{'s' if gap > 1 else ''} missing",
                        f"the volume is incomplete; {FIX_DOWNLOAD}", page=i2, detail={"missing_printed_pages": list(range(n1 + (i2 - i1), n2))})
            elif gap < 0:
                rep.add("warning", "pages_out_of_order",
                        f"printed page numbers go from {n1} to {n2} between pages {i1} and {i2} of the file: pages repeated or out of order",
                        f"the volume was put together wrongly; {FIX_DOWNLOAD}", page=i2)
    found = {c.case_no for c in seg.cases}
    listed = sorted(set(seg.facts.toc) - found)
    if listed:
        rep.add("warning", "cases_missing",
                f"case{'s' if len(listed) > 1 else ''} {', '.join(map(str, listed))} listed in the table of contents but not found in the file",
                f"pages are missing from the volume; {FIX_DOWNLOAD}", detail={"case_nos": listed})
