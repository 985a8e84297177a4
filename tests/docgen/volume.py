"""The volume writer: a VolumeDraw and a Layout become one case-collection PDF (cover,
table of contents, guide page, then each case's 事業概要, 事業効果・コスト and
インタビュー pages), and the records the pipeline must give back from it.
"""
from __future__ import annotations

import copy
import datetime as dt
import hashlib
import random
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from .axes import Layout
from .figures import draw_figures
from .draw import ACCENT, INK, PALE, Cell, Painter, text_width, wrap
from .furniture import (band_lines, band_title_height, draw_furniture, footer, header_number_room, revision_text,
                        running_at, running_header, running_header_size, strip_below, strip_height, title_lines)
from .records import BAND_LABELS, VolumeDraw

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
TOC_MARKS = {"under_10k": "①", "10k_50k": "⑤", "50k_100k": "⑩", "100k_300k": "③⑩"}
WHITE = (1, 1, 1)
PICTURE = (0.8, 0.8, 0.8)
TAX = {"excluded": "※税抜", "included": "※税込", None: ""}


def wareki(iso: str) -> str:
    d = dt.date.fromisoformat(iso if len(iso) > 7 else iso + "-01")
    return f"令和{d.year - 2018}年{d.month}月{d.day}日"


def population_text(n: int) -> str:
    return f"{n / 10_000:g}万人" if n % 1000 == 0 else f"{n:,}人"


@dataclass
class Geometry:
    """Where things go on a page, from the layout (all in points)."""

    width: float
    height: float
    margin: float
    band_top: float  # below the running header's strip (furniture.py), 0 without one
    band_bottom: float
    body_bottom: float
    body: float
    title: float
    small: float
    heading: float

    @classmethod
    def of(cls, p: Painter, layout: Layout) -> "Geometry":
        h = p.height
        body = p.body
        bottom = h * (0.58 if layout.continue_sections else 0.9)
        strip = strip_height(layout, h)
        band = 0.045 * h * band_lines(layout)
        title = body * layout.title_ratio
        if layout.title_in_band == "beside":  # the band as tall as the title set in it
            band = max(band, band_title_height(layout, title))
        elif layout.title_in_band == "under":  # the title's lines under the band's line
            band += band_title_height(layout, title)
        return cls(p.width, h, 0.035 * p.width, strip, strip + band, bottom, body, title, 0.85 * body,
                   1.1 * body)


class VolumeWriter:
    def __init__(self, draw: VolumeDraw, layout: Layout, rng: random.Random, path: Path, producer: str = "reportlab"):
        self.draw, self.layout, self.rng, self.path = draw, layout, rng, Path(path)
        self.p = Painter(path, layout, rng, producer)
        self.g = Geometry.of(self.p, layout)
        self.rules = set(rng.sample(["title", "heading", "band_edge", "footer"], layout.decorative_rules))
        self.vol_name = f"{draw.volume_no}. {draw.volume}"
        self.roles: dict[int, dict | str] = {}  # page index -> "toc", "guide" or its case's record (furniture.py)

    # --- volume ----------------------------------------------------------------------

    def write(self) -> list[dict]:
        self.cover()
        toc = self.toc_pages(self.toc_rows())
        toc_pages = [self.p.new_page() for _ in toc]  # filled in once case pages are numbered
        self.guide()
        expected = []
        starts = {}
        for rec in self.draw.records:
            starts[rec["case_id"]] = self.p.page + 2
            pages = self.case(rec)
            expected.append(self.expected(rec, pages))
        for index, rows in zip(toc_pages, toc):
            self.p.page = index
            self.roles[index] = "toc"
            self.toc(rows, starts)
        draw_furniture(self, self.roles)
        self.p.save()
        digest = hashlib.sha256(self.path.read_bytes()).hexdigest()
        for rec in expected:
            rec["source"]["sha256"] = digest
        return expected

    def expected(self, rec: dict, pages: list[int]) -> dict:
        out = copy.deepcopy(rec)
        for dept in [out["department"]] + out.get("other_departments", []):
            if dept:
                dept.pop("_print", None)  # printed forms (records.py), not part of the record
        out["source"] = {"file": self.path.name, "sha256": None, "pages": pages}
        return out

    def cover(self) -> None:
        p, g = self.p, self.g
        p.new_page()
        p.rect(0, 0, g.width, 0.04 * g.height, fill=(0.12, 0.22, 0.4))
        size = 2.4 * g.body
        t = f"自治体DX推進参考事例集【第{self.draw.edition}版】"
        p.text((g.width - text_width(t, size)) / 2, 0.28 * g.height, t, size, bold=True, color=(0.12, 0.22, 0.4))
        t = f"【{self.draw.volume_no}.{self.draw.volume}】"
        p.text((g.width - text_width(t, 1.6 * g.body)) / 2, 0.4 * g.height, t, 1.6 * g.body, bold=True, color=ACCENT)
        p.text((g.width - text_width("総務省", 1.3 * g.body)) / 2, 0.62 * g.height, "総務省", 1.3 * g.body, bold=True)
        t = wareki(self.draw.published)
        p.text((g.width - text_width(t, g.body)) / 2, 0.69 * g.height, t, g.body)
        self.cover_furniture()

    def cover_furniture(self) -> None:
        """The cover_furniture axis: edition and date in the top right corner, and with
        the page number (draw_furniture) a footer line (the footer_text axis's, 総務省 when
        that is none)."""
        p, g, what = self.p, self.g, self.layout.cover_furniture
        size = g.small
        if what in ("corner", "all"):
            for k, t in enumerate([f"第{self.draw.edition}版", wareki(self.draw.published)]):
                p.text(g.width - g.margin - text_width(t, size), 0.07 * g.height + k * 1.4 * size, t, size)
        if what == "all":  # the page number: draw_furniture, once the pages are counted
            p.text(g.margin, 0.95 * g.height, footer(self) or "総務省", 0.85 * size, color=(0.4, 0.4, 0.4))
        if self.layout.revision_note != "none":  # the top left corner, under the cover's band
            p.text(g.margin, 0.07 * g.height, revision_text(self), size)

    def page_heading(self, text: str) -> float:
        """The big heading of the contents and guide pages; returns the y below it."""
        p, g = self.p, self.g
        p.text(g.margin, 0.05 * g.height, text, 1.6 * g.body, bold=True, color=(0.12, 0.22, 0.4))
        y = 0.05 * g.height + 2.0 * g.body
        p.hrule(g.margin, 0.6 * g.width, y, 1.0 * p.scale)
        return y + g.body

    def toc_rows(self) -> list[tuple[str, dict]]:
        """The contents' rows in order: (kind, the record it comes from); kind is area,
        section, subsection or case."""
        rows: list[tuple[str, dict]] = []
        state: dict = {}
        for rec in self.draw.records:
            if rec["area"] and rec["area"] != state.get("area"):
                rows.append(("area", rec))
            if (rec["section_no"], rec["area"]) != (state.get("section_no"), state.get("area")):
                rows.append(("section", rec))
                state.pop("subsection", None)
            if rec["subsection"] and rec["subsection"] != state.get("subsection"):
                rows.append(("subsection", rec))
            state.update(area=rec["area"], section_no=rec["section_no"], subsection=rec["subsection"])
            rows.append(("case", rec))
        return rows

    def toc_pages(self, rows: list[tuple[str, dict]]) -> list[list[tuple[str, dict]]]:
        """The rows each page of the contents holds: as many as fit above the foot, a
        heading row never left last on a page; a page starting inside a section repeats
        it with （つづき） when the layout says so (toc_continued)."""
        g = self.g
        pitch = 1.9 * g.small
        fit = max(4, int((0.9 * g.height - 0.2 * g.height) / pitch))
        pages: list[list[tuple[str, dict]]] = []
        i = 0
        while i < len(rows):
            page: list[tuple[str, dict]] = []
            if pages and rows[i][0] in ("subsection", "case") and self.layout.toc_continued == "section":
                page.append(("section-continued", rows[i][1]))
            room, end = (fit - len(page)) * pitch, i
            while end < len(rows) and (end == i or self.toc_row_height(*rows[end]) <= room + 1e-6):
                room -= self.toc_row_height(*rows[end])
                end += 1
            while end < len(rows) and end - 1 > i and rows[end - 1][0] != "case":
                end -= 1  # keep a heading row with the rows under it
            pages.append(page + rows[i:end])
            i = end
        return pages

    def toc(self, rows: list[tuple[str, dict]], starts: dict[str, int]) -> None:
        p, g = self.p, self.g
        self.page_heading(f"{self.vol_name}参考事例集 目次")
        legend = ["【凡例】", "① : 人口1万人未満の団体", "⑤ : 人口1万人以上5万人未満の団体", "⑩ : 人口5万人以上10万人未満の団体",
                  "③⑩ : 人口10万人以上30万人未満の団体", "無し : 人口30万人以上の団体・都道府県"]
        lx, ly = 0.72 * g.width, 0.02 * g.height
        for i, t in enumerate(legend):
            p.text(lx, ly + i * 0.8 * g.small, t, 0.7 * g.small)
        p.rect(lx - 3, ly - 3, g.width - g.margin, ly + len(legend) * 0.8 * g.small + 3, stroke=INK, width=0.5)
        y = 0.2 * g.height
        pitch = 1.9 * g.small
        for kind, rec in rows:
            if kind == "area":
                p.text(g.margin, y, f"【{rec['area']}】", g.body, bold=True)
            elif kind in ("section", "section-continued"):
                more = "（つづき）" if kind == "section-continued" else ""
                p.text(g.margin, y, f"{CIRCLED[rec['section_no'] - 1]}{rec['section']}{more}", g.body, bold=True)
            elif kind == "subsection":
                p.text(g.margin + g.body, y, f"●{rec['subsection']}", g.body, bold=True, color=ACCENT)
            else:
                self.toc_entry(rec, y, starts)
            y += self.toc_row_height(kind, rec)

    def toc_title(self, rec: dict) -> tuple[list[str], float, float]:
        """A contents row's title: its lines, their size and the indent of the lines after
        the first. Too long for its column, it is shrunk to one line (toc_wrap shrink) or
        set at the body size in a narrower column, going on under itself (its number
        left of it): the other toc_wrap values."""
        g = self.g
        title = f"{rec['case_no']} {rec['title']}"
        size = g.small
        if self.layout.toc_wrap == "shrink":
            while text_width(title, size) > 0.58 * g.width and size > 4:
                size *= 0.9
            return [title], size, 0.0
        size = g.body
        indent = text_width(f"{rec['case_no']} ", size)
        column = 0.5 * g.width - g.margin
        first = wrap(title, column, size)[0]
        rest = title[len(first):].lstrip()
        return [first] + (wrap(rest, column - indent, size) if rest else []), size, indent

    def toc_org(self, rec: dict) -> list[str]:
        """A contents row's 【organisation】 lines: one (as before), or with toc_org_wrap
        set in a column of its own 5.5 of its characters wide, going on under itself."""
        org = f"【{rec['organization']}】"
        if self.layout.toc_org_wrap == "none":
            return [org]
        return wrap(org, 5.5 * self.g.small, self.g.small)

    def toc_row_height(self, kind: str, rec: dict) -> float:
        pitch = 1.9 * self.g.small
        if kind != "case":
            return pitch
        lines, size, _ = self.toc_title(rec)
        return pitch + max((len(lines) - 1) * 1.3 * size, (len(self.toc_org(rec)) - 1) * 1.3 * self.g.small)

    def toc_entry(self, rec: dict, y: float, starts: dict[str, int]) -> None:
        p, g = self.p, self.g
        lines, size, indent = self.toc_title(rec)
        for k, ln in enumerate(lines):
            p.text(g.margin + (indent if k else 0.0), y + k * 1.3 * size, ln, size)
        orgs = self.toc_org(rec)
        for k, ln in enumerate(orgs):
            p.text(0.64 * g.width, y + k * 1.3 * g.small, ln, g.small)
        mark = TOC_MARKS.get(rec["population_band"], "")
        if mark:
            p.text(0.82 * g.width, y, mark, g.small)
        page = "… " + str(starts[rec["case_id"]])
        last = max(y + (len(lines) - 1) * 1.3 * size, y + (len(orgs) - 1) * 1.3 * g.small)
        first = self.layout.toc_wrap == "page-first" or self.layout.toc_org_wrap == "wrap"
        p.text(g.width - g.margin - text_width(page, g.small), y if first else last, page, g.small)
        p.hrule(g.margin, g.width - g.margin, last + 1.4 * g.small, 0.4, (0.75, 0.75, 0.75))

    def guide(self) -> None:
        p, g = self.p, self.g
        self.roles[p.new_page()] = "guide"
        y = self.page_heading(f"{self.vol_name}参考事例集の構成")
        p.text(g.margin, y, "事例集は以下のページで構成しています。", g.body)
        y += 2 * g.body
        w = (g.width - 2 * g.margin) / 3
        for i, t in enumerate(["<事業概要>", "<事業効果・コスト> ※一部事例のみ", "<インタビュー>"]):
            x = g.margin + i * w
            p.text(x, y, t, g.small, bold=True)
            p.rect(x, y + 1.5 * g.small, x + w - 2 * g.body, y + 0.35 * g.height, fill=PICTURE)
        y += 0.4 * g.height
        for t in ["① 分類・事例名・団体名・人口", "② Point・事業の概要", "③ 事業効果・コスト", "④ スケジュール"]:
            p.text(g.margin, y, t, g.small, bold=True, color=ACCENT)
            y += 1.5 * g.small

    # --- case pages ------------------------------------------------------------------

    def case(self, rec: dict) -> list[int]:
        """Draw one case; returns its 1-based page numbers."""
        self.rec = rec
        self.case_pages: list[int] = []
        self.body_tops: list[float] = []  # where the body starts on each page of the case
        has_cost_page = any([rec["cost"], rec["schedule"], rec["providers"], rec["services"], rec["operation"],
                             rec["participants"]])
        self.overview_pages(rec, effects_here=not has_cost_page)
        if has_cost_page:
            self.effects_cost_pages(rec)
        self.interview_pages(rec, department_line=not has_cost_page)
        draw_figures(self, rec)
        return [i + 1 for i in self.case_pages]

    def case_page(self) -> float:
        """A new page of the current case with its header band and title; returns the body top."""
        p, g, rec, L = self.p, self.g, self.rec, self.layout
        p.new_page()
        self.case_pages.append(p.page)
        self.roles[p.page] = rec
        b0, band_h = g.band_top, g.band_bottom - g.band_top  # the band, below the running header's strip
        p.rect(0, b0, g.width, b0 + band_h, fill=(0.12, 0.22, 0.4))
        if "band_edge" in self.rules:
            p.hrule(0, g.width, b0 + band_h, 1.2 * p.scale)
        if L.title_in_band == "under":  # the header's line(s) at the band's top, the title under them
            band_h -= band_title_height(L, g.title)
        line_h = band_h / band_lines(L)  # a two-line band (band_wrap) keeps New on its first line
        hsize = 0.85 * g.body
        x = g.margin * 0.5
        if rec["is_new"]:
            p.rect(x, b0 + 0.2 * line_h, x + 2.6 * hsize, b0 + 0.8 * line_h, fill=(0.85, 0.2, 0.2))
            p.text(x + 0.3 * hsize, b0 + (line_h - hsize) / 2, "New", hsize, bold=True, color=WHITE)
            x += 3.4 * hsize
        section = f"{CIRCLED[rec['section_no'] - 1]}{rec['section']}"
        if rec["subsection"]:
            section += f" ●{rec['subsection']}"
        if L.band_wrap == "header":  # the volume on the first line, the section under it
            w = p.text(x, b0 + (line_h - hsize) / 2, f"<{self.vol_name}>", hsize, color=WHITE)
            x += max(w, p.text(x, b0 + line_h + (line_h - hsize) / 2, section, hsize, color=WHITE))
        else:
            x += p.text(x, b0 + (band_h - hsize) / 2, f"<{self.vol_name}> {section}", hsize, color=WHITE)
        labels_left = self.band_labels(rec, b0, band_h, hsize)
        if L.title_in_band != "none":
            return self.band_title(rec, x + 2 * hsize if L.title_in_band == "beside" else g.margin * 0.5, labels_left)
        y = b0 + band_h + strip_below(L, g.height) + 0.35 * g.title
        width = g.width - 2 * g.margin
        if L.running_header != "none" and running_at(L) == "beside-title":
            t, hs = running_header(self, rec), running_header_size(self)
            width -= text_width(t, hs) + 2 * g.body
            p.text(g.width - g.margin - text_width(t, hs), y + (g.title - hs) / 2, t, hs, color=(0.4, 0.4, 0.4))
        name = f"{rec['case_no']} {rec['title']}"
        lines = wrap(f"{name}【{rec['organization']}】", width, g.title)
        if L.band_wrap == "title":  # the 【organisation】 on a line of its own
            lines = wrap(name, width, g.title) + [f"【{rec['organization']}】"]
        for ln in lines:
            p.text(g.margin, y, ln, g.title, bold=True, color=(0.12, 0.22, 0.4))
            y += 1.2 * g.title
        return self._body_top_after_title(y)

    def _body_top_after_title(self, y: float) -> float:
        """The rule under the title and the footer's (when the layout draws them), and the body's top under `y`."""
        p, g = self.p, self.g
        if "title" in self.rules:
            p.hrule(g.margin * 0.5, g.width - g.margin * 0.5, y + 0.1 * g.title, 1.0 * p.scale)
        if "footer" in self.rules:
            p.hrule(g.margin * 0.5, g.width - g.margin * 0.5, 0.935 * g.height, 0.8 * p.scale)
        self.body_tops.append(y + 0.6 * g.body)
        return y + 0.6 * g.body

    def band_title(self, rec: dict, x: float, labels_left: float) -> float:
        """The case title set in the band (title_in_band): white, bold, from `x` (after the
        band's text, or at its left under it) to the labels (beside) or the band's right
        end, on at most title_lines lines, set smaller until it fits; returns the body top."""
        p, g, L = self.p, self.g, self.layout
        block = band_title_height(L, g.title)
        right = labels_left - g.body if L.title_in_band == "beside" else g.width - g.margin * 0.5
        top = g.band_bottom - block  # the block's top: the band's foot less the block
        if L.title_in_band == "beside":
            top = g.band_top + (g.band_bottom - g.band_top - block) / 2
        name = f"{rec['case_no']} {rec['title']}"
        size = g.title
        while True:
            if L.band_wrap == "title":
                lines = wrap(name, right - x, size) + [f"【{rec['organization']}】"]
            else:
                lines = wrap(f"{name}【{rec['organization']}】", right - x, size)
            if len(lines) <= title_lines(L) or size < 0.45 * g.title:
                break
            size *= 0.92
        y = top + 0.25 * g.title + (title_lines(L) - len(lines)) * 1.15 * size / 2
        for ln in lines:
            p.text(x, y, ln, size, bold=True, color=WHITE)
            y += 1.15 * size
        return self._body_top_after_title(g.band_bottom + strip_below(L, g.height))

    def band_labels(self, rec: dict, b0: float, band_h: float, hsize: float) -> float:
        """The label boxes at the band's right end (left of the page number the band may
        hold); band_wrap labels sets a label of more than four characters on two lines.
        Returns the left edge of the leftmost box."""
        p, L = self.p, self.layout
        size = 0.8 * hsize
        right = self.g.width - self.g.margin * 0.5 - header_number_room(L, hsize)
        for label in [BAND_LABELS[rec["population_band"]]] + list(reversed(rec["labels"])):
            half = (len(label) + 1) // 2
            lines = [label[:half], label[half:]] if L.band_wrap == "labels" and len(label) > 4 else [label]
            w = max(text_width(t, size) for t in lines)
            edge = 0.15 if len(lines) == 1 else 0.08  # a one-line box as before band_wrap
            p.rect(right - w - hsize, b0 + edge * band_h, right, b0 + (1 - edge) * band_h, fill=WHITE, stroke=(0.8, 0.4, 0.1), width=0.8)
            top = b0 + (band_h - size - (len(lines) - 1) * 1.15 * size) / 2
            for k, t in enumerate(lines):
                p.text(right - w - 0.5 * hsize, top + k * 1.15 * size, t, size, bold=True, color=(0.8, 0.4, 0.1))
            left = right - w - hsize
            right -= w + 1.8 * hsize
        return left

    def heading(self, x0: float, x1: float, y: float, text: str) -> float:
        """A section heading in the layout's style; returns the y below it."""
        p, g, style = self.p, self.g, self.layout.heading_style
        size = g.heading
        h = 1.7 * size
        if style == "band":
            p.rect(x0, y, x1, y + h, fill=ACCENT)
            p.text(x0 + 0.5 * size, y + 0.35 * size, text, size, bold=True, color=WHITE)
            if "band_edge" in self.rules:
                p.hrule(x0, x1, y, 0.8 * p.scale, (0.1, 0.3, 0.55))
                p.hrule(x0, x1, y + h, 0.8 * p.scale, (0.1, 0.3, 0.55))
        elif style == "box":
            p.rect(x0, y, x1, y + h, stroke=ACCENT, width=0.8 * p.scale)
            p.text(x0 + 0.5 * size, y + 0.35 * size, text, size, bold=True, color=ACCENT)
        else:
            p.text(x0, y + 0.35 * size, text, size, bold=True, color=ACCENT)
            if style == "underline":
                p.hrule(x0, x1, y + h, 1.0 * p.scale)
        if "heading" in self.rules and style != "underline":
            p.hrule(x0, x1, y + h + 0.15 * size, 0.6 * p.scale)
        return y + h + 0.6 * size

    # --- flowing content -------------------------------------------------------------

    def items(self, flow: "Flow", items: list[str], *, bullets: bool, split: int | None = None) -> None:
        """Bullets or paragraphs; consecutive items with ' | ' are the rows of a table.
        `split`: the first table goes on on the next page after that many rows
        (the answer_table_split axis)."""
        g, p = self.g, self.p
        i = 0
        while i < len(items):
            if " | " in items[i]:
                rows = []
                while i < len(items) and " | " in items[i]:
                    rows.append(items[i].split(" | "))
                    i += 1
                if split is not None and 0 < split < len(rows):
                    self.split_table(flow, rows, split)
                    split = None
                else:
                    flow.table(rows, g.small)
                continue
            item = items[i]
            i += 1
            mark = self.layout.bullet if bullets else ""
            indent = 1.1 * g.body if bullets else 0.0
            lines = wrap(item, flow.width - indent, g.body, hang=True)
            last_full = text_width(lines[-1], g.body) > flow.width - indent - 3 * g.body
            # A slide never runs a bullet or paragraph on to the next slide: an item that
            # does not fit starts the next page whole (unless it is taller than a page).
            if len(lines) * 1.25 * g.body < 0.5 * (g.body_bottom - g.band_bottom + g.band_top):
                flow.keep_room(len(lines) * 1.25 * g.body + 0.55 * g.body)
            # An item whose last line is full ends with a little space, as producers set
            # paragraph spacing: otherwise nothing on the page would end it.
            for j, ln in enumerate(lines):
                gap = 0.55 * g.body if (j == len(lines) - 1 and (last_full or not bullets)) else 0.0
                top = flow.take(1.25 * g.body + gap, keep=1.25 * g.body)
                if j == 0 and mark:
                    if self.layout.bullet_hanging:
                        p.text(flow.x0, top, mark, g.body, color=ACCENT)
                        p.text(flow.x0 + indent, top, ln, g.body)
                    else:
                        p.text(flow.x0 + indent - text_width(mark, g.body), top, mark + ln, g.body)
                else:
                    p.text(flow.x0 + indent, top, ln, g.body)

    def split_table(self, flow: "Flow", rows: list[list[str]], k: int) -> None:
        """A table whose first `k` rows end the page and the rest go on at the top of the
        next, under the header row again and/or a 「（続き）」 line as the layout says."""
        g, mode = self.g, self.layout.answer_table_split
        n = max(len(r) for r in rows)
        flow.table(rows[:k], g.small, columns=n)
        flow.next_page()
        if "continued" in mode:
            top = flow.take(1.4 * g.small)
            self.p.text(flow.x0 + flow.inset, top, "（続き）", g.small)
        flow.table(([self.repeated_header(rows[0])] if mode.startswith("header") else []) + rows[k:], g.small, columns=n)

    def repeated_header(self, header: list[str]) -> list[str]:
        """The header row as printed again on the next page (split_header_form): as
        before, each cell cut short (at its first bracket, 、 or ・, else to its first
        two characters), or 「（続き）」 set in its first cell."""
        form = self.layout.split_header_form
        if form == "cell_continued":
            return [header[0] + "（続き）"] + header[1:]
        if form != "abbreviated":
            return header
        out = []
        for cell in header:
            cut = min((i for i, ch in enumerate(cell) if ch in "（(、・" and i > 0), default=None)
            out.append(cell[:cut] if cut else cell[:2] if len(cell) > 2 else cell)
        return out

    def overview_pages(self, rec: dict, effects_here: bool) -> None:
        p, g, L = self.p, self.g, self.layout
        top = self.case_page()
        if rec["point"]:
            top = self.point_box(top, rec["point"])
        text_w = g.width - 2 * g.margin
        left_w = max(L.left_share, 0.55) * text_w
        x0, x1 = g.margin, g.margin + left_w - g.body

        def content(flow: Flow) -> None:
            flow.y = self.heading(flow.x0, flow.x1, flow.y, "事業の概要")
            with self.borders("rows_only" if L.overview_table != "none" else None):
                self.items(flow, rec["overview"], bullets=True)
            if effects_here:
                self.section(flow, "事業効果", lambda f: self.items(f, rec["effects"], bullets=True))

        with self.autofit(content, x0, x1, g.body_bottom - top):
            content(Flow(self, x0, x1, top, "事業の概要"))
        # Pictures: grey boxes, no text, right of the text column on the first page.
        p.page = self.case_pages[0]
        x0 = g.margin + left_w + g.body
        if x0 < g.width - g.margin - 4 * g.body:
            p.rect(x0, top + g.body, g.width - g.margin, min(top + 0.4 * g.height, g.body_bottom), fill=PICTURE, stroke=(0.5, 0.5, 0.5))
        p.page = self.case_pages[-1]

    @contextmanager
    def borders(self, style: str | None):
        """Tables drawn in `style` (a table_border value) inside the block, whatever the
        layout's table_border says (the overview_table axis); None leaves it."""
        saved = self.p.layout
        if style is not None:
            self.p.layout = replace(saved, table_border=style)
        try:
            yield
        finally:
            self.p.layout = saved

    def point_box(self, top: float, point: str) -> float:
        p, g, L = self.p, self.g, self.layout
        label_size = 1.3 * g.body
        x0, x1 = g.margin, g.width - g.margin
        tx = x0 + 5 * label_size
        parts = point.split("\n")
        lines = []
        for part in parts:
            ws = wrap(part, x1 - tx - g.body, g.body)
            if len(parts) > 1:
                ws[0] = L.bullet + ws[0]
            lines += ws
        h = max(len(lines) * 1.25 * g.body, 1.6 * label_size) + 0.8 * g.body
        if L.point_box == "rounded":
            p.rect(x0, top, x1, top + h, stroke=(0.9, 0.5, 0.1), fill=(1, 0.96, 0.9), width=1.0 * p.scale, radius=4 * p.scale)
            p.rect(x0, top, x0 + 4.5 * label_size, top + h, fill=(0.9, 0.5, 0.1))
        elif L.point_box == "filled":
            p.rect(x0, top, x1, top + h, fill=(1, 0.95, 0.85))
        elif L.point_box == "bar":
            p.rect(x0, top, x0 + 0.3 * label_size, top + h, fill=(0.9, 0.5, 0.1))
        color = WHITE if L.point_box == "rounded" else (0.9, 0.5, 0.1)
        p.text(x0 + 1.0 * label_size, top + (h - label_size) / 2, "Point", label_size, bold=True, color=color)
        y = top + 0.4 * g.body
        for ln in lines:
            p.text(tx, y, ln, g.body, bold=True)
            y += 1.25 * g.body
        return top + h + 0.8 * g.body

    def effects_cost_pages(self, rec: dict) -> None:
        g, L = self.g, self.layout
        first_index = len(self.case_pages)
        top = self.case_page()
        text_w = g.width - 2 * g.margin
        left_w = L.left_share * text_w
        left = (g.margin, g.margin + left_w - g.body)
        right = (g.margin + left_w + g.body, g.width - g.margin)
        a, b = (left, right) if L.column_order == "effects-left" else (right, left)
        def column_a(flow: Flow) -> None:
            flow.section = "事業効果"
            flow.y = self.heading(flow.x0, flow.x1, flow.y, "事業効果")
            self.items(flow, rec["effects"], bullets=True)
            if rec["cost"]:
                self.section(flow, "コスト", lambda f: self.cost(f, rec["cost"]))

        def column_b(flow: Flow) -> None:
            if rec["schedule"]:
                self.section(flow, "スケジュール", lambda f: self.schedule(f, rec["schedule"]), first=True)
            self.section(flow, "サービス提供事業者等", lambda f: self.providers(f, rec), first=not rec["schedule"])
            if rec["department"]:
                self.section(flow, "担当部署", lambda f: self.departments(f, rec))

        with self.autofit(column_a, a[0], a[1], g.body_bottom - top):
            column_a(Flow(self, a[0], a[1], top, "事業効果", page_index=first_index))
        with self.autofit(column_b, b[0], b[1], g.body_bottom - top):
            column_b(Flow(self, b[0], b[1], top, None, page_index=first_index))
        self.p.page = self.case_pages[-1]

    def departments(self, flow: "Flow", rec: dict) -> None:
        g = self.g
        for dept in [rec["department"]] + rec.get("other_departments", []):
            flow.keep_room(4.2 * g.body)  # a department's three lines stay together, as in any box
            # A long name wraps inside the box, as any text box wraps; it never runs off the slide.
            for piece in wrap(dept["name"] or "", flow.width, g.body) or [""]:
                top = flow.take(1.3 * g.body)
                self.p.text(flow.x0, top, piece, g.body, bold=True)
            top = flow.take(1.3 * g.body)
            printed = dept.get("_print", {})
            self.p.text(flow.x0, top, f"電話　{printed.get('phone') or dept['phone'] or '－'}", g.body)
            top = flow.take(1.6 * g.body)
            self.p.text(flow.x0, top, f"メール　{printed.get('email') or dept['email'] or '－'}", g.body)

    @contextmanager
    def autofit(self, draw, x0: float, x1: float, room: float):
        """Unless sections run on (the continue_sections axis), text shrinks until the
        column fits its slide, as PowerPoint's autofit does (at most to 60%)."""
        full = self.g
        if not self.layout.continue_sections:
            scale = 1.0
            while scale > 0.6 and self.measure(draw, x0, x1) > room:
                scale *= 0.93
                self.g = replace(full, body=full.body * scale, small=full.small * scale, heading=full.heading * scale)
        try:
            yield
        finally:
            self.g = full

    def measure(self, draw, x0: float, x1: float) -> float:
        """The height `draw(flow)` takes in a column from x0 to x1, drawn on a scratch page."""
        p = self.p
        saved = p.page
        p.page_ops.append([])
        p.page = len(p.page_ops) - 1
        f = Flow.__new__(Flow)
        f.w, f.x0, f.x1, f.y, f.section, f.index, f.parent, f.bottom = self, x0, x1, 0.0, None, None, None, 1e12
        try:
            draw(f)
        finally:
            p.page_ops.pop()
            p.page = saved
        return f.y

    def section(self, flow: "Flow", title: str, draw, first: bool = False) -> None:
        """Heading and content; a section that does not fit in what is left of the column
        starts the next page whole, as a producer moves it to the next slide (one taller
        than a page runs on: that is the continue_sections axis)."""
        g = self.g
        gap = 0.0 if first else 0.5 * g.body
        height = gap + 2.5 * g.heading + self.measure(draw, flow.x0, flow.x1)
        flow.section = None
        if flow.y + height > flow.bottom and height <= flow.bottom - self.body_tops[0]:
            flow.next_page()
            gap = 0.0
        flow.section = title
        flow.y = self.heading(flow.x0, flow.x1, flow.y + gap, title)
        draw(flow)

    def cost(self, flow: "Flow", cost: dict) -> None:
        g = self.g
        size = g.small
        top = flow.take(1.5 * size)
        self.p.text(flow.x0, top, "※主にシステム導入等に係るコストを記載", 0.8 * size)
        i, r = cost["initial"], cost["running"]
        head = PALE
        # A tax mark printed with the amount (records.py cost_tax_on_amount) is not repeated on the label.
        mark = {k: "" if "税" in (v["text"] or "") else TAX[v["tax"]] for k, v in (("i", i), ("r", r))}
        rows = [[Cell(f"イニシャルコスト {mark['i']}".strip(), bold=True, fill=head), Cell(i["text"] or "", bold=True, fill=head, align="right"),
                 Cell(f"ランニングコスト(1年あたり) {mark['r']}".strip(), bold=True, fill=head), Cell(r["text"] or "", bold=True, fill=head, align="right")]]
        n = max(len(i["breakdown"]), len(r["breakdown"]), 1)
        for k in range(n):
            row = []
            for item in (i, r):
                bd = item["breakdown"]
                if k < len(bd):
                    row += [Cell(("(内訳) " if k == 0 else "") + "・" + (bd[k]["item"] or "")), Cell(bd[k]["text"] or "", align="right")]
                else:
                    row += [Cell("(内訳)" if k == 0 else ""), Cell("")]
            rows.append(row)
        rows.append([Cell("(備考) " + (i["note"] or ""), span=2), Cell("(備考) " + (r["note"] or ""), span=2)])
        flow.table_rows(rows, [0.31, 0.19, 0.31, 0.19], size)

    def schedule(self, flow: "Flow", sched: dict) -> None:
        g = self.g
        top = flow.take(1.6 * g.small)
        self.p.text(flow.x0, top, f"検討開始から導入までの期間　{sched['lead_time_text'] or '－'}", g.small, bold=True)
        top = flow.take(1.5 * g.small)
        self.p.text(flow.x0, top, "スケジュールの内訳", 0.9 * g.small)
        rows = []
        for st in sched["steps"]:
            if st["when"] is None:
                rows.append([Cell(st["what"] or "", span=2)])
            else:
                rows.append([Cell(st["when"]), Cell(st["what"] or "－")])
        if rows:
            flow.table_rows(rows, [0.3, 0.7], g.small)

    def providers(self, flow: "Flow", rec: dict) -> None:
        g = self.g

        def value(items) -> str:
            return "\n".join(items) if items else "－"

        # The label column fits the longest label, as a producer sizes it.
        label = (text_width("サービス提供事業者", g.small) + 1.5 * g.small) / (flow.width - 2 * flow.inset)
        rows = [[Cell("サービス提供事業者", bold=True, fill=PALE), Cell(value(rec["providers"]))],
                [Cell("サービス名", bold=True, fill=PALE), Cell(value(rec["services"]))],
                [Cell("運用形態", bold=True, fill=PALE), Cell(rec["operation"] or "－")],
                [Cell("その他参画主体", bold=True, fill=PALE), Cell(value(rec["participants"]))]]
        flow.table_rows(rows, [max(0.3, label), 1 - max(0.3, label)], g.small)

    def interview_pages(self, rec: dict, department_line: bool) -> None:
        g, p = self.g, self.p
        top = self.case_page()
        flow = Flow(self, g.margin, g.width - g.margin, top, None)
        answer_x = g.margin + 1.2 * g.body
        for n, qa in enumerate(rec["interview"]):
            qlines = [ln for part in qa["q"].split("\n") for ln in wrap(part, flow.width - 2 * g.body, g.heading)]
            flow.keep_room(len(qlines) * 1.3 * g.heading + 2 * g.body)
            for k, ln in enumerate(qlines):
                t = flow.take(1.3 * g.heading)
                if k == 0:
                    p.rect(g.margin, t, g.margin + 0.25 * g.heading, t + 1.1 * g.heading, fill=ACCENT)
                p.text(g.margin + 0.6 * g.heading, t, ln, g.heading, bold=True, color=(0.12, 0.22, 0.4))
            sub = Flow(self, answer_x, g.width - g.margin, flow.y + 0.2 * g.body, None, parent=flow)
            at, split = self.draw.table_splits.get(rec["case_id"], (None, None))
            self.items(sub, qa["a"].split("\n") if qa["a"] else [], bullets=False,
                       split=split if at == n else None)
            flow.y = sub.y + 0.8 * g.body
        ref = self.reference_lines(rec, department_line)
        for ln in ref:
            for w in wrap(ln, flow.width, g.small):
                t = flow.take(1.3 * g.small)
                p.text(g.margin, t, w, g.small)
        p.page = self.case_pages[-1]

    def reference_lines(self, rec: dict, department_line: bool) -> list[str]:
        lines = []
        if rec["population"]:
            name = rec["municipality"] or rec["prefecture"]
            as_of = f"（{wareki(rec['population_as_of'])}現在）" if rec["population_as_of"] else ""
            lines.append(f"【参考情報】 {name}人口：{population_text(rec['population'])}{as_of}")
        texts = [rec["point"] or ""] + rec["overview"] + rec["effects"] + [qa["a"] for qa in rec["interview"]]
        ref_urls = [u for u in rec["urls"] if not any(u in t for t in texts)]
        for k, u in enumerate(ref_urls):
            lines.append(f"関連URL：{rec['organization']}ホームページ（{u}）" if k == 0 else u)
        if department_line and rec["department"]:
            for k, d in enumerate([rec["department"]] + rec.get("other_departments", [])):
                shown = {**d, **d.get("_print", {})}
                contact = "、".join(x for x in [f"電話：{shown['phone']}" if d["phone"] else "", f"メール：{shown['email']}" if d["email"] else ""] if x)
                lines.append(("【担当部署】 " if k == 0 else "") + (d["name"] or "") + (f"（{contact}）" if contact else ""))
        return lines


class Flow:
    """A column that content flows down; at the bottom it goes on to the same column of
    the case's next page (drawing the page when it is new), repeating the heading with
    （つづき） when the layout says so."""

    def __init__(self, writer: VolumeWriter, x0: float, x1: float, top: float, section: str | None,
                 page_index: int | None = None, parent: "Flow | None" = None):
        self.w, self.x0, self.x1, self.y = writer, x0, x1, top
        self.section = section
        self.index = len(writer.case_pages) - 1 if page_index is None else page_index
        self.parent = parent
        self.bottom = writer.g.body_bottom
        writer.p.page = writer.case_pages[self.index]

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    def next_page(self) -> None:
        w = self.w
        self.index += 1
        if self.index < len(w.case_pages):
            w.p.page = w.case_pages[self.index]
            self.y = w.body_tops[self.index]
        else:
            self.y = w.case_page()
        if self.parent is not None:
            self.parent.index = self.index
        if self.section and w.layout.continued_heading:
            self.y = w.heading(self.x0, self.x1, self.y, f"{self.section}（つづき）")

    def keep_room(self, height: float) -> float:
        if self.y + height > self.bottom:
            self.next_page()
        return self.y

    def take(self, height: float, keep: float = 0.0) -> float:
        """Room for `height` points; returns its top."""
        if self.y + max(height, keep) > self.bottom:
            self.next_page()
        top = self.y
        self.y += height
        return top

    @property
    def inset(self) -> float:
        return self.w.layout.table_inset * self.width

    def table_rows(self, rows: list[list[Cell]], widths: list[float], size: float) -> None:
        """A table, split between rows where it runs past the page; `widths` are shares
        of the column's width less the layout's inset."""
        p = self.w.p
        widths = [f * (self.width - 2 * self.inset) for f in widths]
        start = 0
        while start < len(rows):
            end = start + 1
            while end <= len(rows):
                h = self._measure(rows[start:end], widths, size)
                if self.y + h > self.bottom and end > start + 1:
                    end -= 1
                    break
                end += 1
            end = min(end, len(rows))
            h = self._measure(rows[start:end], widths, size)
            if self.y + h > self.bottom:
                self.next_page()
            self.y += p.table(self.x0 + self.inset, self.y, widths, rows[start:end], size) + 0.6 * size
            start = end

    def _measure(self, rows, widths, size) -> float:
        p = self.w.p
        saved = p.page_ops[p.page]
        p.page_ops[p.page] = []
        try:
            return p.table(self.x0, 0, widths, rows, size)
        finally:
            p.page_ops[p.page] = saved

    def table(self, rows: list[list[str]], size: float, columns: int | None = None) -> None:
        """A table of `columns` columns (default: its longest row's cells)."""
        n = columns or max(len(r) for r in rows)
        widths = [1 / n] * n
        # A row with fewer cells than the table has columns: its last cell spans the rest
        # (a merged cell; an empty cell would read as one more, empty, column).
        cells = [[Cell(t) for t in r[:-1]] + [Cell(r[-1], span=n - len(r) + 1)] for r in rows]
        self.table_rows(cells, widths, size)


def write_volume(draw: VolumeDraw, layout: Layout, rng: random.Random, path: Path, producer: str = "reportlab") -> list[dict]:
    """Draw the volume to `path` with the painter of `producer` (draw.painter_for);
    returns the records the pipeline must give back."""
    return VolumeWriter(draw, layout, rng, path, producer).write()
