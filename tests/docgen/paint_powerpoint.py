"""The PowerPoint-like painter: the pages written the way Microsoft PowerPoint's "Save as
PDF" (and the writers imitating it) writes a slide deck, by a small PDF writer of its own
(no application: the traits are written directly).

- Each page's content starts with a flipping, scaling CTM (`0.75 0 0 -0.75 0 H cm`): the
  slide is drawn in pixels (96 per inch) with y downwards; every text run is its own
  BT/ET whose text matrix flips the glyphs back up (`1 0 0 -1 x y Tm`), font size in
  pixels. Line widths are in pixels too (pdfplumber reports them unscaled, 4/3 of the
  printed width).
- Fonts are CIDFontType2 fonts, Identity-H, one font resource per face, with a ToUnicode
  map and a W array of the face's own advances; the codes are the face's glyph ids
  (CIDToGIDMap Identity). As Office picks a run's font, Latin characters (ASCII, Latin-1)
  are set in the Latin face (DejaVu Sans, a TrueType font) and the rest in the East
  Asian one (Noto Sans CJK JP), each with its Bold face for the `face` bold style: a line
  of mixed script is several runs, each its own BT/ET in its own font, whose descriptors
  (ascent, descent, bbox: the faces' own) differ. Stroke bold (`mode` 2) is text render
  mode 2 with a line width. The font programs are not embedded: there is no font
  subsetter here (fontTools), and what the pipeline reads (pdfminer) is the ToUnicode
  map, the widths and the descriptor, all written as a subset's are, under subset tags.
- A line's runs carry one TJ array each: the glyphs, each followed by a kerning number
  (thousandths of an em) tracking the line evenly to the width the layout measured, so a
  line starts and ends where the layout put it, whatever the layout's text unit.
- Tagged: text inside `/P <</Lang (ja-JP)/MCID n>> BDC … EMC` (a structure tree of P
  elements under the catalog's StructTreeRoot), rules, boxes and the slide's white
  background fill inside `/Artifact BMC … EMC`.
- Shapes as paths: fills as `re f`, frames as closed `m l l l h S` paths, rounded boxes
  as Bézier curves, rules as `m l S`.
- A framed box (stroked or rounded) is a grouped shape: the text runs starting inside
  it (the smallest frame holding them) are written in a Form XObject (`Do`) with its
  own /Matrix (a translation to the box's corner), painted where the first of them
  comes in the page's order.

Needs fontconfig's Noto Sans CJK JP (fonts-noto-cjk, as the Chromium and LibreOffice
painters) and DejaVu Sans; glyph ids, advances and descriptor values are read from the
font files (paint_libreoffice.FontMetrics).
"""
from __future__ import annotations

import io
import itertools
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from .draw import BOLD_FONT, Box, Image, Line, Op, Shape, TextRun, text_width
from .paint_libreoffice import FontMetrics, metrics

PX = 4.0 / 3.0  # pixels per point: the page's CTM scales by 0.75
PRODUCER = "Microsoft® PowerPoint® for Microsoft 365"
KAPPA = 0.5523  # Bézier control distance of a quarter circle, in radii
# The faces, as Office picks a run's font: Latin characters in the theme's Latin font,
# everything else in its East Asian font (a line of mixed script is several runs).
EAST_ASIAN, LATIN = "Noto Sans CJK JP", "DejaVu Sans"
FACES = {("ea", False): ("F1", "BCDEEE+NotoSansCJKjp-Regular"), ("ea", True): ("F2", "BCDFEE+NotoSansCJKjp-Bold"),
         ("latin", False): ("F3", "BCDGEE+DejaVuSans"), ("latin", True): ("F4", "BCDHEE+DejaVuSans-Bold")}


def _script(ch: str) -> str:
    """Latin: ASCII and Latin-1 (Office's latin font slot); anything else East Asian."""
    return "latin" if 0x20 <= ord(ch) <= 0x7E or 0xA0 <= ord(ch) <= 0xFF else "ea"


def _n(v: float) -> str:
    s = f"{v:.4f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def _rgb(c: tuple) -> str:
    return " ".join(_n(v) for v in c)


def _utf16(text: str) -> str:
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


@dataclass
class Face:
    """One font resource: a face's glyphs used so far (code -> character) and widths."""

    resource: str
    name: str
    metrics: FontMetrics
    used: dict[int, str] = field(default_factory=dict)
    widths: dict[int, int] = field(default_factory=dict)
    _private: dict[str, int] = field(default_factory=dict)

    def code(self, ch: str) -> int:
        gid = self.metrics.cmap.get(ord(ch), 0)
        if gid == 0:  # a character the face lacks: a code of its own, past the glyphs
            gid = self._private.setdefault(ch, 0xF000 + len(self._private))
        if gid not in self.used:
            self.used[gid] = ch
            self.widths[gid] = round(self.metrics.width(ch, 1000.0))
        return gid


class Writer:
    """PDF objects numbered in the order they are added; the file written at the end."""

    def __init__(self) -> None:
        self.objects: list[bytes | None] = []

    def reserve(self) -> int:
        self.objects.append(None)
        return len(self.objects)

    def put(self, body: str | bytes, num: int | None = None) -> int:
        data = body.encode("latin-1") if isinstance(body, str) else body
        if num is None:
            num = self.reserve()
        self.objects[num - 1] = data
        return num

    def stream(self, head: str, data: bytes, num: int | None = None) -> int:
        packed = zlib.compress(data)
        return self.put(f"<<{head}/Filter/FlateDecode/Length {len(packed)}>>\nstream\n".encode("latin-1")
                        + packed + b"\nendstream", num)

    def write(self, path: Path, root: int, info: int) -> None:
        out = bytearray(b"%PDF-1.7\n%\xb5\xb5\xb5\xb5\n")
        offsets = []
        for i, body in enumerate(self.objects, 1):
            offsets.append(len(out))
            out += f"{i} 0 obj\n".encode() + (body or b"null") + b"\nendobj\n"
        xref = len(out)
        out += f"xref\n0 {len(self.objects) + 1}\n0000000000 65535 f \n".encode()
        out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
        out += (f"trailer\n<</Size {len(self.objects) + 1}/Root {root} 0 R/Info {info} 0 R>>\n"
                f"startxref\n{xref}\n%%EOF\n").encode()
        Path(path).write_bytes(bytes(out))


class PagePainter:
    """One page's content stream (and its forms), in pixels from the top-left corner."""

    def __init__(self, faces: dict[tuple[str, bool], Face], mcids: list[tuple[int, int | None]]):
        self.faces = faces
        self.mcids = mcids  # (MCID, form index or None) of every P on the page
        self.forms: list[list[str]] = []  # the content of each form, and where its origin lies
        self.origins: list[tuple[float, float]] = []
        self.images: list[bytes] = []  # the PNG of each image XObject the page shows (/Im0, /Im1 …)

    def text(self, op: TextRun, out: list[str], origin: tuple[float, float] = (0.0, 0.0), form: int | None = None) -> None:
        line = "".join(chunk for _, chunk in op.pieces)
        if not line.strip():
            return
        bold = op.font == BOLD_FONT
        faces = [self.faces[(_script(ch), bold)] for ch in line]
        size = op.size * PX
        # The line is set in each face's own advances, tracked evenly (each glyph's
        # advance times one factor) to the width the layout measured, as a justified line
        # is; a run of one face is one BT/ET with one TJ, starting where the last ended.
        have = [face.metrics.width(ch, 1000.0) for face, ch in zip(faces, line)]
        scale = text_width(line, 1000.0) / sum(have) if sum(have) else 1.0
        mcid = len(self.mcids)
        self.mcids.append((mcid, form))
        x, y = (op.x + op.dx) * PX - origin[0], op.baseline() * PX - origin[1]
        out.append(f"/P <</Lang (ja-JP)/MCID {mcid}>> BDC")
        for face, run in itertools.groupby(zip(faces, line, have), key=lambda t: t[0]):
            glyphs = list(run)
            out.append("BT")
            out.append(f"/{face.resource} {_n(size)} Tf")
            out.append(f"1 0 0 -1 {_n(x)} {_n(y)} Tm")
            out.append(f"{_rgb(op.color)} rg")
            if op.mode:
                out.append(f"{_rgb(op.color)} RG {_n(0.04 * size)} w {op.mode} Tr")
            out.append("[" + self._kerned(face, [(ch, adv) for _, ch, adv in glyphs], scale) + "] TJ")
            out.append("ET")
            x += sum(adv for _, _, adv in glyphs) * scale * size / 1000.0
        out.append("EMC")

    @staticmethod
    def _kerned(face: Face, glyphs: list[tuple[str, float]], scale: float) -> str:
        """A TJ array's body: each glyph's code, then the kerning number (thousandths of
        an em, rounded, the rounding carried on) that tracks its advance by `scale`."""
        parts: list[str] = []
        carry = 0.0
        for ch, adv in glyphs:
            parts.append(f"<{face.code(ch):04X}>")
            carry -= adv * (scale - 1.0)
            kern = round(carry)
            carry -= kern
            if kern:
                parts.append(str(kern))
        return "".join(parts)

    @staticmethod
    def line(op: Line, out: list[str]) -> None:
        out.append("/Artifact BMC")
        out.append(f"q {_rgb(op.color)} RG {_n(op.width * PX)} w 0 J 1 j")
        out.append(f"{_n(op.x0 * PX)} {_n(op.y0 * PX)} m {_n(op.x1 * PX)} {_n(op.y1 * PX)} l S Q")
        out.append("EMC")

    @staticmethod
    def box(op: Box, out: list[str]) -> None:
        x0, y0, x1, y1 = op.x0 * PX, op.top * PX, op.x1 * PX, op.bottom * PX
        out.append("/Artifact BMC")
        out.append("q")
        if op.radius:
            path = PagePainter._rounded(x0, y0, x1, y1, min(op.radius * PX, (x1 - x0) / 2, (y1 - y0) / 2))
            if op.fill:
                out += [f"{_rgb(op.fill)} rg", path, "f"]
            if op.stroke:
                out += [f"{_rgb(op.stroke)} RG {_n(op.width * PX)} w", path, "S"]
        else:
            if op.fill:
                out.append(f"{_rgb(op.fill)} rg {_n(x0)} {_n(y0)} {_n(x1 - x0)} {_n(y1 - y0)} re f")
            if op.stroke:
                out.append(f"{_rgb(op.stroke)} RG {_n(op.width * PX)} w 0 j")
                out.append(f"{_n(x0)} {_n(y0)} m {_n(x1)} {_n(y0)} l {_n(x1)} {_n(y1)} l {_n(x0)} {_n(y1)} l h S")
        out.append("Q")
        out.append("EMC")

    def image(self, op: Image, out: list[str]) -> None:
        """An image XObject placed in its box (the unit square, its first row at the top
        of the box, under the page's flipped CTM), tagged as a figure as Office tags one."""
        x, y, w, h = op.x0 * PX, op.top * PX, (op.x1 - op.x0) * PX, (op.bottom - op.top) * PX
        out.append(f"/Figure BMC q {_n(w)} 0 0 {_n(-h)} {_n(x)} {_n(y + h)} cm /Im{len(self.images)} Do Q EMC")
        self.images.append(op.png)

    @staticmethod
    def shape(op: Shape, out: list[str]) -> None:
        pts = [(x * PX, y * PX) for x, y in op.points]
        if op.kind == "ellipse":
            (x0, y0), (x1, y1) = pts
            cx, cy, rx, ry = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) / 2, (y1 - y0) / 2
            kx, ky = KAPPA * rx, KAPPA * ry
            path = " ".join([
                f"{_n(cx + rx)} {_n(cy)} m",
                f"{_n(cx + rx)} {_n(cy + ky)} {_n(cx + kx)} {_n(cy + ry)} {_n(cx)} {_n(cy + ry)} c",
                f"{_n(cx - kx)} {_n(cy + ry)} {_n(cx - rx)} {_n(cy + ky)} {_n(cx - rx)} {_n(cy)} c",
                f"{_n(cx - rx)} {_n(cy - ky)} {_n(cx - kx)} {_n(cy - ry)} {_n(cx)} {_n(cy - ry)} c",
                f"{_n(cx + kx)} {_n(cy - ry)} {_n(cx + rx)} {_n(cy - ky)} {_n(cx + rx)} {_n(cy)} c h"])
        else:
            path = " ".join([f"{_n(pts[0][0])} {_n(pts[0][1])} m"] + [f"{_n(x)} {_n(y)} l" for x, y in pts[1:]])
            path += " h" if op.kind == "polygon" else ""
        out += ["/Artifact BMC", "q"]
        if op.fill and op.kind != "polyline":
            out += [f"{_rgb(op.fill)} rg", path, "f"]
        if op.stroke:
            out += [f"{_rgb(op.stroke)} RG {_n(op.width * PX)} w 1 j", path, "S"]
        out += ["Q", "EMC"]

    @staticmethod
    def _rounded(x0: float, y0: float, x1: float, y1: float, r: float) -> str:
        k = KAPPA * r
        return " ".join([
            f"{_n(x0 + r)} {_n(y0)} m {_n(x1 - r)} {_n(y0)} l",
            f"{_n(x1 - r + k)} {_n(y0)} {_n(x1)} {_n(y0 + r - k)} {_n(x1)} {_n(y0 + r)} c",
            f"{_n(x1)} {_n(y1 - r)} l {_n(x1)} {_n(y1 - r + k)} {_n(x1 - r + k)} {_n(y1)} {_n(x1 - r)} {_n(y1)} c",
            f"{_n(x0 + r)} {_n(y1)} l {_n(x0 + r - k)} {_n(y1)} {_n(x0)} {_n(y1 - r + k)} {_n(x0)} {_n(y1 - r)} c",
            f"{_n(x0)} {_n(y0 + r)} l {_n(x0)} {_n(y0 + r - k)} {_n(x0 + r - k)} {_n(y0)} {_n(x0 + r)} {_n(y0)} c h"])

    def content(self, ops: list[Op], width: float, height: float) -> str:
        w, h = width * PX, height * PX
        out = [f"0.75 0 0 -0.75 0 {_n(height)} cm", f"0 0 {_n(w)} {_n(h)} re W n",
               "/Artifact BMC", f"q 1 1 1 rg 0 0 {_n(w)} {_n(h)} re f Q", "EMC"]
        groups = [op for op in ops if isinstance(op, Box) and (op.radius or op.stroke)]
        members: dict[int, int] = {}  # index of a text run -> its group: the smallest frame holding its start
        for i, op in enumerate(ops):
            if isinstance(op, TextRun):
                inside = [g for g, b in enumerate(groups) if b.x0 <= op.x + op.dx < b.x1 and b.top <= op.top < b.bottom]
                if inside:
                    members[i] = min(inside, key=lambda g: (groups[g].x1 - groups[g].x0) * (groups[g].bottom - groups[g].top))
        placed: dict[int, int] = {}  # group -> its form's index
        for i, op in enumerate(ops):
            if isinstance(op, TextRun) and i in members:
                g = members[i]
                b = groups[g]
                origin = (b.x0 * PX, b.top * PX)
                if g not in placed:
                    placed[g] = len(self.forms)
                    self.forms.append([])
                    self.origins.append(origin)
                    out.append(f"q /Fm{placed[g]} Do Q")
                self.text(op, self.forms[placed[g]], origin, placed[g])
            elif isinstance(op, TextRun):
                self.text(op, out)
            elif isinstance(op, Line):
                self.line(op, out)
            elif isinstance(op, Image):
                self.image(op, out)
            elif isinstance(op, Shape):
                self.shape(op, out)
            else:
                self.box(op, out)
        return "\n".join(out) + "\n"


class PowerPointPainter:
    def paint(self, path: Path, size: tuple[float, float], pages: list[list[Op]], title: str) -> None:
        faces = {}
        for (script, bold), (resource, name) in FACES.items():
            face = metrics(bold, EAST_ASIAN if script == "ea" else LATIN)
            if face is None:
                raise RuntimeError("fc-match found no font: apt-get install fontconfig fonts-noto-cjk fonts-dejavu-core")
            faces[(script, bold)] = Face(resource, name, face)
        width, height = size
        pdf = Writer()
        catalog, page_tree, struct_root, info = pdf.reserve(), pdf.reserve(), pdf.reserve(), pdf.reserve()
        font_refs = {key: pdf.reserve() for key in faces}
        font_dict = "<<" + "".join(f"/{f.resource} {font_refs[k]} 0 R" for k, f in faces.items()) + ">>"
        kids, elements = [], []
        for ops in pages:
            page_num = pdf.reserve()
            mcids: list[tuple[int, int | None]] = []
            painter = PagePainter(faces, mcids)
            content = pdf.stream("", painter.content(ops, width, height).encode("latin-1"))
            forms = []
            for k, (body, origin) in enumerate(zip(painter.forms, painter.origins)):
                forms.append(pdf.stream(f"/Type/XObject/Subtype/Form/BBox[0 0 {_n(width * PX)} {_n(height * PX)}]"
                                        f"/Matrix[1 0 0 1 {_n(origin[0])} {_n(origin[1])}]"
                                        f"/Resources<</Font {font_dict}>>",
                                        ("\n".join(body) + "\n").encode("latin-1")))
            xobjects = "".join(f"/Fm{k} {ref} 0 R" for k, ref in enumerate(forms))
            xobjects += "".join(f"/Im{k} {self.image(pdf, png)} 0 R" for k, png in enumerate(painter.images))
            pdf.put(f"<</Type/Page/Parent {page_tree} 0 R/MediaBox[0 0 {_n(width)} {_n(height)}]"
                    f"/Resources<</Font {font_dict}/XObject<<{xobjects}>>/ProcSet[/PDF/Text]>>"
                    f"/Contents {content} 0 R/Tabs/S>>", page_num)
            kids.append(page_num)
            for mcid, form in mcids:
                kid = (str(mcid) if form is None
                       else f"<</Type/MCR/Pg {page_num} 0 R/Stm {forms[form]} 0 R/MCID {mcid}>>")
                elements.append(pdf.put(f"<</Type/StructElem/S/P/P {struct_root} 0 R/Pg {page_num} 0 R/K {kid}>>"))
        pdf.put(f"<</Type/Pages/Kids[{' '.join(f'{k} 0 R' for k in kids)}]/Count {len(kids)}>>", page_tree)
        pdf.put(f"<</Type/StructTreeRoot/K[{' '.join(f'{e} 0 R' for e in elements)}]>>", struct_root)
        pdf.put(f"<</Type/Catalog/Pages {page_tree} 0 R/StructTreeRoot {struct_root} 0 R/MarkInfo<</Marked true>>"
                f"/Lang(ja-JP)/ViewerPreferences<</DisplayDocTitle true>>>>", catalog)
        pdf.put(f"<</Title{_utf16(title)}/Author(docgen)/Creator{_utf16(PRODUCER)}/Producer{_utf16(PRODUCER)}>>", info)
        for key, face in faces.items():
            self.font(pdf, face, font_refs[key])
        pdf.write(path, catalog, info)

    @staticmethod
    def image(pdf: Writer, png: bytes) -> int:
        """An RGB image XObject of the PNG's pixels (Office re-encodes what it embeds)."""
        from PIL import Image as PILImage

        with PILImage.open(io.BytesIO(png)) as im:
            rgb = im.convert("RGB")
            return pdf.stream(f"/Type/XObject/Subtype/Image/Width {rgb.width}/Height {rgb.height}"
                              "/ColorSpace/DeviceRGB/BitsPerComponent 8", rgb.tobytes())

    @staticmethod
    def font(pdf: Writer, face: Face, num: int) -> None:
        codes = sorted(face.used)
        descriptor = pdf.put(f"<</Type/FontDescriptor/FontName/{face.name}/Flags 32/ItalicAngle 0"
                             f"/Ascent {face.metrics.ascent}/Descent {face.metrics.descent}/CapHeight 733/StemV 80"
                             f"/FontBBox[{' '.join(map(str, face.metrics.bbox))}]>>")
        widths = " ".join(f"{c}[{face.widths[c]}]" for c in codes)
        cid = pdf.put(f"<</Type/Font/Subtype/CIDFontType2/BaseFont/{face.name}"
                      f"/CIDSystemInfo<</Registry(Adobe)/Ordering(Identity)/Supplement 0>>"
                      f"/FontDescriptor {descriptor} 0 R/DW 1000/W[{widths}]/CIDToGIDMap/Identity>>")
        chunks = [codes[i:i + 100] for i in range(0, len(codes), 100)]
        cmap = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
                "/CIDSystemInfo <</Registry (Adobe) /Ordering (UCS) /Supplement 0>> def",
                "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
                "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange"]
        for chunk in chunks:
            cmap.append(f"{len(chunk)} beginbfchar")
            cmap += [f"<{c:04X}> <{face.used[c].encode('utf-16-be').hex().upper()}>" for c in chunk]
            cmap.append("endbfchar")
        cmap += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
        to_unicode = pdf.stream("", "\n".join(cmap).encode("latin-1"))
        pdf.put(f"<</Type/Font/Subtype/Type0/BaseFont/{face.name}/Encoding/Identity-H"
                f"/DescendantFonts[{cid} 0 R]/ToUnicode {to_unicode} 0 R>>", num)


PAINTER = PowerPointPainter()
