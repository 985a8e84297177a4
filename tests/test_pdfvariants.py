"""The PDF variant generator really produces each kind of mess (not: the pipeline copes with it).

Works on two pages of the 体制整備 sample: the cover (large letter-spaceable titles) and
p.6 (人, digits and ～ in body text), plus one 人材 page where a figure covers text.
"""
from __future__ import annotations

import collections
import re
import statistics
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pikepdf
import pytest

sys.path.insert(0, str(Path(__file__).parent))
import pdfvariants as pv  # noqa: E402

RAW = Path(__file__).resolve().parents[1] / "raw"
SRC = RAW / "jichitai_dx_jirei_v2_1_taisei.pdf"
PAGES = [0, 5]


@pytest.fixture(scope="module")
def orig(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("orig") / "orig.pdf"
    with pikepdf.open(SRC) as pdf:
        pv.subset(pdf, PAGES).save(out)
    return out


def variant(src: Path, tmp_path: Path, fn, *args, name: str = "", **kw) -> Path:
    out = tmp_path / f"{fn.__name__}{name}.pdf"
    with pikepdf.open(src) as pdf:
        fn(pdf, *args, **kw).save(out)
    return out


def chars(path: Path) -> list[list[dict]]:
    with pdfplumber.open(path) as pdf:
        return [p.chars for p in pdf.pages]


def texts(path: Path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [p.extract_text() for p in pdf.pages]


def key(c: dict) -> tuple:
    return c["text"], round(c["x0"], 1), round(c["top"], 1)


def render_diff(a: Path, b: Path) -> list[float]:
    """Per page, fraction of pixels whose grey level differs by more than 32/255."""
    pdfium = pytest.importorskip("pypdfium2")
    np = pytest.importorskip("numpy")

    def render(path):
        doc = pdfium.PdfDocument(path)
        try:
            return [np.asarray(pg.render(scale=1).to_pil().convert("L"), dtype=np.int16) for pg in doc]
        finally:
            doc.close()

    out = []
    for x, y in zip(render(a), render(b), strict=True):
        assert x.shape == y.shape
        out.append(float((abs(x - y) > 32).mean()))
    return out


# --------------------------------------------------------------------------- shuffle
def test_shuffle_changes_order_not_content(orig, tmp_path):
    out = variant(orig, tmp_path, pv.shuffle_text_order, seed=1)
    for before, after in zip(chars(orig), chars(out), strict=True):
        assert [key(c) for c in before] != [key(c) for c in after]
        assert collections.Counter(map(key, before)) == collections.Counter(map(key, after))
    assert max(render_diff(orig, out)) < 1e-4


def test_shuffle_is_seeded(orig, tmp_path):
    order = lambda seed, name: [key(c) for c in chars(
        variant(orig, tmp_path, pv.shuffle_text_order, seed=seed, name=name))[1]]
    assert order(7, "a") == order(7, "b") != order(8, "c")


def test_shuffle_keeps_text_hidden_under_a_figure(tmp_path):
    # 人材 p.13 draws an image over part of the body text; appending all text at the end of
    # the page would bring it on top.
    src = tmp_path / "jinzai13.pdf"
    with pikepdf.open(RAW / "jichitai_dx_jirei_v2_2_jinzai.pdf") as pdf:
        pv.subset(pdf, [12]).save(src)
    out = variant(src, tmp_path, pv.shuffle_text_order, seed=0)
    assert [key(c) for c in chars(src)[0]] != [key(c) for c in chars(out)[0]]
    assert max(render_diff(src, out)) < 1e-4


# --------------------------------------------------------------------------- double
def test_double_draws_every_glyph_twice(orig, tmp_path):
    out = variant(orig, tmp_path, pv.double_glyphs, offset=0.25)
    with pdfplumber.open(orig) as a, pdfplumber.open(out) as b:
        for pa, pb in zip(a.pages, b.pages, strict=True):
            assert len(pb.chars) == 2 * len(pa.chars)
            deduped = pb.dedupe_chars(tolerance=1)
            assert len(deduped.chars) == len(pa.chars)
            assert deduped.extract_text() == pa.extract_text()
            # each original is followed, in reading order, by its copy 0.25pt to the right
            order = lambda cs: sorted(cs, key=lambda c: (round(c["top"], 1), c["x0"]))
            b_sorted, a_sorted = order(pb.chars), order(pa.chars)
            for o, first, second in zip(a_sorted, b_sorted[0::2], b_sorted[1::2]):
                assert first["text"] == second["text"] == o["text"]
                assert first["x0"] == pytest.approx(o["x0"], abs=1e-3)
                assert second["x0"] - first["x0"] == pytest.approx(0.25, abs=1e-3)
                assert second["top"] == pytest.approx(first["top"], abs=1e-3)


# --------------------------------------------------------------------------- nospaces
def test_nospaces_drops_space_glyphs_and_keeps_every_other_glyph_in_place(tmp_path):
    src = tmp_path / "p.pdf"
    with pikepdf.open(RAW / "jichitai_dx_jirei_v2_3_naibu.pdf") as pdf:
        pv.subset(pdf, [35, 36]).save(src)  # pages with Latin words ("Tableau Server")
    out = variant(src, tmp_path, pv.drop_spaces)
    before, after = chars(src), chars(out)
    assert sum(c["text"] == " " for page in before for c in page) >= 10
    for pa, pb in zip(before, after, strict=True):
        assert not any(c["text"] == " " for c in pb)
        kept = [c for c in pa if c["text"] != " "]
        assert len(kept) == len(pb)
        for a, b in zip(kept, pb):
            assert a["text"] == b["text"]
            assert b["x0"] == pytest.approx(a["x0"], abs=0.01) and b["top"] == pytest.approx(a["top"], abs=0.01)
    assert render_diff(src, out) == pytest.approx([0, 0], abs=0.001)


# --------------------------------------------------------------------------- page boxes
def _offset_then_rotate(pdf):
    return pv.rotate_pages(pv.offset_pages(pdf), 90)


@pytest.mark.parametrize(("fn", "kw"), [(pv.rotate_pages, {"angle": 90}), (pv.rotate_pages, {"angle": 270}),
                                        (pv.offset_pages, {}), (_offset_then_rotate, {})],
                         ids=["rotate90", "rotate270", "offset", "offset-rotate"])
def test_rotated_and_offset_pages_look_the_same_with_other_coordinates(orig, tmp_path, fn, kw):
    out = variant(orig, tmp_path, fn, name=str(kw), **kw)
    assert render_diff(orig, out) == pytest.approx([0, 0], abs=0.001)
    with pikepdf.open(orig) as a, pikepdf.open(out) as b:
        for pa, pb in zip(a.pages, b.pages):
            assert list(map(float, pa.mediabox)) != list(map(float, pb.mediabox))


# --------------------------------------------------------------------------- lookalike
def test_lookalike_changes_text_not_glyphs(orig, tmp_path):
    out = variant(orig, tmp_path, pv.remap_to_lookalikes)
    before, after = "".join(texts(orig)), "".join(texts(out))
    assert "人" in before and "\u2f08" in after and "人" not in after
    assert "～" in before and "〜" in after and "～" not in after
    assert re.search("[0-9]", before) and not re.search("[0-9]", after)
    assert set("０１２３４５６７８９") & set(after)
    inverse = {v: k for k, v in pv.LOOKALIKES.items()}
    assert "".join(inverse.get(ch, ch) for ch in after) == before
    assert max(render_diff(orig, out)) == 0


def test_tounicode_bfrange_is_split_around_remapped_codes():
    cmap = b"""1 begincodespacerange <0000> <FFFF> endcodespacerange
    2 beginbfchar <0001> <4EBA> <0002> <0041> endbfchar
    2 beginbfrange <0010> <001A> <0030> <0020> <0022> [<9577> <897F> <6F22>] endbfrange"""
    codes = pv.parse_tounicode(cmap)
    assert codes[b"\x00\x10"] == "0" and codes[b"\x00\x1a"] == ":" and codes[b"\x00\x21"] == "西"
    remapped = {c: "".join(pv.LOOKALIKES.get(ch, ch) for ch in t) for c, t in codes.items()}
    data = pv.write_tounicode(remapped, b"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange")
    assert pv.parse_tounicode(data) == remapped
    assert remapped[b"\x00\x15"] == "５" and remapped[b"\x00\x1a"] == ":"
    assert b"beginbfrange" in data  # 0-9 still form one (full-width) range


# --------------------------------------------------------------------------- resize
@pytest.mark.parametrize("kind,size", [("a4", (842, 595)), ("4x3", (720, 540))])
def test_resize_keeps_relative_layout(orig, tmp_path, kind, size):
    out = tmp_path / f"{kind}.pdf"
    pv.make_variant(orig, out, [kind])
    with pdfplumber.open(out) as pdf:
        assert all((p.width, p.height) == size for p in pdf.pages)
    s = min(size[0] / 960.009448818898, size[1] / 540)
    for before, after in zip(chars(orig), chars(out), strict=True):
        assert [c["text"] for c in before] == [c["text"] for c in after]
        fx = [(b["x0"] - a["x0"] * s) for a, b in zip(before, after)]
        fy = [(b["top"] - a["top"] * s) for a, b in zip(before, after)]
        assert max(fx) - min(fx) < 0.01 and max(fy) - min(fy) < 0.01   # one uniform scale
        assert abs(fx[0] - (size[0] - 960.009448818898 * s) / 2) < 0.01   # centred
        assert abs(fy[0] - (size[1] - 540 * s) / 2) < 0.01


# --------------------------------------------------------------------------- letterspace
def gaps(page_chars, big: bool) -> list[float]:
    out = []
    for a, b in zip(page_chars, page_chars[1:]):
        if (a["size"] >= 16) == big and (b["size"] >= 16) == big and abs(a["top"] - b["top"]) < 0.5:
            out.append(b["x0"] - a["x1"])
    return out


def test_letterspace_spreads_titles_only(orig, tmp_path):
    out = variant(orig, tmp_path, pv.letter_space_titles, min_size=16, spacing=4)
    for before, after in zip(chars(orig), chars(out), strict=True):
        assert [c["text"] for c in before] == [c["text"] for c in after]
        g0, g1 = gaps(before, True), gaps(after, True)
        assert g0 and len(g0) == len(g1)
        assert statistics.median(b - a for a, b in zip(g0, g1)) == pytest.approx(4, abs=0.05)
        assert min(g1) > -0.5                                # pieces pushed along, no overlap
        assert gaps(before, False) == pytest.approx(gaps(after, False), abs=0.01)


# --------------------------------------------------------------------------- header, chain, CLI
def test_running_header_uses_existing_fonts(orig, tmp_path):
    with pikepdf.open(orig) as pdf:
        pv.add_running_header(pdf, "自治体DX推進参考事例集")
        assert pdf.unstamped_pages == []
        pdf.save(tmp_path / "h.pdf")
    for before, after in zip(chars(orig), chars(tmp_path / "h.pdf"), strict=True):
        extra = after[len(before):]
        assert "".join(c["text"] for c in extra) == "自治体DX推進参考事例集"
        assert all(c["size"] == pytest.approx(8) and c["x0"] < 200 and c["bottom"] > 510 for c in extra)


def test_chain_and_cli(orig, tmp_path):
    out = tmp_path / "all.pdf"
    subprocess.run([sys.executable, str(Path(pv.__file__)), str(orig), str(out),
                    "lookalike", "double", "shuffle", "letterspace", "a4", "--seed", "3"], check=True)
    inverse = {v: k for k, v in pv.LOOKALIKES.items()}
    with pdfplumber.open(orig) as a, pdfplumber.open(out) as b:
        for pa, pb in zip(a.pages, b.pages, strict=True):
            assert pb.width == 842 and len(pb.chars) == 2 * len(pa.chars)
            got = collections.Counter(inverse.get(c["text"], c["text"]) for c in pb.chars)
            assert got == collections.Counter(c["text"] for c in pa.chars * 2)
    with pytest.raises(ValueError):
        pv.make_variant(orig, tmp_path / "x.pdf", ["bogus"])



def test_protected_is_encrypted_but_opens_without_a_password(orig, tmp_path):
    out = pv.make_variant(orig, tmp_path / "protected.pdf", ["protected"])
    assert b"/Encrypt" in out.read_bytes()
    with pikepdf.open(out) as pdf:
        assert pdf.is_encrypted and not pdf.allow.extract
    assert texts(out) == texts(orig)



def test_hrules_removes_vertical_rules_only(orig, tmp_path):
    out = variant(orig, tmp_path, pv.strip_vertical_rules)
    def count(page, orientation):
        return sum(1 for e in page.edges if e["orientation"] == orientation)

    with pdfplumber.open(orig) as a, pdfplumber.open(out) as b:
        for pa, pb in zip(a.pages, b.pages):
            assert count(pb, "h") == count(pa, "h") and count(pb, "v") <= count(pa, "v")
            assert pb.extract_text() == pa.extract_text()
        assert sum(count(p, "v") for p in b.pages) < sum(count(p, "v") for p in a.pages)



def test_fillsonly_keeps_fills_and_drops_every_line(orig, tmp_path):
    out = variant(orig, tmp_path, pv.strip_strokes)
    with pdfplumber.open(orig) as a, pdfplumber.open(out) as b:
        assert sum(len(p.lines) for p in a.pages) > 0
        assert sum(len(p.lines) for p in b.pages) == 0
        assert [len(p.rects) for p in b.pages] == [len(p.rects) for p in a.pages]
        assert [p.extract_text() for p in b.pages] == [p.extract_text() for p in a.pages]



def test_plainnames_hides_bold_in_font_names_only(orig, tmp_path):
    out = variant(orig, tmp_path, pv.plain_font_names)
    with pdfplumber.open(orig) as a, pdfplumber.open(out) as b:
        names = lambda pdf: {c["fontname"] for p in pdf.pages for c in p.chars}
        assert any("Bold" in n for n in names(a)) and not any("Bold" in n for n in names(b))
        assert [p.extract_text() for p in b.pages] == [p.extract_text() for p in a.pages]
