"""Volumes written by another producer: LibreOffice Impress (tests/docgen/paint_libreoffice.py).

CI has no LibreOffice, so a few volumes it wrote are kept in tests/fixtures/libreoffice
(gen-<seed>.pdf and the records drawn into it, gen-<seed>.expected.json; rewritten by
`make libreoffice-fixtures`), and each is read back here by the real pipeline: every
drawn record exactly. Their PDFs differ from reportlab's where a reader can trip: Noto
Sans CJK subsets as simple Type 1 fonts with their own encodings and ToUnicode maps, a
real bold face, text set in LibreOffice's glyph runs, rectangles as paths drawn from the
middle of a side, a white page-sized background.

The flat ODP the painter writes is checked here too (it needs no LibreOffice); the live
round trip through soffice runs only where soffice is installed (`make fuzz-libreoffice`
measures it over many seeds).
"""
from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from docgen.draw import BOLD_FONT, Box, Line, TextRun
from docgen.paint_libreoffice import FIXTURES, fodp, soffice
from golden_compare import assert_read_back, compare

FIXTURE_PDFS = sorted(FIXTURES.glob("gen-*.pdf"))


def test_fixtures_are_there_and_small():
    assert len(FIXTURE_PDFS) >= 3
    assert sum(p.stat().st_size for p in FIXTURES.iterdir()) < 800_000
    for pdf in FIXTURE_PDFS:
        assert pdf.with_suffix(".expected.json").exists(), pdf


@pytest.mark.parametrize("pdf", FIXTURE_PDFS, ids=lambda p: p.stem)
def test_libreoffice_volume_gives_back_every_drawn_record(tmp_path, extract_cli, pdf):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(pdf, raw / pdf.name)
    expected = json.loads(pdf.with_suffix(".expected.json").read_text(encoding="utf-8"))
    run = extract_cli(raw, tmp_path / "out", "--quiet", "--workers", "1")
    assert run.code == 0, run.stderr
    assert_read_back(expected, run.records, pdf.name)


NS = {"draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0", "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
      "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0"}


def test_flat_odp_holds_one_frame_per_run_where_the_layout_put_it():
    run = TextRun(40.0, 100.0, 10.0, ((0.0, "事業"), (20.0, "の"), (30.0, " "), (32.77, "概要 A  B")), (0, 0, 0), font=BOLD_FONT)
    pages = [[Box(10, 20, 110, 70, (0.9, 0.9, 0.9), None, 0.75, 0.0), run, Line(10, 80, 300, 80, 0.6, (0.5, 0.5, 0.5))], []]
    root = ET.fromstring(fodp(pages, 960.0, 540.0, "t").encode("utf-8"))
    drawn = root.findall(".//draw:page", NS)
    assert len(drawn) == 2
    frames = drawn[0].findall("draw:frame", NS)
    assert len(frames) == 1  # the pieces of a run (the text_unit axis) are one line again
    # A run of spaces is a text:s element (XML would collapse it); a single space stays.
    assert "".join(frames[0].itertext()) == "事業の 概要 AB"
    assert frames[0].find(".//text:s", NS).get(f"{{{NS['text']}}}c") == "2"
    assert frames[0].get(f"{{{NS['svg']}}}x") == "40.000pt"
    assert drawn[0].find("draw:rect", NS) is not None and drawn[0].find("draw:line", NS) is not None
    assert b'fo:font-weight="bold"' in fodp(pages, 960.0, 540.0).encode()


@pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed (apt-get install libreoffice-impress)")
def test_live_libreoffice_text_lands_where_the_layout_put_it(tmp_path):
    import pdfplumber

    from docgen.paint_libreoffice import PAINTER

    run = TextRun(60.0, 100.0, 20.0, ((0.0, "事業の概要"),), (0.1, 0.1, 0.1))
    PAINTER.paint(tmp_path / "t.pdf", (960.0, 540.0), [[run]], "t")
    with pdfplumber.open(tmp_path / "t.pdf") as pdf:
        chars = pdf.pages[0].chars
    assert "".join(c["text"] for c in chars) == "事業の概要"
    assert abs(chars[0]["x0"] - 60.0) < 0.2
    assert abs((540.0 - chars[0]["matrix"][5]) - run.baseline()) < 0.3
    assert abs(chars[-1]["x1"] - (60.0 + 100.0)) < 0.5


def test_fixture_pdfs_are_libreoffice_s_one_of_them_tagged():
    import pikepdf

    tagged = 0
    for pdf in FIXTURE_PDFS:
        with pikepdf.open(pdf) as doc:
            assert "LibreOffice" in str(doc.docinfo.get("/Producer", "")), pdf.name
            tagged += "/StructTreeRoot" in doc.Root
    assert tagged >= 1, "no fixture exported as tagged PDF (make libreoffice-fixtures LO_TAGGED=...)"


# --- families the LibreOffice volumes showed, drawn again by reportlab (no soffice) ------


def test_bold_table_header_beside_its_value_is_no_unknown_heading(tmp_path, extract_cli):
    """LibreOffice sets every bold in a real bold face, so bold table cells read as bold:
    a cost table's header cell (`イニシャルコスト ※税抜`, bold, at the column start, the
    size of the box headings the autofit shrank in the other column) was set aside as an
    unknown section heading and the cost table lost its first half. A heading stands
    alone in its column; this cell shares its band with its amount (`10,971千円`). Seen
    on LibreOffice ci seed 80; reportlab draws it with bold=face (the session-10 axes as ci
    drew them then)."""
    from docgen import generate
    from docgen.axes import S10_CI_BEFORE

    gen = generate(80, "ci", tmp_path / "raw", bold="face", **S10_CI_BEFORE)
    run = extract_cli(tmp_path / "raw", tmp_path / "out", "--quiet", "--workers", "1")
    costs = [r for r in gen.expected if r["cost"]]
    assert costs, "precondition: no drawn case has a cost table (pick another seed)"
    for exp in costs:
        got = run.records[exp["case_id"]]
        assert compare({"cost": exp["cost"]}, got) == {}, exp["case_id"]
        assert not any("unknown section heading" in w for w in got["warnings"]), exp["case_id"]


def test_cells_a_little_less_than_an_em_apart_are_two_columns():
    """Cells leave about an em between a full cell's text and the next cell's (two
    paddings of half an em); LibreOffice snaps glyphs to its own grid, so a run that
    fills its cell may end a little later than measured: 0.999 em of white here (wide
    seed 251 drawn by LibreOffice, geometry as read), read before as pieces of one cell,
    the row's three cells run together."""
    from linekit import line

    s = 8.7
    rows = [
        (248.3, ["点検品質の確保", "発生している損傷は把握できて", "複数の職員が映像で橋梁全体を確"], [94.99, 296.19, 444.82]),
        (259.2, [None, "も、橋梁全体の状況把握が難しい", "認することで、損傷の見落としを"], [None, 304.98, 444.9]),
        (270.1, [None, None, "なくし、点検精度が向上"], [None, None, 409.84]),
        (289.7, ["市民の負担軽減と職員の事務負担", "特殊な大型車両を使用するため、", "ドローンを使用することで交通規"], [165.02, 304.98, 444.87]),
        (300.6, ["の低減", "通行止めが多く、市民の負担と通", "制の緩和を実現し、職員の事務負"], [59.98, 304.96, 444.85]),
        (311.5, [None, "行止めに伴う煩雑な業務が発生", "担も低減"], [None, 296.19, 348.6]),
    ]
    lines = [line(t, x0, top, size=s, x1=x1) for top, texts, ends in rows
             for t, x0, x1 in zip(texts, (33.79, 173.71, 313.6), ends) if t]
    from pipeline.sections.blocks import items_with_tables

    items = [t for t, _ in items_with_tables(lines, [], (0, 0, 960, 540))]
    assert items == ["点検品質の確保 | 発生している損傷は把握できても、橋梁全体の状況把握が難しい | "
                     "複数の職員が映像で橋梁全体を確認することで、損傷の見落としをなくし、点検精度が向上",
                     "市民の負担軽減と職員の事務負担の低減 | 特殊な大型車両を使用するため、通行止めが多く、市民の負担と通"
                     "行止めに伴う煩雑な業務が発生 | ドローンを使用することで交通規制の緩和を実現し、職員の事務負担も低減"]
