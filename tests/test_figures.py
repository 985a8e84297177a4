"""Diagrams and pictures on case pages (pipeline/sections/figures.py; session 8): their
text is no section's. Generated volumes drawn with each figure (tests/docgen/figures.py)
read back exactly, and the structures that tell a diagram from a table, and a caption
from an item, hold on hand-made pages."""
from __future__ import annotations

import pytest

from docgen import generate
from docgen.axes import S10_CI_BEFORE
from golden_compare import assert_read_back
from linekit import grid, line, page, rule, table
from linekit import case as make_case
from pipeline.issues import IssueCode
from pipeline.layout import Outline, Picture
from pipeline.sections.figures import set_aside_figures
from pipeline.sections.regions import split_regions

# ci seed 1 draws, with each figure, one under a 事業効果 column too (as drawn on 2026-12-03;
# the session-10 axes as ci drew them then, axes.S10_CI_BEFORE).
FIGURES = ["flow", "before_after", "system", "screenshot_caption", "arrows"]


@pytest.mark.parametrize("figure", FIGURES)
def test_a_volume_with_figures_reads_as_without(tmp_path, extract_cli, figure):
    """Before the fix: the labels read as overview items (申請 / 審査 / 交付), a caption as
    one more item, a panel's lines as a cost note, and the lines beside a diagram no
    longer joined (the diagram widened their column)."""
    gen = generate(1, "ci", tmp_path / "raw", figure=figure, picture="none", **S10_CI_BEFORE)
    run = extract_cli(tmp_path / "raw", tmp_path / "out", "--quiet", "--workers", "1")
    assert run.code in (0, 1), run.stderr
    assert_read_back(gen.expected, run.records, f"seed 1 figure={figure} (layout {gen.layout})")
    # What was set aside is named in the record with its page: no region leaves without a word.
    set_aside = [i for r in run.records.values() for i in r["issues"] if i["code"] == "figure_set_aside"]
    assert set_aside and all(i["page"] for i in set_aside)


def _box(x0: float, top: float, x1: float, bottom: float) -> list:
    return [rule(x0, top, x1, top), rule(x0, bottom, x1, bottom), rule(x0, top, x0, bottom), rule(x1, top, x1, bottom)]


def _flow_page(labels: list[str], *, gap: float = 40.0, arrows: bool = True):
    """An overview heading and one item, and beside it a row of boxed labels."""
    heading = line("事業の概要", 30, 100, size=12.0, bold=True)
    item = line("・窓口での申請をオンライン化し、審査から交付までを電子で完結。", 30, 125)
    lines, rulings, x = [heading, item], [], 560.0
    for k, label in enumerate(labels):
        lines.append(line(label, x + 10, 129))
        rulings += _box(x, 120, x + 60, 148)
        if arrows and k < len(labels) - 1:
            rulings.append(rule(x + 65, 134, x + 60 + gap - 5, 134))
        x += 60 + gap
    return page(lines, rulings=rulings)


def test_boxed_labels_in_a_row_are_a_diagram():
    p = _flow_page(["申請", "審査", "交付"])
    case, figures, issues = set_aside_figures(make_case(p))
    assert [ln.text for ln in case.pages[0].body] == ["事業の概要", "・窓口での申請をオンライン化し、審査から交付までを電子で完結。"]
    assert [f.text for f in figures] == ["申請 審査 交付"]
    assert not issues
    # The diagram's edges go with its text: none is left to read as a table.
    assert all(r.x1 < 560 for r in case.pages[0].layout.rulings)


def test_a_label_on_an_arrow_goes_with_the_diagram():
    p = _flow_page(["住民", "LINE"], gap=80.0)
    label = line("申請", 642, 112, size=8.0)
    p = page([*p.body, label], rulings=p.layout.rulings)
    case, figures, _ = set_aside_figures(make_case(p))
    assert "申請" not in [ln.text for ln in case.pages[0].body]
    assert figures and "申請" in figures[0].text


def test_a_box_side_drawn_in_pieces_is_one_edge():
    """LibreOffice draws a rounded box's bottom in two pieces meeting under its label."""
    p = _flow_page(["申請", "審査"])
    split = [r for r in p.layout.rulings if not (r.top == r.bottom == 148)]
    for x in (560, 660):
        split += [rule(x, 148, x + 20, 148), rule(x + 20, 148, x + 60, 148)]
    case, figures, _ = set_aside_figures(make_case(page(p.body, rulings=split)))
    assert [f.text for f in figures] == ["申請 審査"]


def test_bare_labels_joined_by_an_arrow_are_a_diagram():
    """No box around them: two short lines on one band, an arrow's shaft between them."""
    heading = line("事業の概要", 30, 100, size=12.0, bold=True)
    item = line("・窓口での申請をオンライン化。", 30, 125)
    a, b = line("申請", 600, 160), line("交付", 700, 160)
    shaft = [rule(625, 164.5, 690, 164.5), rule(685, 161, 690, 164.5), rule(685, 168, 690, 164.5)]
    case, figures, _ = set_aside_figures(make_case(page([heading, item, a, b], rulings=shaft)))
    assert [ln.text for ln in case.pages[0].body] == ["事業の概要", "・窓口での申請をオンライン化。"]
    assert not case.pages[0].layout.rulings


def test_bare_labels_one_over_the_other_joined_by_an_arrow_are_a_diagram():
    """Centred one over the other, the lower one wider (it starts left of the upper)."""
    a, b = line("市民", 640, 160), line("AIチャットボット", 607, 200)
    mid = 640 + 9.5
    p = page([line("事業の概要", 30, 100, size=12.0, bold=True), a, b], rulings=[rule(mid, 173, mid, 195)])
    case, _, _ = set_aside_figures(make_case(p))
    assert [ln.text for ln in case.pages[0].body] == ["事業の概要"]


def test_short_lines_side_by_side_without_an_arrow_stay():
    """A borderless table's row, or rows ruled between them only: no shaft runs along the
    band between its cells."""
    lines = [line("年度", 40, 130), line("件数", 200, 130), line("令和2年度", 40, 160), line("13橋", 200, 160)]
    rulings = [rule(30, 125, 300, 125), rule(30, 150, 300, 150), rule(30, 180, 300, 180)]
    p = page([line("事業の概要", 30, 100, size=12.0, bold=True), *lines], rulings=rulings)
    case, figures, _ = set_aside_figures(make_case(p))
    assert not figures and case.pages[0].body == p.body


def test_boxes_lined_up_with_no_arrow_between_are_no_diagram():
    """A table drawn with fills only: its label cells are boxes, and a row whose label cell
    is neither filled nor short (a note across the table) leaves white space between two
    of them; nothing there is an arrow (the fills-only variant of golden 2.0-3-025)."""
    p = _flow_page(["R元.5", "R2.6"], arrows=False)
    _, figures, _ = set_aside_figures(make_case(p))
    assert not figures
    note = line("kintone：1か月", 630, 129)
    _, figures, _ = set_aside_figures(make_case(page([*p.body, note], rulings=p.layout.rulings)))
    assert not figures


def test_an_arrow_printed_as_a_mark_joins_two_boxes():
    p = _flow_page(["申請", "交付"], arrows=False)
    arrow = line("→", 632, 129)
    case, figures, _ = set_aside_figures(make_case(page([*p.body, arrow], rulings=p.layout.rulings)))
    assert [f.text for f in figures] == ["申請 → 交付"]


def test_one_boxed_label_alone_is_no_diagram():
    p = _flow_page(["申請"])
    case, figures, _ = set_aside_figures(make_case(p))
    assert not figures and case.pages[0].body == p.body


def test_a_tables_short_cells_are_no_diagram():
    """A table's cells touch (its rules run on past each cell), even with an empty cell
    between two short labels, and two tables side by side meet no arrow's test either."""
    lines, rulings, _ = table([["年度", None, "件数"], ["令和2年度", None, "13橋"]], [30, 150, 260, 380])
    lines2, rulings2, _ = table([["区分", "内容"], ["初期", "なし"]], [420, 540, 660])
    p = page([line("事業の概要", 30, 70, size=12.0, bold=True), *lines, *lines2], rulings=[*rulings, *rulings2])
    case, figures, _ = set_aside_figures(make_case(p))
    assert not figures and case.pages[0].body == p.body


def test_cells_drawn_one_by_one_are_no_diagram():
    """Each cell its own four edges (a per-cell producer): neighbours' edges meet."""
    lines = [line("区分", 34, 104), line("内容", 154, 104), line("初期", 34, 132), line("なし", 154, 132)]
    rulings = [*_box(30, 100, 150, 126), *_box(150, 100, 270, 126), *_box(30, 126, 150, 152), *_box(150, 126, 270, 152)]
    p = page([line("事業の概要", 30, 70, size=12.0, bold=True), *lines], rulings=rulings)
    _, figures, _ = set_aside_figures(make_case(p))
    assert not figures


def test_a_caption_under_a_frame_is_set_aside():
    heading = line("事業の概要", 30, 100, size=12.0, bold=True)
    item = line("・住民がスマートフォンから申請できる。", 30, 125)
    caption = line("▲画面イメージ", 600, 312)
    # The frame's bottom in two pieces meeting under the caption (as LibreOffice draws it).
    frame = [*_box(560, 120, 880, 306)[:1], rule(560, 306, 640, 306), rule(640, 306, 880, 306), *_box(560, 120, 880, 306)[2:],
             *[rule(570, y, 800, y + 4) for y in (140, 160, 180)]]
    p = page([heading, item, caption], rulings=frame)
    case, figures, issues = set_aside_figures(make_case(p))
    assert [f.kind for f in figures] == ["caption"]
    assert caption.text not in [ln.text for ln in case.pages[0].body]
    assert not case.pages[0].layout.rulings  # the picture's frame and pattern with it
    assert not issues


def test_a_caption_whose_box_reaches_over_the_frames_edge_is_set_aside():
    """Chromium sets Noto's ascent above the glyphs: the caption's box starts half a point
    above the frame's bottom edge it stands under."""
    caption = line("▲画面イメージ", 600, 305.5, size=7.2)
    p = page([line("事業の概要", 30, 100, size=12.0, bold=True), caption], rulings=_box(560, 120, 880, 306))
    _, figures, issues = set_aside_figures(make_case(p))
    assert [f.kind for f in figures] == ["caption"] and not issues


def test_a_caption_with_no_frame_stays_and_is_warned():
    """A raster picture draws no edge the layout reads: the line stays in its section, and
    a warning names the section and the page."""
    heading = line("事業の概要", 30, 100, size=12.0, bold=True)
    caption = line("▲画面イメージ", 40, 140)
    p = page([heading, line("・住民がスマートフォンから申請できる。", 30, 120), caption], number=4)
    case, figures, issues = set_aside_figures(make_case(p))
    assert not figures and caption.text in [ln.text for ln in case.pages[0].body]
    assert [i.render() for i in issues] == ["overview on page 4: '▲画面イメージ' looks like a picture's caption but no drawn "
                                            "frame or picture stands over it: read as text of the section"]


def test_a_minus_sign_is_no_caption():
    """▲ before a number is a minus sign (▲30万円): an amount, never a caption."""
    heading = line("事業効果", 30, 100, size=12.0, bold=True)
    amount = line("▲30万円", 40, 140)
    p = page([heading, amount], rulings=[rule(30, 130, 400, 130)])
    case, figures, issues = set_aside_figures(make_case(p))
    assert not figures and not issues and case.pages[0].body == p.body


def test_regions_of_a_page_without_figures_are_unchanged():
    lines, rulings, _ = table([["年度", "件数"], ["令和2年度", "13橋"]], [30, 150, 260])
    p = page([line("事業の概要", 30, 70, size=12.0, bold=True), *lines], rulings=[*rulings, *grid([500, 600], [100, 130])])
    case, _, _ = set_aside_figures(make_case(p))
    before = split_regions(p.body, p.layout.width, p.layout.height)
    after = split_regions(case.pages[0].body, p.layout.width, p.layout.height)
    assert [(r.key, r.lines) for r in before] == [(r.key, r.lines) for r in after]


# --- raster pictures and curved shapes (session 9, branch s9img) ------------------------

PICTURES = ["raster", "text_over_photo", "curved"]


@pytest.mark.parametrize("picture", PICTURES)
def test_a_volume_with_pictures_reads_as_without(tmp_path, extract_cli, picture):
    """Before the fix: a caption under a raster picture stayed an overview item (warned),
    a title laid over a photo read as an item (mostly silent), labels in ovals and
    chevrons read as items or as a table's row (some silent)."""
    gen = generate(1, "ci", tmp_path / "raw", picture=picture, **S10_CI_BEFORE)
    run = extract_cli(tmp_path / "raw", tmp_path / "out", "--quiet", "--workers", "1")
    assert run.code in (0, 1), run.stderr
    assert_read_back(gen.expected, run.records, f"seed 1 picture={picture} (layout {gen.layout})")


def _overview(*extra, pictures=(), outlines=(), rulings=(), number: int = 1):
    heading = line("事業の概要", 30, 100, size=12.0, bold=True)
    item = line("・住民がスマートフォンから申請できる。", 30, 125)
    return page([heading, item, *extra], pictures=pictures, outlines=outlines, rulings=rulings, number=number)


def test_a_title_laid_over_a_picture_is_the_pictures():
    title = line("書かない窓口", 600, 200, size=14.0, bold=True)
    case, figures, issues = set_aside_figures(make_case(_overview(title, pictures=[Picture(560, 120, 880, 300)])))
    assert [(f.kind, f.text) for f in figures] == [("picture", "書かない窓口")]
    assert title.text not in [ln.text for ln in case.pages[0].body]
    assert not issues


def test_a_sections_text_printed_over_a_picture_stays():
    """The sample prints overview items across its pictures' boxes: long lines, read."""
    items = [line("・全庁において、それぞれの所管分野の業務をよく知る担当職員が取組を推進。", 120, 150 + 15 * k)
             for k in range(5)]
    p = _overview(*items, pictures=[Picture(103, 140, 880, 300)])
    case, figures, issues = set_aside_figures(make_case(p))
    assert not figures and not issues and case.pages[0].body == p.body


def test_a_caption_under_a_picture_is_set_aside():
    caption = line("▲画面イメージ", 680, 304)
    case, figures, issues = set_aside_figures(make_case(_overview(caption, pictures=[Picture(560, 120, 880, 300)])))
    assert [f.kind for f in figures] == ["caption"]
    assert caption.text not in [ln.text for ln in case.pages[0].body]
    assert not issues


def test_a_picture_in_no_sections_box_is_warned_furniture_is_not():
    """A picture above every heading (no box holds it) is a region no parser took; a logo
    in the header band, above the body, and an icon are furniture."""
    logo = Picture(880, 5, 940, 30)
    icon = Picture(20, 160, 36, 176)
    p = page([line("・冒頭の説明文。", 30, 40), line("事業の概要", 30, 300, size=12.0, bold=True),
              line("・住民がスマートフォンから申請できる。", 30, 325)],
             pictures=[logo, icon, Picture(400, 60, 800, 250)], number=4)
    _, figures, issues = set_aside_figures(make_case(p))
    assert not figures
    assert [(i.code, i.page) for i in issues] == [(IssueCode.PICTURE_OUTSIDE_SECTIONS, 4)]
    assert "400, 60, 800, 250" in issues[0].render()


def test_a_picture_in_a_sections_box_is_that_sections():
    _, figures, issues = set_aside_figures(make_case(_overview(pictures=[Picture(30, 150, 400, 300)])))
    assert not figures and not issues


def _shape(x0: float, top: float, x1: float, bottom: float) -> Outline:
    """An oval's or a chevron's outline: both reach all across their box (measured 1.0,
    tests/test_layout.py)."""
    return Outline(x0, top, x1, bottom, 1.0)


def test_labels_in_ovals_joined_by_arrows_are_a_diagram():
    labels = [line(t, x + 15, 130) for t, x in (("申請", 560), ("審査", 680), ("交付", 800))]
    ovals = [_shape(x, 120, x + 70, 150) for x in (560, 680, 800)]
    arrows = [rule(635, 135, 675, 135), rule(755, 135, 795, 135)]
    case, figures, issues = set_aside_figures(make_case(_overview(*labels, outlines=ovals, rulings=arrows)))
    assert [f.text for f in figures] == ["申請 審査 交付"] and not issues
    assert [ln.text for ln in case.pages[0].body] == ["事業の概要", "・住民がスマートフォンから申請できる。"]


def test_chevrons_touching_in_a_row_are_a_diagram():
    """Chevrons abut and need no arrow (their tips point the way); their own sides close
    boxes of no shape around the labels, whose rules run on across the row."""
    labels = [line(t, x + 20, 130) for t, x in (("計画", 560), ("実行", 662), ("評価", 764))]
    chevrons = [_shape(x, 120, x + 100, 150) for x in (560, 662, 764)]
    sides = [rule(560, 120, 850, 120), rule(560, 150, 850, 150), rule(560, 120, 560, 150)]
    case, figures, _ = set_aside_figures(make_case(_overview(*labels, outlines=chevrons, rulings=sides)))
    assert [f.text for f in figures] == ["計画 実行 評価"]


def test_ovals_joined_by_a_bent_connector_are_a_diagram():
    a, b = _shape(560, 110, 640, 135), _shape(780, 220, 860, 245)
    labels = [line("住民", 585, 117), line("基幹システム", 790, 227), line("連携", 610, 215, size=8.0)]
    elbow = [rule(600, 135, 600, 232), rule(600, 232, 780, 232)]
    case, figures, _ = set_aside_figures(make_case(_overview(*labels, outlines=[a, b], rulings=elbow)))
    assert [f.text for f in figures] == ["住民 連携 基幹システム"]


def test_a_lone_oval_or_rounded_box_is_no_diagram():
    """One shape alone, or rounded boxes (slanted corners reaching little across), side by
    side without an arrow: nothing is set aside."""
    labels = [line(t, x + 15, 130) for t, x in (("申請", 560), ("審査", 680))]
    lone = set_aside_figures(make_case(_overview(labels[0], outlines=[_shape(560, 120, 630, 150)])))[1]
    rounded = [Outline(x, 120, x + 70, 150, 0.1) for x in (560, 680)]
    side_by_side = set_aside_figures(make_case(_overview(*labels, outlines=rounded, rulings=[
        *_box(560, 120, 630, 150), *_box(680, 120, 750, 150)])))[1]
    assert not lone and not side_by_side
