"""The hand-offs of the job on one volume: segment → regions cut once → section parsers →
assemble → records, with issues as data from end to end (real PDFs, real layout)."""
from __future__ import annotations

from pathlib import Path

import pytest

import pipeline.sections.base as base
from pipeline.issues import IssueCode, LedgerKind, PageEntry, PageKind, RecordIssue, SectionKey
from pipeline.layout import layout_pdf
from pipeline.runreport import FileReport, Issue
from pipeline.sections.registry import PARSERS, classify_by_headings, heading_pages
from pipeline.segment import segment
from pipeline.volume import missing_sections, read_sections, records_from_layout

TAISEI = Path(__file__).resolve().parents[1] / "raw" / "jichitai_dx_jirei_v2_1_taisei.pdf"


@pytest.fixture(scope="module")
def taisei_pages():
    return layout_pdf(TAISEI, range(1, 9))  # cover, toc, guide, case 1 (pages 4-5), case 4 (pages 6-8)


def test_ledger_is_typed(taisei_pages):
    seg = segment(taisei_pages, classify_by_headings)
    kinds = {n: (e.kind, e.part, e.case_no) for n, e in seg.ledger.items()}
    assert kinds[1] == (LedgerKind.COVER, None, None)
    assert kinds[2] == (LedgerKind.TOC, None, None)
    assert {kinds[n] for n in (6, 7, 8)} == {(LedgerKind.CASE, PageKind.OVERVIEW, 4), (LedgerKind.CASE, PageKind.EFFECTS_COST, 4),
                                            (LedgerKind.CASE, PageKind.INTERVIEW, 4)}


def test_regions_are_cut_once_per_page(taisei_pages, monkeypatch):
    """Every parser reads the same cut: split_regions runs once per page whose sections
    sit under headings, not once per reader."""
    seg = segment(taisei_pages, classify_by_headings)
    case = next(c for c in seg.cases if c.case_no == 4)
    calls: list[int] = []
    real = base.split_regions

    def counted(lines, width, height, default=None, columns=None):
        calls.append(lines[0].page if lines else -1)
        return real(lines, width, height, default, columns)

    monkeypatch.setattr(base, "split_regions", counted)
    sections, unread, printed = read_sections(case)
    headed = [p.layout.page for p in case.pages if p.kind in heading_pages()]
    assert calls == headed and len(headed) == 2
    assert set(sections) == set(PARSERS)
    assert unread == []
    assert printed[:3] == ["point", "overview", "effects"]
    assert sections[SectionKey.COST].value is not None and sections[SectionKey.COST].found
    assert sections[SectionKey.INTERVIEW].value.qa


def test_records_carry_warnings_rendered_from_their_issues(taisei_pages):
    """A case that lost its effects/cost page: the missing sections are data (section
    keys), the record's warning strings are rendered from them, and the report's issue
    for each names its section and page without parsing a string."""
    pages = [p for p in taisei_pages if p.page != 7]
    report = FileReport(file="taisei.pdf", sha256="0" * 64)
    records = records_from_layout(pages, report.file, "0" * 64, report, {})
    rec = next(r for r in records if r.case_id == "2.0-1-004")
    assert "section not found: effects" in rec.warnings
    missing = next(i for i in report.issues if i.code == "sections_missing" and i.case_id == rec.case_id)
    assert missing.detail == {"missing_sections": ["effects", "cost", "schedule", "providers", "department"]}
    assert report.ledger[6].case_id == "2.0-1-004"


def test_missing_sections_without_the_effects_cost_page(taisei_pages):
    from pipeline.assemble import assemble

    seg = segment([p for p in taisei_pages if p.page != 7], classify_by_headings)
    case = next(c for c in seg.cases if c.case_no == 4)
    sections, unread, printed = read_sections(case)
    draft = assemble(case, seg.facts, "taisei.pdf", "0" * 64, sections, unread, printed)
    assert missing_sections(draft, case) == ["effects", "cost", "schedule", "providers", "department"]
    rec = draft.record()
    assert rec.warnings == [i.render() for i in draft.issues]


def test_record_issue_renders_the_warning_strings_of_the_contract():
    assert RecordIssue(IssueCode.SECTION_NOTE, "1 table read", SectionKey.COST, 7).render() == "cost on page 7: 1 table read"
    assert RecordIssue(IssueCode.WEAK_SIGNAL, "title read from its form", page=3).render() == "page 3: title read from its form"
    assert RecordIssue(IssueCode.SECTION_NOT_FOUND, "section not found: effects", SectionKey.EFFECTS).render() == \
        "section not found: effects"
    assert RecordIssue(IssueCode.DERIVED_VALUE, "unit assumed", SectionKey.EFFECTS, 49, page_style="suffix").render() == \
        "unit assumed (page 49)"


def test_console_line_names_the_page_once():
    """A record's warning names its page itself: the console line does not repeat it."""
    said = Issue("warning", IssueCode.RECORD_WARNING, "cost on page 7: 1 table read", page=7, case_id="2.0-1-004",
                 section=SectionKey.COST, states_page=True)
    assert said.line("a.pdf") == "a.pdf [2.0-1-004]: cost on page 7: 1 table read"
    plain = Issue("warning", IssueCode.PAGE_UNKNOWN, "blank: not counted in any case", page=3)
    assert plain.line("a.pdf") == "a.pdf (page 3): blank: not counted in any case"


# --- the end of the run: exit code and report (moved out of cli.py) -------------------


def _result(status: str = "ok", warning: bool = False):
    from pipeline.runreport import RunResult

    rep = FileReport(file="a.pdf", sha256="0" * 64, status=status, page_count=1)
    rep.set_page(1, PageEntry(LedgerKind.COVER))
    if warning:
        rep.add("warning", IssueCode.PAGE_UNKNOWN, "blank", page=1)
    return RunResult([], [rep])


@pytest.mark.parametrize(("status", "warning", "strict", "fresh", "code"), [
    ("ok", False, False, 1, 0),
    ("ok", True, False, 1, 0),  # a warning fails only under --strict
    ("ok", True, True, 1, 1),
    ("partial", False, False, 1, 1),
    ("failed", False, False, 1, 1),
    ("ok", False, False, 0, 2),  # nothing usable
])
def test_exit_code_policy(status, warning, strict, fresh, code):
    from pipeline.runreport import exit_code

    assert exit_code(_result(status, warning), fresh=fresh, correction_errors=False, correction_warnings=False, strict=strict) == code


def test_run_report_keeps_its_keys_and_names_sections():
    from pipeline.runreport import run_report

    res = _result()
    res.files[0].add("warning", IssueCode.RECORD_WARNING, "cost on page 1: 1 table read", page=1, case_id="2.0-1-001",
                     section=SectionKey.COST, states_page=True)
    rep = run_report(res, "raw", written=[], kept=[], exit_code=0, strict=False)
    assert {"pipeline_version", "raw", "strict", "exit_code", "status", "files", "cases", "case_ids", "kept_from_previous_run",
            "pages", "page_ledger", "unread_files", "failed", "partial", "errors", "warnings", "issues", "skipped"} <= set(rep)
    assert rep["page_ledger"] == {"cover": 1, "toc": 0, "guide": 0, "case": 0, "unknown": 0}
    [issue] = rep["issues"]
    assert (issue["code"], issue["section"], issue["page"]) == ("record_warning", "cost", 1)
    assert rep["warnings"] == ["a.pdf [2.0-1-001]: cost on page 1: 1 table read"]
