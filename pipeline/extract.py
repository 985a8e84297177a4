"""The extract job: every volume PDF in a folder to validated case records, with a
report that accounts for every file and every page.

A bad file never stops the run: it gets a named error (file, page where it applies,
reason, hint) and the other files are still extracted.
"""
from __future__ import annotations

import hashlib
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from . import cache
from .assemble import build_record
from .layout import PageLayout, layout_pdf
from .models import CaseRecord
from .segment import segment


class InputError(Exception):
    """A file that cannot be extracted, with the reason and what to do about it."""

    def __init__(self, reason: str, hint: str = "", page: int | None = None):
        super().__init__(reason)
        self.reason, self.hint, self.page = reason, hint, page


@dataclass
class FileReport:
    file: str
    sha256: str | None = None
    status: str = "ok"  # ok | failed | duplicate
    error: str | None = None
    hint: str | None = None
    page: int | None = None
    pages: dict[int, str] = field(default_factory=dict)  # the page ledger
    cases: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    cached: bool = False


@dataclass
class RunResult:
    records: list[CaseRecord]
    files: list[FileReport]

    @property
    def failed(self) -> list[FileReport]:
        return [f for f in self.files if f.status == "failed"]

    @property
    def warnings(self) -> list[str]:
        return [f"{f.file}: {w}" for f in self.files for w in f.warnings]


# --- input checks -----------------------------------------------------------------


def read_checked(path: Path) -> tuple[bytes, str]:
    """The file's bytes and sha256, or an InputError saying why it is not a usable PDF."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror or exc}", "check permissions") from exc
    if not data:
        raise InputError("empty file (0 bytes)", "the download failed; fetch it again (make fetch)")
    if b"%PDF-" not in data[:1024]:
        html = b"<html" in data[:512].lower() or b"<!doctype html" in data[:512].lower()
        kind = "an HTML page" if html else "not a PDF"
        raise InputError(f"not a PDF: the file is {kind}", "a download that saved an error page; fetch it again")
    return data, hashlib.sha256(data).hexdigest()


def _open_error(exc: Exception) -> InputError:
    name = type(exc).__name__ + " " + " ".join(type(a).__name__ for a in getattr(exc, "args", ()) if isinstance(a, Exception))
    text = f"{name} {exc}"
    if "Password" in text or "Encrypt" in text or "encrypt" in text:
        return InputError("encrypted PDF: it needs a password to open", "ask for an unencrypted copy or decrypt it (qpdf --decrypt)")
    return InputError(f"damaged PDF: {type(exc).__name__}: {exc}".strip(), "the file is truncated or its cross-reference table is broken; fetch it again")


def _count_pages(path: Path) -> int:
    import pdfplumber

    try:
        with pdfplumber.open(path) as pdf:
            return len(pdf.pages)
    except Exception as exc:  # pdfminer raises many unrelated types for broken files
        raise _open_error(exc) from exc


def _layout_chunk(args: tuple[str, list[int]]) -> list[PageLayout] | tuple[str, str, str]:
    path, pages = args
    try:
        return layout_pdf(path, pages)
    except Exception as exc:
        err = _open_error(exc)
        return ("error", err.reason, err.hint)


def layout_files(jobs: list[tuple[Path, int]], workers: int) -> dict[Path, list[PageLayout] | InputError]:
    """Lay out the pages of several PDFs, in parallel by page chunks. The result does not
    depend on the number of workers: chunks are reassembled in page order."""
    tasks: list[tuple[Path, list[int]]] = []
    for path, n in jobs:
        size = max(4, n // max(1, workers * 2))
        tasks += [(path, list(range(a, min(n, a + size - 1) + 1))) for a in range(1, n + 1, size)]
    if workers <= 1 or len(tasks) <= 1:
        results = [_layout_chunk((str(p), pages)) for p, pages in tasks]
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(_layout_chunk, [(str(p), pages) for p, pages in tasks]))
    out: dict[Path, list[PageLayout] | InputError] = {p: [] for p, _ in jobs}
    for (path, _), res in zip(tasks, results):
        if isinstance(out[path], InputError):
            continue
        if isinstance(res, tuple):
            out[path] = InputError(res[1], res[2])
        else:
            out[path].extend(res)
    return out


# --- the job --------------------------------------------------------------------------


def records_from_layout(pages: list[PageLayout], file: str, sha256: str, report: FileReport) -> list[CaseRecord]:
    if pages and not any(p.lines for p in pages):
        raise InputError("no text layer: every page is an image", "this pipeline reads text; run OCR first (e.g. ocrmypdf)")
    seg = segment(pages)
    report.pages = dict(seg.ledger)
    report.warnings += seg.problems
    if not seg.cases:
        raise InputError(
            "not a case collection: no case pages found",
            "expected pages with a '<N. volume>' header band and a numbered title with 【organisation】",
        )
    if seg.facts.edition is None:
        report.warnings.append("no cover with 【第N版】 found: edition unknown")
    records = []
    for case in seg.cases:
        try:
            rec = build_record(case, seg.facts, file, sha256)
        except ValidationError as exc:
            err = exc.errors()[0]
            loc = ".".join(str(x) for x in err["loc"])
            report.warnings.append(f"case {case.case_no} (pages {[p.layout.page for p in case.pages]}): invalid record, field {loc}={err.get('input')!r}: {err['msg']}; not written")
            continue
        for w in rec.warnings:
            report.warnings.append(f"{rec.case_id}: {w}")
        for p in rec.source.pages:
            report.pages[p] = rec.case_id
        records.append(rec)
    return records


def run(raw_dir: Path, *, workers: int = 0, cache_dir: Path | None = None) -> RunResult:
    """Extract every *.pdf under raw_dir (sorted by name, so the order on disk never matters)."""
    workers = workers or os.cpu_count() or 1
    files = sorted(p for p in Path(raw_dir).iterdir() if p.is_file() and p.suffix.lower() == ".pdf")
    reports: list[FileReport] = []
    by_sha: dict[str, str] = {}
    todo: list[tuple[Path, FileReport, int]] = []
    layouts: dict[Path, list[PageLayout]] = {}
    for path in files:
        rep = FileReport(file=path.name)
        reports.append(rep)
        try:
            _, sha = read_checked(path)
            rep.sha256 = sha
            if sha in by_sha:
                rep.status, rep.error = "duplicate", f"same content as {by_sha[sha]}: extracted once, from that file"
                continue
            by_sha[sha] = path.name
            cached = cache.load(cache_dir, sha)
            if cached is not None:
                layouts[path], rep.cached = cached, True
            else:
                todo.append((path, rep, _count_pages(path)))
        except InputError as exc:
            rep.status, rep.error, rep.hint, rep.page = "failed", exc.reason, exc.hint, exc.page
    fresh = layout_files([(p, n) for p, _, n in todo], workers)
    for path, rep, _ in todo:
        res = fresh[path]
        if isinstance(res, InputError):
            rep.status, rep.error, rep.hint = "failed", res.reason, res.hint
            continue
        layouts[path] = res
        cache.store(cache_dir, rep.sha256, res)
    records: list[CaseRecord] = []
    for path, rep in zip(files, reports):
        if path not in layouts or rep.status != "ok":
            continue
        try:
            recs = records_from_layout(layouts[path], path.name, rep.sha256, rep)
        except InputError as exc:
            rep.status, rep.error, rep.hint = "failed", exc.reason, exc.hint
            continue
        rep.cases = [r.case_id for r in recs]
        records += recs
    # Two different files may claim the same case (two editions of one volume under
    # different names): keep the first by file name and say so.
    seen: dict[str, str] = {}
    unique = []
    for r in records:
        if r.case_id in seen:
            rep = next(f for f in reports if f.file == r.source.file)
            rep.warnings.append(f"{r.case_id} already extracted from {seen[r.case_id]}: skipped here")
            continue
        seen[r.case_id] = r.source.file
        unique.append(r)
    unique.sort(key=lambda r: (r.edition, r.volume_no, r.case_no))
    return RunResult(unique, reports)
