"""Shared fixtures.

- paths of the sample corpus (`SAMPLE`), a session-wide layout cache and a helper that
  runs the real CLI in a subprocess (`extract_cli`);
- `bad_inputs`: the bad inputs of issue 5, made at test time from the sample PDFs (no
  binaries in the repository), each small (a few pages) to keep the tests fast;
- `mixed_run`: one CLI run over the full 体制整備 volume plus every bad input, shared by
  test_bad_inputs.py and test_outputs.py, and `good_run`, the same volume alone.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "raw"
SAMPLE = {
    "taisei": RAW / "jichitai_dx_jirei_v2_1_taisei.pdf",  # 17 pages, cases 2.0-1-*
    "jinzai": RAW / "jichitai_dx_jirei_v2_2_jinzai.pdf",  # 27 pages, cases 2.0-2-*
    "naibu": RAW / "jichitai_dx_jirei_v2_3_naibu.pdf",  # 53 pages, cases 2.0-3-*
}


# --- running the CLI ------------------------------------------------------------------


@dataclass
class CliRun:
    proc: subprocess.CompletedProcess
    raw: Path
    out: Path

    @property
    def code(self) -> int:
        return self.proc.returncode

    @property
    def stderr(self) -> str:
        return self.proc.stderr

    @property
    def report(self) -> dict:
        import json

        return json.loads((self.out / "run_report.json").read_text(encoding="utf-8"))

    @property
    def records(self) -> dict[str, dict]:
        import json

        lines = (self.out / "cases.jsonl").read_text(encoding="utf-8").splitlines()
        return {r["case_id"]: r for r in map(json.loads, lines)}


@pytest.fixture(scope="session")
def layout_cache(tmp_path_factory) -> Path:
    """One layout cache for the session (never the user's .cache): each PDF is laid out once."""
    return tmp_path_factory.mktemp("layout-cache")


def cli_env(cache: Path | None) -> dict:
    env = dict(os.environ)
    if cache is not None:
        env["JICHITAI_DX_CACHE"] = str(cache)
    return env


@pytest.fixture(scope="session")
def extract_cli(layout_cache):
    """extract_cli(raw, out, *options) runs `python -m pipeline extract` in a subprocess."""

    def run(raw: Path, out: Path, *options: str, cache: Path | None = layout_cache, timeout: float = 300) -> CliRun:
        proc = subprocess.run(
            [sys.executable, "-m", "pipeline", "extract", "--raw", str(raw), "--out", str(out), *options],
            cwd=ROOT, capture_output=True, text=True, env=cli_env(cache), timeout=timeout,
        )
        return CliRun(proc, Path(raw), Path(out))

    return run


@pytest.fixture(scope="session")
def sample_extraction(extract_cli, tmp_path_factory) -> Path:
    """The output folder of one `extract` of the whole sample corpus, with the session's
    layout cache (never the user's). Shared by every module that only reads it: do not
    write into it."""
    run = extract_cli(RAW, tmp_path_factory.mktemp("sample-extraction"), "--quiet")
    assert run.code == 0, run.stderr
    return run.out


def output_files(out: Path) -> dict[str, bytes]:
    """Every file a reader sees in an output folder (relative path -> bytes), through the
    links to the current generation; hidden names (generations, leftovers) excluded."""
    from pipeline.outdir import visible_files

    return {rel: (out / rel).read_bytes() for rel in visible_files(out)}


# --- bad inputs -------------------------------------------------------------------------


def _save(pdf, out: Path) -> Path:
    pdf.save(out, deterministic_id=True)
    return out


def _pages(src: Path, keep: list[int]):
    """The sample PDF reduced to the given 1-based pages (a pikepdf.Pdf)."""
    import pikepdf

    pdf = pikepdf.open(src)
    keep0 = {k - 1 for k in keep}
    for i in reversed(range(len(pdf.pages))):
        if i not in keep0:
            del pdf.pages[i]
    return pdf


def remap_bold(pdf, mapping: dict[str, str]):
    """Rewrite the ToUnicode CMaps of the bold fonts only: headings (bold) read
    differently, body text does not (see pdfvariants.remap_to_lookalikes)."""
    import re

    import pikepdf
    from pdfvariants import parse_tounicode, write_tounicode

    done = set()
    for page in pdf.pages:
        for font in page.Resources.get("/Font", {}).values():
            tu = font.get("/ToUnicode")
            if "Bold" not in str(font.get("/BaseFont", "")) or not isinstance(tu, pikepdf.Stream) or tu.objgen in done:
                continue
            done.add(tu.objgen)
            data = tu.read_bytes()
            cs = re.search(rb"\d+\s+begincodespacerange.*?endcodespacerange", data, re.S)
            codes = {c: "".join(mapping.get(ch, ch) for ch in t) for c, t in parse_tounicode(data).items()}
            tu.write(write_tounicode(codes, cs.group(0)))
    return pdf


def text_pdf(out: Path, lines: list[str], size=(612, 792)) -> Path:
    """A one-page PDF with a few lines of Helvetica: an unrelated document."""
    import pikepdf

    pdf = pikepdf.new()
    font = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica))
    ops = "".join(f"BT /F1 18 Tf 72 {size[1] - 72 - 30 * i} Td ({t}) Tj ET\n" for i, t in enumerate(lines))
    page = pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=[0, 0, *size],
                              Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)), Contents=pdf.make_stream(ops.encode()))
    pdf.pages.append(pikepdf.Page(page))
    return _save(pdf, out)


def image_only_pdf(src: Path, pages: list[int], out: Path, scale: float = 0.5) -> Path:
    """Pages rendered to pictures and wrapped in a PDF: a scan with no text layer."""
    import pikepdf
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(src))
    pdf = pikepdf.new()
    for n in pages:
        img = doc[n - 1].render(scale=scale).to_pil().convert("RGB")
        w, h = img.size
        xobj = pikepdf.Stream(pdf, zlib.compress(img.tobytes()), Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Image,
                              Width=w, Height=h, ColorSpace=pikepdf.Name.DeviceRGB, BitsPerComponent=8, Filter=pikepdf.Name.FlateDecode)
        pw, ph = w / scale, h / scale
        page = pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=[0, 0, pw, ph],
                                  Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=xobj)),
                                  Contents=pdf.make_stream(f"q {pw:.2f} 0 0 {ph:.2f} 0 0 cm /Im0 Do Q".encode()))
        pdf.pages.append(pikepdf.Page(page))
    doc.close()
    return _save(pdf, out)


def break_startxref(data: bytes) -> bytes:
    """startxref pointing past the end of the file."""
    i = data.rfind(b"startxref")
    return data[:i] + b"startxref\n99999999\n%%EOF\n"


def garble_xref_stream(data: bytes) -> bytes:
    """The cross-reference stream's data overwritten (startxref still points at it)."""
    x = data.rfind(b"/XRef")
    s = data.index(b"stream", x) + len(b"stream\n")
    return data[:s] + b"\x00" * 40 + data[s + 40:]


class BadInputs:
    """The bad inputs of issue 5, built on demand into one folder, each once per session.

    Each is built from a different part of the sample so that, in one run, the only case
    ids two files share are the ones a test means to share (the same volume twice)."""

    def __init__(self, folder: Path):
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    def __call__(self, kind: str) -> Path:
        out = self.folder / f"{kind}.pdf"
        if not out.exists():
            getattr(self, "make_" + kind)(out)
        return out

    # One method per kind; the file is named after the kind.
    def make_good(self, out):  # the full 体制整備 volume
        shutil.copyfile(SAMPLE["taisei"], out)

    def make_good_copy(self, out):  # the same volume under another name
        shutil.copyfile(SAMPLE["taisei"], out)

    def make_html(self, out):  # an error page saved as .pdf
        out.write_bytes(b"<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head>\n"
                        b"<body><h1>Not Found</h1><p>The requested URL was not found on this server.</p></body></html>\n")

    def make_empty(self, out):
        out.write_bytes(b"")

    def make_truncated(self, out):  # a download cut short
        data = SAMPLE["taisei"].read_bytes()
        out.write_bytes(data[: len(data) * 6 // 10])

    def make_encrypted(self, out):  # a user password
        import pikepdf

        with _pages(SAMPLE["taisei"], [1, 2, 3, 4, 5]) as pdf:
            pdf.save(out, encryption=pikepdf.Encryption(owner="owner-pw", user="user-pw"), static_id=True)

    def make_scanned(self, out):  # no text layer
        image_only_pdf(SAMPLE["taisei"], [1, 4], out)

    def make_unrelated(self, out):  # a PDF, but not a case collection
        text_pdf(out, ["Minutes of the garden club, spring meeting", "1. Tulips", "2. Compost"])

    def make_page_missing(self, out):  # 体制整備 without p.12 (case 7's second interview page)
        with _pages(SAMPLE["taisei"], [n for n in range(1, 18) if n != 12]) as pdf:
            _save(pdf, out)

    def make_sections_missing(self, out):  # 人材 case 4 without its 事業効果・コスト page (p.7)
        with _pages(SAMPLE["jinzai"], [1, 2, 3, 6, 8, 9]) as pdf:
            _save(pdf, out)

    def make_unknown_heading(self, out):  # 内部DX case 1 with 事業の概要 printed as 事業の大要
        with _pages(SAMPLE["naibu"], [1, 2, 3, 4, 5, 6, 7, 8]) as pdf:
            _save(remap_bold(pdf, {"概": "大"}), out)

    def make_big_pages(self, out):  # 内部DX case 4 with a 14400 pt square page and a 5000 pt tall one
        from types import SimpleNamespace

        import pdfvariants as pv
        import pikepdf

        with _pages(SAMPLE["naibu"], [1, 2, 3, 4, 9, 10, 11]) as pdf:
            pv.resize_pages(SimpleNamespace(pages=[pdf.pages[4]]), 14400, 14400)  # content scaled up 15x
            pdf.pages[5].obj.MediaBox = pikepdf.Array([0, -4460, 960, 540])  # 5000 pt tall, content at the top
            _save(pdf, out)

    def make_broken_xref(self, out):  # startxref points nowhere
        tmp = self.folder / "_broken_xref_src.pdf"
        with _pages(SAMPLE["jinzai"], [1, 2, 3, 4, 5]) as pdf:
            _save(pdf, tmp)
        out.write_bytes(break_startxref(tmp.read_bytes()))
        tmp.unlink()

    def make_garbled_xref(self, out):  # the cross-reference stream itself overwritten
        tmp = self.folder / "_garbled_xref_src.pdf"
        with _pages(SAMPLE["jinzai"], [1, 2, 3, 10, 11, 12]) as pdf:
            _save(pdf, tmp)
        out.write_bytes(garble_xref_stream(tmp.read_bytes()))
        tmp.unlink()


BAD_KINDS = ["html", "empty", "truncated", "encrypted", "scanned", "unrelated", "good_copy", "page_missing",
             "sections_missing", "unknown_heading", "big_pages", "broken_xref", "garbled_xref"]


@pytest.fixture(scope="session")
def bad_inputs(tmp_path_factory) -> BadInputs:
    return BadInputs(tmp_path_factory.mktemp("bad-inputs"))


def make_raw(folder: Path, files: list[Path], names: list[str] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for src, name in zip(files, names or [f.name for f in files]):
        shutil.copyfile(src, folder / name)
    return folder


@pytest.fixture(scope="session")
def mixed_run(tmp_path_factory, bad_inputs, extract_cli) -> CliRun:
    """The full 体制整備 volume (good.pdf) and every bad input, in one CLI run."""
    base = tmp_path_factory.mktemp("mixed")
    raw = make_raw(base / "raw", [bad_inputs("good")] + [bad_inputs(k) for k in BAD_KINDS])
    return extract_cli(raw, base / "out", "--workers", "2")


@pytest.fixture(scope="session")
def good_run(tmp_path_factory, bad_inputs, extract_cli) -> CliRun:
    """good.pdf alone: what its records must be whatever else is in the folder."""
    base = tmp_path_factory.mktemp("good")
    raw = make_raw(base / "raw", [bad_inputs("good")])
    return extract_cli(raw, base / "out")
