"""The fast content-stream tokenizer (pipeline/contentstream.py) must read every stream
exactly as pdfminer's own parser does, or hand it back to pdfminer."""
from __future__ import annotations

from pathlib import Path

import pdfplumber
import pikepdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pdfminer.pdfinterp import PDFContentParser
from pdfminer.pdftypes import PDFStream, stream_value
from pdfminer.psparser import KWD, PSEOF
from pdfvariants import make_variant

from pipeline.contentstream import Unsupported, stream_tokens, tokens
from pipeline.pdfadapter import page_layout

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = sorted((ROOT / "raw").glob("*.pdf"))


def pdfminer_tokens(data: bytes | list[bytes]) -> list:
    parser = PDFContentParser([PDFStream({}, d) for d in (data if isinstance(data, list) else [data])])
    out = []
    while True:
        try:
            out.append(parser.nextobject()[1])
        except PSEOF:
            return out


def assert_same_or_left_to_pdfminer(data: bytes | list[bytes]) -> None:
    """The fast path gives pdfminer's tokens for this stream (or these streams of one
    page), or raises Unsupported; where pdfminer's own parser fails, it must not claim it."""
    fast = tokens if isinstance(data, bytes) else stream_tokens
    try:
        want = pdfminer_tokens(data)
    except Exception:
        with pytest.raises(Unsupported):
            fast(data)
        return
    try:
        got = fast(data)
    except Unsupported:
        return
    assert got == want, data


def page_streams(path: Path) -> list[tuple[int, bytes]]:
    """(page number, content bytes as the interpreter reads them) for every page."""
    out = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            streams = page.page_obj.contents
            out.append((page.page_number, b"\n".join(stream_value(s).get_data() for s in streams)))
    return out


@pytest.fixture(scope="module")
def variant_pdfs(tmp_path_factory) -> list[Path]:
    """Pages of the sample in the messier forms the tests know, as content streams go:
    shuffled, doubled glyphs, look-alike ToUnicode maps, letter spacing, a stamped
    footer, another page size."""
    tmp = tmp_path_factory.mktemp("cs_variants")
    out = []
    for i, kinds in enumerate([["shuffle", "double"], ["lookalike", "letterspace", "header", "a4"]]):
        out.append(make_variant(SAMPLE[i % len(SAMPLE)], tmp / f"v{i}.pdf", kinds, seed=3, pages=list(range(0, 12))))
    return out


def test_every_sample_stream_is_read_as_pdfminer_reads_it():
    streams = [s for path in SAMPLE for s in page_streams(path)]
    assert len(streams) >= 90
    for page, data in streams:
        assert tokens(data) == pdfminer_tokens(data), f"page {page}"


def test_variant_streams_are_read_as_pdfminer_reads_them(variant_pdfs):
    for path in variant_pdfs:
        for page, data in page_streams(path):
            assert tokens(data) == pdfminer_tokens(data), f"{path.name} page {page}"


def _chars(page) -> list[dict]:
    return [{k: v for k, v in c.items() if k != "page_number"} for c in page.chars]


@pytest.mark.parametrize("which", ["sample", "variants"])
def test_page_objects_equal_pdfplumbers_own(which, variant_pdfs):
    """The whole page (glyphs with fonts, sizes, colours, marked content; lines, rects
    and curves) comes out as stock pdfplumber builds it."""
    paths = SAMPLE if which == "sample" else variant_pdfs
    checked = 0
    for path in paths:
        with pdfplumber.open(path) as ours, pdfplumber.open(path) as stock:
            for a, b in zip(ours.pages, stock.pages):
                page_layout(a)
                assert _chars(a) == _chars(b), f"{path.name} page {a.page_number}"
                for kind in ("lines", "rects", "curves"):
                    assert getattr(a, kind) == getattr(b, kind), f"{path.name} page {a.page_number} {kind}"
                checked += 1
    assert checked >= 24


def _one_page_pdf(out: Path, content: bytes | list[bytes]) -> Path:
    pdf = pikepdf.new()
    contents = [pdf.make_stream(c) for c in content] if isinstance(content, list) else pdf.make_stream(content)
    font = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                BaseFont=pikepdf.Name.Helvetica))
    page = pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=[0, 0, 612, 792],
                              Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary({"/F1": font, "/F 1": font})),
                              Contents=contents)
    pdf.pages.append(pikepdf.Page(page))
    pdf.save(out)
    return out


@pytest.mark.parametrize("content", [
    # an inline image: pdfminer's parser reads its binary data
    b"BT /F1 12 Tf 72 700 Td (before) Tj ET q 10 0 0 10 100 100 cm BI /W 2 /H 1 /BPC 8 /CS /G ID \x80) EI Q "
    b"BT /F1 12 Tf 72 680 Td (after) Tj ET",
    # a name with a # escape (the font resource '/F 1')
    b"BT /F#201 12 Tf 72 700 Td (escaped name) Tj ET",
    # a plain stream, for contrast: the fast path reads it
    b"BT /F1 12 Tf 72 700 Td (ok) Tj 0 -14 Td [(a) -20 (b)] TJ ET",
], ids=["inline-image", "name-escape", "plain"])
def test_streams_the_fast_path_leaves_to_pdfminer_still_read(tmp_path, content):
    """The page reads as stock pdfplumber reads it, whichever parser took the stream."""
    path = _one_page_pdf(tmp_path / "p.pdf", content)
    with pdfplumber.open(path) as ours, pdfplumber.open(path) as stock:
        page_layout(ours.pages[0])
        assert _chars(ours.pages[0]) == _chars(stock.pages[0])
        assert ours.pages[0].extract_text() != ""
    falls_back = b"BI" in content or b"#" in content
    if falls_back:
        with pytest.raises(Unsupported):
            tokens(content)
    else:
        assert tokens(content) == pdfminer_tokens(content)


@pytest.mark.parametrize("contents", [
    # a page split into streams between two tokens with no space: pdfminer ends a token
    # at the end of a stream ('Tj' then 'ET', not 'TjET')
    [b"BT /F1 12 Tf 72 700 Td (Hello) Tj", b"ET BT /F1 12 Tf 72 680 Td (World) Tj ET"],
    # ...and one split inside a string, which pdfminer reads with a newline there
    [b"BT /F1 12 Tf 72 700 Td (Hel", b"lo) Tj 0 -14 Td 1", b"2 0 Td (x) Tj ET"],
], ids=["between-tokens", "inside-tokens"])
def test_a_page_of_several_content_streams_reads_as_pdfminer_reads_it(tmp_path, contents):
    path = _one_page_pdf(tmp_path / "p.pdf", contents)
    with pdfplumber.open(path) as ours, pdfplumber.open(path) as stock:
        page_layout(ours.pages[0])
        assert _chars(ours.pages[0]) == _chars(stock.pages[0])
        assert len(_chars(ours.pages[0])) >= 6


def test_text_in_a_form_xobject_reads_as_pdfminer_reads_it(tmp_path):
    """Producers group objects in form XObjects (PowerPoint does); one that draws itself
    again must stop, as pdfminer stops it."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                BaseFont=pikepdf.Name.Helvetica))
    form = pdf.make_stream(b"BT /F1 12 Tf 72 700 Td (In a form) Tj ET q 1 0 0 1 0 -20 cm /Fm1 Do Q",
                           Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form, BBox=[0, 0, 612, 792],
                           Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)))
    form.Resources.XObject = pikepdf.Dictionary(Fm1=form)
    page = pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=[0, 0, 612, 792],
                              Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font), XObject=pikepdf.Dictionary(Fm1=form)),
                              Contents=pdf.make_stream(b"BT /F1 12 Tf 72 740 Td (On the page) Tj ET /Fm1 Do"))
    pdf.pages.append(pikepdf.Page(page))
    pdf.save(tmp_path / "form.pdf")
    with pdfplumber.open(tmp_path / "form.pdf") as ours, pdfplumber.open(tmp_path / "form.pdf") as stock:
        page_layout(ours.pages[0])
        assert _chars(ours.pages[0]) == _chars(stock.pages[0])
        assert "In a form" in ours.pages[0].extract_text()


@pytest.mark.parametrize(("data", "fast"), [
    # a hex string's closing '>' starts a '>>' for pdfminer: the dictionary ends there,
    # and the '>>' left over is one the fast path leaves to pdfminer
    (b"/P << /A <AB>> /B 1 >> BDC", False),
    (b"/P << /A <AB>>> BDC", True),
    (b"<AB> Tj <> Tj <a> Tj <4 1\n> Tj", True),
    (b"(a) Tj >> (b) Tj", False),
])
def test_hex_strings_end_where_pdfminer_ends_them(data, fast):
    if not fast:
        with pytest.raises(Unsupported):
            tokens(data)
    else:
        assert tokens(data) == pdfminer_tokens(data)


# --- generated streams ------------------------------------------------------------------

_CLEAN = [
    b"BT", b"ET", b"Tj", b"TJ", b"T*", b"'", b'"', b"Tf", b"Td", b"re", b"f*", b"BDC", b"EMC", b"true", b"false", b"null",
    b"0", b"12", b"-3", b"+4", b"0.5", b"-.25", b".75", b"5.", b"007", b"1.2.3",
    b"/F1", b"/Span", b"/\xe3\x81\x82", b"/\xff", b"/",
    b"()", b"(abc)", b"(a(b)c)", b"(\\n\\r\\t\\b\\f\\(\\)\\\\)", b"(\\101\\60x\\0)", b"(\\q)", b"(a\\\nb)", b"(a\\\r\nb)",
    b"(\\1234)", b"(\x00\xff)", b"<>", b"<48 65\n6c>", b"<ABC>", b"<a>",
    b"[", b"]", b"<<", b">>", b"%comment", b"<</MCID 3>>", b"[(a) -20 (b)]", b"<</A <AB>>>",
]
_ODD = [b"BI", b"ID", b"EI", b"{", b"}", b">", b")", b"/A#20B", b"(\\777)", b"(open", b"<AB", b"+", b"-", b".", b"-.",
        b"#", b"*", b"\x80", b"<AB>>", b"a#b", b"\\", b"(x\\"]
_SEP = st.sampled_from([b" ", b"\n", b"\r\n", b"\t", b"\x00", b"\x0b", b"\x0c", b""])


@st.composite
def streams(draw, alphabet) -> bytes:
    parts = draw(st.lists(st.sampled_from(alphabet), max_size=40))
    out = b""
    for p in parts:
        out += draw(_SEP) + p
    return out


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(streams(_CLEAN + _ODD))
def test_any_stream_is_read_as_pdfminer_reads_it_or_left_to_pdfminer(data):
    assert_same_or_left_to_pdfminer(data)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([b"BT", b"/F1 12 Tf", b"1 0 0 1 72 700 Tm", b"(text) Tj", b"<0041 0042> Tj",
                                 b"[(a) -20 <0043> 5.5 (b)] TJ", b"/P <</MCID 7>> BDC", b"EMC", b"ET", b"q", b"Q",
                                 b"0.1 0.2 0.3 rg", b"10 10 50 50 re f", b"% note"]), max_size=30))
def test_well_formed_streams_take_the_fast_path(parts):
    data = b"\n".join(parts)
    assert tokens(data) == pdfminer_tokens(data)


def test_another_producers_streams_read_as_pdfminer_reads_them():
    """A page printed to PDF by Chromium (Skia/PDF, subset Noto CJK fonts without a
    FontBBox, glyphs positioned in TJ arrays): the fast path applies and agrees with
    pdfminer, and the layout folds Skia's ‧ for ・ (textnorm rule g)."""
    from pipeline.layout import layout_pdf

    path = ROOT / "tests" / "fixtures" / "skia_middle_dot_no_fontbbox.pdf"
    with pdfplumber.open(path) as pdf:
        assert "Skia" in pdf.metadata.get("Producer", "")
    for page, data in page_streams(path):
        assert tokens(data) == pdfminer_tokens(data), f"page {page}"
    with pdfplumber.open(path) as ours, pdfplumber.open(path) as stock:
        page_layout(ours.pages[0])
        assert _chars(ours.pages[0]) == _chars(stock.pages[0])
        assert "\u2027" in "".join(c["text"] for c in stock.pages[0].chars)  # what Skia writes
    texts = [ln.text for ln in layout_pdf(path)[0].lines]
    assert "31 行政データの統計加工・ダッシュボード化【兵庫県】" in texts
    assert any(t.startswith("・BI ツール「Tableau Server」") for t in texts)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(streams(_CLEAN + _ODD), st.lists(st.integers(min_value=0, max_value=400), max_size=3))
def test_a_page_split_into_streams_anywhere_is_read_as_pdfminer_reads_it_or_left_to_it(data, cuts):
    """pdfminer reads a page's streams as one, ending a token at each stream's end but
    reading on with a name, a '>' or an open object: the split may fall anywhere."""
    cuts = sorted({min(c, len(data)) for c in cuts})
    assert_same_or_left_to_pdfminer([data[a:b] for a, b in zip([0, *cuts], [*cuts, len(data)])])


@pytest.mark.parametrize("parts", [
    [b"/", b"F1 12 Tf"], [b"/P << /MCID 0 >", b"> BDC EMC"], [b"BT (", b"abc) Tj ET"], [b"(a\\1", b"2) Tj"],
    [b"[(a)", b"(b)] TJ"], [b"BT /F1 12 T", b"f ET"], [b"1", b"2 Td"], [b"%c", b"BT ET"], [b"1.", b".5 Td"],
])
def test_streams_split_at_awkward_places(parts):
    assert_same_or_left_to_pdfminer(parts)


def test_backslash_newline_across_pdfminers_read_buffer():
    """pdfminer reads 4096 bytes at a time and keeps the LF of a backslash-CRLF whose CR
    ends a buffer; the fast path leaves that stream to it."""
    for pad in (4093, 4092, 4094):
        data = b" " * pad + b"(\\\r\nX) Tj"
        assert data[pad + 2:pad + 4] == b"\r\n"
        if pad == 4093:  # the CR is byte 4095, the last of pdfminer's first buffer
            with pytest.raises(Unsupported):
                tokens(data)
            assert pdfminer_tokens(data)[0] == b"\nX"
        else:
            assert tokens(data) == pdfminer_tokens(data) == [b"X", KWD(b"Tj")]
