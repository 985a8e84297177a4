"""Layout-stage rules that the golden checks exercise only indirectly."""
from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest

from pdfvariants import double_glyphs, subset
from pipeline.layout import collapse_letter_spacing, layout_pdf, reading_order

ROOT = Path(__file__).resolve().parents[1]
TAISEI = ROOT / "raw" / "jichitai_dx_jirei_v2_1_taisei.pdf"


@pytest.mark.parametrize(
    "printed, expected",
    [
        ("1 マ イ ナ ン バ ー カ ー ド", "1マイナンバーカード"),
        ("P o i n t", "Point"),
        ("事 業 の 概 要", "事業の概要"),
        ("M i c r o s o f t  T e a m s", "Microsoft Teams"),
        ("R2.9～R3.8 事業者選定", "R2.9～R3.8 事業者選定"),  # ordinary spaces stay
        ("a b", "a b"),
    ],
)
def test_letter_spaced_text_is_joined(printed, expected):
    assert collapse_letter_spacing(printed) == expected


def test_doubled_glyphs_are_dropped_and_text_is_unchanged(tmp_path):
    src = tmp_path / "one.pdf"
    doubled = tmp_path / "doubled.pdf"
    with pikepdf.open(TAISEI) as pdf:
        subset(pdf, [3])  # page 4: two columns, 事業の概要 | 事業効果
        pdf.save(src)
        double_glyphs(pdf)
        pdf.save(doubled)
    (plain,) = layout_pdf(src)
    (twice,) = layout_pdf(doubled)
    assert twice.doubled_chars == plain.raw_char_count
    assert [ln.text for ln in twice.lines] == [ln.text for ln in plain.lines]


def test_two_columns_stay_apart_and_bullets_stay_with_their_text():
    (page,) = layout_pdf(TAISEI, [4])
    texts = [ln.text for ln in reading_order(page.lines)]
    assert "・" not in texts  # a bullet a fraction of a point off its baseline
    left = [ln for ln in page.lines if ln.text.startswith("・さらに")]
    right = [ln for ln in page.lines if ln.text.startswith("ている。")]
    assert left and right and left[0].x1 < right[0].x0


def test_questions_found_when_neither_bold_nor_indented():
    """A producer that sets questions like answers (no bold, same margin): questions are
    still found from their question form, and the answers stay whole."""
    import dataclasses

    from golden_compare import golden_records
    from pipeline.sections.interview import parse_interview
    from pipeline.sections.registry import classify_by_headings
    from pipeline.segment import segment

    pages = layout_pdf(TAISEI, range(1, 6))  # cover, toc, guide, case 1 (overview + interview)
    (case,) = segment(pages, classify_by_headings).cases
    from collections import Counter

    answers = [ln for p in case.pages if p.kind == "interview" for ln in p.body if not ln.bold]
    margin = Counter(ln.x0 for ln in answers).most_common(1)[0][0]
    plain = [
        dataclasses.replace(p, body=[dataclasses.replace(ln, bold=False, x0=margin) if ln.bold else ln for ln in p.body])
        for p in case.pages
    ]
    got = parse_interview(dataclasses.replace(case, pages=plain))
    golden = golden_records()["2.0-1-001"]["interview"]
    assert [q for q, _ in got.qa] == [x["q"] for x in golden]
    assert [a for _, a in got.qa] == [x["a"] for x in golden]


def _glyph(text: str, x0: float, top: float, size: float, width: float) -> tuple:
    return (text, x0, x0 + width, top, top + size, size, "F")


@pytest.mark.parametrize(("glyphs", "kept"), [
    # a repeated narrow letter in small print sits one advance apart: both stay
    ([_glyph("l", 10, 10, 6, 1.33), _glyph("l", 11.33, 10, 6, 1.33)], 2),
    ([_glyph("ー", 10, 10, 11, 11), _glyph("ー", 21, 10, 11, 11), _glyph("ー", 32, 10, 11, 11)], 3),
    ([_glyph(".", 10, 10, 9, 2.0), _glyph(".", 12, 10, 9, 2.0), _glyph(".", 14, 10, 9, 2.0)], 3),
    # the same letter on the next line, at the same x: stays
    ([_glyph("人", 10, 10, 11, 11), _glyph("人", 10, 24, 11, 11)], 2),
    # fake bold: a copy a fraction of a point away
    ([_glyph("人", 10, 10, 11, 11), _glyph("人", 10.3, 10, 11, 11)], 1),
    # a shadow or a heavier fake bold 2 pt off a 12 pt glyph, up and right
    ([_glyph("業", 10, 10, 12, 12), _glyph("業", 12, 9, 12, 12)], 1),
    # a narrow glyph drawn twice 0.6 pt apart
    ([_glyph("1", 10, 10, 10, 5.6), _glyph("1", 10.6, 10.3, 10, 5.6)], 1),
    # "11" tracked 27% tight: still two digits
    ([_glyph("1", 10, 10, 10, 5.6), _glyph("1", 14.1, 10, 10, 5.6)], 2),
    # Chromium snaps the copy of a doubled line to whole CSS pixels: a narrow "I" (1.37 pt
    # wide in 5.9 pt type) drawn twice 0.75 pt apart (wide seed 13 printed by Chromium)
    ([_glyph("I", 626.83, 10, 5.91, 1.37), _glyph("I", 627.58, 10, 5.91, 1.37)], 1),
    # a zero-width glyph drawn twice at one place
    ([_glyph("\u0301", 10, 10, 10, 0), _glyph("\u0301", 10, 10, 10, 0)], 1),
    # a nested bracket closed twice, the pair trimmed by Chromium: the second ） starts
    # half an em (less a rounding) into the first's full-width box (wide seed 160 printed
    # by Chromium: （電話：0285-83-8394（代表））lost its last bracket, and the department
    # after it ran into this one)
    ([_glyph("）", 282.87, 338.1, 7.65, 7.93), _glyph("）", 286.83, 338.1, 7.65, 7.93)], 2),
])
def test_a_glyph_drawn_twice_is_told_from_a_letter_repeated(glyphs, kept):
    from pipeline.layout import drop_glyph_copies

    out, doubled, dropped = drop_glyph_copies(glyphs)
    assert len(out) == kept and dropped == len(glyphs) - kept
    assert bool(doubled) == (kept < len(glyphs))


def test_a_glyph_with_an_absurd_box_does_not_stall_the_lookup():
    """A broken font can give a glyph a box a million points wide; the copy lookup stays
    a few cells wide (an unbounded one scanned ~10^11 cells here)."""
    from pipeline.layout import drop_glyph_copies

    huge = [_glyph("A", 0, 0, 10, 1e6), _glyph("A", 3, 0, 10, 1e6), _glyph("A", 5e5, 3e5, 1e6, 1e6)]
    out, _, dropped = drop_glyph_copies(huge)
    assert dropped == 1 and len(out) == 2


@pytest.mark.parametrize("box", [[0, 0, 595, 842], [-300, 200, 295, 1042], [0, 842, 595, 0], [595, 0, 0, 842]],
                         ids=["plain", "offset", "inverted", "inverted-x"])
def test_lines_and_rulings_are_measured_from_the_page_corner(tmp_path, box):
    """However the MediaBox is written (off the origin, corners swapped), a line and a
    ruling printed 50 pt from the left and 132.5 pt from the top are found there."""
    import pdfplumber

    from pipeline.layout import layout_page

    x0, y0 = min(box[0], box[2]), min(box[1], box[3])
    pdf = pikepdf.new()
    font = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica))
    content = f"BT /F1 12 Tf {x0 + 50} {y0 + 700} Td (Hello top left) Tj ET {x0 + 50} {y0 + 600} 200 0.5 re f".encode()
    page = pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=box, Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)),
                              Contents=pdf.make_stream(content))
    pdf.pages.append(pikepdf.Page(page))
    pdf.save(tmp_path / "box.pdf")
    with pdfplumber.open(tmp_path / "box.pdf") as doc:
        lay = layout_page(doc.pages[0], 1)
    assert [(ln.text, round(ln.x0, 1), round(ln.top, 1)) for ln in lay.lines] == [("Hello top left", 50.0, 132.5)]
    assert any(round(r.x0) == 50 and round(r.top) == 242 for r in lay.rulings), lay.rulings



def test_a_page_is_read_inside_its_crop_box(tmp_path):
    """A print layout: the MediaBox holds a bleed with marks around the CropBox the page
    is shown in; lines are measured from the CropBox and the marks are not read."""
    import pdfplumber

    from pipeline.layout import layout_page

    pdf = pikepdf.new()
    font = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica))
    content = b"BT /F1 12 Tf 50 700 Td (Hello top left) Tj ET BT /F1 6 Tf -30 -30 Td (crop mark) Tj ET"
    page = pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=[-36, -36, 631, 878], CropBox=[0, 0, 595, 842],
                              Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)), Contents=pdf.make_stream(content))
    pdf.pages.append(pikepdf.Page(page))
    pdf.save(tmp_path / "bleed.pdf")
    with pdfplumber.open(tmp_path / "bleed.pdf") as doc:
        lay = layout_page(doc.pages[0], 1)
    assert (round(lay.width), round(lay.height)) == (595, 842)
    assert [(ln.text, round(ln.x0, 1), round(ln.top, 1)) for ln in lay.lines] == [("Hello top left", 50.0, 132.5)]


# --- runs split at a table's columns (tests/docgen/TRIAGE.md F5, cost part) ---------------


def _run(text: str, x0: float, top: float, size: float = 14.0, right: bool = False) -> list:
    """Glyphs set solid: a full-width glyph one em wide, any other half an em; `right`
    places the run so that it ends at `x0` (a right-aligned amount)."""
    import unicodedata

    from pipeline.layout import Glyph

    widths = [size if unicodedata.east_asian_width(ch) in ("W", "F") else size / 2 for ch in text]
    x = x0 - sum(widths) if right else x0
    out = []
    for ch, w in zip(text, widths):
        out.append(Glyph(ch, x, x + w, top, top + size, size, False))
        x += w
    return out


def _texts(glyphs: list) -> list[str]:
    from pipeline.layout import build_lines

    return [ln.text for ln in build_lines(glyphs, 1)]


def test_an_amount_one_em_before_the_next_columns_mark_is_two_runs():
    """A cost table without borders: the initial half's amount is right-aligned one em
    before the running half's `(内訳)` (two half-width glyphs, the gap exactly the open
    column gap). The running column starts there on the label row and the (備考) row too,
    so the band splits at it."""
    glyphs = (_run("イニシャルコスト", 0, 10) + _run("ランニングコスト", 140, 10)
              + _run("13,440,000", 126, 30, right=True) + _run("(内訳)・運用保守費", 140, 30)
              + _run("(備考)", 0, 50) + _run("(備考)", 140, 50))
    assert "13,440,000" in _texts(glyphs) and "(内訳)・運用保守費" in _texts(glyphs)


def test_cells_last_glyphs_alone_on_a_band_are_not_letter_spacing():
    """Two wrapped cells leave `費` and `円` alone on a band, far apart; three leave `円`,
    `守費` and `円`, one em between the first two. Their gaps are no letter spacing to
    measure the band's column gaps against."""
    assert _texts(_run("費", 0, 10) + _run("円", 112, 10)) == ["費", "円"]
    assert _texts(_run("円", 100, 10) + _run("守費", 128, 10) + _run("円", 300, 10)) == ["円", "守費", "円"]


def test_a_number_before_a_tracked_title_stays_with_it():
    """The case number before a letter-spaced title drawn without space glyphs is less
    than an em from it and stands in no column: one run, as before."""
    from pipeline.layout import Glyph

    # As a letter-spaced title of the sample is drawn once its space glyphs are dropped.
    at = [("1", 59.0, 68.3), ("3", 71.9, 81.2), ("D", 95.3, 106.6), ("X", 109.7, 119.6), ("推", 119.6, 135.4),
          ("進", 138.9, 154.7), ("計", 158.2, 174.0), ("画", 177.5, 193.3)]
    assert _texts([Glyph(ch, x0, x1, 10, 25.8, 15.8, False) for ch, x0, x1 in at]) == ["13 DX推進計画"]


SKIA_TRIMMED = Path(__file__).parent / "fixtures" / "skia_trimmed_punctuation.pdf"


def test_a_glyph_half_an_em_into_trimmed_punctuation_stays_in_its_line():
    """Chromium sets two punctuation marks in a row (」、 、「 ）。) in one and a half ems
    (text-spacing-trim), so the glyph after a trimmed mark starts half an em into the
    mark's box as the font's widths give it (tests/fixtures/skia_trimmed_punctuation.html,
    printed by headless Chromium). Each printed line is one line, not cut at the mark."""
    texts = [ln.text for ln in layout_pdf(SKIA_TRIMMED)[0].lines]
    assert texts[:2] == ["研修後は、「グループワークにより理解が深まった」、「プロセスを体験できた」といった意見があった。",
                         "現在「ICT・DX分野」も公募（2015年以降10名応募）。職員採用では「ICT」の区分を新設。"]
    assert len(texts) == 5


def test_an_opening_bracket_trimmed_after_a_parenthesis_keeps_its_place():
    """After a half-width ( Chromium trims the empty left half of 「 and 『, so the
    bracket's box starts before the parenthesis's: ordered by where their ink starts,
    the line reads as printed (the fixture's last line)."""
    texts = [ln.text for ln in layout_pdf(SKIA_TRIMMED)[0].lines]
    assert texts[4] == "県・市町情報システム人材の育成 (「広島県情報システム人材育成プラン」の実行)、(『共同利用』)"


def test_glyphs_overlapping_without_punctuation_are_still_two_runs():
    """The allowance is for a trimmed mark's empty half only: two ideographs overlapping
    by more than half an em are text written over text, as before."""
    from pipeline.layout import Glyph, build_lines

    size = 10.0
    a = [Glyph(ch, 100 + i * size, 100 + (i + 1) * size, 100, 100 + size, size, False) for i, ch in enumerate("事業概要")]
    b = [Glyph(ch, 134 + i * size, 134 + (i + 1) * size, 100, 100 + size, size, False) for i, ch in enumerate("効果")]
    assert [ln.text for ln in build_lines(a + b, 1)] != ["事業概要効果"]


def test_pictures_and_curved_outlines_are_read_into_the_page_layout(tmp_path):
    """Raster images (pdfplumber's page.images) and closed curved paths are part of the
    typed page model (session 9): before, the layout stage kept neither. The sample's
    pictures come as pdfplumber reports them; its paths are rectangles or nearly (no
    slanted side reaching far across). A generated oval's arcs and a chevron's tip (its
    two slanted sides run from its top to its bottom) reach all across (measured 1.0:
    [figures] shape_slant_reach), a rounded box's corners a quarter at most: nothing
    between, where the threshold lies."""
    import pdfplumber

    from docgen import generate
    from docgen.axes import S10_CI_BEFORE

    path = ROOT / "raw" / "jichitai_dx_jirei_v2_1_taisei.pdf"
    pages = layout_pdf(path)
    with pdfplumber.open(path) as pdf:
        for p, q in zip(pages, pdf.pages):
            assert [(pic.x0, pic.top, pic.x1, pic.bottom) for pic in p.pictures] == \
                [tuple(round(float(i[k]), 1) for k in ("x0", "top", "x1", "bottom")) for i in q.images], p.page
    assert sum(len(p.pictures) for p in pages) >= 10
    assert max(o.slant_reach for p in pages for o in p.outlines) < 0.25
    # Seed 3 draws a row of chevrons and ovals joined by arrows (docgen.figures.curved).
    gen = generate(3, "ci", tmp_path, picture="curved", **S10_CI_BEFORE)
    reaches = [o.slant_reach for p in layout_pdf(gen.pdf) for o in p.outlines]
    assert sum(r >= 0.9 for r in reaches) >= 6
    assert not [r for r in reaches if 0.25 <= r < 0.9]


# --- text set vertically in a margin (pipeline/upright.py, session 11) ----------------------


def _margin_column(text: str, x_mid: float, top: float, size: float, step: float) -> list:
    """`text` set vertically: one upright glyph under the other, centred on x_mid."""
    import unicodedata

    from pipeline.layout import Glyph

    out = []
    for k, ch in enumerate(text):
        w = size if unicodedata.east_asian_width(ch) in ("W", "F") else size / 2
        out.append(Glyph(ch, x_mid - w / 2, x_mid + w / 2, top + k * step, top + k * step + size, size, False))
    return out


def _body_lines(texts: list[str], x0: float, top: float, size: float, pitch: float) -> list:
    return [g for k, t in enumerate(texts) for g in _run(t, x0, top + k * pitch, size)]


def test_a_margin_glyph_level_with_a_body_line_is_not_joined_to_it():
    """The volume's name set vertically in the left margin (10.1 pt glyphs 11.1 pt apart, as
    wide seed 0 draws it), beside bullets of 13.2 pt type: 体 lies on no band of the body but
    within an em of ●(2)'s start, and the line builder joined the two (`体●(2)例規…`), so
    the rest of the column was no longer one (margin_text left: department, population and
    urls wrong with no warning naming them). Told before lines are built, each glyph of the
    column is a line of its own and the body's lines are as printed."""
    column = _margin_column("自治体DX推進参考事例集1.体制整備", 13.25, 243.0, 10.12, 11.14)
    body = _body_lines(["●(1)行政改革推進本部", "●ビジョン・工程表等", "●(2)例規・組織・人事担当部門", "●人材育成・人材確保"],
                       30.8, 235.0, 13.2, 16.6)
    texts = _texts(column + body)
    assert "●(2)例規・組織・人事担当部門" in texts
    assert [t for t in texts if len(t) == 1] == list("自治体DX推進参考事例集1.体制整備")


def test_marks_before_list_items_one_under_the_other_stay_with_their_items():
    """①②③④ before four one-line items (a contents page's sections), stacked at the
    text's left edge at one pitch, distinct and with nothing further left: no margin text,
    since each has its item beside it (the line builder's reach of joining)."""
    items = _body_lines(["①体制整備", "②人材確保・育成", "③内部DX", "④その他"], 30.0, 300.0, 11.0, 20.0)
    assert _texts(items) == ["①体制整備", "②人材確保・育成", "③内部DX", "④その他"]


def test_the_last_glyphs_of_justified_lines_are_no_margin_column():
    """Justified lines end on one axis at one pitch, each last glyph different, nothing to
    their right: the edge of a text block, no column of its own."""
    lines = ["外部人材にとって自治体の文化が", "壁になるケースが多いため庁内に", "通訳ができる人材が必要ですこの", "人材は庁内調整を図ることができ"]
    assert _texts(_body_lines(lines, 34.0, 100.0, 10.0, 13.0)) == lines
