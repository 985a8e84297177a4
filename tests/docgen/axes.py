"""Layout axes: every way a generated volume may differ from another, drawn from a seed.

A profile names, for each axis, the values it may take. `wide` is every value the
generator can draw (what `make fuzz` measures); `ci` keeps only the values the pipeline
reads exactly today, so that `make test` stays green without hand-picked seeds. Each
value `ci` leaves out is listed in EXCLUDED_FROM_CI with the reason (the failure rate
measured by `make fuzz`, see tests/docgen/TRIAGE.md).
"""
from __future__ import annotations

import random
from dataclasses import asdict, dataclass

# Page sizes in points (width, height): 16:9 slides at three scales, 4:3, A4 landscape.
PAGE_SIZES = {
    "16:9": (960.0, 540.0),
    "16:9-small": (720.0, 405.0),
    "16:9-large": (1280.0, 720.0),
    "4:3": (720.0, 540.0),
    "A4-landscape": (841.89, 595.28),
}


@dataclass(frozen=True)
class Layout:
    """One draw of every axis; the volume writer reads nothing else from the seed."""

    page_size: str
    body_pt: float  # body text size on a 540 pt tall page; scaled with the page
    title_ratio: float  # title size / body size
    column_order: str  # "effects-left" | "effects-right" (which column 事業効果/コスト take)
    left_share: float  # share of the text width the left column takes
    heading_style: str  # band | underline | box | plain
    decorative_rules: int  # page-wide rules besides tables: 0 none .. 4 (title, heading, band edges, footer)
    table_border: str  # grid | per_cell | filled_rects | rows_only | none
    cell_fill: bool  # label and header cells filled (a filled rectangle per cell)
    table_inset: float  # share of the column width a table leaves free on each side (0: as wide as the headings)
    point_box: str  # rounded | filled | bar | none
    bullet: str  # the mark set before each bullet item
    bullet_hanging: bool  # the mark stands alone at its own indent (PowerPoint)
    text_unit: str  # line | word | char: one show-text operator per line, word or character
    bold: str  # face | doubled | stroke
    shuffle_order: bool  # content-stream order shuffled (reading order comes from positions only)
    continue_sections: bool  # pages hold less, so sections run on to the next page
    continued_heading: bool  # a section continued on the next page repeats its heading with （つづき）
    # Page furniture and the contents' continuation (FURNITURE_AXES below); the defaults
    # draw what the generator drew before them.
    running_header: str = "none"
    page_number: str = "bare"
    page_number_at: str = "right"
    footer_text: str = "none"
    toc_continued: str = "heading"
    figure: str = "none"  # diagrams and pictures on case pages (figures.py; FIGURE_AXES below)
    picture: str = "none"  # raster pictures and curved diagrams in place of the figure (figures.py, PICTURE block)
    answer_table_split: str = "none"  # a table in an interview answer split between pages (SPLIT_AXES below)
    # Furniture in and around the header band, on the cover, contents rows that wrap
    # (HEADER_FURNITURE_AXES below); the defaults draw what the generator drew before them.
    running_header_at: str = "above"
    header_page_number: str = "none"
    band_wrap: str = "none"
    cover_furniture: str = "none"
    toc_wrap: str = "shrink"
    # Session 10 (S10_AXES below); the defaults draw what the generator drew before them.
    toc_org_wrap: str = "none"
    split_header_form: str = "verbatim"
    overview_table: str = "none"
    # Band titles, revision notes, vertical margin text (BAND_TITLE_AXES below), each on a
    # stream of its own; "none" draws what the generator drew before them.
    title_in_band: str = "none"
    revision_note: str = "none"
    margin_text: str = "none"

    def as_dict(self) -> dict:
        return asdict(self)


# Every value each axis may take (the `wide` profile).
AXES: dict[str, list] = {
    "page_size": list(PAGE_SIZES),
    "body_pt": [9.0, 10.0, 10.5, 11.0, 12.0],
    "title_ratio": [1.2, 1.25, 1.3, 1.4, 1.6, 1.8],
    "column_order": ["effects-left", "effects-right"],
    "left_share": [0.42, 0.5, 0.58],
    "heading_style": ["band", "underline", "box", "plain"],
    "decorative_rules": [0, 1, 2, 3, 4],
    "table_border": ["grid", "per_cell", "filled_rects", "rows_only", "none"],
    "table_inset": [0.0, 0.02, 0.05],
    "cell_fill": [True, False],
    "point_box": ["rounded", "filled", "bar", "none"],
    "bullet": ["・", "○", "●", "-", "■", "◆", "▶", "•"],
    "bullet_hanging": [False, True],
    "text_unit": ["line", "word", "char"],
    "bold": ["face", "doubled", "stroke"],
    "shuffle_order": [False, True],
    "continue_sections": [False, True],
    "continued_heading": [False, True],
}

# --- page furniture and multi-page contents (session 8, branch s8toc) -------------------
# What real volumes print round a slide besides its content, drawn by docgen/furniture.py
# on the pages real volumes put it on (see there), and how contents running over several
# pages go on. Drawn from a stream of their own (draw_layout): adding them changed no
# seed's other axes or records.
FURNITURE_AXES: dict[str, list] = {
    # Above the case header band, small: the volume's title, the case's section name, or
    # the collection's title alone (naming neither: only its repetition tells it).
    "running_header": ["none", "volume-left", "volume-right", "section-left", "section-right", "collection-left"],
    # At the foot of every page but the cover: 12 | - 12 - | 12 / 98.
    "page_number": ["bare", "none", "dashed", "of-total"],
    "page_number_at": ["right", "centre"],
    # A line at the foot of every page but the cover, left.
    "footer_text": ["none", "ministry", "copyright", "edition"],
    # Contents over several pages: each repeats the heading and legend; `section` also
    # repeats the section a page starts inside of, with （つづき）.
    "toc_continued": ["heading", "section"],
}
AXES.update(FURNITURE_AXES)

# Values the `ci` profile leaves out, each with the reason: the failure rate of the value
# alone (`python -m docgen.fuzz --profile ci --seeds 8 --axis NAME=VALUE`, 24 cases) and
# the family of tests/docgen/TRIAGE.md. Every other value was read exactly alone (24/24,
# measured 2026-12-02 on s4w) and is drawn by `ci`.
# Empty since session 6: every value of every axis is read exactly (500 wide seeds: 1499 of
# 1500 cases golden-exact, the one left a name filling its cell to the edge, warned), so `ci`
# draws what `wide` draws. A value that starts failing again is listed here with its reason.
# The furniture axes (session 8) joined `ci` once read exactly: each value alone 24/24
# (`--profile ci --seeds 8 --axis NAME=VALUE`, s8toc, 2026-12-03; toc_continued shows only
# with --cases 25 or more, measured there: tests/docgen/TRIAGE.md).
EXCLUDED_FROM_CI: dict[str, dict] = {}

# --- Figures (branch s8fig, tests/docgen/figures.py): diagrams with text, pictures with a
# caption, on a case's first page and under some 事業効果 columns. They carry no field: the
# drawn record is the same. Drawn from a stream of their own (OWN_STREAM), so that adding
# the axis redraws nothing else of an earlier seed.
AXES["figure"] = ["none", "flow", "before_after", "system", "screenshot_caption", "arrows", "mixed"]
OWN_STREAM = {"figure"}
# Read exactly since branch s8fig's pipeline/sections/figures.py (TRIAGE.md "Figures"):
# every value 90/90 golden-exact (--seeds 30 --axis figure=V), so ci draws them all. Before
# it (main a6505cc): flow 0/90, before_after 0/90, system 0/90, screenshot_caption 1/90,
# mixed 0/90; arrows 1/90 before its own fix (bare labels joined by an arrow).
# --- end of figures

# --- Pictures (branch s9img, tests/docgen/figures.py PICTURES): what a case's figures are
# when not drawn with rectangles and lines: a raster image (draw.Image, every painter),
# with or without a ▲ caption; text laid over a photo; ovals, chevrons and bent connectors
# (draw.Shape) with labels. A value other than none takes the place of the `figure` axis's
# drawing in the case. Drawn from a stream of its own (OWN_STREAM): `--axis picture=none`
# draws every earlier seed as before.
AXES["picture"] = ["none", "raster", "text_over_photo", "curved"]
OWN_STREAM.add("picture")
# Read exactly since branch s9img's pipeline (TRIAGE.md "Pictures"), so `ci` draws every
# value: each 90/90 golden-exact over wide seeds 0-29 and 30-59, 18/18 printed by
# PowerPoint-like, Chromium and LibreOffice (seeds 0-5), 24/24 alone under ci (--profile
# ci --seeds 8 --axis picture=V). Before it (main 5f1bced): raster 32/90, text_over_photo
# 0/90 (36 wrong cases silent), curved 35/90 (12 silent).
# --- end of pictures

# --- Tables in interview answers split between pages (branch s9tbl) ------------------
# One case of the volume has a table in an interview answer (records.answer_table_split
# gives it one from a golden answer when it has none) that goes on on the next page:
# `rows` the further rows alone, `header` its header row repeated above them,
# `continued` a 「（続き）」 line above them, `header_continued` both. The drawn record
# is one table (contract: a table row is one item; the repeated header and the mark are
# no rows). Drawn from a stream of its own (split_stream in draw_layout), so that every
# other axis of an earlier seed draws as before.
SPLIT_AXES: dict[str, list] = {"answer_table_split": ["none", "rows", "header", "continued", "header_continued"]}
AXES.update(SPLIT_AXES)
OWN_STREAM.update(SPLIT_AXES)
# Read exactly since branch s9tbl's interview parser (wide seeds 0-39, each value pinned,
# the split case of each seed): rows, header, continued, header_continued 40/40 each, so
# ci draws them all. Before it (main 5f1bced): rows 40/40, the other three 0/40 each (the
# repeated header read as a further row, the 「（続き）」 line as answer text; 18 unwarned).
# --- end of tables in interview answers

# --- furniture in and around the header band, contents rows that wrap (branch s9furn) ---
# Drawn by docgen/furniture.py and volume.py from a stream of their own (draw_layout), so
# that adding them redraws nothing else of an earlier seed; each axis's first value draws
# what the generator drew before it.
HEADER_FURNITURE_AXES: dict[str, list] = {
    # Where the running header (running_header) goes: in a strip above the band, in a
    # strip below it (above the title), or at the right end of the title's first line.
    "running_header_at": ["above", "below", "beside-title"],
    # The case pages' page number (page_number's style, bare when that is none) in the
    # header instead of the foot: inside the band at its right end, or in the top right
    # corner above the band.
    "header_page_number": ["none", "band", "corner"],
    # A header band of two lines: the volume on the first, section and subsection on the
    # second (header); labels set on two lines in their boxes (labels); or the title's
    # 【organisation】 on a line of its own under the title (title; the band stays one line).
    "band_wrap": ["none", "header", "labels", "title"],
    # The cover's furniture: the edition and date in the top right corner, a page number
    # at its foot, or both with a footer line.
    "cover_furniture": ["none", "corner", "page-number", "all"],
    # A contents title too long for its column: shrunk to fit (as before), or wrapped,
    # going on under itself with its page number on the second line or on the first.
    "toc_wrap": ["shrink", "under-title", "page-first"],
}
AXES.update(HEADER_FURNITURE_AXES)
# Read exactly since branch s9furn's fixes (tests/docgen/TRIAGE.md "Furniture in and around
# the header band"), so `ci` draws them all: each value alone 24/24 (`--profile ci --seeds 8
# --axis NAME=VALUE`, 2026-12-03) and 30/30 under wide (seeds 0-9). Before them: band_wrap
# header 0/30, labels 8/30, running_header_at beside-title 66/90, below 88/90.
# --- end of header-band furniture

# --- contents organisations that wrap, reworded repeated headers, rows-only tables in the
# overview (branch s10toc) ------------------------------------------------------------
# Each axis on a stream of its own (OWN_STREAM): with each at its first value every older
# seed draws a byte-identical PDF.
S10_AXES: dict[str, list] = {
    # A contents row's 【organisation】 set in a column of its own too narrow for a long
    # name, going on under itself (its title may fit on one line); the page number level
    # with the row's first line (wrap) or its last (wrap-page-last).
    "toc_org_wrap": ["none", "wrap", "wrap-page-last"],
    # The header row an interview-answer table repeats on the next page (answer_table_split
    # header, header_continued): as printed before (verbatim), each cell cut short
    # (abbreviated: `研修名・実施状況` -> `研修名`), or with 「（続き）」 in its first cell.
    "split_header_form": ["verbatim", "abbreviated", "cell_continued"],
    # Tables inside 事業の概要 ruled between rows only whatever table_border says, one case
    # of the volume given one (a golden overview table) when none has one (rows_only), or
    # one case without one given a table of a header and one row (two_rows).
    "overview_table": ["none", "rows_only", "two_rows"],
}
AXES.update(S10_AXES)
OWN_STREAM.update(S10_AXES)
# In `ci` since s11ci: each value alone under ci (`--profile ci --seeds 8 --axis NAME=VALUE`,
# 24/24 each, the warnings those of the same seeds at the first values but the header's
# noted inference), and every value drawn together (TRIAGE.md "Session 10's axes in ci").
# Wide seed 9 with overview_table two_rows (3.0-2-014: a golden table whose rows hold
# different cell counts, a merged cell, split between pages) is still wrong, warned: an
# older family than the axis, as F12 and the box family were when ci took theirs back.
# What `ci` drew of these axes before s11ci took their other values: the tests written on
# ci seeds for another family pin them, so that they draw the volumes they were written on
# (tests/test_figures.py, test_page_furniture.py, test_layout.py, test_docgen.py,
# test_docgen_libreoffice.py; test_fuzz_families.py pins them in its _extract).
S10_CI_BEFORE = {axis: values[0] for axis, values in S10_AXES.items()}
# --- end of session 10
# --- the title in the band, revision notes, vertical margin text (branch s10band) --------
# Drawn by volume.py and furniture.py, each axis from a stream of its own (OWN_STREAM), so
# that with all three at "none" every earlier seed's PDF is byte-identical.
BAND_TITLE_AXES: dict[str, list] = {
    # The case title (number, title, 【organisation】) set inside the header band in white:
    # on the band's line after the volume and section (beside), or on lines of its own
    # under them in the same band (under); no title under the band.
    "title_in_band": ["none", "beside", "under"],
    # A revision note in the cover's top left corner and in the case pages' footer corner
    # (bottom right, left of a page number there): the month of the revision before the
    # cover's date (令和6年3月改訂) or the edition (第2.0版).
    "revision_note": ["none", "date", "edition"],
    # The collection's and volume's name set vertically (one upright glyph under the other)
    # in the left or right margin of case pages.
    "margin_text": ["none", "left", "right"],
}
AXES.update(BAND_TITLE_AXES)
OWN_STREAM.update(BAND_TITLE_AXES)
# Measured on main and fixed on s10band (TRIAGE.md "Band titles, revision notes, vertical
# margin text"): title_in_band and revision_note are read exactly (wide seeds 0-39), so ci
# draws them. margin_text too since s11margin: a glyph of the vertical column set on a body
# line's band and within an em of it was joined to that line by the line builder (linebuild
# _merge_adjacent); the column is now told on the glyphs before lines are built
# (pipeline/upright.py) and read whole (TRIAGE.md "Vertical margin text read whole").
# --- end of band titles

PROFILES: dict[str, dict[str, list]] = {"wide": AXES}


def _ci_axes() -> dict[str, list]:
    out = {}
    for axis, values in AXES.items():
        drop = EXCLUDED_FROM_CI.get(axis, {})
        out[axis] = [v for v in values if v not in drop]
    return out


PROFILES["ci"] = _ci_axes()


def draw_layout(rng: random.Random, profile: str = "wide", **fixed) -> Layout:
    """One value per axis from the profile; `fixed` pins axes (for reproductions)."""
    axes = PROFILES[profile]
    # Two streams besides the shared one, so that adding an axis redraws nothing else of an
    # earlier seed: the figure's, seeded before the shared draws (s8fig), and the furniture's,
    # seeded from the draw's state after them without drawing from it (as records.mutate's content).
    # Each axis of OWN_STREAM has a stream of its own seeded there (the figure's as s8fig seeded it,
    # the answer table split's as s9tbl seeded it).
    state = repr(rng.getstate())
    seeds = {"figure": "own:", "answer_table_split": "split:"}
    streams = {axis: random.Random(seeds.get(axis, f"own:{axis}:") + state) for axis in OWN_STREAM}
    values = {axis: rng.choice(choices) for axis, choices in axes.items()
              if axis not in FURNITURE_AXES and axis not in OWN_STREAM and axis not in HEADER_FURNITURE_AXES}
    own = random.Random(repr(rng.getstate()))
    values.update({axis: own.choice(axes[axis]) for axis in FURNITURE_AXES})
    values.update({axis: streams[axis].choice(axes[axis]) for axis in OWN_STREAM})
    band = random.Random("band:" + repr(rng.getstate()))  # s9furn's, seeded as the furniture's
    values.update({axis: band.choice(axes[axis]) for axis in HEADER_FURNITURE_AXES})
    values.update(fixed)
    return Layout(**values)
