"""Layout of many PDFs in parallel, page chunk by page chunk. The result never
depends on the number of workers: chunks are reassembled in page order."""
from __future__ import annotations

import io
from collections import Counter
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from .inputs import open_error
from .layout import PageLayout, layout_page
from .runreport import InputError

# A case page holds about a thousand characters; a page with this many is not a case
# page, and laying it out would take minutes.
MAX_PAGE_CHARS = 200_000



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
        err = open_error(exc)
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


def count_pages(source: str | bytes) -> int:
    try:
        with _open_source(source) as pdf:
            return len(pdf.pages)
    except Exception as exc:
        raise open_error(exc) from exc


def layout_files(jobs: list[tuple[str | bytes, int]], workers: int, on_file=None, progress=None,
                 while_waiting=None) -> list[list[PageLayout | tuple[int, str]] | InputError]:
    """Lay out the pages of several PDFs (paths or bytes), in parallel by page chunks.
    The result does not depend on the number of workers: chunks are reassembled in page
    order. A worker that dies only fails the file it was working on. ``on_file(i, result)``
    is called in this process as soon as file i is laid out, while the workers go on;
    ``while_waiting()`` once, when the workers have their work."""
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
        if progress is not None:
            progress.advance(len(tasks[k][1]))
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
            if while_waiting is not None:
                while_waiting()
            lost: list[int] = []
            while pending:
                finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                for fut in sorted(finished, key=lambda f: pending[f]):
                    k = pending.pop(fut)
                    try:
                        res = fut.result()
                    except BrokenProcessPool:
                        lost.append(k)  # this chunk, or another one, killed a worker
                        continue
                    except Exception as exc:  # MemoryError, pickling…
                        res = _layout_failed(exc)
                    done(k, res)
        for k in sorted(lost):
            try:
                res = _alone(_layout_chunk, args[k])
            except Exception as exc:
                res = _layout_failed(exc)
            done(k, res)
    return out


def _layout_failed(exc: Exception) -> tuple[str, str, str, str]:
    return ("error", f"the layout worker stopped: {type(exc).__name__}: {exc}".rstrip(": "),
            "the file may be pathological (huge or deeply nested pages); try --workers 1", "layout_failed")


def _alone(func, *args):
    """func(*args) in a worker process of its own. When a worker dies, every task its
    pool still held fails with it; run again alone, only the task that kills its worker
    fails."""
    with ProcessPoolExecutor(max_workers=1) as pool:
        return pool.submit(func, *args).result()


def map_in_processes(func, args: list[tuple], workers: int, while_waiting=None) -> list:
    """[func(*a) for a in args] in worker processes; an exception is returned in place
    of its result (for a worker that dies: only the task that killed it, see _alone).
    ``while_waiting()`` runs in this process meanwhile."""
    with ProcessPoolExecutor(max_workers=max(1, min(workers, len(args)))) as pool:
        futures = [pool.submit(func, *a) for a in args]
        if while_waiting is not None:
            while_waiting()
        out: list = []
        for fut in futures:
            try:
                out.append(fut.result())
            except Exception as exc:  # BrokenProcessPool, pickling…
                out.append(exc)
    for k, res in enumerate(out):
        if isinstance(res, BrokenProcessPool):
            try:
                out[k] = _alone(func, *args[k])
            except Exception as exc:
                out[k] = exc
    return out
