"""Layout of many PDFs in parallel, page chunk by page chunk, in worker processes under
the time and memory budgets of `workers.py`. The result never depends on the number of
workers: chunks are reassembled in page order."""
from __future__ import annotations

import io
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeAlias

from .inputs import inspect_pdf, open_error, open_or_repair
from .layout import PageLayout, layout_page
from .runreport import FIX_DOWNLOAD, FileReport, InputError
from .workers import Budget, TaskFailed, WorkerPool, step

if TYPE_CHECKING:
    from pdfplumber.page import Page
    from pdfplumber.pdf import PDF

    from .progress import Progress

# A case page holds about a thousand characters; a page with this many is not a case
# page, and laying it out would take minutes.
MAX_PAGE_CHARS = 200_000


@dataclass(frozen=True)
class PageFailed:
    """A page that could not be laid out (or is too big to be a case page), with why."""

    page: int
    reason: str


@dataclass(frozen=True)
class FileFailed:
    """A file a worker could not open: the InputError's parts (exceptions with
    attributes do not survive pickling between processes as reliably as a dataclass)."""

    reason: str
    hint: str
    code: str
    page: int | None = None

    def error(self) -> InputError:
        return InputError(self.reason, self.hint, code=self.code, page=self.page)


# What laying out pages gives back, page by page: its layout or why it has none.
PageResult: TypeAlias = PageLayout | PageFailed


def _open_source(source: str | bytes) -> PDF:
    import pdfplumber

    return pdfplumber.open(io.BytesIO(source) if isinstance(source, bytes) else source)


def _layout_chunk(source: str | bytes, pages: list[int]) -> list[PageResult] | FileFailed:
    """Lay out some pages of one PDF. A page that fails (or is too big to be a case page)
    becomes a PageFailed; a file that cannot be opened, a FileFailed.
    Running out of memory is not a page's failure but the file's (MemoryError goes up)."""
    try:
        pdf = _open_source(source)
    except Exception as exc:
        if _out_of_memory(exc):
            raise MemoryError from exc
        err = open_error(exc)
        return FileFailed(err.reason, err.hint, err.code)
    out: list[PageResult] = []
    with pdf:
        for n in pages:
            step(n)
            try:
                page = pdf.pages[n - 1]
                nchars = _char_count(page)
                if nchars > MAX_PAGE_CHARS:
                    out.append(PageFailed(n, f"too much text to be a case page ({nchars:,} characters); not laid out"))
                else:
                    out.append(layout_page(page, n))
                page.close()  # frees pdfplumber's per-page caches: memory stays flat
            except Exception as exc:
                if _out_of_memory(exc):
                    raise MemoryError from exc
                out.append(PageFailed(n, f"the page cannot be read: {type(exc).__name__}: {exc}".rstrip(": ")))
    return out


def _out_of_memory(exc: BaseException) -> bool:
    """Is a MemoryError behind this exception? pdfplumber wraps pdfminer's failures (an
    inflate that hit the memory budget included) in an exception of its own."""
    seen: list[BaseException] = []
    todo = [exc]
    while todo:
        e = todo.pop()
        if isinstance(e, MemoryError):
            return True
        if e in seen or len(seen) > 20:
            continue
        seen.append(e)
        todo += [x for x in (e.__cause__, e.__context__, *getattr(e, "args", ())) if isinstance(x, BaseException)]
    return False


def _char_count(page: Page) -> int:
    from . import layout

    count = getattr(layout, "char_count", None)  # counts without building pdfplumber's char dicts
    return int(count(page)) if count else len(page.chars)


def count_pages(source: str | bytes) -> int:
    try:
        with _open_source(source) as pdf:
            return len(pdf.pages)
    except Exception as exc:
        if _out_of_memory(exc):
            raise MemoryError from exc
        raise open_error(exc) from exc


@dataclass
class OpenedFile:
    """What opening a file in a worker found: its report (with the warnings of any
    repair), what to lay out (its path, or repaired bytes), and its page count."""

    report: FileReport
    source: str | bytes
    page_count: int | None = None  # None: not counted (its layout is cached)
    clean: bool = False  # opened without any repair: its layout may be cached
    failed: FileFailed | None = None  # the file cannot be used


def open_file(data: bytes, path: str, report: FileReport, layout_cached: bool) -> OpenedFile:
    """Check a PDF's structure (repairing its cross-reference table in memory if need
    be) and count its pages, unless its layout is cached and it needs no repair. Runs in
    a worker: pdfminer can loop forever on a damaged file (an object that refers to itself)."""
    step(None)
    try:
        repaired = inspect_pdf(data, report)
        source: str | bytes = repaired if repaired is not None else path
        if layout_cached and repaired is None:
            return OpenedFile(report, source, clean=True)
        try:
            count = count_pages(source)
            if count == 0:
                raise InputError("no pages found", code="damaged")
            return OpenedFile(report, source, count, clean=repaired is None)
        except InputError as exc:
            if exc.code != "damaged" or repaired is not None:
                raise
            # startxref points at a cross-reference section, but it cannot be read.
            try:
                source = open_or_repair(data, report, "the section startxref points at cannot be read") or source
            except InputError:
                if exc.reason == "no pages found":
                    raise InputError("the PDF has no pages", f"an empty document; {FIX_DOWNLOAD}", code="no_pages") from None
                raise
            return OpenedFile(report, source, count_pages(source))
    except InputError as exc:
        return OpenedFile(report, path, failed=FileFailed(exc.reason, exc.hint, exc.code))


def budget_error(failed: TaskFailed, what: str, budget: Budget) -> InputError:
    """The InputError of a file whose worker task did not return."""
    where = f"page {failed.page}" if failed.page is not None else "the file"
    if failed.code == "time_budget":
        return InputError(f"{what} {where} took longer than the time budget ({budget.step_seconds:g} s); the file was stopped",
                          "the PDF may loop (an object that refers to itself) or inflate to hundreds of MB; "
                          "check it, or raise the budget with --time-budget SECONDS", page=failed.page, code="time_budget")
    if failed.code == "memory_budget":
        return InputError(f"{what} {where} needed more than the memory budget ({budget.memory_mb} MB); the file was stopped",
                          "a compressed stream may inflate to gigabytes (a 'zip bomb'); "
                          "check the file, or raise the budget with --memory-budget MB", page=failed.page, code="memory_budget")
    how = f"the layout worker stopped ({failed.reason})" if failed.code == "worker_died" else \
        f"the layout worker stopped: {failed.reason}"
    return InputError(f"{how} while {what} {where}",
                      "the file may be pathological (huge or deeply nested pages); try --workers 1", page=failed.page,
                      code="layout_failed")


def layout_files(jobs: list[tuple[str | bytes, int]], pool: WorkerPool,
                 on_file: Callable[[int, list[PageResult] | InputError], None] | None = None,
                 progress: Progress | None = None,
                 while_waiting: Callable[[], None] | None = None) -> list[list[PageResult] | InputError]:
    """Lay out the pages of several PDFs (paths or bytes), in parallel by page chunks.
    The result does not depend on the number of workers: chunks are reassembled in page
    order. A worker that dies or blows a budget only fails the file it was working on.
    ``on_file(i, result)`` is called in this process as soon as file i is laid out,
    while the workers go on; ``while_waiting()`` once, when the workers have their work."""
    workers = pool.workers
    tasks: list[tuple[int, list[int]]] = []
    # Every chunk opens its PDF again and loads its fonts (~0.1 s), so chunks are no
    # smaller than balancing the workers needs: about three per worker over the whole
    # job, at least 8 pages, a file cut into equal parts; one worker: a file per chunk.
    target = max(8, -(-sum(n for _, n in jobs) // (workers * 3))) if workers > 1 else 0
    for i, (_, n) in enumerate(jobs):
        size = -(-n // max(1, round(n / target))) if target else max(n, 1)
        tasks += [(i, list(range(a, min(n, a + size - 1) + 1))) for a in range(1, n + 1, size)]
    out: list[list[PageResult] | InputError] = [[] for _ in jobs]
    left = Counter(i for i, _ in tasks)
    results: dict[int, list[PageResult] | FileFailed | InputError] = {}

    def done(k: int, res: Any) -> None:
        if isinstance(res, TaskFailed):
            res = budget_error(res, "laying out", pool.budget)
        results[k] = res
        if progress is not None:
            progress.advance(len(tasks[k][1]))
        i = tasks[k][0]
        left[i] -= 1
        if left[i]:
            return
        for kk, (ii, _) in enumerate(tasks):  # the file's chunks, in page order
            so_far = out[i]
            if ii != i or isinstance(so_far, InputError):
                continue
            r = results[kk]
            if isinstance(r, InputError):
                out[i] = r
            elif isinstance(r, FileFailed):
                out[i] = r.error()
            else:
                so_far.extend(r)
        if on_file is not None:
            on_file(i, out[i])

    # Longest chunks first, so that no worker is left with a long one at the end.
    order = sorted(range(len(tasks)), key=lambda k: -len(tasks[k][1]))
    pool.run([(_layout_chunk, (jobs[tasks[k][0]][0], tasks[k][1])) for k in order],
             lambda j, res: done(order[j], res), while_waiting=while_waiting)
    return out
