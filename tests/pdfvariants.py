"""Write harder variants of a sample PDF, keeping its text content identical.

The development corpus is a clean LibreOffice export; the published volumes are not.  Each
function below reproduces one kind of mess seen in the real volumes, rewriting the PDF with
pikepdf so that the characters (after our normalisation) are unchanged and the golden records
still apply.  Functions mutate and return the pikepdf.Pdf, so they compose:

    make_variant("raw/x.pdf", "/tmp/x.pdf", ["shuffle", "double", "lookalike", "a4"], seed=1)
    python tests/pdfvariants.py SRC OUT shuffle double [--seed N] [--pages 3,4]

What LibreOffice 7.4 writes (checked with pikepdf.parse_content_stream): the page is wrapped in
`q <page rect> W* n ... Q`, and every text line is its own `q <rg> BT Td Tf Tj|TJ [Tm Tf Tj]... ET Q`
with an identity CTM.  Fonts are single-byte Type1/TrueType subsets (<=255 glyphs each, so
one line may switch font several times) with bfchar-only ToUnicode CMaps, shared by all pages.
The code does not rely on that layout: it tracks the graphics state itself.
"""
from __future__ import annotations

import argparse
import decimal
import math
import random
import re
from pathlib import Path

import pikepdf
from pikepdf import Matrix, Operator, parse_content_stream, unparse_content_stream

_SHOW = {"Tj", "TJ", "'", '"'}
_PARAMS = {"w", "J", "j", "M", "d", "ri", "i", "Tc", "Tw", "Tz", "TL", "Tf", "Tr", "Ts"}
_FILL, _STROKE = {"g", "rg", "k", "cs", "sc", "scn"}, {"G", "RG", "K", "CS", "SC", "SCN"}
_PATH = {"m", "l", "c", "v", "y", "re", "h"}
_PAINT = {"n", "f", "F", "f*", "S", "s", "B", "B*", "b", "b*"}


def _op(instr) -> str:
    return str(instr.operator) if hasattr(instr, "operator") else "INLINE IMAGE"


def _ins(op: str, *operands):
    return pikepdf.ContentStreamInstruction(list(operands), Operator(op))


def _num(x: float):
    return decimal.Decimal(f"{x:.4f}") if isinstance(x, float) else x


# --------------------------------------------------------------------------- state tracking
class _GState:
    """The part of the graphics state a text object depends on, replayable as operators.

    Moving a BT..ET block elsewhere in the stream silently changes its font (Tf persists
    across BT/ET), colour, CTM, text-state parameters and clip.  We record the operators that
    established each of those so the block can be re-emitted self-contained.
    """

    def __init__(self):
        self.ctm = Matrix()
        self.params: dict[str, object] = {}   # op -> last instruction (w, Tc, Tf, ...)
        self.fill: list = []                   # e.g. [cs, scn] or [rg]
        self.stroke: list = []
        self.gs: list = []                     # ExtGState can set font, alpha, line width
        self.clips: list[list] = []            # clip paths, already in default user space

    def copy(self) -> "_GState":
        s = _GState()
        s.ctm, s.params, s.fill = self.ctm, dict(self.params), list(self.fill)
        s.stroke, s.gs, s.clips = list(self.stroke), list(self.gs), list(self.clips)
        return s

    def replay(self) -> list:
        """Operators that rebuild this state from the page's initial state (identity CTM)."""
        out = [i for clip in self.clips for i in clip]
        if tuple(self.ctm.shorthand) != (1, 0, 0, 1, 0, 0):
            out.append(_ins("cm", *map(_num, map(float, self.ctm.shorthand))))
        return out + self.gs + list(self.params.values()) + self.fill + self.stroke


def _walk(instrs):
    """Yield (kind, payload, state) where kind is 'text' (a BT..ET list) or 'op' (one instr).

    The state yielded with a text block is the state at its BT.
    """
    st, stack, path, clip_op, block = _GState(), [], [], None, None
    for ins in instrs:
        op = _op(ins)
        if block is not None:            # inside BT..ET: collect, but keep Tf/Tc/... current
            block.append(ins)
            if op in _PARAMS:
                st.params[op] = ins
            if op == "ET":
                yield "text", block, start
                block = None
            continue
        if op == "BT":
            block, start = [ins], st.copy()
            continue
        yield "op", ins, st
        if op == "q":
            stack.append(st.copy())
        elif op == "Q" and stack:
            st = stack.pop()
        elif op == "cm":
            st.ctm = Matrix(*map(float, ins.operands)) @ st.ctm
        elif op in _PARAMS:
            st.params[op] = ins
        elif op == "gs":
            st.gs.append(ins)
        elif op in _FILL or op in _STROKE:
            lst = st.fill if op in _FILL else st.stroke
            keep = [i for i in lst if _op(i) in ("cs", "CS")] if op in ("sc", "scn", "SC", "SCN") else []
            lst[:] = keep + [ins]
        elif op in _PATH:
            path.append(ins)
        elif op in ("W", "W*"):
            clip_op = op
        elif op in _PAINT:
            if clip_op:                  # freeze the clip path in device-independent space
                st.clips.append(_transform_path(path, st.ctm) + [_ins(clip_op), _ins("n")])
            path, clip_op = [], None


def _transform_path(path, ctm: Matrix) -> list:
    """Path ops with coordinates mapped through ctm (re becomes 4 lines: it may be rotated)."""
    out = []
    for ins in path:
        op, v = _op(ins), [float(x) for x in ins.operands]
        if op == "re":
            x, y, w, h = v
            v_pts = [(x, y), (x + w, y), (x + w, y + h), (x, y + h)]
            out += [_ins(o, *map(_num, ctm.transform(p))) for o, p in zip("mlll", v_pts)] + [_ins("h")]
            continue
        pts = [ctm.transform((v[k], v[k + 1])) for k in range(0, len(v), 2)]
        out.append(_ins(op, *[_num(c) for p in pts for c in p]))
    return out


def _set_content(pdf: pikepdf.Pdf, page: pikepdf.Page, instrs) -> None:
    page.obj.Contents = pdf.make_stream(unparse_content_stream(instrs))


# --------------------------------------------------------------------------- transformations
def shuffle_text_order(pdf: pikepdf.Pdf, seed: int = 0, runs: bool = False) -> pikepdf.Pdf:
    """Re-emit every text object, self-contained and in a seeded random order.

    Text is taken out of its slot and re-emitted on top of the vector graphics drawn so far
    (put back into old slots, a line moved earlier could vanish under a box fill drawn after
    it).  But the samples also have images lying over text (jinzai p.13 and p.24 hide text
    under a figure), so text may not jump over an image: pending text is flushed before each
    image/form draw, at the last point whose CTM is identity and whose clip is a prefix of
    the text's own (there the self-contained units render exactly as at the end of the page).
    runs=True shuffles runs of consecutive text objects (~ text boxes) instead of single lines.
    """
    key = lambda clips: [unparse_content_stream(c) for c in clips]
    for pno, page in enumerate(pdf.pages):
        rng = random.Random(f"{seed}:{pno}")
        rest, units, flushes, prev_text, safe = [], [], [], False, (0, [])
        for kind, payload, st in _walk(parse_content_stream(page)):
            if kind == "text":
                unit = [_ins("q")] + st.replay() + payload + [_ins("Q")]
                if runs and prev_text:
                    units[-1][1].extend(unit)
                else:
                    units.append((key(st.clips), unit))
                prev_text = True
                continue
            op = _op(payload)
            if tuple(st.ctm.shorthand) == (1, 0, 0, 1, 0, 0):
                safe = (len(rest), key(st.clips))
            if op in ("Do", "INLINE IMAGE", "sh") and units:
                idx, clips = safe
                if all(u[0][:len(clips)] == clips for u in units):
                    rng.shuffle(units)
                    flushes.append((idx, [i for u in units for i in u[1]]))
                    units = []
            rest.append(payload)
            prev_text = prev_text and (op in ("q", "Q") or op in _FILL)
        rng.shuffle(units)
        for idx, block in reversed(flushes):
            rest[idx:idx] = block
        _set_content(pdf, page, [_ins("q")] + rest + [_ins("Q")] + [i for u in units for i in u[1]])
    return pdf


def double_glyphs(pdf: pikepdf.Pdf, offset: float = 0.25, dy: float = 0.0) -> pikepdf.Pdf:
    """Fake bold: draw each text object a second time, shifted by (offset, dy) user-space units.

    The copy goes *before* the original inside q..Q, so any Tf/Tc the block sets cannot leak
    into the original (text state survives ET, but not Q).
    """
    for page in pdf.pages:
        out = []
        for kind, payload, _ in _walk(parse_content_stream(page)):
            if kind == "text":
                out += [_ins("q"), _ins("cm", 1, 0, 0, 1, _num(float(offset)), _num(float(dy)))]
                out += payload + [_ins("Q")] + payload
            else:
                out.append(payload)
        _set_content(pdf, page, out)
    return pdf


# Look-alikes seen in the published volumes: Kangxi Radicals (U+2F00..) where one exists,
# CJK Radicals Supplement for 長/西 (no Kangxi form is used for them there).  NFKC folds the
# Kangxi ones back; the Supplement ones need an explicit table in the pipeline.
LOOKALIKES = {
    "人": "\u2f08", "長": "\u2ed1", "西": "\u2ec4", "見": "\u2f92", "言": "\u2f94",
    "入": "\u2f0a", "力": "\u2f12", "月": "\u2f49", "日": "\u2f47", "子": "\u2f26",
    "行": "\u2f8f", "高": "\u2fbc", "大": "\u2f24", "生": "\u2f63", "用": "\u2f64",
    "方": "\u2f45", "手": "\u2f3f", "一": "\u2f00", "工": "\u2f2f", "立": "\u2f74",
    "～": "\u301c",
    **{str(d): chr(0xFF10 + d) for d in range(10)},
}

_TOK = re.compile(rb"<([0-9A-Fa-f\s]*)>|(\[)|(\])")


def parse_tounicode(data: bytes) -> dict[bytes, str]:
    """code bytes -> text, from the bfchar and bfrange sections of a ToUnicode CMap."""
    out: dict[bytes, str] = {}
    for m in re.finditer(rb"beginbf(char|range)(.*?)endbf\1", data, re.S):
        toks, arr = [], None
        for t in _TOK.finditer(m.group(2)):
            hx, lb, rb = t.groups()
            if lb:
                arr = []
            elif rb:
                toks.append(arr)
                arr = None
            elif hx is not None:
                (arr if arr is not None else toks).append(bytes.fromhex(re.sub(rb"\s", b"", hx).decode()))
        if m.group(1) == b"char":
            for src, dst in zip(toks[0::2], toks[1::2]):
                out[src] = dst.decode("utf-16-be")
            continue
        for lo, hi, dst in zip(toks[0::3], toks[1::3], toks[2::3]):
            n, a, b = len(lo), int.from_bytes(lo, "big"), int.from_bytes(hi, "big")
            for k in range(b - a + 1):
                if isinstance(dst, list):
                    text = dst[k].decode("utf-16-be") if k < len(dst) else None
                else:            # spec: the last code unit of dst increments along the range
                    text = (int.from_bytes(dst, "big") + k).to_bytes(len(dst), "big").decode("utf-16-be")
                if text is not None:
                    out[(a + k).to_bytes(n, "big")] = text
    return out


def write_tounicode(codes: dict[bytes, str], codespace: bytes) -> bytes:
    """Serialise, re-forming bfranges where the (possibly remapped) entries still run on.

    A range must keep all but the last code byte fixed and map to consecutive single code
    units; remapping one glyph inside a range therefore splits it into range/char/range.
    """
    runs: list[list] = []               # consecutive codes -> consecutive single code units
    for code, text in sorted(codes.items()):
        last = runs[-1][-1] if runs else None
        if (last and len(text) == 1 == len(last[1]) and len(code) == len(last[0])
                and code[:-1] == last[0][:-1] and code[-1] == last[0][-1] + 1
                and ord(text) == ord(last[1]) + 1 and ord(text) & 0xFF):
            runs[-1].append((code, text))
        else:
            runs.append([(code, text)])
    hx = lambda b: "<" + b.hex().upper() + ">"
    u16 = lambda t: hx(t.encode("utf-16-be"))
    body = []
    for kind, items, fmt in (
            ("bfchar", [r[0] for r in runs if len(r) == 1], lambda c: f"{hx(c[0])} {u16(c[1])}"),
            ("bfrange", [r for r in runs if len(r) > 1], lambda r: f"{hx(r[0][0])} {hx(r[-1][0])} {u16(r[0][1])}")):
        for k in range(0, len(items), 100):      # at most 100 entries per section
            part = items[k:k + 100]
            body += [f"{len(part)} begin{kind}", *map(fmt, part), f"end{kind}"]
    head = ("/CIDInit/ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo<<\n"
            "/Registry (Adobe)\n/Ordering (UCS)\n/Supplement 0\n>> def\n"
            "/CMapName/Adobe-Identity-UCS def\n/CMapType 2 def\n")
    tail = "\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    return head.encode() + codespace + b"\n" + "\n".join(body).encode() + tail.encode()


def remap_to_lookalikes(pdf: pikepdf.Pdf, mapping: dict[str, str] | None = None) -> pikepdf.Pdf:
    """Rewrite ToUnicode CMaps so extraction yields look-alike code points; glyphs are untouched.

    This is how the real volumes end up with ⼈/⻑/０ in the text layer: the producer's
    ToUnicode points at the radical / full-width code point of an identical-looking glyph.
    Fonts without a ToUnicode (extraction falls back to /Encoding) are left alone.
    """
    mapping = LOOKALIKES if mapping is None else mapping
    done = set()
    for font in (f for page in pdf.pages for f in page.Resources.get("/Font", {}).values()):
        tu = font.get("/ToUnicode")
        if not isinstance(tu, pikepdf.Stream) or tu.objgen in done:
            continue
        done.add(tu.objgen)
        data = tu.read_bytes()
        cs = re.search(rb"\d+\s+begincodespacerange.*?endcodespacerange", data, re.S)
        codes = {c: "".join(mapping.get(ch, ch) for ch in t) for c, t in parse_tounicode(data).items()}
        tu.write(write_tounicode(codes, cs.group(0) if cs else b"1 begincodespacerange\n<00> <FF>\nendcodespacerange"))
    return pdf


def resize_pages(pdf: pikepdf.Pdf, width: float, height: float) -> pikepdf.Pdf:
    """New page size; content scaled uniformly to fit and centred (letterboxed).

    The point is that every absolute coordinate (and the page aspect) differs from the
    sample, as in the A4 / 4:3 volumes; link annotations are moved along with the content.
    """
    for page in pdf.pages:
        x0, y0, x1, y1 = map(float, page.mediabox)
        s = min(width / (x1 - x0), height / (y1 - y0))
        tx, ty = (width - (x1 - x0) * s) / 2 - x0 * s, (height - (y1 - y0) * s) / 2 - y0 * s
        page.contents_add(f"q {s:.6f} 0 0 {s:.6f} {tx:.4f} {ty:.4f} cm\n".encode(), prepend=True)
        page.contents_add(b"\nQ\n")
        page.obj.MediaBox = page.obj.CropBox = pikepdf.Array([0, 0, width, height])
        for annot in page.obj.get("/Annots", []):
            if "/Rect" in annot:
                r = [float(v) for v in annot.Rect]
                annot.Rect = pikepdf.Array([_num(r[0] * s + tx), _num(r[1] * s + ty),
                                            _num(r[2] * s + tx), _num(r[3] * s + ty)])
    return pdf


def rotate_pages(pdf: pikepdf.Pdf, angle: int = 90) -> pikepdf.Pdf:
    """Slides stored portrait with /Rotate turning them back to landscape for display (a
    print-to-PDF trait): same picture, but every stored coordinate is rotated."""
    for page in pdf.pages:
        x0, y0, x1, y1 = map(float, page.mediabox)
        w, h = x1 - x0, y1 - y0
        turn = {90: f"0 1 -1 0 {_num(h)} 0 cm", 270: f"0 -1 1 0 0 {_num(w)} cm"}[angle]
        # the last cm acts first: move the box to the origin, then turn it
        page.contents_add(f"q {turn} 1 0 0 1 {_num(-x0)} {_num(-y0)} cm\n".encode(), prepend=True)
        page.contents_add(b"\nQ\n")
        page.obj.MediaBox = page.obj.CropBox = pikepdf.Array([0, 0, _num(h), _num(w)])
        page.obj.Rotate = angle
        page.obj.Annots = pikepdf.Array([])  # links are not needed by the pipeline
    return pdf


def offset_pages(pdf: pikepdf.Pdf, dx: float = -300, dy: float = 200) -> pikepdf.Pdf:
    """A page box that does not start at the origin (MediaBox [-300 200 …]), content moved
    with it: the same picture in other absolute coordinates."""
    for page in pdf.pages:
        x0, y0, x1, y1 = map(float, page.mediabox)
        page.contents_add(f"q 1 0 0 1 {_num(dx)} {_num(dy)} cm\n".encode(), prepend=True)
        page.contents_add(b"\nQ\n")
        page.obj.MediaBox = page.obj.CropBox = pikepdf.Array([_num(x0 + dx), _num(y0 + dy), _num(x1 + dx), _num(y1 + dy)])
        page.obj.Annots = pikepdf.Array([])
    return pdf


def add_bleed(pdf: pikepdf.Pdf, bleed: float = 36) -> pikepdf.Pdf:
    """A print layout: the MediaBox grows by a bleed on every side, the CropBox and
    TrimBox keep the slide, so a viewer shows the same page."""
    for page in pdf.pages:
        x0, y0, x1, y1 = map(float, page.mediabox)
        page.obj.CropBox = page.obj.TrimBox = pikepdf.Array([_num(x0), _num(y0), _num(x1), _num(y1)])
        page.obj.MediaBox = pikepdf.Array([_num(x0 - bleed), _num(y0 - bleed), _num(x1 + bleed), _num(y1 + bleed)])
    return pdf


def add_margins(pdf: pikepdf.Pdf, margin: float = 36) -> pikepdf.Pdf:
    """The slide, unscaled, on a page larger by a margin all round: its frame and
    background no longer span the page."""
    for page in pdf.pages:
        x0, y0, x1, y1 = map(float, page.mediabox)
        box = pikepdf.Array([_num(x0 - margin), _num(y0 - margin), _num(x1 + margin), _num(y1 + margin)])
        page.obj.MediaBox = page.obj.CropBox = box
    return pdf


def letter_space_titles(pdf: pikepdf.Pdf, min_size: float = 16, spacing: float = 4) -> pikepdf.Pdf:
    """Add `spacing` user-space units after each glyph of text whose rendered size >= min_size.

    Tc is in unscaled text space, so it is divided by the text-matrix scale and Tz; it is set
    before each show operator (size can change mid-object) and restored before ET because
    Tc, unlike the text matrix, outlives the text object.  LibreOffice cuts one title line into
    several text objects, each placed absolutely, so spacing alone would make the pieces
    overlap: pieces further along the same baseline are pushed right by the spacing already
    added (a `Td dx 0` inserted before the first show after a positioning operator, where the
    text matrix still equals the line matrix).  Assumes unrotated text.
    """
    for page in pdf.pages:
        fonts = page.Resources.get("/Font", {})
        out, line_y, shift = [], None, 0.0       # baseline of the spaced line, push so far
        for kind, payload, st in _walk(parse_content_stream(page)):
            if kind == "op":
                out.append(payload)
                continue
            val = lambda op, k, d: float(st.params[op].operands[k]) if op in st.params else d
            tc0, tz, tl, size = val("Tc", 0, 0.0), val("Tz", 0, 100.0) / 100, val("TL", 0, 0.0), val("Tf", 1, 0.0)
            font = st.params["Tf"].operands[0] if "Tf" in st.params else None
            tlm, tc, applied, fresh = Matrix(), tc0, 0.0, True
            for ins in payload:
                op = _op(ins)
                if op == "Tf":
                    font, size = ins.operands[0], float(ins.operands[1])
                elif op == "TL":
                    tl = float(ins.operands[0])
                elif op == "Tc":
                    tc = tc0 = float(ins.operands[0])
                elif op in ("Td", "TD", "T*", "Tm", "'", '"'):
                    fresh = True
                    if op == "Tm":
                        tlm, applied = Matrix(*map(float, ins.operands)), 0.0
                    else:
                        tx, ty = (0.0, -tl) if op in ("T*", "'", '"') else map(float, ins.operands)
                        tlm = Matrix(1, 0, 0, 1, tx, ty) @ tlm
                        tl = -ty if op == "TD" else tl
                if op in _SHOW:
                    m = tlm @ st.ctm
                    scale = math.hypot(m.c, m.d)
                    title = abs(size) * scale >= min_size
                    if not title:
                        line_y, shift = None, 0.0
                    elif line_y is None or abs(m.f - line_y) > 0.5:
                        line_y, shift = m.f, 0.0
                    if fresh and title and shift != applied:
                        out.append(_ins("Td", _num((shift - applied) / math.hypot(m.a, m.b)), 0))
                        applied = shift
                    want = tc0 + spacing / (scale * tz) if title else tc0
                    if want != tc:
                        out.append(_ins("Tc", _num(want)))
                        tc = want
                    if title:
                        strs = [ins.operands[-1]] if op != "TJ" else ins.operands[0]
                        n = sum(len(bytes(x)) for x in strs if isinstance(x, pikepdf.String))
                        two = font is not None and font in fonts and fonts[font].get("/Subtype") == "/Type0"
                        shift += spacing * (n // 2 if two else n)
                    fresh = False
                elif op == "ET" and tc != tc0:
                    out.append(_ins("Tc", _num(tc0)))
                out.append(ins)
        _set_content(pdf, page, out)
    return pdf


def add_running_header(pdf: pikepdf.Pdf, text: str = "自治体DX推進参考事例集", size: float = 8,
                       margin: float = 12, corner: str = "bottom-left") -> pikepdf.Pdf:
    """Stamp `text` in a page corner, using only glyphs already in the page's fonts.

    Bottom-left by default: on the sample's case pages top-right holds the 都道府県/人口 label,
    and a stamp overlapping it would interleave with its characters.

    Subset fonts can only show characters the page already uses, so each character is drawn
    with whichever simple (single-byte) font on the page has it, per its ToUnicode.  Pages
    where some character is not available are left unstamped (returned in pdf's attribute
    `unstamped_pages` so tests can see it).  Run this before remap_to_lookalikes.
    """
    pdf.unstamped_pages = []
    for pno, page in enumerate(pdf.pages):
        rev: dict[str, list] = {}       # char -> [(font name, code byte, width)]
        for name, font in page.Resources.get("/Font", {}).items():
            if font.get("/Subtype") == "/Type0" or "/ToUnicode" not in font or "/Widths" not in font:
                continue
            first, widths = int(font.get("/FirstChar", 0)), font.Widths
            for code, t in parse_tounicode(font.ToUnicode.read_bytes()).items():
                if len(code) == 1 and len(t) == 1 and 0 <= code[0] - first < len(widths):
                    rev.setdefault(t, []).append((name, code, float(widths[code[0] - first])))
        if any(ch not in rev for ch in text):
            pdf.unstamped_pages.append(pno)
            continue
        runs, cur, total = [], None, 0.0  # [(font, bytes)], preferring to stay in one font
        for ch in text:
            options = rev[ch]
            pick = next((o for o in options if o[0] == cur), options[0])
            if pick[0] != cur:
                runs.append([pick[0], b""])
                cur = pick[0]
            runs[-1][1] += pick[1]
            total += pick[2] * size / 1000
        x0, y0, x1, y1 = map(float, page.mediabox)
        x, y = (x0 + margin, y0 + margin) if corner == "bottom-left" else (x1 - margin - total, y1 - margin - size)
        ops = [_ins("q"), _ins("rg", _num(0.4), _num(0.4), _num(0.4)), _ins("BT"), _ins("Td", _num(x), _num(y))]
        for name, data in runs:
            ops += [_ins("Tf", pikepdf.Name(name), _num(float(size))), _ins("Tj", pikepdf.String(data))]
        page.contents_add(unparse_content_stream(ops + [_ins("ET"), _ins("Q")]))
    return pdf


def draw_page_text(pdf: pikepdf.Pdf, index: int, text: str, x: float, top: float, size: float, bold: bool = False) -> bool:
    """Draw `text` on page `index` (0-based) with its left edge at x and its glyphs' top at
    `top` (points from the page's top-left corner), using only glyphs the page's simple
    fonts already have (subset fonts show nothing else), from a bold face if `bold` (a
    regular one otherwise) where the page has the glyph in one. False, and nothing
    drawn, when a character is missing."""
    page = pdf.pages[index]
    rev: dict[str, tuple[str, bytes]] = {}
    fonts = sorted(page.Resources.get("/Font", {}).items(),
                   key=lambda nf: ("bold" in str(nf[1].get("/BaseFont", "")).lower()) != bold)
    for name, font in fonts:
        if font.get("/Subtype") == "/Type0" or "/ToUnicode" not in font:
            continue
        for code, t in parse_tounicode(font.ToUnicode.read_bytes()).items():
            if len(code) == 1 and len(t) == 1:
                rev.setdefault(t, (str(name), code))
    if any(ch not in rev for ch in text):
        return False
    x0, y0, x1, y1 = map(float, page.mediabox)
    ops = [_ins("q"), _ins("rg", 0, 0, 0), _ins("BT"), _ins("Td", _num(x0 + x), _num(y1 - top - 0.88 * size))]
    current = None
    for ch in text:
        name, code = rev[ch]
        if name != current:
            ops.append(_ins("Tf", pikepdf.Name(name), _num(float(size))))
            current = name
        ops.append(_ins("Tj", pikepdf.String(code)))
    page.contents_add(unparse_content_stream(ops + [_ins("ET"), _ins("Q")]))
    return True


PAINT_OPS = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*"}


def strip_rulings(pdf: pikepdf.Pdf) -> pikepdf.Pdf:
    """A producer that draws no table borders or boxes: every path is ended unpainted
    (`n`), so only text remains and tables must be read from text positions."""
    for page in pdf.pages:
        instrs = parse_content_stream(page)
        out = [_ins("n") if _op(i) in PAINT_OPS else i for i in instrs]
        _set_content(pdf, page, out)
    return pdf


def _space_codes(font) -> dict[bytes, float]:
    """Codes that draw a space in a simple font -> their width (thousandths of an em)."""
    tu = font.get("/ToUnicode")
    if not isinstance(tu, pikepdf.Stream) or font.get("/Subtype") == "/Type0":
        return {}
    first, widths = int(font.get("/FirstChar", 0)), list(font.get("/Widths", []))
    missing = float(font.get("/FontDescriptor", {}).get("/MissingWidth", 0))
    out = {}
    for code, text in parse_tounicode(tu.read_bytes()).items():
        if text == " " and len(code) == 1:
            k = code[0] - first
            out[code] = float(widths[k]) if 0 <= k < len(widths) else missing
    return out


def drop_spaces(pdf: pikepdf.Pdf) -> pikepdf.Pdf:
    """A producer that positions words instead of drawing space glyphs: every space code
    in a shown string becomes a TJ displacement of the same advance, so the spaces are
    gone from the text layer but the words stay where they were."""
    for page in pdf.pages:
        fonts = page.Resources.get("/Font", {})
        spaces = {str(name): _space_codes(font) for name, font in fonts.items()}
        out, font, size, tc, tw = [], None, 1.0, 0.0, 0.0
        for ins in parse_content_stream(page):
            op = _op(ins)
            if op == "Tf":
                font, size = str(ins.operands[0]), float(ins.operands[1]) or 1.0
            elif op in ("Tc", "Tw"):
                tc, tw = (float(ins.operands[0]), tw) if op == "Tc" else (tc, float(ins.operands[0]))
            codes = spaces.get(font, {})
            if op not in _SHOW or not codes:
                out.append(ins)
                continue
            if op == '"':
                tw, tc = float(ins.operands[0]), float(ins.operands[1])
                out += [_ins("Tw", ins.operands[0]), _ins("Tc", ins.operands[1])]
            if op in ("'", '"'):
                out.append(_ins("T*"))
            items = list(ins.operands[0]) if op == "TJ" else [ins.operands[-1]]
            arr = []
            for it in items:
                if not isinstance(it, pikepdf.String):
                    arr.append(it)
                    continue
                part = b""
                for b in bytes(it):
                    code = bytes((b,))
                    if code in codes:
                        if part:
                            arr.append(pikepdf.String(part))
                            part = b""
                        advance = codes[code] + (tc + (tw if b == 32 else 0.0)) * 1000 / size
                        arr.append(_num(-advance))
                    else:
                        part += code
                if part:
                    arr.append(pikepdf.String(part))
            out.append(_ins("TJ", pikepdf.Array(arr)))
        _set_content(pdf, page, out)
    return pdf


def strip_vertical_rules(pdf: pikepdf.Pdf) -> pikepdf.Pdf:
    """A table style with rules between rows only: every stroked vertical line is ended
    unpainted; horizontal rules and cell fills stay (so some cell sides remain)."""
    for page in pdf.pages:
        out, points = [], []
        for ins in parse_content_stream(page):
            op = _op(ins)
            if op in _PATH:
                points += [tuple(map(float, ins.operands))] if op in ("m", "l") else [None]
            elif op in PAINT_OPS:
                vertical = (op in ("S", "s") and len(points) == 2 and None not in points
                            and abs(points[0][0] - points[1][0]) < 0.5)
                points = []
                if vertical:
                    out.append(_ins("n"))
                    continue
            out.append(ins)
        _set_content(pdf, page, out)
    return pdf


def strip_strokes(pdf: pikepdf.Pdf) -> pikepdf.Pdf:
    """No lines at all, only filled shapes (header-cell backgrounds, boxes): the
    borders left are the sides of fills, which frame some cells and no table."""
    for page in pdf.pages:
        _set_content(pdf, page, [_ins("n") if _op(i) in ("S", "s") else i for i in parse_content_stream(page)])
    return pdf


def plain_font_names(pdf: pikepdf.Pdf, weight: str = "W3") -> pikepdf.Pdf:
    """Bold faces under names that do not say so (NotoSansCJKjp-Bold -> NotoSansCJKjp-W3):
    with no weight in the descriptors either, bold cannot be told from the fonts."""
    done = set()
    for page in pdf.pages:
        for font in page.Resources.get("/Font", {}).values():
            if font.objgen in done:
                continue
            done.add(font.objgen)
            name = str(font.get("/BaseFont", ""))
            if "bold" not in name.lower():
                continue
            plain = pikepdf.Name(re.sub(r"(?i)bold", weight, name))
            font.BaseFont = plain
            for f in [font, *font.get("/DescendantFonts", [])]:
                f.BaseFont = plain
                if "/FontDescriptor" in f:
                    f.FontDescriptor.FontName = plain
    return pdf


def _segments(path) -> list[tuple[float, float, float, float]] | None:
    """The straight segments of a path of m/l/h operators, or None when it has curves or
    rectangles (those are left as they are)."""
    segs, start, cur = [], None, None
    for ins in path:
        op, v = _op(ins), [float(x) for x in ins.operands]
        if op == "m":
            start = cur = (v[0], v[1])
        elif op == "l" and cur is not None:
            segs.append((*cur, v[0], v[1]))
            cur = (v[0], v[1])
        elif op == "h" and cur is not None and start is not None:
            if cur != start:
                segs.append((*cur, *start))
            cur = start
        else:
            return None
    return segs


def _axis(seg) -> str | None:
    x0, y0, x1, y1 = seg
    if abs(y0 - y1) < 0.01 and abs(x0 - x1) >= 0.01:
        return "h"
    if abs(x0 - x1) < 0.01 and abs(y0 - y1) >= 0.01:
        return "v"
    return None


def _rewrite_strokes(pdf: pikepdf.Pdf, rewrite) -> pikepdf.Pdf:
    """Call rewrite(page_index, segments, state, all_segments) for every stroked (S) path
    made only of horizontal and vertical lines; it returns the operators to draw instead
    (or None to keep the path). all_segments: every such segment of the page, for cuts.
    Assumes the identity CTM the sample's paths are drawn with (run before resizing)."""
    for pno, page in enumerate(pdf.pages):
        items = list(_walk(parse_content_stream(page)))
        every, path = [], []
        for kind, payload, _ in items:
            if kind == "op" and _op(payload) in _PATH:
                path.append(payload)
            elif kind == "op" and _op(payload) in _PAINT:
                segs = _segments(path) if _op(payload) == "S" else None
                if segs and all(_axis(sg) for sg in segs):
                    every += segs
                path = []
        out, path = [], []
        for kind, payload, st in items:
            if kind == "text":
                out += payload
                continue
            op = _op(payload)
            if op in _PATH:
                path.append(payload)
                continue
            if op in _PAINT:
                segs = _segments(path) if op == "S" else None
                new = rewrite(pno, segs, st, every) if segs and all(_axis(sg) for sg in segs) else None
                out += path + [payload] if new is None else new
                path = []
                continue
            out += path + [payload]
            path = []
        _set_content(pdf, page, out)
    return pdf


def cut_cell_borders(pdf: pikepdf.Pdf) -> pikepdf.Pdf:
    """Borders drawn cell by cell (a PowerPoint-like producer): every stroked rule is cut
    where a rule of the other direction meets it, and each piece is drawn twice, the
    second time backwards (a shared edge drawn by both of its cells)."""
    def rewrite(pno, segs, st, every):
        out = []
        for x0, y0, x1, y1 in segs:
            if _axis((x0, y0, x1, y1)) == "h":
                lo, hi = sorted((x0, x1))
                cuts = sorted({ox0 for ox0, oy0, ox1, oy1 in every if _axis((ox0, oy0, ox1, oy1)) == "v"
                               and min(oy0, oy1) - 0.5 <= y0 <= max(oy0, oy1) + 0.5 and lo + 0.5 < ox0 < hi - 0.5})
                stops = [lo, *cuts, hi]
                pieces = [((a, y0), (b, y0)) for a, b in zip(stops, stops[1:])]
            else:
                lo, hi = sorted((y0, y1))
                cuts = sorted({oy0 for ox0, oy0, ox1, oy1 in every if _axis((ox0, oy0, ox1, oy1)) == "h"
                               and min(ox0, ox1) - 0.5 <= x0 <= max(ox0, ox1) + 0.5 and lo + 0.5 < oy0 < hi - 0.5})
                stops = [lo, *cuts, hi]
                pieces = [((x0, a), (x0, b)) for a, b in zip(stops, stops[1:])]
            for p, q in pieces:
                for a, b in ((p, q), (q, p)):
                    out += [_ins("m", _num(a[0]), _num(a[1])), _ins("l", _num(b[0]), _num(b[1]))]
        return out + [_ins("S")]
    return _rewrite_strokes(pdf, rewrite)


_AS_FILL = {"G": "g", "RG": "rg", "K": "k", "CS": "cs", "SC": "sc", "SCN": "scn"}


def rect_borders(pdf: pikepdf.Pdf) -> pikepdf.Pdf:
    """Every stroked rule drawn as a thin filled rectangle of the line's width and colour
    (a producer that fills instead of stroking)."""
    def rewrite(pno, segs, st, every):
        width = float(st.params["w"].operands[0]) if "w" in st.params else 1.0
        fill = [_ins(_AS_FILL[_op(i)], *i.operands) for i in st.stroke]
        out = [_ins("q"), *fill]
        for x0, y0, x1, y1 in segs:
            if _axis((x0, y0, x1, y1)) == "h":
                out.append(_ins("re", _num(min(x0, x1)), _num(y0 - width / 2), _num(abs(x1 - x0)), _num(width)))
            else:
                out.append(_ins("re", _num(x0 - width / 2), _num(min(y0, y1)), _num(width), _num(abs(y1 - y0))))
        return out + [_ins("f"), _ins("Q")]
    return _rewrite_strokes(pdf, rewrite)


def _fonts_text(page) -> dict[str, dict[bytes, str]]:
    return {str(name): parse_tounicode(font.ToUnicode.read_bytes()) for name, font in page.Resources.get("/Font", {}).items()
            if isinstance(font.get("/ToUnicode"), pikepdf.Stream) and font.get("/Subtype") != "/Type0"}


def _block_chars(block, st, fonts) -> list[tuple[int, int, str]]:
    """(instruction index, byte index, text) of every shown single-byte code in a text object."""
    font = str(st.params["Tf"].operands[0]) if "Tf" in st.params else None
    out = []
    for k, ins in enumerate(block):
        op = _op(ins)
        if op == "Tf":
            font = str(ins.operands[0])
        if op in _SHOW:
            strs = ins.operands[0] if op == "TJ" else [ins.operands[-1]]
            for j, x in enumerate(strs):
                if isinstance(x, pikepdf.String):
                    for b in bytes(x):
                        out.append((k, j, fonts.get(font, {}).get(bytes((b,)), "")))
    return out


def _block_place(block, st) -> tuple[float, float, float] | None:
    """(x, y, size) of a text object placed with one Td or Tm under the identity CTM."""
    size = float(st.params["Tf"].operands[1]) if "Tf" in st.params else None
    pos = None
    for ins in block:
        op = _op(ins)
        if op == "Tf":
            size = float(ins.operands[1])
        elif op in ("Td", "TD") and pos is None:
            pos = tuple(float(v) for v in ins.operands)
        elif op == "Tm" and pos is None:
            pos = (float(ins.operands[4]), float(ins.operands[5]))
    return (pos[0], pos[1], size) if pos and size else None


def _drop_codes(block, keep) -> list:
    """The text object with only the codes keep(n) accepts (n counts codes in order)."""
    out, n = [], 0
    for ins in block:
        op = _op(ins)
        if op not in _SHOW:
            out.append(ins)
            continue
        strs = list(ins.operands[0]) if op == "TJ" else [ins.operands[-1]]
        arr = []
        for x in strs:
            if isinstance(x, pikepdf.String):
                kept = b""
                for b in bytes(x):
                    if keep(n):
                        kept += bytes((b,))
                    n += 1
                if kept:
                    arr.append(pikepdf.String(kept))
            else:
                arr.append(x)
        out.append(_ins("TJ", pikepdf.Array(arr)))
    return out


def split_amounts(pdf: pikepdf.Pdf, unit: str = "千円") -> pikepdf.Pdf:
    """An amount broken inside its cell: each bold amount `2,109千円` (the cost table's
    label row) is drawn as `2,109` with `千円` on a line of its own below it, starting
    where the figure starts. The figure and the unit may be separate text objects (the
    sample draws them in two)."""
    for page in pdf.pages:
        fonts = _fonts_text(page)
        bold = {str(n) for n, f in page.Resources.get("/Font", {}).items() if "bold" in str(f.get("/BaseFont", "")).lower()}
        items = list(_walk(parse_content_stream(page)))
        blocks = {}
        for k, (kind, payload, st) in enumerate(items):
            if kind == "text":
                font = str(st.params["Tf"].operands[0]) if "Tf" in st.params else None
                used = {str(i.operands[0]) for i in payload if _op(i) == "Tf"} or {font}
                chars = _block_chars(payload, st, fonts)
                blocks[k] = ("".join(c[2] for c in chars), _block_place(payload, st), used <= bold, len(chars))
        moves: dict[int, tuple[int, float, float]] = {}  # block -> (codes kept on the first line, dx, dy)
        for k, (text, place, is_bold, n) in blocks.items():
            if not (place and is_bold and text.endswith(unit)):
                continue
            if re.fullmatch(r"[0-9][0-9,]*" + unit, text):
                moves[k] = (n - len(unit), 0.0, -1.2 * place[2])
                continue
            if text != unit:
                continue
            figures = [(place[0] - p[0], j) for j, (t, p, b, _) in blocks.items()
                       if p and b and abs(p[1] - place[1]) < 0.5 and p[0] < place[0] and re.fullmatch(r"[0-9][0-9,]*", t)]
            if figures:
                j = min(figures)[1]
                moves[k] = (0, blocks[j][1][0] - place[0], -1.2 * place[2])
        out = []
        for k, (kind, payload, st) in enumerate(items):
            if kind != "text":
                out.append(payload)
                continue
            if k not in moves:
                out += payload
                continue
            cut, dx, dy = moves[k]
            if cut:
                out += _drop_codes(payload, lambda n: n < cut)
                dx = 0.0
            out += [_ins("q"), _ins("cm", 1, 0, 0, 1, _num(dx), _num(dy))]
            out += _drop_codes(payload, lambda n: n >= cut) + [_ins("Q")]
        _set_content(pdf, page, out)
    return pdf


def replace_text(pdf: pikepdf.Pdf, index: int, old: str, new: str) -> bool:
    """A printed text changed: the text objects on page `index` (0-based) that draw `old`
    on one baseline (one object, or several side by side: `60,000` and `千円`) are removed
    and `new` is drawn where `old` started, at its size, with glyphs the page's fonts
    already have (draw_page_text). False, and the page unchanged, when `old` is not found
    drawn so (under the identity CTM) or a glyph of `new` is missing."""
    page = pdf.pages[index]
    fonts = _fonts_text(page)
    items = list(_walk(parse_content_stream(page)))
    placed = []  # (baseline y, x, item index, text, size)
    for k, (kind, payload, st) in enumerate(items):
        if kind != "text" or tuple(st.ctm.shorthand) != (1, 0, 0, 1, 0, 0):
            continue
        place = _block_place(payload, st)
        text = "".join(c[2] for c in _block_chars(payload, st, fonts))
        if place and text:
            placed.append((place[1], place[0], k, text, place[2]))
    run = None
    for y, x, k, text, size in sorted(placed, key=lambda p: (-p[0], p[1])):
        line = sorted((p for p in placed if abs(p[0] - y) < 0.5 and p[1] >= x), key=lambda p: p[1])
        joined, used = "", []
        for p in line:
            if not old.startswith(joined + p[3]):
                break
            joined, used = joined + p[3], used + [p]
            if joined == old:
                run = used
                break
        if run:
            break
    if not run:
        return False
    gone = {p[2] for p in run}
    y, x, _, _, size = run[0]
    out = []
    for k, (kind, payload, st) in enumerate(items):
        if k in gone:
            continue
        out += payload if kind == "text" else [payload]
    x0, _, _, y1 = map(float, page.mediabox)
    backup = page.obj.Contents
    _set_content(pdf, page, out)
    if not draw_page_text(pdf, index, new, x - x0, y1 - y - 0.88 * size, size):
        page.obj.Contents = backup
        return False
    return True


def shrink_titles(pdf: pikepdf.Pdf, size: float = 14, min_size: float = 16) -> pikepdf.Pdf:
    """Case titles shrunk to fit their line: on the first page of each case, the text
    set at `min_size` or more in the page's top fifth (the title, possibly wrapped) is set
    at `size`, each line's glyphs moved towards its start by the same factor (its x
    offsets scaled). Later pages of a case keep their size. Assumes text placed with Td
    under the identity CTM, as the sample's is."""
    previous = None
    for page in pdf.pages:
        fonts = _fonts_text(page)
        top = float(page.mediabox[3])
        height = top - float(page.mediabox[1])
        items = list(_walk(parse_content_stream(page)))
        big: dict[int, tuple[float, float, float, str]] = {}
        for k, (kind, payload, st) in enumerate(items):
            place = _block_place(payload, st) if kind == "text" else None
            if place and place[2] >= min_size and place[1] >= top - 0.2 * height:
                big[k] = (*place, "".join(c[2] for c in _block_chars(payload, st, fonts)))
        if not big:
            continue
        ordered = sorted(big.values(), key=lambda b: (-b[1], b[0]))
        m = re.match(r"\s*(\d+)\s*[^\d.．\s].*【", "".join(b[3] for b in ordered))
        number = m.group(1) if m else None
        if number is None or number == previous:
            previous = number if number is not None else previous
            continue
        previous = number
        starts: dict[float, float] = {}
        for x, y, _, _ in big.values():
            key = round(y, 1)
            starts[key] = min(starts.get(key, x), x)
        out = []
        for k, (kind, payload, st) in enumerate(items):
            if k not in big:
                out += payload if kind == "text" else [payload]
                continue
            x, y, old, _ = big[k]
            factor = size / old
            start = starts[round(y, 1)]
            block, placed = [], False
            for ins in payload:
                op = _op(ins)
                if op == "Tf":
                    ins = _ins("Tf", ins.operands[0], _num(float(size)))
                elif op in ("Td", "TD"):
                    dx = float(ins.operands[0])
                    ins = _ins(op, _num(start + (dx - start) * factor if not placed else dx * factor), ins.operands[1])
                    placed = True
                elif op == "Tm":  # absolute: pieces further along the line move in by the factor
                    v = [float(o) for o in ins.operands]
                    ins = _ins("Tm", *map(_num, v[:4]), _num(start + (v[4] - start) * factor), _num(v[5]))
                    placed = True
                block.append(ins)
            if "Tf" in st.params and not any(_op(i) == "Tf" for i in payload):
                block.insert(1, _ins("Tf", st.params["Tf"].operands[0], _num(float(size))))
            out += block
        _set_content(pdf, page, out)
    return pdf


def _table_rule_extent(pdf_page_segments) -> tuple[float, float] | None:
    """The horizontal extent of the widest stroked rule that a vertical rule touches (a
    table's border), else of the widest stroked rule."""
    hs = [s for s in pdf_page_segments if _axis(s) == "h"]
    vs = [s for s in pdf_page_segments if _axis(s) == "v"]
    if not hs:
        return None
    touched = [h for h in hs if any(min(h[0], h[2]) - 1 <= v[0] <= max(h[0], h[2]) + 1
                                    and min(v[1], v[3]) - 1 <= h[1] <= max(v[1], v[3]) + 1 for v in vs)]
    x0, _, x1, _ = max(touched or hs, key=lambda h: abs(h[2] - h[0]))
    return min(x0, x1), max(x0, x1)


def _page_strokes(pdf: pikepdf.Pdf) -> list[list]:
    per_page: list[list] = [[] for _ in pdf.pages]

    def probe(pno, segs, st, every):
        per_page[pno] = every
        return None
    _rewrite_strokes(pdf, probe)
    return per_page


def _stroke(x0: float, x1: float, y: float, width: float = 1.0) -> bytes:
    return f"\nq 0 0 0 RG {width:.2f} w {x0:.3f} {y:.3f} m {x1:.3f} {y:.3f} l S Q\n".encode()


def add_footer_rule(pdf: pikepdf.Pdf, depth: float = 0.04) -> pikepdf.Pdf:
    """A running-footer rule on every page, `depth` of the page height above its bottom,
    as wide as the page's widest table border (the widest rule when it has no table)."""
    for page, segs in zip(pdf.pages, _page_strokes(pdf)):
        x0, y0, x1, y1 = map(float, page.mediabox)
        extent = _table_rule_extent(segs) or (x0 + 0.025 * (x1 - x0), x1 - 0.025 * (x1 - x0))
        page.contents_add(_stroke(*extent, y0 + depth * (y1 - y0)))
    return pdf


def underline_headings(pdf: pikepdf.Pdf, heading: str = "事業の概要") -> pikepdf.Pdf:
    """A stroke under every `heading`, one em below its baseline, as wide as the page's
    widest table border (a heading underline with a table's extent)."""
    for page, segs in zip(pdf.pages, _page_strokes(pdf)):
        fonts = _fonts_text(page)
        extent = _table_rule_extent(segs)
        if extent is None:
            continue
        for kind, payload, st in _walk(parse_content_stream(page)):
            if kind != "text":
                continue
            place = _block_place(payload, st)
            if place and "".join(c[2] for c in _block_chars(payload, st, fonts)).strip() == heading:
                page.contents_add(_stroke(*extent, place[1] - 1.0 * place[2]))
    return pdf


def subset(pdf: pikepdf.Pdf, pages: list[int]) -> pikepdf.Pdf:
    """Keep only the given 0-based pages (keeps tests fast); unused objects are not saved."""
    keep = set(pages)
    for i in reversed(range(len(pdf.pages))):
        if i not in keep:
            del pdf.pages[i]
    return pdf


# Canonical order regardless of how kinds are listed: header before lookalike (it looks glyphs
# up by their true text), letterspace/shuffle before double (so the fake-bold copy sits right
# next to its original in the stream, as in the real files), resizing last.
KINDS = {
    "header": lambda pdf, seed: add_running_header(pdf),
    "letterspace": lambda pdf, seed: letter_space_titles(pdf),
    "shuffle": shuffle_text_order,
    "double": lambda pdf, seed: double_glyphs(pdf),
    "lookalike": lambda pdf, seed: remap_to_lookalikes(pdf),
    "noborders": lambda pdf, seed: strip_rulings(pdf),
    "hrules": lambda pdf, seed: strip_vertical_rules(pdf),
    "fillsonly": lambda pdf, seed: strip_strokes(pdf),
    "plainnames": lambda pdf, seed: plain_font_names(pdf),
    "title14": lambda pdf, seed: shrink_titles(pdf, 14),
    "splitamount": lambda pdf, seed: split_amounts(pdf),
    "underline": lambda pdf, seed: underline_headings(pdf),
    "footerrule": lambda pdf, seed: add_footer_rule(pdf),
    "cellborders": lambda pdf, seed: cut_cell_borders(pdf),
    "rectborders": lambda pdf, seed: rect_borders(pdf),
    "nospaces": lambda pdf, seed: drop_spaces(pdf),
    "a4": lambda pdf, seed: resize_pages(pdf, 842, 595),
    "4x3": lambda pdf, seed: resize_pages(pdf, 720, 540),
    "offset": lambda pdf, seed: offset_pages(pdf),
    "bleed": lambda pdf, seed: add_bleed(pdf),
    "margins": lambda pdf, seed: add_margins(pdf),
    "rotate": lambda pdf, seed: rotate_pages(pdf, 90),
    # Permissions only (no user password), as government PDFs often are: applied on save.
    "protected": lambda pdf, seed: pdf,
}
PROTECTED = dict(owner="owner-only", user="", R=6, allow=pikepdf.Permissions(extract=False, modify_other=False))


def make_variant(src_path, out_path, kinds: list[str], seed: int = 0,
                 pages: list[int] | None = None) -> Path:
    unknown = set(kinds) - set(KINDS)
    if unknown:
        raise ValueError(f"unknown kinds {sorted(unknown)}; choose from {list(KINDS)}")
    if "a4" in kinds and "4x3" in kinds:
        raise ValueError("a4 and 4x3 are exclusive")
    with pikepdf.open(src_path) as pdf:
        if pages is not None:
            subset(pdf, pages)
        for kind in (k for k in KINDS if k in kinds):
            KINDS[kind](pdf, seed)
        pdf.save(out_path, **({"encryption": pikepdf.Encryption(**PROTECTED)} if "protected" in kinds else {}))
    return Path(out_path)


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("src")
    ap.add_argument("out")
    ap.add_argument("kinds", nargs="*", help=f"any of {', '.join(KINDS)} (none: just --pages)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--pages", help="0-based page indices, e.g. 3,4")
    a = ap.parse_args()
    pages = [int(p) for p in a.pages.split(",")] if a.pages else None
    print(make_variant(a.src, a.out, a.kinds, a.seed, pages))
