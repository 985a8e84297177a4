"""Assemble stage: one segmented case plus its volume facts becomes a CaseRecord."""
from __future__ import annotations

import re

from .layout import Line
from .models import CaseRecord, Department, InterviewItem, Provenance, Source
from .orgs import split_organization
from .ruleset import layout_rules, squash
from .sections.blocks import split_regions
from .sections.contact import parse_department_box, parse_department_line, parse_population_line
from .sections.cost import parse_cost
from .sections.interview import parse_interview, urls_in
from .sections.narrative import parse_narrative, unread_text
from .sections.providers import parse_providers
from .sections.schedule import parse_schedule
from .segment import CaseSlice, TocEntry, VolumeFacts
from .value_provenance import cost_boxes, department_boxes, schedule_boxes

# Boxes of the 事業効果・コスト page that may run on to the next page without a heading.
CONTINUED_BOX_KEYS = ("cost", "schedule", "providers", "department")
SECTION_KEYS = ("point", "overview", "effects", "cost", "schedule", "providers", "department")


def population_band(label: str | None, toc: TocEntry | None, org_type: str | None) -> str | None:
    """From the header label (人口：1万人以上5万人未満 / 都道府県); else from the TOC mark,
    where no mark means 30万人以上 or a prefecture."""
    rules = layout_rules()
    if label:
        band = rules["population_band"].get(re.sub(r"^人口[:：]", "", squash(label)))
        if band:
            return band
    if org_type == "prefecture":
        return "prefecture"
    if toc is not None:
        return rules["toc_marks"].get(toc.population_mark) if toc.population_mark else "over_300k"
    return None


def _prov(field: str, lines: list[Line]) -> list[Provenance]:
    by_page: dict[int, list[Line]] = {}
    for ln in lines:
        by_page.setdefault(ln.page, []).append(ln)
    return [
        Provenance(field=field, page=p, bbox=(min(l.x0 for l in ls), min(l.top for l in ls), max(l.x1 for l in ls), max(l.bottom for l in ls)))
        for p, ls in sorted(by_page.items())
    ]


def build_record(case: CaseSlice, facts: VolumeFacts, file: str, sha256: str) -> CaseRecord:
    warnings: list[str] = list(case.warnings)
    hdr = case.header
    toc = facts.toc.get(case.case_no)
    org = split_organization(case.organization)
    if org.lg_code is None:
        warnings.append(f"organisation {case.organization!r} not found in the code list")

    nar = parse_narrative(case)
    warnings += nar.warnings
    warnings += unread_text(case)
    cost = schedule = dept_box = None
    prov = None
    table_sources: dict[str, list[Line]] = {}
    # A box running on to the next page may lose its heading there: text above the next
    # page's first heading continues the box left open (last in reading order) before it.
    open_key: str | None = None
    for page in case.pages:
        if page.kind != "effects_cost":
            continue
        regions = split_regions(page.body, page.layout.width, page.layout.height, default=open_key)
        if regions:
            last = max(regions, key=lambda r: (r.x0, r.top)).key
            open_key = last if last in CONTINUED_BOX_KEYS else None
        for r in regions:
            box = (r.x0, r.top, r.x1, r.bottom)
            if r.heading is None and r.lines:
                warnings.append(f"{r.key} on page {page.layout.page}: {len(r.lines)} line(s) with no heading "
                                f"read as the continuation of the box on the page before")
            table_sources.setdefault(r.key, []).extend(r.lines)
            notes: list[str] = []
            if r.key == "cost":
                read = parse_cost(r.lines, page.layout.rulings, box, notes)
                if read is None and r.lines:
                    notes.append("no イニシャルコスト/ランニングコスト table read under the heading")
                cost = read or cost
            elif r.key == "schedule":
                read_schedule = parse_schedule(r.lines, page.layout.rulings, box, notes)
                if schedule is not None and read_schedule is not None:
                    # The rest of a schedule table continued on this page: its steps follow.
                    schedule.steps += read_schedule.steps
                    schedule.lead_time_text = schedule.lead_time_text or read_schedule.lead_time_text
                    schedule.lead_time_months = schedule.lead_time_months or read_schedule.lead_time_months
                else:
                    schedule = read_schedule or schedule
            elif r.key == "providers":
                read_prov = parse_providers(r.lines, page.layout.rulings, box, notes)
                prov = prov.merged(read_prov) if prov else read_prov
            elif r.key == "department":
                read_depts = parse_department_box(r.lines, notes)
                dept_box = (dept_box or []) + read_depts or None
            warnings += [f"{r.key} on page {page.layout.page}: {n}" for n in notes]
    # The 事業概要 page may hold the 担当部署 box too.
    for page in case.pages:
        if page.kind == "overview":
            for r in split_regions(page.body, page.layout.width, page.layout.height):
                if r.key == "department" and dept_box is None:
                    dept_notes: list[str] = []
                    dept_box = parse_department_box(r.lines, dept_notes) or None
                    warnings += [f"department on page {page.layout.page}: {n}" for n in dept_notes]
                    table_sources.setdefault("department", []).extend(r.lines)

    iv = parse_interview(case)
    warnings += iv.warnings
    population, as_of = parse_population_line(iv.reference)
    # The first department printed is `department`; the others never run into its fields.
    depts = dept_box or parse_department_line(iv.reference)
    all_text = [ln.text for p in case.pages for ln in p.body]
    urls = urls_in(iv.reference) or urls_in(all_text)
    for u in urls_in([a for _, a in iv.qa] + nar.overview + nar.effects):
        if u not in urls:
            urls.append(u)

    section = hdr.section or (toc.section if toc else None) or facts.section_names.get(hdr.section_no or -1)
    section_no = hdr.section_no or (toc.section_no if toc else None)
    area = (toc.area if toc and toc.area else None) or facts.section_areas.get(section_no or -1)
    found = nar.found | set(table_sources)
    missing = [k for k in ("overview", "effects") if k not in found]
    if not iv.qa:
        missing.append("interview")
    warnings += [f"section not found: {k}" for k in missing]

    provenance = _prov("title", [case.title_line])
    for key, lines in {**nar.sources, **table_sources, **iv.sources}.items():
        provenance += _prov(key, lines)
    # Finer boxes, one per value, for the review site (value_provenance.py).
    provenance += cost_boxes(cost, table_sources.get("cost", []))
    provenance += schedule_boxes(schedule, table_sources.get("schedule", []))
    dept_lines = table_sources.get("department", []) if dept_box else iv.sources.get("reference", [])
    for i, d in enumerate(depts or []):
        provenance += department_boxes(d, dept_lines, "department" if i == 0 else f"other_departments[{i - 1}]")
    for i, (q_lines, a_lines) in enumerate(iv.item_lines):
        provenance += _prov(f"interview[{i}].q", q_lines) + _prov(f"interview[{i}].a", a_lines)

    return CaseRecord(
        case_id=f"{facts.edition}-{hdr.volume_no}-{case.case_no:03d}",
        edition=facts.edition or "",
        published=facts.published,
        volume_no=hdr.volume_no,
        volume=hdr.volume,
        area=area,
        section_no=section_no,
        section=section,
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
        point=nar.point,
        overview=nar.overview,
        effects=nar.effects,
        cost=cost,
        schedule=schedule,
        providers=prov.providers if prov else [],
        services=prov.services if prov else [],
        operation=prov.operation if prov else None,
        participants=prov.participants if prov else [],
        department=Department(name=depts[0].name, phone=depts[0].phone, email=depts[0].email) if depts else None,
        other_departments=[Department(name=d.name, phone=d.phone, email=d.email) for d in depts[1:]],
        interview=[InterviewItem(q=q, a=a) for q, a in iv.qa],
        urls=urls,
        source=Source(file=file, sha256=sha256, pages=[p.layout.page for p in case.pages]),
        provenance=provenance,
        warnings=warnings,
    )
