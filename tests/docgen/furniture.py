"""Page furniture: what real volumes print round a slide besides its content (the
layout's running_header, page_number, page_number_at and footer_text axes, axes.py).

Where each goes, as the ministry's volumes print them:

- the cover: nothing (its title, 総務省 and date are its content);
- the contents and guide pages: the page number and the footer line; no running header
  (their own big heading names them);
- case pages: all three, the running header in a strip above the case header band
  (`strip_height`: the band moves down by it, the body keeps its foot).

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
    """How far the case header band moves down for the running header (0: none drawn)."""
    return STRIP_SHARE * height if layout.running_header != "none" else 0.0


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
    for index, role in sorted(roles.items()):
        p.page = index
        if isinstance(role, dict) and L.running_header != "none":
            t = running_header(writer, role)
            hs = 0.75 * size
            x = g.margin * 0.5 if L.running_header.endswith("left") else g.width - g.margin * 0.5 - text_width(t, hs)
            p.text(x, (strip_height(L, g.height) - hs) / 2, t, hs, color=GREY)
        num = page_number(L.page_number, index + 1, total)
        if num:
            w = text_width(num, size)
            x = g.width - g.margin - w if L.page_number_at == "right" else (g.width - w) / 2
            p.text(x, FOOT_SHARE * g.height, num, size)
        t = footer(writer)
        if t:
            p.text(g.margin, FOOT_SHARE * g.height, t, 0.85 * size, color=GREY)
