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

import os
import re
from pathlib import Path

from pydantic import ValidationError

from . import cache
from .assemble import build_record
from .checks import check_page_sequence, check_page_sizes
from .inputs import inspect_pdf, open_or_repair, read_checked
from .layout import PageLayout
from .models import CaseRecord, validate_record, validation_problem
from .parallel import count_pages, layout_files, map_in_processes
from .progress import Progress
from .runreport import FIX_DOWNLOAD, FileReport, InputError, RunResult
from .sections.unknown import heading_style, set_aside_unknown_sections
from .segment import CaseSlice, segment

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
                on = re.search(r"\bpage (\d+)\b", w)
                report.add("warning", "record_warning", w, "the record is written as read; check this field in the PDF",
                           page=int(on.group(1)) if on else pnos[0], case_id=case_id)
        records.append(rec)
    return records


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
            out.append(validate_record(enrich(base)))
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
        while_waiting=None) -> RunResult:
    """Extract every *.pdf in raw_dir (sorted by name, so the order on disk never matters)
    to validated, enriched records. ``while_waiting()`` is called once while worker
    processes run, if they do: a place to load what comes after."""
    workers = workers or os.cpu_count() or 1
    files = sorted((p for p in Path(raw_dir).iterdir() if p.is_file() and p.suffix.lower() == ".pdf"), key=lambda p: p.name)
    reports: list[FileReport] = []
    by_sha: dict[str, FileReport] = {}
    counted: list[tuple[FileReport, str | bytes]] = []
    layouts: dict[str, tuple[list[PageLayout], dict[int, str]]] = {}
    clean: set[str] = set()  # files that opened without a repair
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
        source: str | bytes = repaired if repaired is not None else str(path)
        # A layout is cached only for a file that opened cleanly (see laid_out): these
        # very bytes, read by these very library versions, so opening it again would
        # only count its pages.
        cached = cache.load(cache_dir, sha) if repaired is None else None
        if cached:
            rep.page_count, rep.cached = len(cached), True
            layouts[rep.file] = (cached, {})
            continue
        repaired_on_open = False
        try:
            try:
                rep.page_count = count_pages(source)
                if rep.page_count == 0:
                    raise InputError("no pages found", code="damaged")
            except InputError as exc:
                if exc.code != "damaged" or repaired is not None:
                    raise
                # startxref points at a cross-reference section, but it cannot be read.
                repaired_on_open = True
                try:
                    source = open_or_repair(data, rep, "the section startxref points at cannot be read") or source
                except InputError:
                    if exc.reason == "no pages found":
                        raise InputError("the PDF has no pages", f"an empty document; {FIX_DOWNLOAD}", code="no_pages") from None
                    raise
                rep.page_count = count_pages(source)
        except InputError as exc:
            rep.fail(exc)
            continue
        counted.append((rep, source))
        if repaired is None and not repaired_on_open:
            clean.add(rep.file)
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
            cache.store(cache_dir, rep.sha256, pages)
        records_of(rep)

    with Progress("layout", total=sum(rep.page_count for rep, _ in counted), unit="pages", mode=progress) as prog:
        layout_files([(source, rep.page_count) for rep, source in counted], workers, on_file=laid_out, progress=prog,
                     while_waiting=while_waiting)
    fresh = {rep.file for rep, _ in counted}
    from_cache = [rep for rep in reports if rep.file not in fresh and rep.file in layouts and rep.status == "ok"]
    if workers > 1 and len(from_cache) > 1:
        # Nothing to lay out: the records of the files are built side by side.
        done = map_in_processes(file_records, [(rep, *layouts[rep.file]) for rep in from_cache], workers, while_waiting)
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
