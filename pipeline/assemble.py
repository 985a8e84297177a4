"""Assemble stage: one segmented case, its sections as the parsers read them and its
volume facts become the fields of a CaseRecord and the record's issues. Nothing here reads
a page: what a section holds comes from its parser (sections/registry.py)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .issues import IssueCode, RecordIssue, SectionKey
from .geometry import BBox
from .layout import Line
from .models import CaseRecord, Department, Provenance, Source, issue_fields
from .orgs import split_organization
from .ruleset import layout_rules, squash
from .sections.base import SectionResult
from .sections.registry import PARSERS
from .sections.contact import DepartmentInfo, parse_department_line, parse_population_line
from .sections.interview import InterviewResult, urls_in
from .segment import CaseSlice, TocEntry, VolumeFacts
from .value_provenance import cost_boxes, department_boxes, schedule_boxes


def population_band(label: str | None, toc: TocEntry | None, org_type: str | None) -> str | None:
    """From the header label (人口：1万人以上5万人未満 / 都道府県); else from the TOC mark,
    where no mark means 30万人以上 or a prefecture."""
    rules = layout_rules()
    if label:
        band = rules["population_band"].get(re.sub(r"^人口[:：]", "", squash(label)))
        if band:
            return str(band)
    if org_type == "prefecture":
        return "prefecture"
    if toc is not None:
        mark = rules["toc_marks"].get(toc.population_mark) if toc.population_mark else "over_300k"
        return None if mark is None else str(mark)
    return None


def _prov(field: str, lines: list[Line]) -> list[Provenance]:
    by_page: dict[int, list[Line]] = {}
    for ln in lines:
        by_page.setdefault(ln.page, []).append(ln)
    return [
        Provenance(field=field, page=p, bbox=BBox.around(ls))
        for p, ls in sorted(by_page.items())
    ]


@dataclass
class Assembled:
    """A case's record fields and its issues, before the record is made: the volume's
    checks may add issues (sections lost with a damaged page) before the warnings are
    rendered, so that no record is patched once made."""

    fields: dict[str, Any]
    issues: list[RecordIssue] = field(default_factory=list)

    @property
    def case_id(self) -> str:
        return str(self.fields["case_id"])

    def has(self, name: str) -> bool:
        return self.fields.get(name) not in (None, "", [], {})

    def record(self, more: list[RecordIssue] | None = None) -> CaseRecord:
        """The record, not validated: it is validated once, when the job has done
        everything to it (models.validate_record before writing)."""
        return CaseRecord.model_construct(**self.fields, **issue_fields(self.issues + (more or [])))


def assemble(case: CaseSlice, facts: VolumeFacts, file: str, sha256: str, sections: dict[SectionKey, SectionResult],
             issues: list[RecordIssue], printed: list[str] | None = None) -> Assembled:
    """The record of a case from what its section parsers read (`sections`, every key of
    the registry) and the issues of the steps before (`issues`: text no parser took).
    `printed`: section keys in the order their boxes are printed, for the provenance."""
    hdr = case.header
    toc = facts.toc.get(case.case_no)
    org = split_organization(case.organization)
    out: list[RecordIssue] = list(case.notes)
    if org.lg_code is None:
        out.append(RecordIssue(IssueCode.ORG_UNKNOWN, f"organisation {case.organization!r} not found in the code list"))
    table_keys = (SectionKey.COST, SectionKey.SCHEDULE, SectionKey.PROVIDERS, SectionKey.DEPARTMENT)
    for key in (SectionKey.POINT, SectionKey.OVERVIEW, SectionKey.EFFECTS):
        out += sections[key].issues
    out += issues
    out += sorted((i for k in table_keys for i in sections[k].issues), key=lambda i: i.page or 0)
    out += sections[SectionKey.INTERVIEW].issues

    iv: InterviewResult = sections[SectionKey.INTERVIEW].value
    dept_box: list[DepartmentInfo] | None = sections[SectionKey.DEPARTMENT].value
    overview: list[str] = sections[SectionKey.OVERVIEW].value or []
    effects: list[str] = sections[SectionKey.EFFECTS].value or []
    # 【参考情報】 closes the interview: a value printed there that does not parse is noted on its page.
    ref_lines = iv.sources.get("reference", [])
    ref_page = ref_lines[0].page if ref_lines else None
    notes: list[str] = []
    population, as_of = parse_population_line(iv.reference, notes)
    out += [RecordIssue(IssueCode.SECTION_NOTE, n, SectionKey.INTERVIEW, ref_page) for n in notes]
    # The first department printed is `department`; the others never run into its fields.
    notes = []
    depts = dept_box or parse_department_line(iv.reference, notes)
    out += [RecordIssue(IssueCode.SECTION_NOTE, n, SectionKey.DEPARTMENT, ref_page) for n in notes]
    all_text = [ln.text for p in case.pages for ln in p.body]
    urls = urls_in(iv.reference) or urls_in(all_text)
    for u in urls_in([a for _, a in iv.qa] + overview + effects):
        if u not in urls:
            urls.append(u)

    section_name = hdr.section or (toc.section if toc else None) or facts.section_names.get(hdr.section_no or -1)
    section_no = hdr.section_no or (toc.section_no if toc else None)
    area = (toc.area if toc and toc.area else None) or facts.section_areas.get(section_no or -1)
    out += [RecordIssue(IssueCode.SECTION_NOT_FOUND, f"section not found: {k}", k)
            for k in (SectionKey.OVERVIEW, SectionKey.EFFECTS, SectionKey.INTERVIEW) if not sections[k].found]

    sources: dict[str, list[Line]] = {}
    for res in sections.values():
        for k, lines in res.sources.items():
            sources.setdefault(k, []).extend(lines)
    provenance = _prov("title", [case.title_line])
    for name in [k for k in printed or [] if k in sources] + [k for k in sources if k not in (printed or [])]:
        provenance += _prov(name, sources[name])
    # Finer boxes, one per value, for the review site (value_provenance.py).
    cost, schedule = sections[SectionKey.COST].value, sections[SectionKey.SCHEDULE].value
    provenance += cost_boxes(cost, sources.get("cost", []))
    provenance += schedule_boxes(schedule, sources.get("schedule", []))
    dept_lines = sources.get("department", []) if dept_box else iv.sources.get("reference", [])
    for i, d in enumerate(depts or []):
        provenance += department_boxes(d, dept_lines, "department" if i == 0 else f"other_departments[{i - 1}]")
    for i, (q_lines, a_lines) in enumerate(iv.item_lines):
        provenance += _prov(f"interview[{i}].q", q_lines) + _prov(f"interview[{i}].a", a_lines)

    fields: dict[str, Any] = dict(
        case_id=f"{facts.edition}-{hdr.volume_no}-{case.case_no:03d}",
        edition=facts.edition or "",
        published=facts.published,
        volume_no=hdr.volume_no,
        volume=hdr.volume,
        area=area,
        section_no=section_no,
        section=section_name,
        subsection=hdr.subsection or (toc.subsection if toc and hdr.section is None else None),
        case_no=case.case_no,
        title=case.title,
        organization=case.organization,
        prefecture=org.prefecture,
        municipality=org.municipality,
        org_type=org.org_type,
        lg_code=org.lg_code,
        population_band=population_band(hdr.population_label, toc, org.org_type),
        population=population,
        population_as_of=as_of,
        is_new=hdr.is_new,
        labels=hdr.labels,
        department=Department(name=depts[0].name, phone=depts[0].phone, email=depts[0].email) if depts else None,
        other_departments=[Department(name=d.name, phone=d.phone, email=d.email) for d in depts[1:]],
        urls=urls,
        source=Source(file=file, sha256=sha256, pages=[p.layout.page for p in case.pages]),
        effect_metrics=[],
        provenance=provenance,
    )
    for key, parser in PARSERS.items():
        fields.update(parser.record_fields(sections[key]))
    return Assembled(fields, out)
