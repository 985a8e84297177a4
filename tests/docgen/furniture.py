"""Page furniture: what real volumes print round a slide besides its content (the
layout's running_header, page_number, page_number_at and footer_text axes, axes.py).

Where each goes, as the ministry's volumes print them:

- the cover: nothing (its title, 総務省 and date are its content), or (cover_furniture)
  the edition and date in its top right corner, a page number and a footer line at its foot;
- the contents and guide pages: the page number and the footer line; no running header
  (their own big heading names them);
- case pages: all three, the running header in a strip above the case header band
  (`strip_height`: the band moves down by it, the body keeps its foot), or (the
  running_header_at axis) in a strip below the band or at the right end of the title;
  the page number at the foot, or (header_page_number) inside the band at its right end
  or in the top right corner above it.

Furniture is drawn once every page is numbered (`n / N` needs the page count), as
operations added to each page (draw.py), so every painter draws it.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .draw import text_width

if TYPE_CHECKING:
    from .volume import VolumeWriter

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
GREY = (0.4, 0.4, 0.4)
# Share of the page height the running-header strip takes above the case header band.
STRIP_SHARE = 0.035
# Where the foot line sits: its top, as a share of the page height (the case pages'
# page number sat there before the furniture axes).
FOOT_SHARE = 0.95


def strip_height(layout, height: float) -> float:
    """How far the case header band moves down for the running header or the page number
    in the top right corner (0: neither drawn above the band)."""
    above = layout.running_header != "none" and running_at(layout) == "above"
    return STRIP_SHARE * height if above or layout.header_page_number == "corner" else 0.0


def running_at(layout) -> str:
    """Where the running header goes: beside the title, when the title is in the band
    (title_in_band), goes above the band, as a volume printing its titles there does."""
    at = layout.running_header_at
    return "above" if at == "beside-title" and layout.title_in_band != "none" else at


def strip_below(layout, height: float) -> float:
    """How far the title moves down for a running header below the band (0: none there)."""
    return STRIP_SHARE * height if layout.running_header != "none" and running_at(layout) == "below" else 0.0


def band_title_height(layout, title: float) -> float:
    """The height the band gains for the case title set in it (title_in_band): two title
    lines (three with band_wrap title's 【organisation】 line) and their leading."""
    if layout.title_in_band == "none":
        return 0.0
    return (title_lines(layout) * 1.15 + 0.5) * title


def title_lines(layout) -> int:
    """The lines a title in the band may take before it is set smaller."""
    return 3 if layout.band_wrap == "title" else 2


def revision_text(writer: "VolumeWriter") -> str:
    """The revision_note axis's text: the month before the cover's date, or the edition."""
    if writer.layout.revision_note == "edition":
        return f"第{writer.draw.edition}版"
    year, month = int(writer.draw.published[:4]), int(writer.draw.published[5:7])
    year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return f"令和{year - 2018}年{month}月改訂"


def margin_text(writer: "VolumeWriter") -> str:
    return f"自治体DX推進参考事例集{writer.draw.volume_no}.{writer.draw.volume}"


def band_lines(layout) -> int:
    """The lines the case header band holds (band_wrap header and labels: two)."""
    return 2 if layout.band_wrap in ("header", "labels") else 1


def header_number_room(layout, size: float) -> float:
    """The width the page number inside the band keeps free at its right end."""
    return text_width("- 000 -", size) + size if layout.header_page_number == "band" else 0.0


def header_number_style(layout) -> str:
    return layout.page_number if layout.page_number != "none" else "bare"


def running_header_size(writer: "VolumeWriter") -> float:
    return 0.75 * writer.g.small


def running_header(writer: "VolumeWriter", rec: dict) -> str:
    what = writer.layout.running_header.split("-")[0]
    if what == "collection":
        return "自治体DX推進参考事例集"
    if what == "volume":
        return f"自治体DX推進参考事例集【{writer.draw.volume_no}.{writer.draw.volume}】"
    return f"{CIRCLED[rec['section_no'] - 1]}{rec['section']}"


def page_number(style: str, n: int, total: int) -> str:
    return {"bare": f"{n}", "dashed": f"- {n} -", "of-total": f"{n} / {total}"}.get(style, "")


def footer(writer: "VolumeWriter") -> str:
    year = writer.draw.published[:4]
    return {"ministry": "総務省", "copyright": f"Copyright © {year} 総務省 All Rights Reserved.",
            "edition": f"自治体DX推進参考事例集【第{writer.draw.edition}版】"}.get(writer.layout.footer_text, "")


def draw_furniture(writer: "VolumeWriter", roles: dict[int, dict | str]) -> None:
    """Furniture on every page `roles` names (page index -> "toc", "guide" or the case's
    record); the cover is not in it."""
    p, g, L = writer.p, writer.g, writer.layout
    total = len(p.page_ops)
    size = g.small
    hs = running_header_size(writer)
    if L.cover_furniture in ("page-number", "all"):  # the cover is page index 0
        p.page = 0
        num = page_number(header_number_style(L), 1, total)
        p.text(g.width - g.margin - text_width(num, size), FOOT_SHARE * g.height, num, size)
    for index, role in sorted(roles.items()):
        p.page = index
        in_header = isinstance(role, dict) and L.header_page_number != "none"
        corner = 0.0  # the width the page number takes in the top right corner
        if in_header:
            num = page_number(header_number_style(L), index + 1, total)
            right = g.width - g.margin * 0.5
            if L.header_page_number == "band":
                ns = 0.85 * g.body
                p.text(right - text_width(num, ns), g.band_top + (g.band_bottom - g.band_top - ns) / 2, num, ns, color=(1, 1, 1))
            else:
                corner = text_width(num, hs) + 2 * hs
                p.text(right - text_width(num, hs), (strip_height(L, g.height) - hs) / 2, num, hs)
        if isinstance(role, dict) and L.running_header != "none" and running_at(L) != "beside-title":
            t = running_header(writer, role)
            right = g.width - g.margin * 0.5 - corner - text_width(t, hs)
            x = g.margin * 0.5 if L.running_header.endswith("left") else right
            if running_at(L) == "above":
                p.text(x, (strip_height(L, g.height) - hs) / 2, t, hs, color=GREY)
            else:
                p.text(x, g.band_bottom + (strip_below(L, g.height) - hs) / 2, t, hs, color=GREY)
        num = "" if in_header else page_number(L.page_number, index + 1, total)
        right = g.width - g.margin  # the footer's right corner, left of a page number there
        if num:
            w = text_width(num, size)
            x = g.width - g.margin - w if L.page_number_at == "right" else (g.width - w) / 2
            p.text(x, FOOT_SHARE * g.height, num, size)
            right = x - 2 * size if L.page_number_at == "right" else right
        if isinstance(role, dict) and L.revision_note != "none":
            t = revision_text(writer)
            p.text(right - text_width(t, 0.85 * size), FOOT_SHARE * g.height, t, 0.85 * size, color=GREY)
        if isinstance(role, dict) and L.margin_text != "none":
            vertical(writer, margin_text(writer))
        t = footer(writer)
        if t:
            p.text(g.margin, FOOT_SHARE * g.height, t, 0.85 * size, color=GREY)


def vertical(writer: "VolumeWriter", text: str) -> None:
    """Text set vertically in the left or right margin (margin_text): one upright glyph
    under the other, centred on a column in the middle of the margin, the column centred
    between the band and the foot."""
    p, g = writer.p, writer.g
    size = 0.9 * g.small
    step = 1.1 * size
    centre = 0.45 * g.margin if writer.layout.margin_text == "left" else g.width - 0.45 * g.margin
    top = g.band_bottom + (FOOT_SHARE * g.height - g.band_bottom - len(text) * step) / 2
    for k, ch in enumerate(text):
        p.text(centre - text_width(ch, size) / 2, top + k * step, ch, size, color=GREY)
