"""The extract job: every volume PDF in a folder to validated case records, with a
report that accounts for every file and every page.

A bad file never stops the run: it gets a named issue (file, page where it applies,
code, reason, hint) and the other files are still extracted. A bad page never stops
its file: it is accounted for in the page ledger as `unknown`, with the reason.

Issue levels: an `error` means something that should have been extracted was not
(the file failed, a page could not be read, a case could not be built); a `warning`
means everything found was extracted but the input is suspect (pages missing, a
section not found, a heading the rules do not know). `--strict` fails on both.
"""
from __future__ import annotations

import dataclasses
import hashlib
import io
import os
import re
import statistics
from collections import Counter
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from . import cache
from .assemble import build_record
from .layout import Line, PageLayout, layout_page, reading_order
from .models import CaseRecord
from .ruleset import heading_key, squash
from .segment import CasePage, CaseSlice, Segmentation, find_margins, segment

# A case page holds about a thousand characters; a page with this many is not a case
# page, and laying it out would take minutes.
MAX_PAGE_CHARS = 200_000
# PDF's own limit on a page side (ISO 32000, annex C), in points.
MAX_PAGE_SIDE = 14_400.0

FIX_DOWNLOAD = "fetch the volume again (make fetch)"


class InputError(Exception):
    """A file that cannot be extracted, with the reason and what to do about it."""

    def __init__(self, reason: str, hint: str = "", page: int | None = None, code: str = "unreadable"):
        super().__init__(reason)
        self.reason, self.hint, self.page, self.code = reason, hint, page, code


@dataclass
class Issue:
    """One named problem: where (file, page, case), what (code, reason) and what to do (hint)."""

    level: str  # error | warning
    code: str
    reason: str
    hint: str = ""
    page: int | None = None
    case_id: str | None = None
    detail: dict | None = None  # structured extras: missing sections, an unknown heading's text…

    def where(self, file: str) -> str:
        out = file
        if self.page is not None:
            out += f" (page {self.page})"
        if self.case_id:
            out += f" [{self.case_id}]"
        return out

    def line(self, file: str) -> str:
        return f"{self.where(file)}: {self.reason}" + (f" - hint: {self.hint}" if self.hint else "")


@dataclass
class FileReport:
    file: str
    sha256: str | None = None
    status: str = "ok"  # ok | partial (some cases or pages failed) | failed | duplicate
    page_count: int | None = None
    duplicate_of: str | None = None
    pages: dict[int, dict] = field(default_factory=dict)  # the page ledger: page -> {"kind", ...}
    cases: list[str] = field(default_factory=list)  # case ids written from this file
    kept: list[str] = field(default_factory=list)  # case ids kept from the previous run
    issues: list[Issue] = field(default_factory=list)
    cached: bool = False  # console only: never in the report (it would differ between runs)

    def add(self, level: str, code: str, reason: str, hint: str = "", **kw) -> Issue:
        issue = Issue(level, code, reason, hint, **kw)
        self.issues.append(issue)
        return issue

    def fail(self, exc: InputError) -> None:
        self.status = "failed"
        self.add("error", exc.code, exc.reason, exc.hint, page=exc.page)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.level == "error"]

    @property
    def warning_issues(self) -> list[Issue]:
        return [i for i in self.issues if i.level == "warning"]

    # Short forms kept from the first version of the report.
    @property
    def error(self) -> str | None:
        return self.errors[0].reason if self.errors else None

    @property
    def hint(self) -> str | None:
        return self.errors[0].hint if self.errors else None

    @property
    def page(self) -> int | None:
        return self.errors[0].page if self.errors else None

    @property
    def warnings(self) -> list[str]:
        return [i.line(self.file) for i in self.warning_issues]

    def ledger_counts(self) -> Counter:
        return Counter(p["kind"] for p in self.pages.values())

    def to_dict(self) -> dict:
        return {
            "file": self.file,
            "sha256": self.sha256,
            "status": self.status,
            "page_count": self.page_count,
            "duplicate_of": self.duplicate_of,
            "cases": list(self.cases),
            "kept_from_previous_run": list(self.kept),
            "issues": [issue_dict(i, self.file) for i in self.issues],
            "pages": [{"page": n, **v} for n, v in sorted(self.pages.items())],  # the ledger, in page order
        }


def issue_dict(i: Issue, file: str) -> dict:
    d = {"level": i.level, "code": i.code, "file": file, "page": i.page, "case_id": i.case_id,
         "reason": i.reason, "hint": i.hint or None}
    if i.detail:
        d["detail"] = i.detail
    return d


@dataclass
class RunResult:
    records: list[CaseRecord]
    files: list[FileReport]

    @property
    def failed(self) -> list[FileReport]:
        return [f for f in self.files if f.status == "failed"]

    @property
    def partial(self) -> list[FileReport]:
        return [f for f in self.files if f.status == "partial"]

    @property
    def errors(self) -> list[tuple[FileReport, Issue]]:
        return [(f, i) for f in self.files for i in f.errors]

    @property
    def warning_issues(self) -> list[tuple[FileReport, Issue]]:
        return [(f, i) for f in self.files for i in f.warning_issues]

    @property
    def warnings(self) -> list[str]:
        return [i.line(f.file) for f, i in self.warning_issues]


# --- input checks -----------------------------------------------------------------


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


def _open_error(exc: Exception) -> InputError:
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
    out = []
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
        failure = _open_error(exc)
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


# --- layout -----------------------------------------------------------------------


def _open_source(source: str | bytes):
    import pdfplumber

    return pdfplumber.open(io.BytesIO(source) if isinstance(source, bytes) else source)


def _layout_chunk(args: tuple[str | bytes, list[int]]) -> list[PageLayout | tuple[int, str]] | tuple[str, str, str, str]:
    """Lay out some pages of one PDF. A page that fails (or is too big to be a case page)
    becomes (page, reason); a file that cannot be opened, ("error", reason, hint, code)."""
    source, pages = args
    try:
        pdf = _open_source(source)
    except Exception as exc:
        err = _open_error(exc)
        return ("error", err.reason, err.hint, err.code)
    out: list[PageLayout | tuple[int, str]] = []
    with pdf:
        for n in pages:
            try:
                page = pdf.pages[n - 1]
                nchars = _char_count(page)
                if nchars > MAX_PAGE_CHARS:
                    out.append((n, f"too much text to be a case page ({nchars:,} characters); not laid out"))
                else:
                    out.append(layout_page(page, n))
                page.close()  # frees pdfplumber's per-page caches: memory stays flat
            except Exception as exc:
                out.append((n, f"the page cannot be read: {type(exc).__name__}: {exc}".rstrip(": ")))
    return out


def _char_count(page) -> int:
    from . import layout

    count = getattr(layout, "char_count", None)  # counts without building pdfplumber's char dicts
    return count(page) if count else len(page.chars)


def _count_pages(source: str | bytes) -> int:
    try:
        with _open_source(source) as pdf:
            return len(pdf.pages)
    except Exception as exc:
        raise _open_error(exc) from exc


def layout_files(jobs: list[tuple[str | bytes, int]], workers: int, on_file=None) -> list[list[PageLayout | tuple[int, str]] | InputError]:
    """Lay out the pages of several PDFs (paths or bytes), in parallel by page chunks.
    The result does not depend on the number of workers: chunks are reassembled in page
    order. A worker that dies only fails the file it was working on. ``on_file(i, result)``
    is called in this process as soon as file i is laid out, while the workers go on."""
    tasks: list[tuple[int, list[int]]] = []
    # Every chunk opens its PDF again and loads its fonts (~0.1 s), so chunks are no
    # smaller than balancing the workers needs: about three per worker over the whole
    # job, at least 8 pages, a file cut into equal parts; one worker: a file per chunk.
    target = max(8, -(-sum(n for _, n in jobs) // (workers * 3))) if workers > 1 else 0
    for i, (_, n) in enumerate(jobs):
        size = -(-n // max(1, round(n / target))) if target else max(n, 1)
        tasks += [(i, list(range(a, min(n, a + size - 1) + 1))) for a in range(1, n + 1, size)]
    args = [(jobs[i][0], pages) for i, pages in tasks]
    out: list = [[] for _ in jobs]
    left = Counter(i for i, _ in tasks)
    results: dict[int, object] = {}

    def done(k: int, res) -> None:
        results[k] = res
        i = tasks[k][0]
        left[i] -= 1
        if left[i]:
            return
        for kk, (ii, _) in enumerate(tasks):  # the file's chunks, in page order
            if ii != i or isinstance(out[i], InputError):
                continue
            r = results[kk]
            if isinstance(r, tuple):
                out[i] = InputError(r[1], r[2], code=r[3])
            else:
                out[i].extend(r)
        if on_file is not None:
            on_file(i, out[i])

    if workers <= 1 or len(tasks) <= 1:
        for k, a in enumerate(args):
            done(k, _layout_chunk(a))
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            # Longest chunks first, so that no worker is left with a long one at the end.
            order = sorted(range(len(args)), key=lambda k: -len(args[k][1]))
            pending = {pool.submit(_layout_chunk, args[k]): k for k in order}
            while pending:
                finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                for fut in sorted(finished, key=lambda f: pending[f]):
                    k = pending.pop(fut)
                    try:
                        res = fut.result()
                    except Exception as exc:  # BrokenProcessPool, MemoryError, pickling…
                        res = ("error", f"the layout worker stopped: {type(exc).__name__}: {exc}".rstrip(": "),
                               "the file may be pathological (huge or deeply nested pages); try --workers 1", "layout_failed")
                    done(k, res)
    return out


# --- checks on a laid-out volume ------------------------------------------------------


def _fmt_size(w: float, h: float) -> str:
    return f"{w:.0f}x{h:.0f} pt"


def check_page_sizes(pages: list[PageLayout]) -> dict[int, str]:
    """page -> what is odd about its size: beyond PDF's limit, or unlike the volume's usual one."""
    sizes = Counter((round(p.width), round(p.height)) for p in pages if p.width and p.height)
    if not sizes:
        return {}
    (uw, uh), _ = sizes.most_common(1)[0]
    odd = {}
    for p in pages:
        if not (p.width and p.height):
            continue
        if max(p.width, p.height) > MAX_PAGE_SIDE:
            odd[p.page] = f"page size {_fmt_size(p.width, p.height)} is beyond PDF's limit of 14400 pt"
        elif abs(p.width - uw) > 0.02 * uw or abs(p.height - uh) > 0.02 * uh:
            odd[p.page] = f"page size {_fmt_size(p.width, p.height)} differs from the rest of the volume ({_fmt_size(uw, uh)})"
    return odd


PRINTED_NUMBER = re.compile(r"^\d{1,4}$")


def printed_page_numbers(pages: list[PageLayout]) -> dict[int, int]:
    """file page -> the page number printed in its footer, where there is exactly one."""
    margins = find_margins(pages)
    out = {}
    for p in pages:
        nums = [ln for ln in p.lines if margins.in_footer(ln) and PRINTED_NUMBER.match(ln.text.strip())]
        if len(nums) == 1:
            out[p.page] = int(nums[0].text.strip())
    return out


def check_page_sequence(pages: list[PageLayout], seg: Segmentation, rep: FileReport) -> None:
    """A volume with pages missing: printed page numbers that jump, and cases the table
    of contents lists that are not in the file."""
    nums = sorted(printed_page_numbers(pages).items())
    if len(nums) >= 3:
        for (i1, n1), (i2, n2) in zip(nums, nums[1:]):
            gap = (n2 - n1) - (i2 - i1)
            if gap > 0:
                rep.add("warning", "pages_missing",
                        f"printed page numbers jump from {n1} to {n2} between pages {i1} and {i2} of the file: "
                        f"{gap} page{'s' if gap > 1 else ''} missing",
                        f"the volume is incomplete; {FIX_DOWNLOAD}", page=i2, detail={"missing_printed_pages": list(range(n1 + (i2 - i1), n2))})
            elif gap < 0:
                rep.add("warning", "pages_out_of_order",
                        f"printed page numbers go from {n1} to {n2} between pages {i1} and {i2} of the file: pages repeated or out of order",
                        f"the volume was put together wrongly; {FIX_DOWNLOAD}", page=i2)
    found = {c.case_no for c in seg.cases}
    listed = sorted(set(seg.facts.toc) - found)
    if listed:
        rep.add("warning", "cases_missing",
                f"case{'s' if len(listed) > 1 else ''} {', '.join(map(str, listed))} listed in the table of contents but not found in the file",
                f"pages are missing from the volume; {FIX_DOWNLOAD}", detail={"case_nos": listed})


# --- unknown headings -----------------------------------------------------------------

PUNCT = re.compile(r"[。、，,．：:；;！？!?「」『』（）()・]")


@dataclass(frozen=True)
class HeadingStyle:
    """How the section headings the rules know look in this volume."""

    size: float  # their font size
    xs: tuple[float, ...]  # their left edges: the column starts


def heading_style(cases: list[CaseSlice]) -> HeadingStyle | None:
    heads = [ln for c in cases for p in c.pages if p.kind in ("overview", "effects_cost")
             for ln in p.body if ln.bold and heading_key(ln.text) not in (None, "point")]
    if not heads:
        return None
    return HeadingStyle(statistics.median(ln.size for ln in heads), tuple(sorted({round(ln.x0, 1) for ln in heads})))


def _heading_like(ln: Line, body: list[Line], style: HeadingStyle) -> bool:
    """A line set like a known heading: bold, the headings' size, short, no sentence
    punctuation or figures, at a column start where known headings stand, and set apart
    from the line above it (a wrapped line of bold text follows its line closely)."""
    size = style.size
    t = squash(ln.text)
    if not (ln.bold and abs(ln.size - size) <= 0.05 * size and 2 <= len(t) <= 16
            and not PUNCT.search(t) and not re.search(r"\d", t) and heading_key(ln.text) is None):
        return False
    if not any(abs(ln.x0 - x) <= size for x in style.xs):
        return False
    above = [o for o in body if o is not ln and o.bottom <= ln.top + 0.25 * size and o.x0 < ln.x1 and o.x1 > ln.x0]
    return not above or ln.top - max(o.bottom for o in above) >= 0.6 * size


def set_aside_unknown_sections(case: CaseSlice, style: HeadingStyle) -> tuple[CaseSlice, list[dict]]:
    """Find headings the rules do not know (bold lines in the heading style), and take each
    one and the text under it out of the case, so that it does not run into the section
    above; the text is returned to be kept in the report."""
    found: list[dict] = []
    new_pages: list[CasePage] = []
    for p in case.pages:
        unknown = [ln for ln in p.body if p.kind in ("overview", "effects_cost") and _heading_like(ln, p.body, style)]
        if not unknown:
            new_pages.append(p)
            continue
        heads = [ln for ln in p.body if heading_key(ln.text)] + unknown
        xs: list[float] = []
        for h in sorted(heads, key=lambda h: h.x0):
            if not xs or h.x0 - xs[-1] > 4 * h.size:
                xs.append(h.x0)
        bounds = [x - 1.5 * style.size for x in xs] + [p.layout.width]
        bounds[0] = 0.0
        taken: set[int] = set()
        for h in unknown:
            col = max(i for i, x in enumerate(xs) if x <= h.x0 + 4 * h.size)
            below = [o.top for o in heads if o is not h and o.top > h.top + 0.5 * h.size and bounds[col] <= o.x0 < bounds[col + 1]]
            bottom = min(below, default=p.layout.height)
            lines = [ln for ln in p.body if ln is not h and id(ln) not in taken
                     and bounds[col] <= ln.x0 + min(ln.size, ln.x1 - ln.x0) / 2 < bounds[col + 1] and h.bottom <= ln.ymid < bottom]
            taken.add(id(h))
            taken.update(id(ln) for ln in lines)
            found.append({"page": p.layout.page, "heading": h.text.strip(), "text": "\n".join(ln.text for ln in reading_order(lines)),
                          "bbox": [round(h.x0, 1), round(h.top, 1), round(bounds[col + 1], 1), round(bottom, 1)]})
        new_pages.append(dataclasses.replace(p, body=[ln for ln in p.body if id(ln) not in taken]))
    return (dataclasses.replace(case, pages=new_pages) if found else case), found


# --- records --------------------------------------------------------------------------

# Sections a 事業効果・コスト page holds: when the case has none and its 事業効果 is
# missing too, the page itself is probably what is missing.
COST_PAGE_SECTIONS = ("cost", "schedule", "providers", "department")


def missing_sections(rec: CaseRecord, case: CaseSlice) -> list[str]:
    missing = [w.split(":", 1)[1].strip() for w in rec.warnings if w.startswith("section not found:")]
    has_cost_page = any(p.kind == "effects_cost" for p in case.pages)
    if "effects" in missing and not has_cost_page:
        empty = {"cost": rec.cost is None, "schedule": rec.schedule is None, "providers": not rec.providers,
                 "department": rec.department is None}
        missing += [k for k in COST_PAGE_SECTIONS if empty[k] and k not in missing]
    return missing


def _pages_text(pages: list[int]) -> str:
    return f"page {pages[0]}" if len(pages) == 1 else f"pages {pages[0]}-{pages[-1]}" if pages == list(range(pages[0], pages[-1] + 1)) \
        else "pages " + ", ".join(map(str, pages))


def _validation_issue(exc: ValidationError) -> tuple[str, dict]:
    err = exc.errors()[0]
    loc = ".".join(str(x) for x in err["loc"])
    value = err.get("input")
    more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return f"invalid record: field {loc} = {value!r}: {err['msg']}{more}", {"field": loc, "value": repr(value), "message": err["msg"]}


def records_from_layout(pages: list[PageLayout], file: str, sha256: str, report: FileReport,
                        bad_pages: dict[int, str] | None = None) -> list[CaseRecord]:
    """Segment laid-out pages and build one validated record per case; every page gets
    its place in report.pages (the ledger). Raises InputError when nothing in the file
    can be used."""
    bad_pages = bad_pages or {}
    for n, why in sorted(bad_pages.items()):
        report.pages[n] = {"kind": "unknown", "reason": why}
        report.add("error", "page_unreadable", why, "the page was skipped; check it in the PDF", page=n)
    if pages and not any(p.lines for p in pages):
        for p in pages:
            report.pages[p.page] = {"kind": "unknown", "reason": "no text layer (an image only)"}
        raise InputError("no text layer: every page is an image (a scan)",
                         "this pipeline reads the PDF's text; run OCR first (e.g. ocrmypdf) or fetch the original PDF", code="no_text")
    try:
        seg = segment(pages)
    except Exception as exc:
        for p in pages:
            report.pages[p.page] = {"kind": "unknown", "reason": "segmentation failed"}
        raise InputError(f"the pages cannot be segmented: {type(exc).__name__}: {exc}",
                         "a bug in the segment stage; please report it with the file", code="segment_failed") from exc
    odd_size = check_page_sizes(pages)
    for p in pages:
        kind = seg.ledger.get(p.page, "unknown")
        if kind.startswith("case "):
            report.pages[p.page] = {"kind": "case", "part": kind.split(":", 1)[1].strip()}
        elif kind == "unknown":
            why = ("no text (a blank page or an image)" if not p.lines else
                   odd_size.get(p.page) or "not a cover, contents, guide or case page")
            report.pages[p.page] = {"kind": "unknown", "reason": why}
        else:
            report.pages[p.page] = {"kind": kind}
    if not seg.cases:
        raise InputError("not a case collection: no case pages found",
                         "expected 自治体DX推進参考事例集 volumes: pages with a '<N. volume>' header band and a numbered title with 【organisation】",
                         code="not_case_collection")
    if seg.facts.edition is None:
        raise InputError("no cover page with the edition (【第N版】): case ids cannot be formed",
                         f"the volume's first page is missing or is not its cover; {FIX_DOWNLOAD}", page=1, code="no_cover")
    for n, entry in sorted(report.pages.items()):
        if n in odd_size:
            unread = entry["kind"] == "unknown"
            report.add("warning", "page_size", odd_size[n] + ("; not read as a case page" if unread else ""),
                       "a very large or very long page is not laid out like a slide; check it in the PDF", page=n)
        elif entry["kind"] == "unknown" and n not in bad_pages:
            report.add("warning", "page_unknown", f"{entry['reason']}: not counted in any case",
                       "if the page belongs to a case, its header band or title was not recognised", page=n)
    check_page_sequence(pages, seg, report)
    style = heading_style(seg.cases)
    records = []
    for case in seg.cases:
        case_id = f"{seg.facts.edition}-{case.header.volume_no}-{case.case_no:03d}"
        pnos = [p.layout.page for p in case.pages]
        for n in pnos:
            report.pages[n]["case_id"] = case_id
        unknown: list[dict] = []
        if style is not None:
            try:
                case, unknown = set_aside_unknown_sections(case, style)
            except Exception:  # the check is a nicety: never let it cost the case
                unknown = []
        try:
            rec = build_record(case, seg.facts, file, sha256)
        except ValidationError as exc:
            reason, detail = _validation_issue(exc)
            report.add("error", "invalid_record", f"{reason}; the case is not written",
                       "a parser read a value the contract does not allow; please report it with the file",
                       page=pnos[0], case_id=case_id, detail=detail)
            continue
        except Exception as exc:
            report.add("error", "case_failed", f"the case cannot be built ({_pages_text(pnos)}): {type(exc).__name__}: {exc}; the case is not written",
                       "a bug in a section parser; please report it with the file", page=pnos[0], case_id=case_id)
            continue
        for u in unknown:
            report.add("warning", "unknown_heading", f"unknown section heading {u['heading']!r}: its text is kept in run_report.json, not in the record",
                       "add the wording to [headings] in pipeline/rules/layout.toml if it names a known section",
                       page=u["page"], case_id=case_id, detail=u)
        if unknown:
            rec = rec.model_copy(update={"warnings": rec.warnings + [f"unknown section heading {u['heading']!r} on page {u['page']}" for u in unknown]})
        missing = missing_sections(rec, case)
        if missing:
            report.add("warning", "sections_missing",
                       f"sections not found: {', '.join(missing)} ({_pages_text(pnos)}); the record keeps what was found",
                       "a page of the case may be missing, or a heading is worded differently", page=pnos[0], case_id=case_id,
                       detail={"missing_sections": missing})
        for w in rec.warnings:
            if not w.startswith(("section not found:", "unknown section heading")):
                report.add("warning", "record_warning", w, "the record is written as read; check this field in the PDF",
                           page=pnos[0], case_id=case_id)
        records.append(rec)
    return records


# --- the job --------------------------------------------------------------------------


def _rank(rec: CaseRecord, rep: FileReport) -> tuple:
    """Which of two records of one case to keep: the more complete one."""
    rec_issues = sum(1 for i in rep.issues if i.case_id == rec.case_id)
    return (rec_issues, -len(rec.source.pages), len(rep.issues), rep.file)


def run(raw_dir: Path, *, workers: int = 0, cache_dir: Path | None = None) -> RunResult:
    """Extract every *.pdf in raw_dir (sorted by name, so the order on disk never matters)."""
    workers = workers or os.cpu_count() or 1
    files = sorted((p for p in Path(raw_dir).iterdir() if p.is_file() and p.suffix.lower() == ".pdf"), key=lambda p: p.name)
    reports: list[FileReport] = []
    by_sha: dict[str, FileReport] = {}
    counted: list[tuple[FileReport, str | bytes]] = []
    layouts: dict[str, tuple[list[PageLayout], dict[int, str]]] = {}
    for path in files:
        rep = FileReport(file=path.name)
        reports.append(rep)
        try:
            data, sha = read_checked(path)
        except InputError as exc:
            rep.fail(exc)
            continue
        rep.sha256 = sha
        if sha in by_sha:
            rep.status, rep.duplicate_of = "duplicate", by_sha[sha].file
            continue
        by_sha[sha] = rep
        try:
            repaired = inspect_pdf(data, rep)
        except InputError as exc:
            rep.fail(exc)
            continue
        # Opened even when its layout is cached: damage is reported the same either way.
        source: str | bytes = repaired if repaired is not None else str(path)
        try:
            try:
                rep.page_count = _count_pages(source)
                if rep.page_count == 0:
                    raise InputError("no pages found", code="damaged")
            except InputError as exc:
                if exc.code != "damaged" or repaired is not None:
                    raise
                # startxref points at a cross-reference section, but it cannot be read.
                try:
                    source = open_or_repair(data, rep, "the section startxref points at cannot be read") or source
                except InputError:
                    if exc.reason == "no pages found":
                        raise InputError("the PDF has no pages", f"an empty document; {FIX_DOWNLOAD}", code="no_pages") from None
                    raise
                rep.page_count = _count_pages(source)
        except InputError as exc:
            rep.fail(exc)
            continue
        cached = cache.load(cache_dir, sha)
        if cached and len(cached) == rep.page_count:
            layouts[rep.file], rep.cached = (cached, {}), True
        else:
            counted.append((rep, source))
    # Each file's records are built here as soon as it is laid out, while the workers
    # go on with the others; the order of the records does not depend on it.
    recs_of: dict[str, list[CaseRecord]] = {}

    def records_of(rep: FileReport) -> None:
        if rep.file not in layouts or rep.status != "ok":
            return
        pages, bad = layouts[rep.file]
        rep.page_count = len(pages) + len(bad)
        try:
            recs = records_from_layout(pages, rep.file, rep.sha256, rep, bad)
        except InputError as exc:
            rep.fail(exc)
            return
        except Exception as exc:  # a bug must not cost the other files
            rep.fail(InputError(f"internal error: {type(exc).__name__}: {exc}", "a bug in the pipeline; please report it with the file",
                                code="internal"))
            return
        if rep.errors:
            rep.status = "partial"
        recs_of[rep.file] = recs

    def laid_out(i: int, res) -> None:
        rep = counted[i][0]
        if isinstance(res, InputError):
            rep.fail(res)
            return
        pages = [p for p in res if isinstance(p, PageLayout)]
        bad = {p[0]: p[1] for p in res if isinstance(p, tuple)}
        layouts[rep.file] = (pages, bad)
        if pages and not bad:
            cache.store(cache_dir, rep.sha256, pages)
        records_of(rep)

    layout_files([(source, rep.page_count) for rep, source in counted], workers, on_file=laid_out)
    fresh = {rep.file for rep, _ in counted}
    for rep in reports:
        if rep.file not in fresh:
            records_of(rep)  # laid out from the cache
    records: list[CaseRecord] = []
    for rep in reports:
        records += recs_of.get(rep.file, [])
    # A duplicate is accounted for page by page like the file it copies.
    for rep in reports:
        if rep.status == "duplicate":
            orig = by_sha[rep.sha256]
            rep.page_count, rep.pages = orig.page_count, {k: dict(v) for k, v in orig.pages.items()}
            rep.add("warning", "duplicate", f"same content as {orig.file} (sha256 {rep.sha256[:12]}…): extracted once, from {orig.file}",
                    "remove one of the two files")
    # Two different files may hold the same case (a damaged and a good copy of one
    # volume, under different names): keep the more complete record and say so.
    best: dict[str, tuple[CaseRecord, FileReport]] = {}
    for r in records:
        rep = next(f for f in reports if f.file == r.source.file)
        if r.case_id not in best or _rank(r, rep) < _rank(*best[r.case_id]):
            best[r.case_id] = (r, rep)
    lost: dict[tuple[str, str], list[CaseRecord]] = {}
    for r in records:
        kept, krep = best[r.case_id]
        if kept is not r:
            lost.setdefault((r.source.file, krep.file), []).append(r)
    for (file, other), recs in sorted(lost.items()):
        rep = next(f for f in reports if f.file == file)
        ids = [r.case_id for r in recs]
        rep.add("warning", "case_elsewhere",
                f"{'cases' if len(ids) > 1 else 'case'} {', '.join(ids)} also found in {other}, whose "
                f"{'records were' if len(ids) > 1 else 'record was'} kept (more complete, or first by file name)",
                "the folder holds two versions of one volume; remove the worse one", detail={"case_ids": ids, "kept_from": other})
    unique = sorted((r for r, _ in best.values()), key=lambda r: (r.edition, r.volume_no, r.case_no, r.case_id))
    for rep in reports:
        if rep.status in ("ok", "partial"):
            rep.cases = [r.case_id for r in unique if r.source.file == rep.file]
    return RunResult(unique, reports)


def _volume_of(rep: FileReport) -> str | None:
    """"{edition}-{volume_no}" of the cases found in a file this run."""
    ids = {e["case_id"].rsplit("-", 1)[0] for e in rep.pages.values() if e.get("case_id")}
    return ids.pop() if len(ids) == 1 else None


def carry_over(result: RunResult, previous: list[dict]) -> list[CaseRecord]:
    """Records of the previous run to keep: nothing already extracted is lost because a
    file (or a case of it) failed this time.

    A previous record is kept when no file produced its case this run and its source
    file is still in the folder but failed this run, or the case failed (it could not be
    built or validated), or the case is listed in the file's table of contents but its
    pages are missing now. Records of files no longer in the folder are dropped: the
    output mirrors the folder. Kept records are re-validated against the models, and
    listed in the report and on the console.
    """
    by_file = {f.file: f for f in result.files}
    have = {r.case_id for r in result.records}
    kept: list[CaseRecord] = []
    for d in previous:
        cid, src = d.get("case_id"), (d.get("source") or {}).get("file")
        rep = by_file.get(src)
        if rep is None or cid in have or rep.status == "duplicate":
            continue
        case_failed = any(i.case_id == cid and i.level == "error" for i in rep.issues)
        listed_missing = (any(d.get("case_no") in (i.detail or {}).get("case_nos", ()) for i in rep.issues if i.code == "cases_missing")
                          and _volume_of(rep) == f"{d.get('edition')}-{d.get('volume_no')}")
        if not (rep.status == "failed" or case_failed or listed_missing):
            continue
        try:
            rec = CaseRecord.model_validate(d)
        except ValidationError as exc:
            reason, detail = _validation_issue(exc)
            rep.add("warning", "previous_invalid", f"the previous run's record cannot be kept: {reason}",
                    "re-extract the file once it is fixed", case_id=cid, detail=detail)
            continue
        kept.append(rec)
        have.add(cid)
        rep.kept.append(cid)
    for rep in result.files:
        if rep.kept:
            rep.kept.sort()
            rep.add("warning", "kept_previous",
                    f"kept {len(rep.kept)} record{'s' if len(rep.kept) > 1 else ''} from the previous run "
                    f"({', '.join(rep.kept)}), extracted from an earlier copy of this file",
                    "they are not from the file in the folder now; fix the file and run again", detail={"case_ids": list(rep.kept)})
    return kept
