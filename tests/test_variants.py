"""The published volumes are messier than the sample. These tests make harder
variants of the sample PDFs (tests/pdfvariants.py) and require the pipeline to
produce the same golden records from them: a rule that passes only on the sample
is not done.

- shuffle: text objects written in an order unrelated to reading order
- double: every glyph drawn twice (fake bold), so the whole page reads as bold
- lookalike: Kangxi/CJK-radical look-alikes, full-width digits and 〜 in the text layer
- a4, 4x3: other page sizes, content scaled and centred
- letterspace: titles drawn with extra character spacing
- header: a running footer stamped on every page
- nospaces: no space glyphs; words positioned apart instead (a producer trait)
- rotate: slides stored portrait with /Rotate 90; offset: a MediaBox not at the origin
- protected: encrypted (AES-256) with permissions only, no password to open
- bleed: a print layout, MediaBox larger than the CropBox the page is shown in
- margins: the slide unscaled on a larger page, its frame no longer at the page's edge
- plainnames: bold faces under names that do not say so: bold cannot be told at all
- hrules: rules between rows only (vertical borders not drawn, cell fills kept), so the
  borders that remain do not delimit the cells; fillsonly: no lines at all, only fills
- noborders: no vector graphics at all (a producer that draws no table borders);
  every field must still match, tables inside narrative text included (read from
  text positions: pipeline/sections/borderless.py)
- title14: case titles shrunk to 14 pt (1.27x the 11 pt body) on the first page of
  each case, their x offsets scaled (see also the ratio sweep below)
- cellborders: every stroked rule cut where a rule of the other direction meets it,
  each piece drawn twice (borders drawn cell by cell), with the cost table's amounts
  broken inside their cells (`2,109` / `千円`); rectborders: the same pieces drawn as
  thin filled rectangles
- underline: a stroke as wide as the page's table under every 事業の概要 heading;
  footerrule: a running-footer rule as wide as the page's table on every page;
  decorations: those and cell-by-cell rectangle borders together; restyled: all of
  those with small titles, shuffled and doubled glyphs, look-alikes, A4 and an offset box
- all: every one of the above at once (with A4, the offset box, a bleed, /Rotate and encryption)
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from difflib import SequenceMatcher

from golden_compare import compare, field_report, fold, golden_records, load_records, read_warnings
from pdfvariants import make_variant

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = golden_records()
VARIANTS = {
    "shuffle": ["shuffle"],
    "double": ["double"],
    "lookalike": ["lookalike"],
    "a4": ["a4"],
    "4x3": ["4x3"],
    "letterspace": ["letterspace"],
    "header": ["header"],
    "nospaces": ["nospaces"],
    "rotate": ["rotate"],
    "offset": ["offset"],
    "protected": ["protected"],
    "bleed": ["bleed"],
    "margins": ["margins"],
    "plainnames": ["plainnames"],
    "hrules": ["hrules"],
    "fillsonly": ["fillsonly"],
    "title14": ["title14"],
    "cellborders": ["cellborders", "splitamount"],
    "rectborders": ["cellborders", "rectborders", "splitamount"],
    "underline": ["underline"],
    "footerrule": ["footerrule"],
    "decorations": ["underline", "footerrule", "cellborders", "rectborders", "splitamount"],
    "restyled": ["title14", "splitamount", "underline", "footerrule", "cellborders", "rectborders", "shuffle", "double", "lookalike", "a4", "offset"],
    "all": ["header", "letterspace", "shuffle", "double", "lookalike", "noborders", "nospaces", "plainnames", "a4", "offset", "bleed", "rotate", "protected"],
}


def extract_variant(tmp: Path, kinds: list[str], seed: int = 7) -> dict[str, dict]:
    raw = tmp / "raw"
    raw.mkdir()
    for pdf in sorted((ROOT / "raw").glob("*.pdf")):
        make_variant(pdf, raw / pdf.name, kinds, seed=seed)
    out = tmp / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline", "extract", "--raw", str(raw), "--out", str(out), "--no-cache", "--quiet"],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert proc.returncode == 0, proc.stderr
    return load_records(out)


@pytest.mark.parametrize("name", list(VARIANTS))
def test_variant_reproduces_golden_records(tmp_path, name):
    got = extract_variant(tmp_path, VARIANTS[name])
    assert sorted(got) == sorted(GOLDEN)
    table, failing = field_report(GOLDEN, got, ignore_source_sha=True)
    if failing:
        first = next(cid for cids in failing.values() for cid in cids)
        diffs = compare(GOLDEN[first], got[first], ignore_source_sha=True)
        detail = "\n".join(f"{f}: golden {g!r}\n   got {p!r}" for f, (g, p) in list(diffs.items())[:3])
        pytest.fail(f"variant {name}:\n{table}\nfirst failing case {first}:\n{detail}")


def test_borderless_tables_are_read_from_text_positions(tmp_path):
    """Every table must read from text positions alone: cost, schedule and provider
    tables, and tables inside narrative text (事業の概要, interview answers), whose rows
    come out as " | " items as when their borders are drawn (sections/borderless.py)."""
    got = extract_variant(tmp_path, ["noborders"])
    assert sorted(got) == sorted(GOLDEN)

    def sim(a, b) -> float:
        return SequenceMatcher(None, "".join(fold(a)), "".join(fold(b))).ratio()

    worst = 1.0
    inexact = []
    for cid, g in GOLDEN.items():
        p = got[cid]
        diffs = compare(g, p, ignore_source_sha=True)
        narrative = {k for k in ("overview", "interview") if diffs.pop(k, None)}
        if "interview" in narrative:
            assert [x["q"] for x in g["interview"]] == [x["q"] for x in p["interview"]], cid
        assert not diffs, f"{cid}: {sorted(diffs)}"
        if narrative:
            inexact.append(cid)
        worst = min(worst, sim(g["overview"], p["overview"]), sim([x["a"] for x in g["interview"]], [x["a"] for x in p["interview"]]))
    print(f"\nnoborders: worst narrative-text similarity {worst:.3f}, inexact {inexact}")
    assert worst >= 0.99
    # Every table of the sample reads exactly, bordered or not.
    assert not inexact, f"narrative text differs from golden in {inexact}"


@pytest.mark.parametrize("ratio", [1.2, 1.3, 1.4])
def test_titles_little_larger_than_the_body(tmp_path, ratio):
    """Titles shrunk to fit their line, down to 1.2x the body size, on the first page of
    each case: every case is still found, with all its pages, golden-exact (the title is
    the line naming a case of the table of contents), and no warning says otherwise."""
    from pipeline.layout import layout_pdf
    from pipeline.segment import body_size
    from pdfvariants import shrink_titles
    import pikepdf

    src = ROOT / "raw" / "jichitai_dx_jirei_v2_1_taisei.pdf"
    size = round(ratio * body_size(*layout_pdf(src)), 2)
    raw = tmp_path / "raw"
    raw.mkdir()
    with pikepdf.open(src) as pdf:
        shrink_titles(pdf, size)
        pdf.save(raw / src.name)
    titles = [ln.size for p in layout_pdf(raw / src.name) for ln in p.lines if ln.text.startswith("4 全59") and ln.bold]
    assert min(titles) == pytest.approx(size, abs=0.05)  # its first page's title (later pages keep theirs)
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "pipeline", "extract", "--raw", str(raw), "--out", str(out), "--no-cache", "--quiet"],
                          cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    got = load_records(out)
    want = {cid: g for cid, g in GOLDEN.items() if g["source"]["file"] == src.name}
    assert sorted(got) == sorted(want)
    for cid, g in want.items():
        assert not compare(g, got[cid], ignore_source_sha=True), cid
        assert not read_warnings(got[cid]), (cid, got[cid]["warnings"])
