"""One laid-out volume to records, straight through:

    segment (page kinds from the section registry) → per case: unknown headings set
    aside → regions cut once per page → every section parser of the registry → assemble
    → the volume's checks (sections lost with a damaged page) → records → enrich.

Issues are data all the way (`issues.RecordIssue`, `runreport.Issue`): a record's
warnings are rendered from its issues once, at the end, and never read back. The records
are validated once, by the job, before they are written (`runreport.validated`).

Issue levels: an `error` means something that should have been extracted was not
(the file failed, a page could not be read, a case could not be built); a `warning`
means everything found was extracted but the input is suspect (pages missing, a
section not found, a heading the rules do not know). `--strict` fails on both.
"""
from __future__ import annotations

from .assemble import Assembled, assemble
from .checks import check_page_sequence, check_page_sizes, lost_pages_by_case, lost_sections
from .issues import IssueCode, LedgerKind, PageEntry, PageKind, RecordIssue, SectionKey
from .layout import PageLayout
from .models import CaseRecord
from .nlp.tokenizer import dictionary_word_across
from .plausibility import plausibility_issues
from .runreport import FIX_DOWNLOAD, FileReport, InputError
from .sections.base import SectionResult, cut_regions
from .sections.narrative import unread_issues
from .sections.registry import (PARSERS, classify_by_headings, expected_sections, heading_pages, sections_on,
                                settle_providers)
from .sections.figures import Figure, set_aside_figures
from .sections.unknown import HeadingStyle, UnknownSection, heading_style, set_aside_unknown_sections
from .segment import CaseSlice, Segmentation, segment

# Record issues the run report carries under codes of their own (not `record_warning`).
_OWN_REPORT_CODES = (IssueCode.SECTION_NOT_FOUND, IssueCode.UNKNOWN_HEADING, IssueCode.PAGE_SIZE_READ, IssueCode.SECTIONS_LOST)


def pages_text(pages: list[int]) -> str:
    return f"page {pages[0]}" if len(pages) == 1 else f"pages {pages[0]}-{pages[-1]}" if pages == list(range(pages[0], pages[-1] + 1)) \
        else "pages " + ", ".join(map(str, pages))


# --- one case ---------------------------------------------------------------------------


def read_sections(case: CaseSlice) -> tuple[dict[SectionKey, SectionResult], list[RecordIssue], list[str]]:
    """Every section of the case as its parser reads it, from one cut of each page into
    regions; the text of those pages no section took; the sections in printed order."""
    cut = cut_regions(case, heading_pages())
    printed = list(dict.fromkeys(r.key for pr in cut for r in pr.regions))
    sections = {key: parser.parse_case(case, cut) for key, parser in PARSERS.items()}
    settle_providers(sections, dictionary_word_across)
    return sections, unread_issues(cut), printed


def missing_sections(draft: Assembled, case: CaseSlice) -> list[SectionKey]:
    """Sections the case lacks: those every case has (`expected_sections`), and when its
    effects are missing and it has no effects/cost page, the boxes that page holds: the
    page itself is probably what is missing."""
    missing = [i.section for i in draft.issues if i.code == IssueCode.SECTION_NOT_FOUND and i.section is not None]
    has_cost_page = any(p.kind == PageKind.EFFECTS_COST for p in case.pages)
    if SectionKey.EFFECTS in missing and not has_cost_page:
        missing += [k for k in sections_on(PageKind.EFFECTS_COST)
                    if k not in expected_sections() and k not in missing and not draft.has(str(k))]
    return missing


def _unknown_heading_issue(u: UnknownSection) -> RecordIssue:
    return RecordIssue(IssueCode.UNKNOWN_HEADING, f"unknown section heading {u.heading!r} on page {u.page}", None, u.page,
                       page_style="none")


def _figure_issue(f: Figure) -> RecordIssue:
    """A figure set aside is a region no section parser took: its text is named, so a
    table or list wrongly taken for a diagram is never lost without a word."""
    text = f.text if len(f.text) <= 80 else f.text[:79] + "…"
    return RecordIssue(IssueCode.FIGURE_SET_ASIDE, f"a {f.kind} on page {f.page} set aside, its text in no field: {text!r}",
                       None, f.page, page_style="none")


# --- the volume -------------------------------------------------------------------------


def _ledger(pages: list[PageLayout], report: FileReport, bad_pages: dict[int, str]) -> Segmentation:
    for n, why in sorted(bad_pages.items()):
        report.set_page(n, PageEntry(LedgerKind.UNKNOWN, reason=why))
        report.add("error", IssueCode.PAGE_UNREADABLE, why, "the page was skipped; check it in the PDF", page=n)
    if pages and not any(p.lines for p in pages):
        for p in pages:
            report.set_page(p.page, PageEntry(LedgerKind.UNKNOWN, reason="no text layer (an image only)"))
        raise InputError("no text layer: every page is an image (a scan)",
                         "this pipeline reads the PDF's text; run OCR first (e.g. ocrmypdf) or fetch the original PDF", code="no_text")
    try:
        seg = segment(pages, classify_by_headings)
    except Exception as exc:
        for p in pages:
            report.set_page(p.page, PageEntry(LedgerKind.UNKNOWN, reason="segmentation failed"))
        raise InputError(f"the pages cannot be segmented: {type(exc).__name__}: {exc}",
                         "a bug in the segment stage; please report it with the file", code="segment_failed") from exc
    return seg


def records_from_layout(pages: list[PageLayout], file: str, sha256: str, report: FileReport,
                        bad_pages: dict[int, str] | None = None) -> list[CaseRecord]:
    """Segment laid-out pages and build one record per case (not validated yet: the job
    validates once, before writing); every page gets its place in report.pages (the
    ledger). Raises InputError when nothing in the file can be used."""
    bad_pages = bad_pages or {}
    seg = _ledger(pages, report, bad_pages)
    odd_size = check_page_sizes(pages)
    for p in pages:
        entry = seg.ledger.get(p.page, PageEntry(LedgerKind.UNKNOWN))
        if entry.kind == LedgerKind.UNKNOWN:
            entry.reason = ("no text (a blank page or an image)" if not p.lines else
                            odd_size.get(p.page) or "not a cover, contents, guide or case page")
        report.set_page(p.page, entry)
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
    for n, e in sorted(report.ledger.items()):
        if n in odd_size:
            unread = e.kind == LedgerKind.UNKNOWN
            report.add("warning", IssueCode.PAGE_SIZE, odd_size[n] + ("; not read as a case page" if unread else ""),
                       "a page whose box is damaged, very large or very long is not laid out like a slide; check it in the PDF", page=n)
        elif e.kind == LedgerKind.UNKNOWN and n not in bad_pages:
            report.add("warning", IssueCode.PAGE_UNKNOWN, f"{e.reason}: not counted in any case",
                       "if the page belongs to a case, its header band or title was not recognised", page=n)
    check_page_sequence(pages, seg, report)
    style = heading_style(seg.cases)
    drafts = [d for case in seg.cases if (d := _case_draft(case, seg, file, sha256, report, style)) is not None]
    extra = _volume_issues(drafts, seg, report, set(bad_pages), odd_size)
    records = [d.record(extra.get(d.case_id)) for d in drafts]
    for d in drafts:
        _report_record_issues(d, report)
    return records


def _case_draft(case: CaseSlice, seg: Segmentation, file: str, sha256: str, report: FileReport,
                style: HeadingStyle | None) -> Assembled | None:
    case_id = f"{seg.facts.edition}-{case.header.volume_no}-{case.case_no:03d}"
    pnos = [p.layout.page for p in case.pages]
    for n in pnos:
        report.set_case(n, case_id)
    case, figures, figure_issues = set_aside_figures(case)
    unknown: list[UnknownSection] = []
    if style is not None:
        try:
            case, unknown = set_aside_unknown_sections(case, style)
        except Exception:  # the check is a nicety: never let it cost the case
            unknown = []
    try:
        sections, unread, printed = read_sections(case)
        draft = assemble(case, seg.facts, file, sha256, sections, unread, printed)
    except Exception as exc:
        report.add("error", IssueCode.CASE_FAILED, f"the case cannot be built ({pages_text(pnos)}): {type(exc).__name__}: {exc}; the case is not written",
                   "a bug in a section parser; please report it with the file", page=pnos[0], case_id=case_id)
        return None
    for u in unknown:
        report.add("warning", IssueCode.UNKNOWN_HEADING, f"unknown section heading {u.heading!r}: its text is kept in run_report.json, not in the record",
                   "add the wording to [headings] in pipeline/rules/layout.toml if it names a known section",
                   page=u.page, case_id=case_id, detail=u.to_dict())
    draft.issues += figure_issues + [_figure_issue(f) for f in figures]
    draft.issues += plausibility_issues(draft.record(), [p.layout for p in case.pages])
    draft.issues += [_unknown_heading_issue(u) for u in unknown]
    missing = missing_sections(draft, case)
    if missing:
        report.add("warning", IssueCode.SECTIONS_MISSING,
                   f"sections not found: {', '.join(missing)} ({pages_text(pnos)}); the record keeps what was found",
                   "a page of the case may be missing, or a heading is worded differently", page=pnos[0], case_id=case_id,
                   detail={"missing_sections": [str(k) for k in missing]})
    return draft


def _report_record_issues(draft: Assembled, report: FileReport) -> None:
    first = draft.fields["source"].pages[0] if draft.fields["source"].pages else None
    for i in draft.issues:
        if i.code in _OWN_REPORT_CODES:
            continue
        report.add("warning", IssueCode.RECORD_WARNING, i.render(), "the record is written as read; check this field in the PDF",
                   page=i.page if i.page is not None else first, case_id=draft.case_id, section=i.section,
                   states_page=i.page is not None)


def _volume_issues(drafts: list[Assembled], seg: Segmentation, report: FileReport, bad_pages: set[int],
                   odd_size: dict[int, str]) -> dict[str, list[RecordIssue]]:
    """case id -> the issues the volume's checks give it: read from a page whose box is
    odd, or sections lost with a page next to it that could not be read."""
    index = {f"{seg.facts.edition}-{c.header.volume_no}-{c.case_no:03d}": i for i, c in enumerate(seg.cases)}
    lost = bad_pages | {n for n, e in report.ledger.items() if e.kind == LedgerKind.UNKNOWN}
    by_case = lost_pages_by_case(seg.cases, lost)
    out: dict[str, list[RecordIssue]] = {}
    for d in drafts:
        extra = [RecordIssue(IssueCode.PAGE_SIZE_READ, f"{odd_size[n]}; read as it is", page=n)
                 for n in d.fields["source"].pages if n in odd_size]
        pages = by_case.get(index.get(d.case_id, -1), [])
        missing = lost_sections(d, [o for o in drafts if o is not d]) if pages else []
        if missing:
            why = "; ".join(f"page {n}: {e.reason if (e := report.ledger.get(n)) and e.reason else 'not read'}" for n in pages)
            extra.append(RecordIssue(IssueCode.SECTIONS_LOST, f"sections lost with a page not read ({why}): {', '.join(missing)}",
                                     page=pages[0], page_style="none"))
            report.add("warning", IssueCode.SECTIONS_LOST,
                       f"{', '.join(missing)} not found, which most cases of the volume have; {pages_text(pages)} "
                       f"next to the case could not be read as a case page ({why}); the record keeps what was found",
                       f"the page is probably damaged; {FIX_DOWNLOAD}", page=pages[0], case_id=d.case_id,
                       detail={"lost_sections": missing, "lost_pages": pages})
        if extra:
            out[d.case_id] = extra
    return out


# --- enrich -----------------------------------------------------------------------------


def enrich_records(records: list[CaseRecord], report: FileReport) -> list[CaseRecord]:
    """Each record with its derived fields (issue 7: effect metrics, interview topics,
    department units). A record whose derived fields fail is kept without them (a
    warning). Nothing is validated here: the job validates every record once, after this."""
    from .nlp_enrich import enrich

    out = []
    for rec in records:
        page = rec.source.pages[0] if rec.source.pages else None
        try:
            enriched = enrich(rec)
        except Exception as exc:
            report.add("warning", IssueCode.ENRICH_FAILED, f"derived fields (effect metrics, topics, units) not written: {type(exc).__name__}: {exc}",
                       "the record is written without them; please report it", page=page, case_id=rec.case_id)
            out.append(rec)
            continue
        effects_page = next((p.page for p in rec.provenance if p.field == "effects"), page)
        for i in enriched.issues[len(rec.issues):]:
            report.add("warning", IssueCode.RECORD_WARNING, i.message, "a derived value rests on an assumption; check it in the PDF",
                       page=i.page if i.page is not None else effects_page, case_id=rec.case_id,
                       section=i.section or SectionKey.EFFECTS, states_page=i.page is not None)
        out.append(enriched)
    return out


__all__ = ["enrich_records", "missing_sections", "read_sections", "records_from_layout"]
