"""Plausibility checks after assembly (pipeline/plausibility.py, issue 12).

The golden records are what the sample really says, so no check may fire on any of
them. Each check is then shown the reading that `make fuzz` saw the pipeline give on a
generated volume (a golden record with the same damage: an item cut where a line
wrapped, a unit left in the next cell, a question read into a list, a box holding an
answer): it must fire, give the issue's section and the page the field was read from,
and its warning string must name the field and the page and say which check it is. The end-to-end side (the sample read by the CLI carries no such
warning) is tests/test_warnings.py.
"""
from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest

from golden_compare import golden_records
from pipeline.issues import IssueCode, RecordIssue, SectionKey
from pipeline.layout import PageLayout, layout_pdf
from pipeline.models import CaseRecord, Provenance
from pipeline.plausibility import cut_in_two, plausibility_issues

GOLDEN = golden_records()
ROOT = Path(__file__).resolve().parents[1]


def _record(case_id: str, **changes: object) -> CaseRecord:
    raw = copy.deepcopy(GOLDEN[case_id])
    raw.update(changes)
    return CaseRecord.model_validate({**raw, "warnings": []})


def _checks(issues: list[RecordIssue]) -> set[str]:
    """The checks named by the warning strings, as `make fuzz` counts them."""
    assert all(i.code == IssueCode.PLAUSIBILITY for i in issues)
    return {m.group(1) for i in issues if (m := re.search(r"\(plausibility: (\w+)\)", i.render()))}


def _at(issue: RecordIssue, field: str, section: SectionKey, page: int) -> str:
    """The issue is about `field` of `section` on `page`, and its warning string says so
    first (`make fuzz` tells from it whether a warning names the wrong field)."""
    assert (issue.field, issue.section, issue.page) == (field, section, page), issue
    warning = issue.render()
    assert warning.startswith(f"{field} on page {page}: "), warning
    return warning


@pytest.mark.parametrize("case_id", sorted(GOLDEN))
def test_no_check_fires_on_a_golden_record(case_id: str) -> None:
    assert plausibility_issues(_record(case_id)) == []


def test_golden_neighbours_are_never_read_as_one_item_cut_in_two() -> None:
    """Every pair of consecutive items the sample prints (list items, answer paragraphs)."""
    pairs = []
    for rec in GOLDEN.values():
        for key in ("overview", "effects", "providers", "services", "participants"):
            pairs += list(zip(rec[key], rec[key][1:]))
        for qa in rec["interview"]:
            paras = qa["a"].split("\n")
            pairs += list(zip(paras, paras[1:]))
    assert len(pairs) > 300
    assert [(a[-15:], b[:15], why) for a, b in pairs if (why := cut_in_two(a, b))] == []


def _where(rec: CaseRecord, field: str, page: int) -> CaseRecord:
    prov = Provenance(field=field, page=page, bbox=(10.0, 10.0, 100.0, 100.0))
    return rec.model_copy(update={"provenance": [prov]})


def test_an_item_cut_where_its_line_wrapped() -> None:
    """seed 0 of `make fuzz`: `…ICTアドバイ` / `ザーを派遣し…` in 事業効果."""
    effects = list(GOLDEN["2.0-1-004"]["effects"])
    i = next(i for i, x in enumerate(effects) if "アドバイザー" in x)
    cut = effects[i].index("アドバイザー") + len("アドバイ")
    effects[i:i + 1] = [effects[i][:cut], effects[i][cut:]]
    issues = plausibility_issues(_where(_record("2.0-1-004", effects=effects), "effects", 7))
    assert _checks(issues) == {"list_split"}
    assert "アドバイザー" in _at(issues[0], "effects", SectionKey.EFFECTS, 7)


def test_an_item_cut_inside_its_brackets() -> None:
    """`…「産業のD` / `X」、③…`: the word is cut and so is its bracket."""
    overview = ["県民をユーザとする「暮らしのDX」、県内事業者をユーザとする「産業のD", "X」を柱として推進。"]
    issues = plausibility_issues(_record("2.0-1-001", overview=overview))
    assert _checks(issues) == {"list_split"}
    _at(issues[0], "overview", SectionKey.OVERVIEW, 4)  # no provenance: the case's first page


def test_a_role_note_read_as_an_item_of_its_own() -> None:
    participants = ["一般社団法人シビックテック・ラボ", "（DX人材育成研修講師）"]
    issues = plausibility_issues(_record("2.0-2-007", participants=participants))
    assert _checks(issues) == {"list_split"}
    _at(issues[0], "participants", SectionKey.PROVIDERS, GOLDEN["2.0-2-007"]["source"]["pages"][0])


def test_a_unit_left_in_the_next_cell() -> None:
    """Seed 23 of `make fuzz`: `13,440,000` / `円` in a cost table without vertical borders."""
    rec = _record("2.0-3-004")
    assert rec.cost is not None
    line = rec.cost.initial.breakdown[0]
    line.item, line.text, line.amount_yen = line.item + "円", "13,440,000(内訳)・運用保守費", None
    issues = plausibility_issues(_where(rec, "cost", 10))
    assert _checks(issues) == {"cost_unit"}  # the sum is not compared while a line lacks its amount
    assert _at(issues[0], "cost", SectionKey.COST, 10).startswith("cost on page 10: initial breakdown")


def test_a_cost_that_does_not_add_up() -> None:
    """An amount read as yen where 千円 was printed (the unit on the next line)."""
    rec = _record("2.0-3-019")
    assert rec.cost is not None
    line = rec.cost.running.breakdown[1]
    line.text, line.amount_yen = "2,266", 2266
    issues = plausibility_issues(rec)
    assert _checks(issues) == {"cost_unit", "cost_sum"}
    page = GOLDEN["2.0-3-019"]["source"]["pages"][0]
    assert any("differs from the sum of its breakdown" in w and "running" in w
               for w in [_at(i, "cost", SectionKey.COST, page) for i in issues])


def test_schedule_steps_out_of_time_order() -> None:
    rec = _record("2.0-3-019")
    assert rec.schedule is not None
    steps = rec.schedule.steps
    steps[1], steps[3] = steps[3], steps[1]
    issues = plausibility_issues(rec)
    assert _checks(issues) == {"schedule_order"}
    _at(issues[0], "schedule", SectionKey.SCHEDULE, 24)


def test_an_interview_question_read_into_a_list() -> None:
    """Seed 36 of `make fuzz`: the interview's first question came back as an item of 事業効果."""
    rec = GOLDEN["2.0-2-016"]
    qa = rec["interview"][0]
    issues = plausibility_issues(_where(_record("2.0-2-016", effects=rec["effects"] + [qa["q"], qa["a"]],
                                                interview=rec["interview"][1:]), "effects", 19))
    assert _checks(issues) == {"interview_question"}
    assert "interview" in _at(issues[0], "effects", SectionKey.EFFECTS, 19)


def test_a_point_holding_a_page_of_another_region() -> None:
    """Wide seed 336 of `make fuzz` (session 11): the labels of a diagram on the next page came back in point, 30 lines,
    and no other warning named point."""
    rec = GOLDEN["2.0-2-016"]
    labels = [ln for a in rec["interview"] for ln in a["a"].splitlines()][:12]
    issues = plausibility_issues(_where(_record("2.0-2-016", point="\n".join([rec["point"], *labels])), "point", 18))
    assert _checks(issues) == {"point_length"}
    assert "lines" in _at(issues[0], "point", SectionKey.POINT, 18)


def test_a_department_box_holding_an_answer() -> None:
    """Seed 51 of `make fuzz`: the interview's first question and answer came back as a second department."""
    rec = GOLDEN["2.0-2-016"]
    qa = rec["interview"][0]
    other = {"name": qa["q"] + qa["a"][:60], "phone": None, "email": None}
    issues = plausibility_issues(_where(_record("2.0-2-016", other_departments=[other], interview=rec["interview"][1:]),
                                        "other_departments[0].name", 21))
    assert "department_name" in _checks(issues)
    assert any("other_departments[0]" in w and "interview" in w
               for w in [_at(i, "department", SectionKey.DEPARTMENT, 21) for i in issues
                         if i.section == SectionKey.DEPARTMENT])


def test_a_department_name_holding_its_phone() -> None:
    rec = GOLDEN["2.0-3-010"]
    dept = dict(rec["department"], name=rec["department"]["name"] + " 電話 " + "0868-54-2985", phone=None)
    issues = plausibility_issues(_record("2.0-3-010", department=dept))
    assert _checks(issues) == {"department_name"}
    _at(issues[0], "department", SectionKey.DEPARTMENT, GOLDEN["2.0-3-010"]["source"]["pages"][0])


def test_bullets_joined_into_one_item() -> None:
    overview = list(GOLDEN["2.0-1-001"]["overview"])
    overview[0:2] = [overview[0] + "・" + overview[1]]
    issues = plausibility_issues(_record("2.0-1-001", overview=overview))
    assert _checks(issues) == {"joined_items"}
    _at(issues[0], "overview", SectionKey.OVERVIEW, 4)


def test_a_box_holding_running_text_of_the_overview() -> None:
    rec = GOLDEN["2.0-3-040"]
    providers = rec["providers"] + [rec["overview"][0]]
    issues = plausibility_issues(_record("2.0-3-040", providers=providers))
    assert "cross_field" in _checks(issues)
    page = GOLDEN["2.0-3-040"]["source"]["pages"][0]
    assert any("providers" in _at(i, "overview", SectionKey.OVERVIEW, page) for i in issues if i.field == "overview")


def test_the_last_letter_of_a_cell_read_as_an_item() -> None:
    """Seed 63 of `make fuzz`: `…PrintCreato` / `r` in サービス (a word Sudachi does not know)."""
    services = ["3FormBridge・kViewer・PrintCreato", "r"]
    issues = plausibility_issues(_record("2.0-3-025", services=services))
    assert _checks(issues) == {"list_split"}
    assert "fragment" in _at(issues[0], "services", SectionKey.PROVIDERS, 30)


def test_an_item_ending_on_a_connector() -> None:
    """Seed 122 of `make fuzz`: `株式会社ジャパン・インフラ・` / `ウェア` in サービス提供事業者."""
    providers = ["DJI", "株式会社ジャパン・インフラ・", "ウェア"]
    issues = plausibility_issues(_record("2.0-3-034", providers=providers))
    assert _checks(issues) == {"list_split"}
    _at(issues[0], "providers", SectionKey.PROVIDERS, 39)


@pytest.fixture(scope="module")
def naibu_pages() -> dict[int, PageLayout]:
    return {p.page: p for p in layout_pdf(ROOT / "raw" / "jichitai_dx_jirei_v2_3_naibu.pdf")}


def test_a_box_row_printed_but_read_empty(naibu_pages: dict[int, PageLayout]) -> None:
    """The sample's own page (real layout): its サービス提供事業者 row holds names; read as
    empty (as `--profile ci --seed 2 --axis continue_sections=true` does with a box
    heading left alone at a page foot), the page says so."""
    case_id = "2.0-3-016"
    rec = _record(case_id)
    pages = [naibu_pages[n] for n in rec.source.pages]
    assert plausibility_issues(rec, pages) == []
    issues = plausibility_issues(rec.model_copy(update={"providers": []}), pages)
    assert _checks(issues) == {"box_row_empty"}
    row_page = next(p.page for p in pages if any("株式会社アスコエパートナーズ" in ln.text for ln in p.lines))
    warning = _at(issues[0], "providers", SectionKey.PROVIDERS, row_page)
    assert warning.startswith(f"providers on page {row_page}: the row サービス提供事業者 holds '株式会社アスコエパートナーズ"), warning


def test_empty_box_rows_of_the_sample_print_a_dash(naibu_pages: dict[int, PageLayout]) -> None:
    """Cases whose golden providers are empty print — in the row: no warning."""
    for case_id, rec in GOLDEN.items():
        if rec["source"]["file"] == "jichitai_dx_jirei_v2_3_naibu.pdf":
            assert plausibility_issues(_record(case_id), [naibu_pages[n] for n in rec["source"]["pages"]]) == [], case_id


def test_the_rules_load_closed_each_threshold_with_unit_and_reason(tmp_path: Path) -> None:
    """rules/plausibility.toml goes through the one typed loader (settings.PlausibilityRules)."""
    from pydantic import ValidationError

    from pipeline import settings

    numbers = [(f"{group}.{name}", f.description or "")
               for group, g in settings.PlausibilityRules.model_fields.items()
               for name, f in g.annotation.model_fields.items()  # type: ignore[union-attr]
               if f.annotation in (int, float)]
    assert len(numbers) == 7 and all(d.startswith("unit: ") and len(d) > 30 for _, d in numbers), numbers  # session 11: point_length.max_lines
    text = (settings.RULES_DIR / "plausibility.toml").read_text(encoding="utf-8")
    (tmp_path / "plausibility.toml").write_text(text.replace("min_chars =", "min_char ="), encoding="utf-8")
    with pytest.raises(ValidationError, match="min_char"):
        settings.load("plausibility.toml", settings.PlausibilityRules, tmp_path)


def test_a_line_running_off_the_page_names_the_field_it_was_read_into(naibu_pages: dict[int, PageLayout],
                                                                      sample_extraction: Path) -> None:
    """A text box wider than its slide: the producer clips it at the page's edge (Chromium
    drops the glyphs beyond: wide seed 181 printed by Chromium read the department
    `…スマート自治体推進グル`, silently). The sample's own department page, its department line
    moved right until its last glyph straddles the edge: the check names the department."""
    from dataclasses import replace

    case_id = "2.0-3-016"  # as extracted: golden records carry no provenance
    rec = CaseRecord.model_validate_json((sample_extraction / "cases" / f"{case_id}.json").read_text(encoding="utf-8"))
    rec = rec.model_copy(update={"warnings": []})
    pages = [naibu_pages[n] for n in rec.source.pages]
    assert plausibility_issues(rec, pages) == []
    prov = next(p for p in rec.provenance if p.field == "department" and p.bbox is not None)
    page = next(p for p in pages if p.page == prov.page)
    line = next(ln for ln in page.lines if ln.top < prov.bbox[3] and prov.bbox[1] < ln.bottom
                and ln.x0 < prov.bbox[2] and prov.bbox[0] < ln.x1)
    shift = page.width + 0.4 - line.x1  # as far as seed 278 printed by Chromium reached
    moved = replace(page, lines=[replace(ln, x0=ln.x0 + shift, x1=ln.x1 + shift) if ln is line else ln
                                 for ln in page.lines])
    # The record's box of the department moves with its line, as it would have been read.
    box = prov.bbox
    moved_prov = [p.model_copy(update={"bbox": (box[0] + shift, box[1], box[2] + shift, box[3])}) if p is prov else p
                  for p in rec.provenance]
    issues = plausibility_issues(rec.model_copy(update={"provenance": moved_prov}),
                                 [moved if p is page else p for p in pages])
    assert _checks(issues) == {"off_page"}
    warning = _at(issues[0], "department", SectionKey.DEPARTMENT, page.page)
    assert "runs past the page's edge" in warning
