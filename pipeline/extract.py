"""The extract job: every volume PDF in a folder to case records, with a report that
accounts for every file and every page. Files are opened and laid out in worker
processes; each laid-out file goes through `volume.file_records` (segment → sections →
assemble → enrich); then two copies of a case are told apart and the previous run's
records are kept where this run lost them. The records are validated once, after this
(`runreport.validated`), and written.

A bad file never stops the run: it gets a named issue (file, page where it applies,
code, reason, hint) and the other files are still extracted. A bad page never stops
its file: it is accounted for in the page ledger as `unknown`, with the reason.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .cache import LayoutCache
from .checks import has_field
from .inputs import file_label, list_inputs, read_checked
from .issues import IssueCode, LedgerKind, PageEntry
from .layout import PageLayout
from .models import CaseRecord
from .parallel import OpenedFile, PageFailed, PageResult, budget_error, layout_files, open_file
from .progress import Progress
from .ruleset import check_rules
from .runreport import FIX_DOWNLOAD, FileReport, InputError, RunResult
from .volume import enrich_records, missing_sections, records_from_layout
from .workers import Budget, Task, TaskFailed, WorkerPool, cap_workers, memory_budget_note, step

__all__ = ["FileReport", "RunResult", "carry_over", "enrich_records", "file_records", "missing_sections",
           "records_from_layout", "run"]


def _validation_issue(exc: ValidationError) -> tuple[str, dict[str, str]]:
    err = exc.errors()[0]
    loc = ".".join(str(x) for x in err["loc"])
    value = err.get("input")
    more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return f"invalid record: field {loc} = {value!r}: {err['msg']}{more}", {"field": loc, "value": repr(value), "message": err["msg"]}


def file_records(report: FileReport, pages: list[PageLayout], bad_pages: dict[int, str]) -> tuple[FileReport, list[CaseRecord] | None]:
    """The enriched records of one laid-out file (None if the file failed) and its report:
    the unit of work a worker process can take."""
    report.page_count = len(pages) + len(bad_pages)
    try:
        recs = records_from_layout(pages, report.file, report.sha256 or "", report, bad_pages)
        if report.errors:
            report.status = "partial"
        return report, enrich_records(recs, report)
    except InputError as exc:
        report.fail(exc)
    except Exception as exc:  # a bug must not cost the other files
        report.fail(InputError(f"internal error: {type(exc).__name__}: {exc}", "a bug in the pipeline; please report it with the file",
                               code="internal"))
    return report, None


@dataclass
class BuiltFile:
    """A file whose layout was cached, opened cleanly and had its records built in the
    same worker task: its report (the worker's copy) and records (None: it failed)."""

    report: FileReport
    records: list[CaseRecord] | None


def open_cached(data: bytes, path: str, report: FileReport, pages: list[PageLayout]) -> OpenedFile | BuiltFile:
    """Open a file whose layout is cached and, when it opens cleanly, build its records
    in the same task: the worker goes on at once instead of handing the file back to be
    sent out again, while this process loads what writing needs. A file that fails or
    needed a repair comes back as an OpenedFile, to be laid out like any other."""
    opened = open_file(data, path, report, layout_cached=True)
    if opened.failed is not None or opened.page_count is not None:
        return opened
    step(None)  # the records are a step of their own under the time budget
    return BuiltFile(*file_records(opened.report, pages, {}))


# --- the job --------------------------------------------------------------------------


def _rank(rec: CaseRecord, rep: FileReport) -> tuple[int, int, int, str]:
    """Which of two records of one case to keep: the more complete one."""
    rec_issues = sum(1 for i in rep.issues if i.case_id == rec.case_id)
    return (rec_issues, -len(rec.source.pages), len(rep.issues), rep.file)


def run(raw_dir: Path, *, workers: int = 0, cache_dir: Path | None = None, progress: str = "quiet",
        while_waiting: Callable[[], None] | None = None, budget: Budget | None = None) -> RunResult:
    """Extract every *.pdf in raw_dir (sorted by name, so the order on disk never matters)
    to validated, enriched records. Every step that reads a PDF runs in a worker process
    under the time and memory budget (default: rules/budgets.toml). ``while_waiting()``
    is called once while worker processes run: a place to load what comes after."""
    workers, cap_note = cap_workers(workers)
    budget = budget or Budget.from_settings()
    layout_cache = LayoutCache(cache_dir)
    with WorkerPool(workers, budget) as pool:
        result = _run(raw_dir, pool, layout_cache, progress, _once(while_waiting))
    result.notes = [n for n in (cap_note, memory_budget_note()) if n] + [f"layout cache: {n}" for n in layout_cache.notes]
    return result


def _once(func: Callable[[], None] | None) -> Callable[[], None] | None:
    """func, to be called at most once (None stays None)."""
    if func is None:
        return None
    called: list[bool] = []

    def wrapper() -> None:
        if not called:
            called.append(True)
            func()
    return wrapper


def _run(raw_dir: Path, pool: WorkerPool, layout_cache: LayoutCache, progress: str,
         while_waiting: Callable[[], None] | None) -> RunResult:
    files, skipped = list_inputs(raw_dir)
    reports: list[FileReport] = []
    by_sha: dict[str, FileReport] = {}
    counted: list[tuple[FileReport, str | bytes]] = []
    clean: set[str] = set()  # files that opened without a repair
    to_open: list[tuple[FileReport, bytes, Path, list[PageLayout] | None]] = []
    for path in files:
        rep = FileReport(file=file_label(path))
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
        # A layout is cached only for a file that opened cleanly (see laid_out): these
        # very bytes, read by these very library versions, so when its check finds it
        # clean again, counting its pages is all opening it would add (open_file skips it).
        to_open.append((rep, data, path, layout_cache.load(sha) or None))

    # Each file's records are built as soon as it is laid out (here, while the workers
    # go on with the others) or, for a cached layout, by the worker that opened it; the
    # order of the records does not depend on it.
    recs_of: dict[str, list[CaseRecord]] = {}

    def opened(k: int, res: object) -> None:
        rep, _, _, cached = to_open[k]
        assert isinstance(res, (OpenedFile, BuiltFile, TaskFailed))
        if isinstance(res, TaskFailed):
            rep.cached = cached is not None
            rep.fail(budget_error(res, "opening" if cached is None else "opening or building the records of", pool.budget))
            return
        rep.__dict__.update(res.report.__dict__)  # the worker's copy, with any repair's warning
        if isinstance(res, BuiltFile):
            rep.cached = True
            if res.records is not None:
                recs_of[rep.file] = res.records
        elif res.failed is not None:
            rep.fail(res.failed.error())
        else:
            rep.page_count = res.page_count
            counted.append((rep, res.source))
            if res.clean:
                clean.add(rep.file)

    # The files with a cached layout first, longest first: their tasks take longest (a
    # worker builds their records), and none may be left to start alone at the end.
    order = sorted(range(len(to_open)), key=lambda k: (to_open[k][3] is None, -len(to_open[k][3] or ())))
    tasks: list[Task] = [(open_file, (data, str(path), rep, False)) if cached is None
                         else (open_cached, (data, str(path), rep, cached))
                         for rep, data, path, cached in (to_open[k] for k in order)]
    # With every layout cached there is nothing to lay out: what comes after is loaded now.
    pool.run(tasks, lambda j, res: opened(order[j], res),
             while_waiting=while_waiting if to_open and all(c is not None for *_, c in to_open) else None)
    counted.sort(key=lambda c: reports.index(c[0]))  # file order, whatever order the workers finished in

    def laid_out(i: int, res: list[PageResult] | InputError) -> None:
        rep = counted[i][0]
        if isinstance(res, InputError):
            rep.fail(res)
            return
        pages = [p for p in res if isinstance(p, PageLayout)]
        bad = {p.page: p.reason for p in res if isinstance(p, PageFailed)}
        if pages and not bad and rep.file in clean and rep.sha256 is not None:
            layout_cache.store(rep.sha256, pages)
        if rep.status == "ok":
            recs = file_records(rep, pages, bad)[1]
            if recs is not None:
                recs_of[rep.file] = recs

    with Progress("layout", total=sum(rep.page_count or 0 for rep, _ in counted), unit="pages", mode=progress) as prog:
        if counted:
            layout_files([(source, rep.page_count or 0) for rep, source in counted], pool, on_file=laid_out, progress=prog,
                         while_waiting=while_waiting)
    records: list[CaseRecord] = []
    for rep in reports:
        records += recs_of.get(rep.file, [])
    # The ledger accounts for every page, also of a file that failed once its pages were
    # counted (a worker killed, a budget blown): what was not read is unknown, and why.
    for rep in reports:
        if rep.status == "failed" and rep.page_count:
            why = f"not read: {rep.errors[0].reason}" if rep.errors else "not read"
            for n in range(1, rep.page_count + 1):
                if n not in rep.pages:
                    rep.set_page(n, PageEntry(LedgerKind.UNKNOWN, reason=why))
    # A duplicate is accounted for page by page like the file it copies.
    for rep in reports:
        if rep.status == "duplicate" and rep.sha256 is not None:
            orig = by_sha[rep.sha256]
            rep.page_count, rep.pages = orig.page_count, {k: dict(v) for k, v in orig.pages.items()}
            rep.add("warning", IssueCode.DUPLICATE, f"same content as {orig.file} (sha256 {rep.sha256[:12]}…): extracted once, from {orig.file}",
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
        rep.add("warning", IssueCode.CASE_ELSEWHERE,
                f"{'cases' if len(ids) > 1 else 'case'} {', '.join(ids)} also found in {other}, whose "
                f"{'records were' if len(ids) > 1 else 'record was'} kept (more complete, or first by file name)",
                "the folder holds two versions of one volume; remove the worse one", detail={"case_ids": ids, "kept_from": other})
    unique = sorted((r for r, _ in best.values()), key=lambda r: (r.edition, r.volume_no, r.case_no, r.case_id))
    for rep in reports:
        if rep.status in ("ok", "partial"):
            rep.cases = [r.case_id for r in unique if r.source.file == rep.file]
    return RunResult(unique, reports, skipped=skipped)


def _volume_of(rep: FileReport) -> str | None:
    """"{edition}-{volume_no}" of the cases found in a file this run."""
    ids = {e.case_id.rsplit("-", 1)[0] for e in rep.ledger.values() if e.case_id}
    return ids.pop() if len(ids) == 1 else None


def _keep_if_degraded(previous: dict[str, Any], new: CaseRecord, rep: FileReport) -> CaseRecord | None:
    """The previous record of a case, when the new one lacks sections it had (a damaged
    copy of the volume re-extracted over a good output): an error on rep. None when the
    new record has everything the previous one had, or the previous one is not valid."""
    try:
        old = CaseRecord.model_validate(previous)
    except ValidationError:
        return None
    # A field the previous record has only through a reviewer's correction is not lost:
    # the corrections are applied to the new record after this check.
    corrected = {p.field for p in old.provenance
                 if p.method == "corrected" and p.correction is not None and p.correction.extracted in (None, "", [], {})}
    lost = [f for f in check_rules()["lost_sections"]["fields"]
            if f not in corrected and has_field(old, f) and not has_field(new, f)]
    if not lost:
        return None
    rep.add("error", IssueCode.DEGRADED_RECORD,
            f"the new record lacks {', '.join(lost)}, which the previous run's record has: the previous record is kept",
            f"the file is probably damaged; {FIX_DOWNLOAD}. If the volume really lost them, extract into a new --out folder",
            page=new.source.pages[0] if new.source.pages else None, case_id=new.case_id,
            detail={"lost_sections": lost, "previous_sha256": old.source.sha256})
    if rep.status == "ok":
        rep.status = "partial"
    rep.kept.append(new.case_id)
    return old


def carry_over(result: RunResult, previous: list[dict[str, Any]]) -> list[CaseRecord]:
    """Records of the previous run to keep: nothing already extracted is lost because a
    file (or a case of it) failed this time.

    A previous record is kept when no file produced its case this run and its source
    file is still in the folder but failed this run, or the case failed (it could not be
    built or validated), or the case is listed in the file's table of contents but its
    pages are missing now. Records of files no longer in the folder are dropped: the
    output mirrors the folder. Kept records are re-validated against the models, and
    listed in the report and on the console.

    A previous record is also kept in place of this run's record of its case when the new
    one lacks sections the previous one has (`_keep_if_degraded`: an error, exit 1).
    """
    by_file = {f.file: f for f in result.files}
    have = {r.case_id for r in result.records}
    new_of = {r.case_id: r for r in result.records}
    kept: list[CaseRecord] = []
    for d in previous:
        cid, src = d.get("case_id"), (d.get("source") or {}).get("file")
        rep = by_file.get(src) if isinstance(src, str) else None
        if cid in new_of and (rep is None or new_of[cid].source.file == src):
            rec = _keep_if_degraded(d, new_of[cid], by_file[new_of[cid].source.file])
            if rec is not None:
                kept.append(rec)
            continue
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
            rep.add("warning", IssueCode.PREVIOUS_INVALID, f"the previous run's record cannot be kept: {reason}",
                    "re-extract the file once it is fixed", case_id=cid, detail=detail)
            continue
        kept.append(rec)
        have.add(rec.case_id)
        rep.kept.append(rec.case_id)
    for rep in result.files:
        if rep.kept:
            rep.kept.sort()
            rep.add("warning", IssueCode.KEPT_PREVIOUS,
                    f"kept {len(rep.kept)} record{'s' if len(rep.kept) > 1 else ''} from the previous run "
                    f"({', '.join(rep.kept)}), extracted from an earlier copy of this file",
                    "they are not from the file in the folder now; fix the file and run again", detail={"case_ids": list(rep.kept)})
    return kept
