"""The section parsers, one per section key, and what the other stages derive from them:
page classification (which headings make a page of which kind), the sections a case
is expected to have, the review site's section list.

Adding a heading-led section: its printed headings under [headings] in
rules/layout.toml, its key in issues.SectionKey, one parser class here (its reader in a
module of its own if it is more than a few lines), its field in models.py, the contract
and the output tables. Assembly takes the section's fields from `record_fields`.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..issues import IssueCode, PageKind, RecordIssue, SectionKey
from ..layout import Line
from ..models import InterviewItem
from ..ruleset import heading_key
from .base import PageRegions, SectionParser, SectionResult, box_of, section_notes
from .regions import Region
from .contact import DepartmentInfo, parse_department_box
from .cost import CostTable, read_cost_table
from .interview import InterviewResult, parse_interview
from .narrative import read_effects, read_overview_pages, read_point
from .providers import ProvidersResult, WordAcross, parse_providers, settle_undecided
from .schedule import parse_schedule

if TYPE_CHECKING:
    from ..segment import CasePage, CaseSlice


def _lines(regions: list[Region]) -> list[Line]:
    return [ln for r in regions for ln in r.lines]


class PointParser(SectionParser):
    key = SectionKey.POINT
    label = "Point"
    page_kinds = (PageKind.OVERVIEW, PageKind.EFFECTS_COST)
    marks_page = PageKind.OVERVIEW

    def parse(self, regions: list[Region], page: CasePage) -> SectionResult:
        texts = [t for r in regions if (t := read_point(r.lines))]
        return SectionResult("\n".join(texts) if texts else None, {self.key: _lines(regions)}, found=True)

    def combine(self, results: list[SectionResult]) -> SectionResult:
        out = super().combine(results)
        texts = [r.value for r in results if r.value]
        out.value = "\n".join(texts) if texts else None
        return out


class _ListParser(SectionParser):
    """A section read as a list of items: an empty list when not printed."""

    def record_fields(self, result: SectionResult) -> dict[str, Any]:
        return {str(self.key): result.value or []}


class OverviewParser(_ListParser):
    key = SectionKey.OVERVIEW
    label = "事業の概要"
    page_kinds = (PageKind.OVERVIEW, PageKind.EFFECTS_COST)
    marks_page = PageKind.OVERVIEW

    def parse(self, regions: list[Region], page: CasePage) -> SectionResult:
        [(items, notes)] = read_overview_pages([(page.layout.page, regions, page.layout.rulings)])
        return SectionResult(items, {self.key: _lines(regions)}, section_notes(self.key, page.layout.page, notes), found=True)

    def parse_case(self, case: CaseSlice, pages: list[PageRegions]) -> SectionResult:
        """The pages read together: a table split between pages goes on in the columns
        of its part on the page before (narrative.read_overview_pages)."""
        mine = [(pr, rs) for pr in pages if pr.page.kind in self.page_kinds
                if (rs := [r for r in pr.regions if r.key == self.key])]
        reads = read_overview_pages([(pr.number, rs, pr.page.layout.rulings) for pr, rs in mine])
        return self.combine([SectionResult(items, {self.key: _lines(rs)}, section_notes(self.key, pr.number, notes), found=True)
                             for (pr, rs), (items, notes) in zip(mine, reads)])

    def combine(self, results: list[SectionResult]) -> SectionResult:
        out = super().combine(results)
        out.value = [t for r in results for t in r.value]
        return out


class EffectsParser(_ListParser):
    key = SectionKey.EFFECTS
    label = "事業効果"
    page_kinds = (PageKind.EFFECTS_COST, PageKind.OVERVIEW)

    def parse(self, regions: list[Region], page: CasePage) -> SectionResult:
        return SectionResult([t for r in regions for t in read_effects(r.lines)], {self.key: _lines(regions)}, found=True)

    def combine(self, results: list[SectionResult]) -> SectionResult:
        out = super().combine(results)
        out.value = [t for r in results for t in r.value]
        return out


class CostParser(SectionParser):
    key = SectionKey.COST
    label = "コスト"
    page_kinds = (PageKind.EFFECTS_COST,)
    marks_page = PageKind.EFFECTS_COST
    continues_unheaded = True

    def parse(self, regions: list[Region], page: CasePage) -> SectionResult:
        return self._read(regions, page, None)[0]

    def parse_case(self, case: CaseSlice, pages: list[PageRegions]) -> SectionResult:
        # As the base, but the table read so far goes on to the next page: a cost table
        # split between slides continues there without its イニシャルコスト/ランニングコスト row.
        results = []
        table: CostTable | None = None
        for pr in pages:
            mine = [r for r in pr.regions if r.key == self.key]
            if pr.page.kind in self.page_kinds and mine:
                res, table = self._read(mine, pr.page, table)
                results.append(self._with_continuation_notes(res, mine, pr))
        return self.combine(results)

    def _read(self, regions: list[Region], page: CasePage, before: CostTable | None) -> tuple[SectionResult, CostTable | None]:
        out = SectionResult(sources={self.key: _lines(regions)}, found=True)
        table = before
        for r in regions:
            notes: list[str] = []
            read = read_cost_table(r.lines, page.layout.rulings, box_of(r), notes, table)
            if read is None and r.lines:
                notes.append("no イニシャルコスト/ランニングコスト table read under the heading")
            elif read is not None and read is table:
                notes.append("no イニシャルコスト/ランニングコスト row: read as the continuation of the cost table "
                             "before, in its columns")
            if read is not None:
                table = read
                out.value = read.cost(notes)
            out.issues += section_notes(self.key, page.layout.page, notes)
        return out, table


class ScheduleParser(SectionParser):
    key = SectionKey.SCHEDULE
    label = "スケジュール"
    page_kinds = (PageKind.EFFECTS_COST,)
    marks_page = PageKind.EFFECTS_COST
    continues_unheaded = True

    def parse(self, regions: list[Region], page: CasePage) -> SectionResult:
        out = SectionResult(sources={self.key: _lines(regions)}, found=True)
        for r in regions:
            notes: list[str] = []
            read = parse_schedule(r.lines, page.layout.rulings, box_of(r), notes)
            out = self.combine([out, SectionResult(read)])
            out.issues += section_notes(self.key, page.layout.page, notes)
        return out

    def combine(self, results: list[SectionResult]) -> SectionResult:
        value = None
        for r in results:
            if value is not None and r.value is not None:
                # The rest of a schedule table continued on the next page: its steps follow.
                value.steps += r.value.steps
                value.lead_time_text = value.lead_time_text or r.value.lead_time_text
                value.lead_time_months = value.lead_time_months or r.value.lead_time_months
            else:
                value = r.value or value
        out = super().combine([])
        for r in results:
            for k, lines in r.sources.items():
                out.sources.setdefault(k, []).extend(lines)
            out.issues += r.issues
            out.found = out.found or r.found
        out.value = value
        return out


class ProvidersParser(SectionParser):
    key = SectionKey.PROVIDERS
    label = "サービス提供事業者等"
    page_kinds = (PageKind.EFFECTS_COST,)
    marks_page = PageKind.EFFECTS_COST
    continues_unheaded = True

    def parse(self, regions: list[Region], page: CasePage) -> SectionResult:
        out = SectionResult(sources={self.key: _lines(regions)}, found=True)
        for r in regions:
            notes: list[str] = []
            read = parse_providers(r.lines, page.layout.rulings, box_of(r), notes)
            out.value = out.value.merged(read) if out.value else read
            out.issues += section_notes(self.key, page.layout.page, notes)
        return out

    def record_fields(self, result: SectionResult) -> dict[str, Any]:
        prov: ProvidersResult | None = result.value
        return {"providers": prov.providers if prov else [], "services": prov.services if prov else [],
                "operation": prov.operation if prov else None, "participants": prov.participants if prov else []}

    def combine(self, results: list[SectionResult]) -> SectionResult:
        value: ProvidersResult | None = None
        for r in results:
            if r.value is not None:
                value = value.merged(r.value) if value else r.value
        out = super().combine(results)
        out.value = value
        return out


def settle_providers(sections: dict[SectionKey, SectionResult], word_across: WordAcross) -> None:
    """The サービス提供事業者等 box's names read apart at breaks geometry left open, joined
    where the dictionary (`word_across`, handed in by the job: sections import no nlp)
    finds a word across the break; each join is noted on its page."""
    res = sections.get(SectionKey.PROVIDERS)
    if res is None or not isinstance(res.value, ProvidersResult):
        return
    for page, note in settle_undecided(res.value, word_across):
        res.issues += section_notes(SectionKey.PROVIDERS, page, [note])


class DepartmentParser(SectionParser):
    """担当部署: a box on the effects/cost page, else on the overview page. (A case with
    neither prints it in the interview's 【参考情報】: assembly falls back to that.)"""

    key = SectionKey.DEPARTMENT
    label = "担当部署"
    page_kinds = (PageKind.EFFECTS_COST, PageKind.OVERVIEW)
    continues_unheaded = True

    def parse(self, regions: list[Region], page: CasePage) -> SectionResult:
        out = SectionResult(found=True)
        if page.kind == PageKind.OVERVIEW:
            # Only a box under its own heading there: the overview page is read for the
            # department only when the effects/cost page has none.
            for r in regions:
                if r.heading is None:
                    continue
                notes: list[str] = []
                read = parse_department_box(r.lines, notes)
                out.issues += section_notes(self.key, page.layout.page, notes)
                out.sources.setdefault(self.key, []).extend(r.lines)
                if read:
                    out.value = read
                    break
            return out
        depts: list[DepartmentInfo] = []
        out.sources[self.key] = _lines(regions)
        for r in regions:
            notes = []
            depts += parse_department_box(r.lines, notes)
            out.issues += section_notes(self.key, page.layout.page, notes)
        out.value = depts or None
        return out

    def record_fields(self, result: SectionResult) -> dict[str, Any]:
        # Assembly fills department and other_departments: a case with no box prints its
        # department in the interview's 【参考情報】 (contact.parse_department_line).
        return {}

    def parse_case(self, case: CaseSlice, pages: list[PageRegions]) -> SectionResult:
        out = super().parse_case(case, [p for p in pages if p.page.kind == PageKind.EFFECTS_COST])
        if out.value:
            return out
        for pr in pages:
            mine = [r for r in pr.regions if r.key == self.key]
            if pr.page.kind != PageKind.OVERVIEW or not mine:
                continue
            read = self.parse(mine, pr.page)
            out.issues += read.issues
            out.found = out.found or read.found
            for k, lines in read.sources.items():
                out.sources.setdefault(k, []).extend(lines)
            if read.value:
                out.value = read.value
                break
        return out

    def combine(self, results: list[SectionResult]) -> SectionResult:
        out = super().combine(results)
        depts = [d for r in results for d in (r.value or [])]
        out.value = depts or None
        return out


class InterviewParser(SectionParser):
    """インタビュー: the questions and answers of the interview pages and their closing
    【参考情報】 block. Not under a heading of [headings]: its pages are told by their
    questions (see `classify_page`), and it reads the case's interview pages as one stream."""

    key = SectionKey.INTERVIEW
    label = "インタビュー"
    page_kinds = (PageKind.INTERVIEW,)
    heading_led = False

    def parse(self, regions: list[Region], page: CasePage) -> SectionResult:
        raise NotImplementedError("the interview is read over all its pages at once (parse_case)")

    def record_fields(self, result: SectionResult) -> dict[str, Any]:
        iv: InterviewResult = result.value
        return {"interview": [InterviewItem(q=q, a=a) for q, a in iv.qa]}

    def parse_case(self, case: CaseSlice, pages: list[PageRegions]) -> SectionResult:
        iv = parse_interview(case)
        issues = [RecordIssue(IssueCode.SECTION_NOTE, msg, self.key, page) for page, msg in iv.notes]
        return SectionResult(iv, dict(iv.sources), issues, found=bool(iv.qa))


PARSERS: dict[SectionKey, SectionParser] = {p.key: p for p in (
    PointParser(), OverviewParser(), EffectsParser(), CostParser(), ScheduleParser(), ProvidersParser(),
    DepartmentParser(), InterviewParser())}


# --- what the other stages derive from the registry ---------------------------------


def heading_led_keys() -> list[SectionKey]:
    """The sections found under a heading of [headings] in rules/layout.toml."""
    return [k for k, p in PARSERS.items() if p.heading_led]


def page_marks() -> dict[SectionKey, PageKind]:
    """heading key -> the page kind a page holding that heading is."""
    return {k: p.marks_page for k, p in PARSERS.items() if p.marks_page is not None}


def sections_on(kind: PageKind) -> list[SectionKey]:
    """The sections printed on a page of this kind by design (the first of their page kinds)."""
    return [k for k, p in PARSERS.items() if p.page_kinds[0] == kind]


def heading_pages() -> set[PageKind]:
    """Page kinds whose sections sit under headings: where regions are cut, and where an
    unknown heading can stand."""
    return {kind for p in PARSERS.values() if p.heading_led for kind in p.page_kinds}


def expected_sections() -> list[SectionKey]:
    """Sections every case has: a case lacking one gets `section not found`. The others
    (Point, the effects/cost page's boxes) are missing from many cases by design."""
    return [SectionKey.OVERVIEW, SectionKey.EFFECTS, SectionKey.INTERVIEW]


def section_labels() -> list[tuple[str, str]]:
    """(key, printed heading) of every section, in registry order: the review site's list."""
    return [(str(k), p.label) for k, p in PARSERS.items()]


def classify_by_headings(body: list[Line]) -> PageKind | None:
    """The kind of a case page from the section headings on it, if any tells it; kinds
    are tried in `PageKind` order (a page with cost headings and a Point is an
    effects/cost page)."""
    marks = page_marks()
    keys = {heading_key(ln.text) for ln in body}
    kinds = {marks[SectionKey(k)] for k in keys if k is not None and SectionKey(k) in marks}
    return next((k for k in PageKind if k in kinds), None)
