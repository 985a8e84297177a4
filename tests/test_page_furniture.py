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
    gen = generate(0, "ci", tmp_path / "raw", running_header=running_header)
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
    gen = generate(5, "ci", tmp_path / "raw", cases=1, running_header="collection-left", answer_table_split="none")
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
    gen = generate(0, "wide", tmp_path / "raw", text_unit="char")
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
    gen = generate(22, "wide", tmp_path / "raw", cases=25, toc_continued="section")
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

    gen = generate(0, "ci", tmp_path / "gen", page_number=page_number, text_unit="line")
    drop = gen.expected[1]["source"]["pages"][-1]  # the last page of the second case
    raw = tmp_path / "raw"
    raw.mkdir()
    with pikepdf.open(gen.pdf) as pdf:
        del pdf.pages[drop - 1]
        pdf.save(raw / gen.pdf.name)
    run = extract_cli(raw, tmp_path / "out", "--quiet", "--workers", "1")
    issues = [i for f in run.report["files"] for i in f["issues"] if i["code"] == "pages_missing"]
    assert [i["page"] for i in issues] == [drop], issues
