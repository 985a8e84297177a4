"""Issue 13: a record carries its warnings as data (`issues`), made with the warnings in
one place, so that nothing downstream (the review site, warnings.parquet) reads the
strings back."""
from __future__ import annotations

import json

import pyarrow.parquet as pq
import pytest
from pydantic import ValidationError

from golden_compare import golden_records, load_records
from pipeline.field_docs import doc
from pipeline.issues import IssueCode, RecordIssue, SectionKey
from pipeline.models import CaseRecord

GOLDEN = golden_records()
# A case of the sample with warnings (tests/test_warnings.py: TEXT_WARNINGS): a unit taken from
# the noun of an effect bullet; the sample's other warnings are effect rows decided by the default.
WARNED = "2.0-3-043"


def test_the_sample_records_carry_their_warnings_as_issues(sample_extraction):
    recs = load_records(sample_extraction)
    assert len(recs) == len(GOLDEN)
    for cid, rec in recs.items():
        assert len(rec["issues"]) == len(rec["warnings"]), cid
        assert [i["message"] for i in rec["issues"]] == rec["warnings"], cid
    (issue,) = [i for i in recs[WARNED]["issues"] if "'約10万': unit" in i["message"]]
    effects_page = next(p["page"] for p in recs[WARNED]["provenance"] if p["field"] == "effects")
    assert (issue["level"], issue["code"], issue["section"], issue["page"]) == ("warning", "derived_value", "effects", effects_page)
    assert issue["message"].endswith(f"(page {effects_page})")
    for cid, rec in recs.items():  # every warning of the clean sample is a note on a derived effect value, with its page
        page = next((p["page"] for p in rec["provenance"] if p["field"] == "effects"), None)
        assert {(i["code"], i["section"], i["page"]) for i in rec["issues"]} <= {("derived_value", "effects", page)}, cid


def test_warnings_table_has_the_issues_columns(sample_extraction):
    recs = load_records(sample_extraction)
    table = pq.read_table(sample_extraction / "warnings.parquet")
    assert table.column_names == ["case_id", "seq", "text", "level", "code", "section", "page"]
    rows = table.to_pylist()
    assert rows == [{"case_id": cid, "seq": n, "text": i["message"], "level": i["level"], "code": i["code"], "section": i["section"], "page": i["page"]}
                    for cid, rec in recs.items() for n, i in enumerate(rec["issues"])]
    assert WARNED in {r["case_id"] for r in rows} and {r["code"] for r in rows} == {"derived_value"}
    # Documented as the warning's (tests/test_tables.py checks every column has its doc):
    # `section` here is a section of the case page, not the collection's 節 of cases.section.
    assert doc("warnings", "section") != doc("cases", "section")
    assert doc("warnings", "page") != doc("provenance", "page")


def _record(**changes: object) -> dict:
    return {**GOLDEN[WARNED], **changes}


def test_issues_and_warnings_cannot_disagree():
    issue = {"level": "warning", "code": "weak_signal", "section": "cost", "page": 7, "message": "w"}
    assert CaseRecord.model_validate(_record(warnings=["w"], issues=[issue])).issues[0].section == SectionKey.COST
    for warnings, issues in ((["w", "x"], [issue]), (["x"], [issue]), ([], [issue])):
        with pytest.raises(ValidationError, match="issues and warnings disagree"):
            CaseRecord.model_validate(_record(warnings=warnings, issues=issues))
    with pytest.raises(ValidationError):  # a section is a section key
        CaseRecord.model_validate(_record(warnings=["w"], issues=[{**issue, "section": "title"}]))


def test_a_record_written_before_issues_gets_one_issue_per_warning_of_unknown_code():
    old = _record(warnings=["page 3: something"])
    old.pop("issues", None)
    rec = CaseRecord.model_validate(old)
    assert [(i.code, i.section, i.page, i.message) for i in rec.issues] == [(None, None, None, "page 3: something")]
    # And it is written back with them, so that it reads the same the next time.
    again = CaseRecord.model_validate(json.loads(rec.model_dump_json()))
    assert again == rec


def test_with_issues_adds_each_issue_and_its_warning():
    """The one call a stage checking made records (enrichment, plausibility) uses."""
    rec = CaseRecord.model_validate(_record(warnings=[]))
    more = [RecordIssue(IssueCode.DERIVED_VALUE, "a figure", SectionKey.EFFECTS, 7, page_style="suffix"),
            RecordIssue(IssueCode.WEAK_SIGNAL, "a guess", SectionKey.COST, 8)]
    out = rec.with_issues(more)
    assert out.warnings == ["a figure (page 7)", "page 8: a guess"]
    assert [(i.code, i.section, i.page, i.message) for i in out.issues] == [
        (IssueCode.DERIVED_VALUE, SectionKey.EFFECTS, 7, "a figure (page 7)"), (IssueCode.WEAK_SIGNAL, SectionKey.COST, 8, "page 8: a guess")]
    assert rec.warnings == [] and rec.with_issues([]) is rec
    CaseRecord.model_validate(out.model_dump())  # valid as made


def test_deriving_again_replaces_the_notes_of_the_last_derivation():
    """The corrections stage derives a corrected record's fields again: its notes on the
    derived values are those of this derivation, not added to the last one's."""
    from pipeline.nlp_enrich import enrich

    rec = CaseRecord.model_validate(_record(warnings=[]))
    once = enrich(rec.with_issues([RecordIssue(IssueCode.WEAK_SIGNAL, "kept", SectionKey.COST, 8)]))
    codes = [i.code for i in once.issues]  # the kept issue, then this case's notes on its metrics (the unit, the default roles)
    assert codes[0] == IssueCode.WEAK_SIGNAL and len(codes) > 2 and set(codes[1:]) == {IssueCode.DERIVED_VALUE}
    twice = enrich(once)
    assert twice.warnings == once.warnings and twice.issues == once.issues
