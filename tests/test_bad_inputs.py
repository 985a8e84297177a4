"""Issue 5: a folder with whatever a download left there. The run finishes, names every
problem (file, page, reason, hint) in run_report.json and on the console, extracts every
other file as if it were alone, accounts for every page, and exits 0/1/2.

The bad inputs are made from the sample PDFs (conftest.BadInputs); one CLI run over all
of them (`mixed_run`) is shared by most tests.
"""
from __future__ import annotations

import json
import re
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import BAD_KINDS, ROOT, SAMPLE, make_raw, output_files
from golden_compare import compare, default_role_notes, fold, golden_records
from pipeline.issues import IssueCode
from pipeline.report import review_flags

GOLDEN = golden_records()
GOOD_CASES = ["2.0-1-001", "2.0-1-004", "2.0-1-007", "2.0-1-010", "2.0-1-013"]
FAILED = ["empty.pdf", "encrypted.pdf", "html.pdf", "scanned.pdf", "truncated.pdf", "unrelated.pdf"]
KINDS = ("cover", "toc", "guide", "case", "unknown")

# file -> (level, code, page, the console line after its "  error   "/"  warning " tag, up to the hint)
EXPECTED = {
    "html": ("error", "not_pdf", None,
             "html.pdf: not a PDF: the file is an HTML page titled '404 Not Found' - hint: "),
    "empty": ("error", "empty", None, "empty.pdf: empty file (0 bytes) - hint: "),
    "truncated": ("error", "truncated", None,
                  "truncated.pdf: truncated PDF: the file stops after 252,688 bytes, without the end-of-file marker (%%EOF) - hint: "),
    "encrypted": ("error", "encrypted", None, "encrypted.pdf: encrypted PDF: it needs a password to open - hint: "),
    "scanned": ("error", "no_text", None, "scanned.pdf: no text layer: every page is an image (a scan) - hint: "),
    "unrelated": ("error", "not_case_collection", None, "unrelated.pdf: not a case collection: no case pages found - hint: "),
    "good_copy": ("warning", "duplicate", None, "good_copy.pdf: same content as good.pdf (sha256 165059b91c47…): extracted once, from good.pdf - hint: "),
    "page_missing": ("warning", "pages_missing", 12,
                     "page_missing.pdf (page 12): printed page numbers jump from 11 to 13 between pages 11 and 12 of the file: 1 page missing - hint: "),
    "sections_missing": ("warning", "sections_missing", 4,
                         "sections_missing.pdf (page 4) [2.0-2-004]: sections not found: effects, cost, schedule, providers, department "
                         "(pages 4-6); the record keeps what was found - hint: "),
    "unknown_heading": ("warning", "unknown_heading", 5,
                        "unknown_heading.pdf (page 5) [2.0-3-001]: unknown section heading '事業の大要': its text is kept in run_report.json, "
                        "not in the record - hint: "),
    "big_pages": ("warning", "page_size", 5,
                  "big_pages.pdf (page 5): page size 14400x14400 pt differs from the rest of the volume (960x540 pt); not read as a case page - hint: "),
    "broken_xref": ("warning", "xref_damaged", None,
                    "broken_xref.pdf: damaged cross-reference table (startxref points at byte 99,999,999, beyond the end of the file); "
                    "repaired: startxref pointed at the last cross-reference section - hint: "),
    "garbled_xref": ("warning", "xref_damaged", None,
                     "garbled_xref.pdf: damaged cross-reference table (the section startxref points at cannot be read); "
                     "repaired: rebuilt by scanning the file's objects - hint: "),
}
assert set(EXPECTED) == set(BAD_KINDS)


def issues(run, file: str, code: str | None = None) -> list[dict]:
    return [i for i in run.report["issues"] if i["file"] == file and (code is None or i["code"] == code)]


def file_entry(run, file: str) -> dict:
    return next(f for f in run.report["files"] if f["file"] == file)


def ledger(run, file: str) -> dict[int, dict]:
    """page -> its ledger entry, from the report (a list in page order)."""
    pages = file_entry(run, file)["pages"]
    assert [p["page"] for p in pages] == sorted(p["page"] for p in pages)
    return {p["page"]: {k: v for k, v in p.items() if k != "page"} for p in pages}


# --- every bad input named, every other file extracted ---------------------------------


def test_mixed_folder_exits_1_and_writes_the_rest(mixed_run):
    assert mixed_run.code == 1, mixed_run.stderr
    assert mixed_run.report["failed"] == FAILED
    assert mixed_run.report["status"] == "failed" and mixed_run.report["exit_code"] == 1
    assert re.search(r"^10 cases written to ", mixed_run.stderr, re.M), mixed_run.stderr


@pytest.mark.parametrize("kind", BAD_KINDS)
def test_bad_input_is_named_in_report_and_console(mixed_run, kind):
    level, code, page, console = EXPECTED[kind]
    file = f"{kind}.pdf"
    found = issues(mixed_run, file, code)
    assert found, f"no {code} issue for {file}: {issues(mixed_run, file)}"
    issue = found[0]
    assert (issue["level"], issue["page"]) == (level, page)
    assert issue["reason"] and issue["hint"], issue
    tag = "  error   " if level == "error" else "  warning "
    if kind == "good_copy":  # on the console the duplicate's own line says it
        assert "duplicate good_copy.pdf: same content as good.pdf, not extracted again (17 pages)\n" in mixed_run.stderr
        assert f"good_copy.pdf: {issue['reason']} - hint: " == console
    else:
        assert tag + console + issue["hint"] + "\n" in mixed_run.stderr, mixed_run.stderr
    entry = file_entry(mixed_run, file)
    # The small inputs are excerpts of a volume: the cases their contents list but they
    # lack are errors of their own (issue 17), which make them partial.
    excerpt = bool(issues(mixed_run, file, "cases_missing"))
    assert entry["status"] == ("failed" if level == "error" else "duplicate" if kind == "good_copy" else "partial" if excerpt else "ok")
    if level == "error":
        assert f"FAILED    {file}" in mixed_run.stderr


def test_failures_print_even_with_quiet(tmp_path, bad_inputs, extract_cli):
    raw = make_raw(tmp_path / "raw", [bad_inputs("good"), bad_inputs("html")])
    run = extract_cli(raw, tmp_path / "out", "--quiet")
    assert run.code == 1
    assert run.stderr.splitlines() == [
        "FAILED    html.pdf: not readable",
        "  error   " + EXPECTED["html"][3] + issues(run, "html.pdf")[0]["hint"],
    ]


def test_good_file_extracted_as_if_alone(mixed_run, good_run):
    assert good_run.code == 0, good_run.stderr
    assert sorted(good_run.records) == GOOD_CASES
    mixed = mixed_run.records
    for cid in GOOD_CASES:
        assert mixed[cid] == good_run.records[cid]
        assert (mixed_run.out / "cases" / f"{cid}.json").read_bytes() == (good_run.out / "cases" / f"{cid}.json").read_bytes()
    notes = {n for cid in GOOD_CASES for n in default_role_notes(mixed[cid])}  # the text's, not the file's
    assert [i for i in file_entry(mixed_run, "good.pdf")["issues"] if i["reason"] not in notes] == []


def test_other_damaged_files_are_still_extracted(mixed_run):
    recs = mixed_run.records
    by_file = {cid: r["source"]["file"] for cid, r in recs.items()}
    assert by_file == {
        **{cid: "good.pdf" for cid in GOOD_CASES},
        "2.0-2-001": "broken_xref.pdf", "2.0-2-004": "sections_missing.pdf", "2.0-2-007": "garbled_xref.pdf",
        "2.0-3-001": "unknown_heading.pdf", "2.0-3-004": "big_pages.pdf",
    }
    # A repaired cross-reference table gives exactly the record of the intact file.
    for cid in ("2.0-2-001", "2.0-2-007"):
        assert set(compare(GOLDEN[cid], recs[cid])) == {"source"}  # file name, sha256 and page numbers


def test_same_volume_twice_is_extracted_once(mixed_run):
    dup = file_entry(mixed_run, "good_copy.pdf")
    assert dup["status"] == "duplicate" and dup["duplicate_of"] == "good.pdf" and dup["cases"] == []
    assert dup["pages"] == file_entry(mixed_run, "good.pdf")["pages"]  # accounted like the original
    assert not any(r["source"]["file"] == "good_copy.pdf" for r in mixed_run.records.values())


def test_two_versions_of_a_volume_keep_the_complete_one(mixed_run):
    # page_missing.pdf is 体制整備 without a page: good.pdf's records win, whatever the names.
    (issue,) = issues(mixed_run, "page_missing.pdf", "case_elsewhere")
    assert issue["detail"] == {"case_ids": GOOD_CASES, "kept_from": "good.pdf"}
    assert file_entry(mixed_run, "page_missing.pdf")["cases"] == []


# --- the page ledger -------------------------------------------------------------------


def test_every_page_of_every_input_is_accounted_for(mixed_run):
    rep = mixed_run.report
    totals = dict.fromkeys(KINDS, 0)
    for f in rep["files"]:
        if f["page_count"] is None:
            assert f["file"] in rep["unread_files"] and f["pages"] == []
            continue
        pages = ledger(mixed_run, f["file"])
        assert list(pages) == list(range(1, f["page_count"] + 1)), f["file"]
        for n, entry in pages.items():
            assert entry["kind"] in KINDS
            totals[entry["kind"]] += 1
            if entry["kind"] == "case":
                assert re.fullmatch(r"2\.0-[123]-\d{3}", entry["case_id"]), (f["file"], n, entry)
                assert entry["part"] in ("overview", "effects_cost", "interview")
            if entry["kind"] == "unknown":
                assert entry["reason"]
    assert rep["unread_files"] == ["empty.pdf", "encrypted.pdf", "html.pdf", "truncated.pdf"]
    assert rep["page_ledger"] == totals and rep["pages"] == sum(totals.values())
    line = f"pages: {rep['pages']} in 14 files: " + ", ".join(f"{k} {totals[k]}" for k in KINDS)
    assert line + "; not readable: empty.pdf, encrypted.pdf, html.pdf, truncated.pdf\n" in mixed_run.stderr


def test_ledger_of_a_volume(mixed_run):
    pages = ledger(mixed_run, "good.pdf")
    assert [pages[n]["kind"] for n in (1, 2, 3)] == ["cover", "toc", "guide"]
    assert {n: p["case_id"] for n, p in pages.items() if p["kind"] == "case"} == {
        4: "2.0-1-001", 5: "2.0-1-001", 6: "2.0-1-004", 7: "2.0-1-004", 8: "2.0-1-004",
        9: "2.0-1-007", 10: "2.0-1-007", 11: "2.0-1-007", 12: "2.0-1-007",
        13: "2.0-1-010", 14: "2.0-1-010", 15: "2.0-1-013", 16: "2.0-1-013", 17: "2.0-1-013"}
    assert [pages[n]["part"] for n in (6, 7, 8)] == ["overview", "effects_cost", "interview"]
    assert "ok        good.pdf: 5 cases from 17 pages (cover 1, toc 1, guide 1, case 14)" in mixed_run.stderr
    assert ledger(mixed_run, "scanned.pdf") == {1: {"kind": "unknown", "reason": "no text layer (an image only)"},
                                                2: {"kind": "unknown", "reason": "no text layer (an image only)"}}


# --- what a damaged case keeps ------------------------------------------------------------


def test_case_with_missing_page_keeps_what_was_found(mixed_run):
    rec = mixed_run.records["2.0-2-004"]
    diffs = compare(GOLDEN["2.0-2-004"], rec)
    # Only what the dropped 事業効果・コスト page held is missing; overview, interview… are intact.
    assert set(diffs) == {"effects", "cost", "schedule", "department", "source"}
    assert rec["cost"] is None and rec["schedule"] is None and rec["effects"] == [] and rec["interview"]
    (issue,) = issues(mixed_run, "sections_missing.pdf", "sections_missing")
    assert issue["detail"]["missing_sections"] == ["effects", "cost", "schedule", "providers", "department"]
    assert "section not found: effects" in rec["warnings"]
    # The same as data: an issue for each section every case has that came out empty (the
    # record's; the report also names the boxes of the lost page), each under its section.
    not_found = [i for i in rec["issues"] if i["code"] == "section_not_found"]
    assert [i["section"] for i in not_found] == [k for k in ("overview", "effects", "interview") if not rec[k]] == ["effects"]
    assert all(i["message"] == f"section not found: {i['section']}" for i in not_found)
    assert [s for s, m in review_flags(rec) if "section not found" in m] == ["effects"]  # under its own section


def test_every_record_of_damaged_files_carries_its_warnings_as_issues(mixed_run):
    """Whatever went wrong, a record's `issues` are its `warnings`: one each, same order,
    the warning as message, and a code from the issue vocabulary."""
    codes = {str(c) for c in IssueCode}
    assert any(r["warnings"] for r in mixed_run.records.values())
    for cid, rec in mixed_run.records.items():
        assert [i["message"] for i in rec["issues"]] == rec["warnings"], cid
        assert all(i["code"] in codes and i["level"] in ("warning", "error") for i in rec["issues"]), cid
    heading = mixed_run.records["2.0-3-001"]["issues"]
    assert any((i["code"], i["page"]) == ("unknown_heading", 5) for i in heading)


def test_unknown_heading_is_reported_and_its_text_kept(mixed_run):
    rec = mixed_run.records["2.0-3-001"]
    golden = GOLDEN["2.0-3-001"]
    diffs = compare(golden, rec)
    assert diffs.pop("source")[1]["pages"] == [5, 6, 7, 8]
    # labels: an 8-page file is too short to tell running headers from labels (segment.find_margins)
    assert set(diffs) <= {"overview", "labels"}
    assert rec["overview"] == [] and fold(rec["point"]) == fold(golden["point"])  # nothing ran into Point
    (issue,) = issues(mixed_run, "unknown_heading.pdf", "unknown_heading")
    assert issue["detail"]["heading"] == "事業の大要" and issue["detail"]["page"] == 5
    # The text as printed, line by line: its line breaks are where the slide wrapped.
    assert fold(issue["detail"]["text"]).replace("\n", "") == fold("\n".join(golden["overview"])).replace("\n", "")
    assert "unknown section heading '事業の大要' on page 5" in rec["warnings"]


def test_very_large_and_very_long_pages(mixed_run):
    """Both odd sizes are reported. The 14400 pt square page is not read; the 5000 pt tall
    one holds a whole case page at its top (its box starts at y = -4460), which is read
    like any other, measured from the page's top-left corner."""
    found = {i["page"]: i["reason"] for i in issues(mixed_run, "big_pages.pdf", "page_size")}
    assert found == {
        5: "page size 14400x14400 pt differs from the rest of the volume (960x540 pt); not read as a case page",
        6: "page size 960x5000 pt differs from the rest of the volume (960x540 pt)",
    }
    pages = ledger(mixed_run, "big_pages.pdf")
    assert pages[5]["kind"] == "unknown"
    assert pages[6] == {"kind": "case", "part": "effects_cost", "case_id": "2.0-3-004"}
    rec = mixed_run.records["2.0-3-004"]  # the case's other pages are extracted too
    assert rec["source"]["pages"] == [6, 7] and rec["cost"] is not None


# --- exit status ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def warnings_only(tmp_path_factory, bad_inputs):
    return make_raw(tmp_path_factory.mktemp("warn") / "raw", [bad_inputs("good"), bad_inputs("good_copy")])


def test_warnings_exit_0_and_1_with_strict(warnings_only, tmp_path, extract_cli):
    plain = extract_cli(warnings_only, tmp_path / "a")
    assert plain.code == 0, plain.stderr
    strict = extract_cli(warnings_only, tmp_path / "b", "--strict")
    assert strict.code == 1
    notes = sum(len(default_role_notes(r)) for r in strict.records.values())  # the sample's default-role notes
    assert f"error: {1 + notes} warnings and --strict" in strict.stderr  # and the one about the file
    assert strict.report["strict"] is True and strict.report["status"] == "failed"
    assert output_files(tmp_path / "a").keys() == output_files(tmp_path / "b").keys()  # still written


def test_nothing_usable_exits_2_and_leaves_outputs(tmp_path, bad_inputs, extract_cli, good_run):
    out = tmp_path / "out"
    shutil.copytree(good_run.out, out)
    before = output_files(out)
    raw = make_raw(tmp_path / "raw", [bad_inputs(k) for k in ("html", "empty", "unrelated")])
    run = extract_cli(raw, out)
    assert run.code == 2
    assert f"error: nothing usable found in {raw}; {out} left as it was" in run.stderr
    after = output_files(out)
    assert {k: v for k, v in after.items() if k != "run_report.json"} == {k: v for k, v in before.items() if k != "run_report.json"}
    assert run.report["status"] == "nothing_usable" and run.report["outputs"].startswith("unchanged")


def test_misuse_exits_2(tmp_path, extract_cli):
    from pipeline.cli import main

    assert extract_cli(tmp_path / "nope", tmp_path / "out").code == 2  # through the real CLI once
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.txt").write_text("no pdf here")
    assert main(["extract", "--raw", str(tmp_path / "empty"), "--out", str(tmp_path / "out")]) == 2
    assert main(["extract", "--raw", str(tmp_path), "--workers", "-1"]) == 2
    assert main(["extract", "--no-such-option"]) == 2
    assert not (tmp_path / "out").exists()


# --- nothing already extracted is lost -----------------------------------------------------


def test_failed_file_keeps_its_previous_records(tmp_path, bad_inputs, extract_cli):
    from conftest import _pages, _save

    raw, out = tmp_path / "raw", tmp_path / "out"
    make_raw(raw, [bad_inputs("good"), bad_inputs("sections_missing")], ["a.pdf", "b.pdf"])
    first = extract_cli(raw, out)
    assert sorted(first.records) == GOOD_CASES + ["2.0-2-004"]
    old = first.records

    # b.pdf is downloaded again and the download is cut short: its record stays.
    data = (raw / "b.pdf").read_bytes()
    (raw / "b.pdf").write_bytes(data[: len(data) // 2])
    second = extract_cli(raw, out)
    assert second.code == 1
    assert second.records == old
    assert second.report["kept_from_previous_run"] == ["2.0-2-004"]
    assert file_entry(second, "b.pdf")["kept_from_previous_run"] == ["2.0-2-004"]
    assert ("  warning b.pdf: kept 1 record from the previous run (2.0-2-004), extracted from an earlier copy of this file"
            " - hint: they are not from the file in the folder now; fix the file and run again\n" in second.stderr)
    assert "6 cases written to" in second.stderr and "(1 kept from the previous run)" in second.stderr

    # a.pdf comes back without case 10's pages (13-14): the contents list it, its record stays.
    with _pages(SAMPLE["taisei"], [n for n in range(1, 18) if n not in (13, 14)]) as pdf:
        _save(pdf, raw / "a.pdf")
    third = extract_cli(raw, out)
    assert third.code == 1  # b.pdf still fails
    assert sorted(third.records) == sorted(old)
    assert third.records["2.0-1-010"] == old["2.0-1-010"] and third.records["2.0-2-004"] == old["2.0-2-004"]
    assert third.report["kept_from_previous_run"] == ["2.0-1-010", "2.0-2-004"]
    assert issues(third, "a.pdf", "cases_missing")[0]["reason"] == "case 10 listed in the table of contents but not found in the file"

    # b.pdf is removed and a.pdf fixed: the output mirrors the folder.
    (raw / "b.pdf").unlink()
    (raw / "a.pdf").write_bytes(SAMPLE["taisei"].read_bytes())
    fourth = extract_cli(raw, out)
    assert fourth.code == 0
    assert sorted(fourth.records) == GOOD_CASES and not (out / "cases" / "2.0-2-004.json").exists()
    assert fourth.records == {c: old[c] for c in GOOD_CASES}


# --- validation before writing ---------------------------------------------------------------


def test_invalid_record_is_reported_and_not_written(tmp_path, good_run, monkeypatch, capsys):
    import pipeline.extract as ex
    from pipeline.cli import main
    from pipeline.models import CaseRecord

    recs = [CaseRecord.model_validate(r) for r in good_run.records.values()]
    bad = recs[1].model_copy(update={"population_band": "huge"})  # model_copy does not validate
    rep = ex.FileReport(file="good.pdf", sha256=recs[0].source.sha256, page_count=17,
                        pages={n: {"kind": "cover"} for n in range(1, 18)}, cases=[r.case_id for r in recs])
    monkeypatch.setattr(ex, "run", lambda *a, **kw: ex.RunResult([recs[0], bad, *recs[2:]], [rep]))
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "good.pdf").write_bytes(b"%PDF-")  # the folder must hold a PDF; run() is replaced
    out = tmp_path / "out"
    assert main(["extract", "--raw", str(raw), "--out", str(out), "--no-cache"]) == 1
    err = capsys.readouterr().err
    assert ("  error   good.pdf (page 6) [2.0-1-004]: invalid record: field population_band = 'huge': "
            "Input should be 'under_10k', '10k_50k', '50k_100k', '100k_300k', 'over_300k' or 'prefecture'; not written") in err
    assert "PARTIAL   good.pdf: 4 cases" in err
    written = json.loads((out / "run_report.json").read_text())
    assert written["case_ids"] == [c for c in GOOD_CASES if c != "2.0-1-004"]
    assert not (out / "cases" / "2.0-1-004.json").exists()
    assert "2.0-1-004" not in (out / "cases.jsonl").read_text()


def test_write_outputs_refuses_invalid_records(tmp_path, good_run):
    from pipeline.models import CaseRecord
    from pipeline.write import InvalidRecords, write_outputs

    out = tmp_path / "out"
    shutil.copytree(good_run.out, out)
    before = output_files(out)
    recs = [CaseRecord.model_validate(r) for r in good_run.records.values()]
    recs[2] = recs[2].model_copy(update={"case_no": "seven"})
    with pytest.raises(InvalidRecords, match=r"2\.0-1-007: field case_no = 'seven'"):
        write_outputs(recs, {}, out)
    assert output_files(out) == before and not list(out.glob(".staging-*"))


# --- one bad page does not sink its file --------------------------------------------------


@pytest.fixture(scope="module")
def small_volume(tmp_path_factory):
    from conftest import _pages, _save

    folder = tmp_path_factory.mktemp("small") / "raw"
    folder.mkdir()
    with _pages(SAMPLE["taisei"], [1, 2, 3, 4, 5]) as pdf:
        _save(pdf, folder / "small.pdf")
    return folder


def test_unreadable_page_is_isolated(small_volume, monkeypatch):
    import pipeline.extract as ex
    import pipeline.parallel as par

    real = par.layout_page

    def flaky(page, n):
        if n == 2:
            raise KeyError("/Font")
        return real(page, n)

    monkeypatch.setattr(par, "layout_page", flaky)
    res = ex.run(small_volume, workers=1, cache_dir=None)
    (rep,) = res.files
    assert rep.status == "partial"
    assert rep.pages[2] == {"kind": "unknown", "reason": "the page cannot be read: KeyError: '/Font'"}
    assert [r.case_id for r in res.records] == ["2.0-1-001"]
    assert [(i.code, i.page) for i in rep.errors] == [("page_unreadable", 2)]


def test_failing_derived_fields_keep_the_record_without_them(small_volume, monkeypatch):
    """Sudachi-derived fields are a nicety: when they fail, the record is kept without
    them and the report says so (a warning, not an error)."""
    import pipeline.extract as ex
    import pipeline.nlp_enrich as ne

    def broken(rec):
        raise RuntimeError("tokenizer failed")

    monkeypatch.setattr(ne, "enrich", broken)
    res = ex.run(small_volume, workers=1, cache_dir=None)
    (rep,) = res.files
    assert [i.code for i in rep.errors] == ["cases_missing"]  # an excerpt; the failure itself is no error
    (rec,) = res.records
    assert rec.case_id == "2.0-1-001" and rec.effects and rec.effect_metrics == []
    assert all(qa.topic is None for qa in rec.interview)
    assert [(i.level, i.code, i.case_id) for i in rep.issues if i.code == "enrich_failed"] == [("warning", "enrich_failed", "2.0-1-001")]
    assert "RuntimeError: tokenizer failed" in next(i.reason for i in rep.issues if i.code == "enrich_failed")


def test_page_with_too_much_text_is_skipped(small_volume, monkeypatch):
    import pipeline.extract as ex
    import pipeline.parallel as par

    monkeypatch.setattr(par, "MAX_PAGE_CHARS", 1000)  # p.5 has 1014 characters
    res = ex.run(small_volume, workers=1, cache_dir=None)
    (rep,) = res.files
    assert rep.pages[5] == {"kind": "unknown", "reason": "too much text to be a case page (1,014 characters); not laid out"}
    assert rep.status == "partial"


# --- fuzzing the layout stage ------------------------------------------------------------------

finite = st.floats(min_value=-1e5, max_value=1e5, allow_nan=False, allow_infinity=False)
char_dict = st.fixed_dictionaries(
    {"text": st.text(max_size=3), "x0": finite, "x1": finite, "top": finite, "bottom": finite},
    optional={"size": st.one_of(st.none(), st.floats(min_value=0, max_value=500)),
              "fontname": st.text(max_size=30)},
)
ruling = st.tuples(finite, finite, finite, finite)


def raw_glyphs(chars: list[dict]) -> list:
    """pdfplumber-style char dicts as the glyphs pipeline.layout.to_glyphs takes
    (RawGlyph: text, x0, x1, top, bottom, size, fontname)."""
    return [(c["text"], c["x0"], c["x1"], c["top"], c["bottom"], c.get("size"), c.get("fontname", "")) for c in chars]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(char_dict, max_size=60), st.lists(ruling, max_size=6), st.integers(1, 500))
def test_layout_never_raises_on_arbitrary_chars(chars, rulings, page_no):
    from pipeline.layout import Line, Ruling, to_glyphs, build_lines

    out, dropped = to_glyphs(raw_glyphs(chars))
    assert 0 <= dropped <= len(chars)
    lines = build_lines(out, page_no, [Ruling(*r) for r in rulings])
    assert all(isinstance(ln, Line) and ln.text and ln.page == page_no for ln in lines)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(list("事業の概要効果・ー－ｶﾞﾟ゙ 1２ABC\u3000\u2f00\u2e9f")), min_size=1, max_size=40),
       st.floats(min_value=1, max_value=40))
def test_layout_on_a_line_of_japanese(chars, size):
    """A plausible line: characters side by side on one baseline, half-width kana and
    radicals included; the layout returns their text, normalized, in one or more lines."""
    from pipeline.layout import to_glyphs, build_lines

    raw = [{"text": c, "x0": i * size, "x1": (i + 1) * size, "top": 100.0, "bottom": 100.0 + size, "size": size,
            "fontname": "ABCDEF+NotoSansCJKjp-Bold"} for i, c in enumerate(chars)]
    out, _ = to_glyphs(raw_glyphs(raw))
    lines = build_lines(out, 1)
    assert all(ln.bold for ln in lines)
    assert len("".join(ln.text for ln in lines).replace(" ", "")) <= len("".join(chars))


def test_pdfminer_font_warnings_do_not_flood_the_console(tmp_path, extract_cli):
    """A font without a FontBBox makes pdfminer warn on every glyph; the console shows
    the pipeline's own account of the file, not that."""
    import pikepdf

    pdf = pikepdf.new()
    font = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.TrueType, BaseFont=pikepdf.Name("/Foo"), FirstChar=32, LastChar=122,
        Widths=[500] * 91, FontDescriptor=pikepdf.Dictionary(Type=pikepdf.Name.FontDescriptor, FontName=pikepdf.Name("/Foo"), Flags=32)))
    page = pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=[0, 0, 612, 792],
                              Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)),
                              Contents=pdf.make_stream(b"BT /F1 12 Tf 72 700 Td (Hello world) Tj ET"))
    pdf.pages.append(pikepdf.Page(page))
    raw = tmp_path / "raw"
    raw.mkdir()
    pdf.save(raw / "odd_font.pdf")
    run = extract_cli(raw, tmp_path / "out", "--no-cache")
    assert run.code == 2
    assert "odd_font.pdf: not a case collection" in run.stderr
    assert "FontBBox" not in run.stderr + run.proc.stdout


# --- a worker process that dies ---------------------------------------------------------


def _die_on_page(page, n):  # forked workers see the patched module global
    import os

    import pipeline.parallel as par

    if n == 40:  # only the 内部DX volume (53 pages) has a page 40
        os._exit(3)
    return par._real_layout_page(page, n)


def test_a_layout_worker_that_dies_fails_only_its_file(monkeypatch):
    """A worker killed by one file (a crash in a C library, the OOM killer) fails only
    the task it was running; the other files' chunks are laid out and extracted."""
    import pipeline.extract as ex
    import pipeline.parallel as par

    monkeypatch.setattr(par, "_real_layout_page", par.layout_page, raising=False)
    monkeypatch.setattr(par, "layout_page", _die_on_page)
    res = ex.run(ROOT / "raw", workers=2, cache_dir=None)
    status = {f.file: f.status for f in res.files}
    assert status == {SAMPLE["taisei"].name: "ok", SAMPLE["jinzai"].name: "ok", SAMPLE["naibu"].name: "failed"}
    failed = next(f for f in res.files if f.status == "failed")
    (issue,) = failed.issues
    assert issue.code == "layout_failed" and issue.page == 40
    assert issue.reason == "the layout worker stopped (exit code 3) while laying out page 40"
    # Its ledger still accounts for every page (issue 17): not read, and why.
    assert sorted(failed.pages) == list(range(1, 54))
    assert {(p["kind"], p["reason"]) for p in failed.pages.values()} == {("unknown", f"not read: {issue.reason}")}
    assert {r.case_id[:5] for r in res.records} == {"2.0-1", "2.0-2"} and len(res.records) == 13


def test_a_records_worker_that_dies_fails_only_its_file(monkeypatch, tmp_path):
    """The same when records are built from cached layouts in worker processes."""
    import pipeline.extract as ex

    ex.run(ROOT / "raw", workers=2, cache_dir=tmp_path)  # fills the layout cache
    real = ex.records_from_layout

    def die_on_naibu(pages, file, *a, **kw):
        if "naibu" in file:
            import os

            os._exit(3)
        return real(pages, file, *a, **kw)

    monkeypatch.setattr(ex, "records_from_layout", die_on_naibu)
    res = ex.run(ROOT / "raw", workers=2, cache_dir=tmp_path)
    assert all(f.cached for f in res.files)
    status = {f.file: f.status for f in res.files}
    assert status == {SAMPLE["taisei"].name: "ok", SAMPLE["jinzai"].name: "ok", SAMPLE["naibu"].name: "failed"}
    (issue,) = next(f for f in res.files if f.status == "failed").issues
    assert issue.reason == "the layout worker stopped (exit code 3) while opening or building the records of the file"
    assert len(res.records) == 13
