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

import re
from pathlib import Path

from pydantic import ValidationError

from .assemble import build_record
from .cache import LayoutCache
from .checks import check_page_sequence, check_page_sizes, has_field, lost_pages_by_case, lost_sections
from .inputs import file_label, list_inputs, read_checked
from .layout import PageLayout
from .models import CaseRecord, validate_record, validation_problem
from .parallel import OpenedFile, budget_error, layout_files, map_in_processes, open_file
from .plausibility import check_record
from .progress import Progress
from .ruleset import check_rules
from .runreport import FIX_DOWNLOAD, FileReport, InputError, RunResult
from .sections.unknown import heading_style, set_aside_unknown_sections
from .segment import CaseSlice, segment
from .workers import Budget, TaskFailed, WorkerPool, cap_workers, memory_budget_note

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
    if not seg.cases and (seg.facts.edition or seg.facts.toc):
        # The cover or the contents say it is a volume: its case pages are damaged.
        read = " and ".join(w for w, ok in (("the cover", seg.facts.edition), (f"a table of contents listing {len(seg.facts.toc)} cases", seg.facts.toc)) if ok)
        raise InputError(f"damaged case collection: {read} were read, but no case page could be",
                         f"the case pages are damaged or missing; {FIX_DOWNLOAD}", code="damaged")
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
                       "a page whose box is damaged, very large or very long is not laid out like a slide; check it in the PDF", page=n)
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
        rec = rec.model_copy(update={"warnings": rec.warnings + check_record(rec, [p.layout for p in case.pages])})
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
                on = re.search(r"\bpage (\d+)\b", w)
                report.add("warning", "record_warning", w, "the record is written as read; check this field in the PDF",
                           page=int(on.group(1)) if on else pnos[0], case_id=case_id)
        records.append(rec)
    return _flag_lost_sections(records, seg, report, set(bad_pages), odd_size)


def _flag_lost_sections(records: list[CaseRecord], seg, report: FileReport, bad_pages: set[int],
                        odd_size: dict[int, str]) -> list[CaseRecord]:
    """A case that lost sections with a page that could not be read, or read from a
    damaged page box, says so in its record and in the report."""
    index = {f"{seg.facts.edition}-{c.header.volume_no}-{c.case_no:03d}": i for i, c in enumerate(seg.cases)}
    lost = bad_pages | {n for n, e in report.pages.items() if e["kind"] == "unknown"}
    by_case = lost_pages_by_case(seg.cases, lost)
    out = []
    for rec in records:
        extra = [f"page {n}: {odd_size[n]}; read as it is" for n in rec.source.pages if n in odd_size]
        pages = by_case.get(index.get(rec.case_id, -1), [])
        missing = lost_sections(rec, [r for r in records if r is not rec]) if pages else []
        if missing:
            why = "; ".join(f"page {n}: {report.pages.get(n, {}).get('reason', 'not read')}" for n in pages)
            extra.append(f"sections lost with a page not read ({why}): {', '.join(missing)}")
            report.add("warning", "sections_lost",
                       f"{', '.join(missing)} not found, which most cases of the volume have; {_pages_text(pages)} "
                       f"next to the case could not be read as a case page ({why}); the record keeps what was found",
                       f"the page is probably damaged; {FIX_DOWNLOAD}", page=pages[0], case_id=rec.case_id,
                       detail={"lost_sections": missing, "lost_pages": pages})
        out.append(rec.model_copy(update={"warnings": rec.warnings + extra}) if extra else rec)
    return out


def enrich_records(records: list[CaseRecord], report: FileReport) -> list[CaseRecord]:
    """Each record with its derived fields (issue 7: effect metrics, interview topics,
    department units). A record whose derived fields fail is kept without them (a
    warning); one that does not validate is left as it is, for the final check to report."""
    from .nlp_enrich import enrich

    out = []
    for rec in records:
        try:
            base = validate_record(rec)
        except ValidationError:
            out.append(rec)
            continue
        page = rec.source.pages[0] if rec.source.pages else None
        try:
            enriched = validate_record(enrich(base))
            effects_page = next((p.page for p in base.provenance if p.field == "effects"), page)
            for w in enriched.warnings[len(base.warnings):]:
                report.add("warning", "record_warning", w, "a derived value rests on an assumption; check it in the PDF",
                           page=effects_page, case_id=rec.case_id)
            out.append(enriched)
            continue
        except ValidationError as exc:
            p = validation_problem(rec.case_id, exc)
            reason, detail = f"field {p['field']} = {p['value']}: {p['message']}", p
        except Exception as exc:
            reason, detail = f"{type(exc).__name__}: {exc}", None
        report.add("warning", "enrich_failed", f"derived fields (effect metrics, topics, units) not written: {reason}",
                   "the record is written without them; please report it", page=page, case_id=rec.case_id, detail=detail)
        out.append(base)
    return out


def file_records(report: FileReport, pages: list[PageLayout], bad_pages: dict[int, str]) -> tuple[FileReport, list[CaseRecord] | None]:
    """The enriched records of one laid-out file (None if the file failed) and its report:
    the unit of work a worker process can take."""
    report.page_count = len(pages) + len(bad_pages)
    try:
        recs = records_from_layout(pages, report.file, report.sha256, report, bad_pages)
        if report.errors:
            report.status = "partial"
        return report, enrich_records(recs, report)
    except InputError as exc:
        report.fail(exc)
    except Exception as exc:  # a bug must not cost the other files
        report.fail(InputError(f"internal error: {type(exc).__name__}: {exc}", "a bug in the pipeline; please report it with the file",
                               code="internal"))
    return report, None


# --- the job --------------------------------------------------------------------------


def _rank(rec: CaseRecord, rep: FileReport) -> tuple:
    """Which of two records of one case to keep: the more complete one."""
    rec_issues = sum(1 for i in rep.issues if i.case_id == rec.case_id)
    return (rec_issues, -len(rec.source.pages), len(rep.issues), rep.file)


def run(raw_dir: Path, *, workers: int = 0, cache_dir: Path | None = None, progress: str = "quiet",
        while_waiting=None, budget: Budget | None = None) -> RunResult:
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


def _once(func):
    """func, to be called at most once (None stays None)."""
    if func is None:
        return None
    called = []

    def wrapper():
        if not called:
            called.append(True)
            func()
    return wrapper


def _run(raw_dir: Path, pool: WorkerPool, layout_cache: LayoutCache, progress: str, while_waiting) -> RunResult:
    workers = pool.workers
    files, skipped = list_inputs(raw_dir)
    reports: list[FileReport] = []
    by_sha: dict[str, FileReport] = {}
    counted: list[tuple[FileReport, str | bytes]] = []
    layouts: dict[str, tuple[list[PageLayout], dict[int, str]]] = {}
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

    def opened(k: int, res: OpenedFile | TaskFailed) -> None:
        rep, _, _, cached = to_open[k]
        if isinstance(res, TaskFailed):
            rep.fail(budget_error(res, "opening", pool.budget))
            return
        rep.__dict__.update(res.report.__dict__)  # the worker's copy, with any repair's warning
        if res.error is not None:
            rep.fail(InputError(*res.error[:2], code=res.error[2]))
        elif res.page_count is None:
            rep.page_count, rep.cached = len(cached), True
            layouts[rep.file] = (cached, {})
        else:
            rep.page_count = res.page_count
            counted.append((rep, res.source))
            if res.clean:
                clean.add(rep.file)

    pool.run([(open_file, (data, str(path), rep, cached is not None)) for rep, data, path, cached in to_open], opened)
    counted.sort(key=lambda c: reports.index(c[0]))  # file order, whatever order the workers finished in
    # Each file's records are built here as soon as it is laid out, while the workers
    # go on with the others; the order of the records does not depend on it.
    recs_of: dict[str, list[CaseRecord]] = {}

    def records_of(rep: FileReport) -> None:
        if rep.file in layouts and rep.status == "ok":
            recs = file_records(rep, *layouts[rep.file])[1]
            if recs is not None:
                recs_of[rep.file] = recs

    def laid_out(i: int, res) -> None:
        rep = counted[i][0]
        if isinstance(res, InputError):
            rep.fail(res)
            return
        pages = [p for p in res if isinstance(p, PageLayout)]
        bad = {p[0]: p[1] for p in res if isinstance(p, tuple)}
        layouts[rep.file] = (pages, bad)
        if pages and not bad and rep.file in clean:
            layout_cache.store(rep.sha256, pages)
        records_of(rep)

    with Progress("layout", total=sum(rep.page_count for rep, _ in counted), unit="pages", mode=progress) as prog:
        if counted:
            layout_files([(source, rep.page_count) for rep, source in counted], pool, on_file=laid_out, progress=prog,
                         while_waiting=while_waiting)
    fresh = {rep.file for rep, _ in counted}
    from_cache = [rep for rep in reports if rep.file not in fresh and rep.file in layouts and rep.status == "ok"]
    if workers > 1 and len(from_cache) > 1:
        # Nothing to lay out: the records of the files are built side by side.
        done = map_in_processes(file_records, [(rep, *layouts[rep.file]) for rep in from_cache], pool, while_waiting)
        for rep, res in zip(from_cache, done):
            if isinstance(res, Exception):
                rep.fail(InputError(f"the worker building the records stopped: {type(res).__name__}: {res}".rstrip(": "),
                                    "try --workers 1", code="internal"))
                continue
            rep.__dict__.update(res[0].__dict__)  # the worker's copy of the report
            if res[1] is not None:
                recs_of[rep.file] = res[1]
    else:
        for rep in from_cache:
            records_of(rep)
    records: list[CaseRecord] = []
    for rep in reports:
        records += recs_of.get(rep.file, [])
    # The ledger accounts for every page, also of a file that failed once its pages were
    # counted (a worker killed, a budget blown): what was not read is unknown, and why.
    for rep in reports:
        if rep.status == "failed" and rep.page_count:
            why = f"not read: {rep.errors[0].reason}" if rep.errors else "not read"
            for n in range(1, rep.page_count + 1):
                rep.pages.setdefault(n, {"kind": "unknown", "reason": why})
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
    return RunResult(unique, reports, skipped=skipped)


def _volume_of(rep: FileReport) -> str | None:
    """"{edition}-{volume_no}" of the cases found in a file this run."""
    ids = {e["case_id"].rsplit("-", 1)[0] for e in rep.pages.values() if e.get("case_id")}
    return ids.pop() if len(ids) == 1 else None


def _keep_if_degraded(previous: dict, new: CaseRecord, rep: FileReport) -> CaseRecord | None:
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
    rep.add("error", "degraded_record",
            f"the new record lacks {', '.join(lost)}, which the previous run's record has: the previous record is kept",
            f"the file is probably damaged; {FIX_DOWNLOAD}. If the volume really lost them, extract into a new --out folder",
            page=new.source.pages[0] if new.source.pages else None, case_id=new.case_id,
            detail={"lost_sections": lost, "previous_sha256": old.source.sha256})
    if rep.status == "ok":
        rep.status = "partial"
    rep.kept.append(new.case_id)
    return old


def carry_over(result: RunResult, previous: list[dict]) -> list[CaseRecord]:
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
        rep = by_file.get(src)
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
