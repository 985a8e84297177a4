"""Input checks before any layout: is it a PDF at all, is it complete, can its
cross-reference table be read (and if not, can it be repaired in memory)."""
from __future__ import annotations

import errno
import hashlib
import io
import os
import re
import stat
from pathlib import Path

from .runreport import FIX_DOWNLOAD, FileReport, InputError, SkippedEntry


def _sniff(data: bytes) -> str:
    head = data[:2048].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in head[:512]:
        m = re.search(rb"<title[^>]*>(.*?)</title>", data[:8192], re.I | re.S)
        title = m.group(1).decode("utf-8", "replace").strip() if m else ""
        return "an HTML page" + (f" titled {title[:80]!r}" if title else "")
    for magic, kind in ((b"pk\x03\x04", "a ZIP archive"), (b"\x89png", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
                        (b"{", "a JSON document"), (b"\x1f\x8b", "a gzip archive")):
        if head.startswith(magic):
            return kind
    try:
        data[:512].decode("utf-8")
        return "a text file"
    except UnicodeDecodeError:
        return "binary data of an unknown kind"


def read_checked(path: Path) -> tuple[bytes, str]:
    """The file's bytes and sha256, or an InputError saying why it is not a usable PDF."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror or exc}", "check the file's permissions", code="unreadable") from exc
    sha = hashlib.sha256(data).hexdigest()
    if not data:
        raise InputError("empty file (0 bytes)", f"the download failed; {FIX_DOWNLOAD}", code="empty")
    if b"%PDF-" not in data[:1024]:
        raise InputError(f"not a PDF: the file is {_sniff(data)}",
                         f"a download that saved an error page instead of the PDF; {FIX_DOWNLOAD}", code="not_pdf")
    return data, sha


def _startxref(data: bytes) -> int | None:
    m = None
    for m in re.finditer(rb"startxref\s+(\d+)", data[-4096:]):
        pass
    return int(m.group(1)) if m else None


def _xref_ok(data: bytes, off: int | None) -> bool:
    """Does startxref point at a cross-reference table or stream?"""
    if off is None or off >= len(data):
        return False
    head = data[off:off + 64]
    if head.lstrip().startswith(b"xref"):
        return True
    if re.match(rb"\s*\d+\s+\d+\s+obj\b", head):
        dict_end = data.find(b"stream", off, off + 8192)
        return bool(re.search(rb"/Type\s*/XRef\b", data[off:dict_end if dict_end > 0 else off + 8192]))
    return False


def open_error(exc: Exception) -> InputError:
    names = " ".join([type(exc).__name__] + [type(a).__name__ for a in getattr(exc, "args", ()) if isinstance(a, Exception)])
    if "Password" in names or "Encrypt" in names or "encrypt" in str(exc).lower():
        return InputError("encrypted PDF: it needs a password to open",
                          "ask for an unencrypted copy, or decrypt it (qpdf --decrypt --password=… in.pdf out.pdf)", code="encrypted")
    detail = f"{type(exc).__name__}: {exc}".strip().rstrip(":")
    return InputError(f"damaged PDF: it cannot be parsed ({detail})", f"the file is corrupt; {FIX_DOWNLOAD}", code="damaged")


def _probe(source: bytes) -> int:
    """Open a PDF, count its pages and parse the first one; raises what pdfminer raises."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(source)) as pdf:
        n = len(pdf.pages)
        if not n:
            raise ValueError("no pages found")
        pdf.pages[0].chars  # noqa: B018 - forces the first page's objects to resolve
        return n


def _repairs(data: bytes) -> list[tuple[str, bytes]]:
    """Copies of a PDF whose cross-reference information is rebuilt, most faithful first."""
    out: list[tuple[str, bytes]] = []
    tail = data.rfind(b"startxref")
    if tail < 0:
        return out
    # 1. startxref pointed at the wrong byte: point it at the last cross-reference section.
    cands = [m.start() + 1 for m in re.finditer(rb"[\r\n]xref\s", data[:tail])]
    x = data.rfind(b"/XRef", 0, tail)
    if x > 0:
        objs = [m.start() for m in re.finditer(rb"(?<![0-9])\d+\s+\d+\s+obj\b", data[max(0, x - 4096):x])]
        if objs:
            cands.append(max(0, x - 4096) + objs[-1])
    if cands:
        out.append(("startxref pointed at the last cross-reference section",
                    data[:tail] + b"startxref\n%d\n%%%%EOF\n" % max(cands)))
    # 2. The table itself is broken: make the reader rebuild it by scanning every object,
    # with a trailer naming the document catalogue.
    roots = re.findall(rb"/Root\s+(\d+)\s+(\d+)\s+R", data)
    if not roots:
        m = None
        for m in re.finditer(rb"(?<![0-9])(\d+)\s+(\d+)\s+obj\s*<<(?:(?!endobj).){0,400}?/Type\s*/Catalog", data, re.S):
            pass
        roots = [m.groups()] if m else []
    if roots:
        n, g = roots[-1]
        out.append(("rebuilt by scanning the file's objects",
                    data[:tail] + b"trailer\n<< /Root %s %s R >>\nstartxref\n%d\n%%%%EOF\n" % (n, g, len(data) + 10**6)))
    return out


def inspect_pdf(data: bytes, rep: FileReport) -> bytes | None:
    """Check the PDF's structure before it is read. Returns repaired bytes when the
    cross-reference table had to be rebuilt (with a warning on rep), None when the file
    looks sound. Raises InputError for a file that cannot be used."""
    if b"%%EOF" not in data[-2048:]:
        raise InputError(f"truncated PDF: the file stops after {len(data):,} bytes, without the end-of-file marker (%%EOF)",
                         f"the download was cut short; {FIX_DOWNLOAD}", code="truncated")
    off = _startxref(data)
    if _xref_ok(data, off):
        return None
    where = ("there is no startxref" if off is None else
             f"startxref points at byte {off:,}, " + ("beyond the end of the file" if off >= len(data) else "which is not a cross-reference section"))
    return open_or_repair(data, rep, where)


def open_or_repair(data: bytes, rep: FileReport, where: str) -> bytes | None:
    """A PDF whose cross-reference information is damaged: None when the reader copes
    with it as it is, else a repaired copy; a warning on rep either way. Raises
    InputError when it is encrypted or cannot be repaired."""
    hint = f"the text was read, but the file is damaged; {FIX_DOWNLOAD}"
    try:
        _probe(data)
        rep.add("warning", "xref_damaged", f"damaged cross-reference table ({where}); the reader rebuilt it", hint)
        return None
    except Exception as exc:  # pdfminer raises many unrelated types for broken files
        failure = open_error(exc)
        if failure.code == "encrypted":
            raise failure from exc
    for how, fixed in _repairs(data):
        try:
            if _probe(fixed):
                rep.add("warning", "xref_damaged", f"damaged cross-reference table ({where}); repaired: {how}", hint)
                return fixed
        except Exception:
            continue
    raise InputError(f"damaged cross-reference table ({where}) that could not be repaired; {failure.reason}",
                     f"the file is corrupt; {FIX_DOWNLOAD}", code="xref_damaged")


def file_label(path: Path) -> str:
    """The file's name as text for records and reports: bytes that are not UTF-8 (a CP932
    name from a Windows ZIP) as \\xNN escapes, since the outputs are UTF-8."""
    return os.fsencode(path.name).decode("utf-8", "backslashreplace")


def _is_pdf_name(name: str) -> bool:
    return name.lower().endswith(".pdf")


def _pdfs_below(folder: Path, limit: int = 5, depth: int = 3) -> list[str]:
    """Up to `limit` PDF paths (relative to folder) in a subfolder and `depth` levels
    below it, hidden folders and links not followed."""
    found = []
    for top, dirs, files in os.walk(folder):
        level = len(Path(top).relative_to(folder).parts)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".")) if level < depth else []
        found += [os.fsencode(os.path.relpath(os.path.join(top, f), folder)).decode("utf-8", "backslashreplace")
                  for f in sorted(files) if _is_pdf_name(f)]
        if len(found) >= limit:
            break
    return found[:limit]


def list_inputs(raw_dir: Path) -> tuple[list[Path], list[SkippedEntry]]:
    """The regular *.pdf files directly in raw_dir, sorted by name, and the entries that
    look like inputs but are not extracted: a *.pdf that is not a regular file (a
    dangling or looping link, a FIFO, a folder) and subfolders holding PDFs."""
    files, skipped = [], []
    for p in sorted(Path(raw_dir).iterdir(), key=lambda p: p.name):
        try:
            mode = os.stat(p).st_mode  # follows links: a link to a PDF is read
        except OSError as exc:
            if _is_pdf_name(p.name):
                what = "a link that loops" if exc.errno == errno.ELOOP else "a link to nothing" if p.is_symlink() else "unreadable"
                skipped.append(SkippedEntry(file_label(p), f"{what} ({exc.strerror or exc})"))
            continue
        if stat.S_ISREG(mode):
            if _is_pdf_name(p.name):
                files.append(p)
        elif stat.S_ISDIR(mode):
            below = [] if p.is_symlink() or p.name.startswith(".") else _pdfs_below(p)
            if _is_pdf_name(p.name):
                skipped.append(SkippedEntry(file_label(p), "a folder, not a file"))
            elif below:
                skipped.append(SkippedEntry(file_label(p), f"a subfolder holding PDFs ({', '.join(below)}): only the folder's own files are read"))
        elif _is_pdf_name(p.name):
            kind = "a FIFO (named pipe)" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "a device" if (stat.S_ISCHR(mode) or stat.S_ISBLK(mode)) else "not a regular file"
            skipped.append(SkippedEntry(file_label(p), kind))
    return files, skipped
