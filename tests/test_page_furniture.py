"""Page furniture and long volumes (session 8, tests/docgen/TRIAGE.md "Page furniture
and contents over several pages"): running headers, page numbers and footer lines
drawn round generated slides (docgen/furniture.py), and contents running over several
pages. Furniture must never end up in a field; each test draws a volume with the
generator, the axis that shows the family pinned, and runs the real pipeline on it."""
from __future__ import annotations

import pdfplumber
import pytest

from docgen import generate
from golden_compare import compare
from pipeline.layout import layout_pdf
from pipeline.sections.registry import classify_by_headings
from pipeline.segment import segment


@pytest.mark.parametrize("running_header", ["volume-left", "volume-right", "section-left", "section-right", "collection-left"])
def test_running_header_above_the_band_is_not_a_label(tmp_path, extract_cli, running_header):
    """A running header (the volume's title or the section's name) printed above the case
    header band was read as a label of every case (before: labels wrong in 108 of 108
    cases drawn with one, wide seeds 0-39, 34 warned)."""
    gen = generate(0, "ci", tmp_path / "raw", running_header=running_header, **_ci_band())
    run = extract_cli(tmp_path / "raw", tmp_path / "out", "--quiet", "--workers", "1")
    assert run.code == 0, run.stderr
    for exp in gen.expected:
        got = run.records[exp["case_id"]]
        assert compare(exp, got, ignore_source_sha=True) == {}, exp["case_id"]
        assert not [w for w in got["warnings"] if "above the case header band" in w], exp["case_id"]


def test_running_header_naming_nothing_on_too_few_pages_is_a_label_warned(tmp_path, extract_cli):
    """A line above the band that names neither the band's volume nor its section, in a
    volume too short for it to repeat on enough pages (one case of two pages): the
    pipeline cannot tell a running header from a label printed above the band, so it
    keeps it as a label and says so, with the page."""
    # Without a table split between pages in an answer (session 9), which adds a page.
    gen = generate(5, "ci", tmp_path / "raw", cases=1, running_header="collection-left", answer_table_split="none", **_ci_band())
    exp = gen.expected[0]
    assert len(exp["source"]["pages"]) == 2, "precondition: the case has two pages (pick another seed)"
    run = extract_cli(tmp_path / "raw", tmp_path / "out", "--quiet", "--workers", "1")
    got = run.records[exp["case_id"]]
    assert got["labels"] == exp["labels"] + ["自治体DX推進参考事例集"]
    first = exp["source"]["pages"][0]
    assert [w for w in got["warnings"] if w.startswith(f"page {first}: ") and "above the case header band" in w
            and "label" in w], got["warnings"]


def test_contents_rows_set_solid_are_read(tmp_path, extract_cli):
    """A contents row whose number and title are set solid (`1全59市町村…`: text placed
    per glyph with no space glyph) was not read: every case then had its title read
    from its form and size, warned on every page, and the contents' facts were lost."""
    gen = generate(0, "wide", tmp_path / "raw", text_unit="char", margin_text="none")
    with pdfplumber.open(gen.pdf) as pdf:
        chars = [c["text"] for c in pdf.pages[1].chars]
    assert " " not in chars, "precondition: the contents draw space glyphs (pick another seed)"
    run = extract_cli(tmp_path / "raw", tmp_path / "out", "--quiet", "--workers", "1")
    for exp in gen.expected:
        got = run.records[exp["case_id"]]
        assert not [w for w in got["warnings"] if "does not list case" in w], exp["case_id"]


def test_contents_continued_inside_a_subsection_keep_it(tmp_path):
    """Contents over two pages, the second repeating the section with （つづき） inside a
    subsection (toc_continued=section): the rows under it lost their subsection. Seed
    22, 25 cases of volume 3, breaks inside ●AI・RPAの活用."""
    gen = generate(22, "wide", tmp_path / "raw", cases=25, toc_continued="section", **_band())
    seg = segment(list(layout_pdf(gen.pdf)), classify_by_headings)
    tocs = [n for n, e in seg.ledger.items() if str(e.kind) == "toc"]
    assert len(tocs) == 2, "precondition: the contents run over two pages"
    with pdfplumber.open(gen.pdf) as pdf:
        second = pdf.pages[tocs[1] - 1].extract_text() or ""
    assert "（つづき）" in second, "precondition: the second page repeats its section with （つづき）"
    for exp in gen.expected:
        entry = seg.facts.toc[exp["case_no"]]
        assert (entry.area, entry.section_no, entry.section, entry.subsection) == \
            (exp["area"], exp["section_no"], exp["section"], exp["subsection"]), exp["case_no"]


@pytest.mark.parametrize("page_number", ["bare", "dashed", "of-total"])
def test_a_page_missing_shows_in_any_printed_page_number_form(tmp_path, extract_cli, page_number):
    """The check that printed page numbers run on (a page missing) read only bare
    numbers: a volume numbering `- 12 -` or `12 / 98` lost a page without the warning."""
    import pikepdf

    gen = generate(0, "ci", tmp_path / "gen", page_number=page_number, text_unit="line", **_ci_band())
    drop = gen.expected[1]["source"]["pages"][-1]  # the last page of the second case
    raw = tmp_path / "raw"
    raw.mkdir()
    with pikepdf.open(gen.pdf) as pdf:
        del pdf.pages[drop - 1]
        pdf.save(raw / gen.pdf.name)
    run = extract_cli(raw, tmp_path / "out", "--quiet", "--workers", "1")
    issues = [i for f in run.report["files"] for i in f["issues"] if i["code"] == "pages_missing"]
    assert [i["page"] for i in issues] == [drop], issues


# --- furniture in and around the header band, contents rows that wrap (s9furn) ------------
# tests/docgen/TRIAGE.md "Furniture in and around the header band". Every axis of the
# block pinned to its first value but the one tested, so that each test shows one family.

def _band(**pinned) -> dict:
    """Session 9's band axes and session 10's (title in the band, revision notes, margin
    text) at their first value: the volumes these tests were written on."""
    from docgen.axes import BAND_TITLE_AXES, HEADER_FURNITURE_AXES

    axes = {**HEADER_FURNITURE_AXES, **BAND_TITLE_AXES}
    return {**{axis: values[0] for axis, values in axes.items()}, **pinned}


def _ci_band(**pinned) -> dict:
    """`_band` for a ci seed, with the session-10 axes ci drew before s11ci took their other
    values (axes.S10_CI_BEFORE): these tests were written on those volumes."""
    from docgen.axes import S10_CI_BEFORE

    return {**S10_CI_BEFORE, **_band(**pinned)}


def _read_exactly(gen, run) -> None:
    assert run.code == 0, run.stderr
    for exp in gen.expected:
        got = run.records.get(exp["case_id"])
        assert got is not None, f"{exp['case_id']} missing"
        assert compare(exp, got, ignore_source_sha=True) == {}, exp["case_id"]


def test_header_band_on_two_lines_is_one_header(tmp_path, extract_cli):
    """A band of two lines, the volume on the first and the section (and subsection) on
    the second (band_wrap=header): the second line was read as a label of every case
    (before: 0/30 golden-exact, wide seeds 0-9, labels wrong in 30, 10 warned)."""
    gen = generate(0, "ci", tmp_path / "raw", **_ci_band(band_wrap="header"))
    run = extract_cli(tmp_path / "raw", tmp_path / "out", "--quiet", "--workers", "1")
    _read_exactly(gen, run)


def test_labels_of_a_two_line_band_are_not_running_text(tmp_path, extract_cli):
    """A label repeated on every page of a case, in a band of two lines: further under the
    header line than the band's reach find_margins allowed (it knew the band as one line),
    it counted as a running text and was dropped as furniture, unwarned (ci seed 1 once
    the block joined `ci`: labels lost in 3 of 3 cases)."""
    gen = generate(1, "ci", tmp_path / "raw", **_ci_band(band_wrap="header", running_header_at="below"))
    assert any(exp["labels"] for exp in gen.expected), "precondition: some case has a label"
    run = extract_cli(tmp_path / "raw", tmp_path / "out", "--quiet", "--workers", "1")
    _read_exactly(gen, run)


def test_page_number_in_a_band_moved_down_is_not_a_label(tmp_path, extract_cli):
    """The page number at the band's right end, the band moved down by a running header
    above it: out of the page's top share, where furniture is looked for, it was read as a
    label (`4`), its warning by chance only (wide seeds 40-99: seeds 64, 68, 85, 9 cases)."""
    gen = generate(68, "wide", tmp_path / "raw", **_band(header_page_number="band", band_wrap="labels"))
    assert gen.layout.running_header != "none", "precondition: a running header moves the band down"
    run = extract_cli(tmp_path / "raw", tmp_path / "out", "--quiet", "--workers", "1")
    _read_exactly(gen, run)


def test_labels_set_on_two_lines_are_one_label_each(tmp_path, extract_cli):
    """Labels wrapping inside their boxes (band_wrap=labels): each half was read as a
    label of its own (`人口：1万人` and `以上5万人未満`; before: 8/30, 7 of 22 warned)."""
    gen = generate(1, "ci", tmp_path / "raw", **_ci_band(band_wrap="labels"))
    run = extract_cli(tmp_path / "raw", tmp_path / "out", "--quiet", "--workers", "1")
    _read_exactly(gen, run)


def test_running_header_below_the_band_is_not_a_label(tmp_path, extract_cli):
    """The section's name as a running header in a strip below the band, above the
    title: read as a label, unwarned (before: seeds 5 and 6 of 0-9, labels wrong in 2)."""
    gen = generate(5, "wide", tmp_path / "raw", running_header="section-left", **_band(running_header_at="below"))
    run = extract_cli(tmp_path / "raw", tmp_path / "out", "--quiet", "--workers", "1")
    _read_exactly(gen, run)


def test_running_header_below_a_moved_band_naming_nothing_is_not_a_label(tmp_path, extract_cli):
    """The collection's title under the band, the band moved down by the page number in
    the corner above it: out of the page's top, where find_margins counts repeats, it was
    read as a label of every case, warned (wide seeds 0-39, all axes drawn: seeds 14, 32
    and 34, 9 cases). It is left out of the labels now, each case noting it was."""
    gen = generate(34, "wide", tmp_path / "raw", **_band(running_header_at="below", header_page_number="corner"))
    assert gen.layout.running_header == "collection-left", "precondition: the running header names nothing"
    run = extract_cli(tmp_path / "raw", tmp_path / "out", "--quiet", "--workers", "1")
    _read_exactly(gen, run)
    for exp in gen.expected:
        warned = [w for w in run.records[exp["case_id"]]["warnings"] if "header band" in w]
        # Left out as a running header, and said so (labels repeat across cases too).
        assert warned and all("left out of the labels as a running header" in w for w in warned), exp["case_id"]


@pytest.mark.parametrize("running_header", ["volume-right", "section-left", "collection-left"])
def test_running_header_beside_the_title_keeps_the_title(tmp_path, extract_cli, running_header):
    """A running header at the right end of the title's first line: the title, wrapped
    round it, ended at the first line (the header line, smaller, broke it off), every page
    of the case was unknown and the case missing (before: 66/90 golden-exact over the
    three values, 8 of 24 missing cases unwarned)."""
    gen = generate(0, "wide", tmp_path / "raw", running_header=running_header, **_band(running_header_at="beside-title"))
    run = extract_cli(tmp_path / "raw", tmp_path / "out", "--quiet", "--workers", "1")
    _read_exactly(gen, run)
    for exp in gen.expected:
        assert not [w for w in run.records[exp["case_id"]]["warnings"] if "beside the title" in w], exp["case_id"]


@pytest.mark.parametrize("toc_wrap", ["under-title", "page-first"])
def test_contents_rows_wrapping_are_one_row(tmp_path, toc_wrap):
    """A contents title going on under itself on a second line, its page number on the
    second line or the first: the row was read with its first line's title alone (before:
    16/30 rows right, 4:3 seeds 0-9; the case titles then did not match the contents)."""
    wrapped = 0
    for seed, cases in ((0, 3), (1, 3), (0, 25)):  # seed 0 of 25 cases: a title over three lines
        gen = generate(seed, "wide", tmp_path / f"raw-{seed}-{cases}", cases=cases, **_band(toc_wrap=toc_wrap),
                       **({"page_size": "4:3"} if cases == 3 else {}))
        seg = segment(list(layout_pdf(gen.pdf)), classify_by_headings)
        for exp in gen.expected:
            entry = seg.facts.toc[exp["case_no"]]
            assert (entry.title, entry.organization, entry.section_no) == \
                (exp["title"], exp["organization"], exp["section_no"]), exp["case_no"]
        with pdfplumber.open(gen.pdf) as pdf:
            text = pdf.pages[1].extract_text() or ""
        wrapped += sum(1 for exp in gen.expected if f"{exp['case_no']} {exp['title']}" not in text)
    assert wrapped >= 3, "precondition: some contents rows wrap"


@pytest.mark.parametrize("boxed_apart", [False, True])
def test_lines_stacked_in_one_label_box_are_one_label_two_boxes_two(boxed_apart):
    """Two label lines one under the other on the band's right: one label wrapping in its
    box, unless a drawn edge runs between them (two boxes, one over the other)."""
    from linekit import rule

    got = _stacked_band("書かない", "窓口", [rule(795, 13.5, 860, 13.5)] if boxed_apart else [])
    assert got.labels == (["書かない", "窓口"] if boxed_apart else ["書かない窓口"])
    assert (got.section_no, got.section) == (1, "業務改革")


def _banded_volume(under: dict[int, str], on_band: dict[int, str], cases: int = 16) -> list:
    """A hand-made volume of one-page cases: the case header band at the top (labels on
    its line at the right, `on_band`), a text in a strip under the band for the cases in
    `under` (out of the page's top share, where find_margins counts repeats: the band moved
    down), the title, body text and a page number at the foot."""
    from linekit import line
    from pipeline.layout import PageLayout

    pages = []
    for no in range(1, cases + 1):
        lines = [line("<3.内部DX> ①業務改革", 20, 12, size=9, page=no),
                 line(f"{no} 窓口の手続をオンラインで完結【北海道札幌市】", 30, 80, size=16, page=no),
                 *[line("申請から交付までの手続をオンラインで受け付け、来庁を不要にした。", 30, 130 + 16 * k, page=no)
                   for k in range(6)],
                 line(str(no), 470, 520, size=8, page=no)]
        if no in on_band:
            lines.append(line(on_band[no], 800, 12, size=7, page=no))
        if no in under:
            lines.append(line(under[no], 800, 50, size=7, page=no))
        pages.append(PageLayout(page=no, width=960, height=540, lines=lines))
    return pages


@pytest.mark.parametrize("where", ["few-cases", "also-on-a-band"])
def test_a_label_under_the_band_repeating_in_some_cases_stays_a_label(where):
    """A label printed in a strip under the band, in 3 of 16 cases (labels repeat across
    cases by design: the sample's each in 2 of 29), or in 4 of 16 but on a band's own line
    in another case: it was dropped, with its warning, as a running header once it repeated
    in [segment] running_min_pages cases, whatever the volume's share."""
    under = dict.fromkeys((1, 2, 3) if where == "few-cases" else (1, 2, 3, 4), "窓口改革")
    on_band = {} if where == "few-cases" else {5: "窓口改革"}
    seg = segment(_banded_volume(under, on_band), classify_by_headings)
    for case in seg.cases:
        if case.case_no in under:
            assert case.header.labels == ["窓口改革"], case.case_no
            assert [w for w in case.warnings if w.startswith(f"page {case.case_no}: ") and "'窓口改革', below the case header band" in w]


def test_a_running_header_under_the_band_is_dropped_with_a_note():
    """A text under the band of every case, never on a band's line: a running header, left
    out of the labels, and each case says so with the page (it might still be a label)."""
    seg = segment(_banded_volume(dict.fromkeys(range(1, 17), "デジタル推進ガイド"), {}), classify_by_headings)
    assert len(seg.cases) == 16
    for case in seg.cases:
        assert case.header.labels == [], case.case_no
        assert [w for w in case.warnings if w.startswith(f"page {case.case_no}: ") and "'デジタル推進ガイド'" in w
                and "running header" in w and "read as a label" not in w], case.warnings


def _stacked_band(upper: str, lower: str, edges: list):
    """The header band of a hand-made page read: two lines stacked at its right, `upper`
    over `lower` (a wrapped label's pitch), with the rulings `edges`."""
    from linekit import line
    from pipeline.layout import PageLayout
    from pipeline.segment import Margins
    from pipeline.segment_band import parse_header

    header = line("<3.内部DX> ①業務改革", 20, 12, size=9)
    title = line("1 タイトル【北海道札幌市】", 30, 50, size=16)
    page = PageLayout(page=4, width=960, height=540, lines=[header, line(upper, 800, 6, size=7), title,
                                                             line(lower, 800, 14, size=7)], rulings=edges)
    return parse_header(page, header, title.top, Margins(0, 540))


def test_a_population_under_a_label_is_never_joined_to_it():
    """A label with the population stacked under it, no edge drawn between: joined as one
    label (`書かない窓口人口：1万人未満`), the population was lost, unwarned."""
    got = _stacked_band("書かない窓口", "人口：1万人未満", [])
    assert (got.labels, got.population_label) == (["書かない窓口"], "人口：1万人未満")
    got = _stacked_band("書かない窓口", "都道府県", [])
    assert (got.labels, got.population_label) == (["書かない窓口"], "都道府県")
    got = _stacked_band("都道府県", "書かない窓口", [])
    assert (got.labels, got.population_label) == (["書かない窓口"], "都道府県")


@pytest.mark.parametrize("boxed", [False, True])
def test_lines_joined_into_one_label_without_a_box_round_them_are_noted(boxed):
    """Two lines stacked in the band and joined into one label: with a box drawn round both
    it is one label wrapping; with none, they may be two labels set close, and the case
    says so with the page (they were joined unwarned)."""
    from linekit import rule

    # A box round both: sides 5 pt off the text (書かない: 800-828), edges over and under.
    edges = [rule(795, 3, 833, 3), rule(795, 25, 833, 25), rule(795, 3, 795, 25), rule(833, 3, 833, 25)] if boxed else []
    got = _stacked_band("書かない", "窓口", edges)
    assert got.labels == ["書かない窓口"]
    noted = [n.render() for n in got.notes if "stacked" in n.message]
    if boxed:
        assert noted == []
    else:
        assert len(noted) == 1 and noted[0].startswith("page 4: '書かない窓口', joined from 2 lines"), noted


# --- contents organisations that wrap (s10toc) ---------------------------------------------

@pytest.mark.parametrize("toc_org_wrap", ["wrap", "wrap-page-last"])
def test_contents_organisation_wrapping_is_one_row(tmp_path, toc_org_wrap):
    """A contents row whose 【organisation】 goes on under itself in its column (`【長野県安`
    / `曇野市】`), its title on one line or two: the row matched no row form and was lost
    (before: 8/30 rows right, wide seeds 0-9), and in a long volume its first band went on
    the row above's title. Seed 0 of 8 cases: rows one under the other, titles wrapping too."""
    for seed, cases, wrap in ((0, 3, "shrink"), (0, 8, "under-title")):
        gen = generate(seed, "wide", tmp_path / f"raw-{seed}-{cases}", cases=cases,
                       **_band(toc_wrap=wrap, toc_org_wrap=toc_org_wrap))
        seg = segment(list(layout_pdf(gen.pdf)), classify_by_headings)
        wrapped = 0
        for exp in gen.expected:
            entry = seg.facts.toc.get(exp["case_no"])
            assert entry is not None, exp["case_no"]
            assert (entry.title, entry.organization, entry.section_no, entry.subsection) == \
                (exp["title"], exp["organization"], exp["section_no"], exp["subsection"]), exp["case_no"]
            wrapped += len(exp["organization"]) > 4
        assert wrapped, "precondition: some organisation names wrap"
