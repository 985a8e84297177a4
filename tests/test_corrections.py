"""Corrections (issue 16): reviewed values in a corrections folder, applied by the real
`extract` CLI to one sample volume, and found again in the JSON, every Parquet table
holding the field, the run report and the review site. Expected values come from the
golden records (the truth) and from the corrections written here, never from a run."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from extraction_runs import (all_excluded_become_included, extract, golden, golden_volume, package_with_rule_change,
                             raw_folder, records)
from pipeline.corrections import PathError, format_path, parse_path, value_at
from pipeline.report import build_report

CASE = "2.0-1-004"
G = golden(CASE)
NEW_EFFECT = "窓口の受付業務で年間200時間の業務時間を削減した。"
# (field, corrected value as TOML, the value as JSON, the golden (extracted) value as TOML)
FIXES = [
    ("cost.initial.amount_yen", "31000000", 31000000, str(G["cost"]["initial"]["amount_yen"])),
    ("interview[1].a", '"レビュー済みの回答。"', "レビュー済みの回答。", json.dumps(G["interview"][1]["a"], ensure_ascii=False)),
    ("department.phone", '"024-000-0000"', "024-000-0000", json.dumps(G["department"]["phone"])),
    ("participants", '["株式会社レビュー"]', ["株式会社レビュー"], json.dumps(G["participants"], ensure_ascii=False)),
    ("effects[0]", json.dumps(NEW_EFFECT, ensure_ascii=False), NEW_EFFECT, json.dumps(G["effects"][0], ensure_ascii=False)),
]


def entry(case: str, field: str, value: str, extracted: str, reason: str = "checked against the PDF") -> str:
    return (f'[[correction]]\ncase = "{case}"\nfield = "{field}"\nvalue = {value}\nextracted = {extracted}\n'
            f'by = "test reviewer"\nreason = "{reason}: {field}"\n\n')


def good_corrections(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "README.md").write_text("not a corrections file: never read\n", encoding="utf-8")
    (folder / f"{CASE}.toml").write_text("# a review round\n\n" + "".join(entry(CASE, f, v, x) for f, v, _, x in FIXES),
                                         encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def env(layout_cache):
    from conftest import cli_env

    return cli_env(layout_cache)


@pytest.fixture(scope="module")
def corrected(tmp_path_factory, env):
    base = tmp_path_factory.mktemp("corrected")
    raw = raw_folder(base)
    good_corrections(base / "corrections")  # the default folder: beside raw/
    proc = extract(raw, base / "out", env=env)
    assert proc.returncode == 0, proc.stderr
    return base, raw, base / "out", proc


def test_corrected_values_in_json_and_report(corrected):
    _, _, out, proc = corrected
    rec = records(out)[CASE]
    for field, _, value, _ in FIXES:
        assert value_at(rec, parse_path(field)) == value, field
    assert rec["cost"]["initial"]["text"] == G["cost"]["initial"]["text"]  # only the field named changes
    marks = {p["field"]: p for p in rec["provenance"] if p["method"] == "corrected"}
    assert set(marks) == {f for f, *_ in FIXES}
    amount = marks["cost.initial.amount_yen"]
    assert amount["correction"]["reason"] == "checked against the PDF: cost.initial.amount_yen"
    assert amount["correction"]["extracted"] == G["cost"]["initial"]["amount_yen"]
    assert amount["correction"]["stale"] is False
    assert amount["correction"]["entry"] == f"corrections/{CASE}.toml:3"
    assert amount["page"] in rec["source"]["pages"] and amount["bbox"] is not None
    assert all(p["correction"] is None for p in rec["provenance"] if p["method"] == "pdf")
    report = json.loads((out / "run_report.json").read_text(encoding="utf-8"))["corrections"]
    assert report["files"] == [f"corrections/{CASE}.toml"] and report["errors"] == [] and report["stale"] == 0
    assert [(a["case_id"], a["field"], a["value"]) for a in report["applied"]] == [(CASE, f, v) for f, _, v, _ in FIXES]
    assert "corrections: 5 corrections applied from corrections/" in proc.stderr
    # The other cases are as extracted (the golden values).
    for cid, g in golden_volume("2.0-1-").items():
        if cid != CASE:
            assert records(out)[cid]["cost"] == g["cost"] and records(out)[cid]["participants"] == g["participants"]


def test_corrected_effect_is_derived_again(corrected):
    rec = records(corrected[2])[CASE]
    metrics = [m for m in rec["effect_metrics"] if m["effect_seq"] == 0]
    assert metrics and all(m["span"] in NEW_EFFECT for m in metrics)  # read from the corrected text, not the old one


def test_corrected_values_in_every_parquet_table(corrected):
    out = corrected[2]

    def rows(table: str) -> list[dict]:
        return [r for r in pq.read_table(out / f"{table}.parquet").to_pylist() if r["case_id"] == CASE]

    case = rows("cases")[0]
    assert case["cost_initial_yen"] == 31000000 and case["department_phone"] == "024-000-0000"
    assert [r["amount_yen"] for r in rows("costs") if r["kind"] == "initial" and r["seq"] == 0] == [31000000]
    assert [r["a"] for r in rows("interviews") if r["seq"] == 1] == ["レビュー済みの回答。"]
    assert [r["name"] for r in rows("vendors") if r["role"] == "participant"] == ["株式会社レビュー"]
    assert [r["text"] for r in rows("effects") if r["seq"] == 0] == [NEW_EFFECT]
    assert all(m["span"] in NEW_EFFECT for m in rows("effect_metrics") if m["effect_seq"] == 0)


def test_corrections_are_marked_in_the_provenance_table(corrected):
    """The provenance table says which entries are corrections, as the JSON does: an
    analyst on Parquet alone can tell a reviewed value from an extracted one."""
    rows = [r for r in pq.read_table(corrected[2] / "provenance.parquet").to_pylist() if r["case_id"] == CASE]
    marked = {r["field"]: r for r in rows if r["method"] == "corrected"}
    assert set(marked) == {f for f, *_ in FIXES}
    assert all(r["method"] == "pdf" and r["correction_entry"] is None for r in rows if r["field"] not in marked or r is not marked[r["field"]])
    amount = marked["cost.initial.amount_yen"]
    assert (amount["correction_reason"], amount["correction_by"], amount["correction_entry"], amount["correction_stale"]) == (
        "checked against the PDF: cost.initial.amount_yen", "test reviewer", f"corrections/{CASE}.toml:3", False)
    assert json.loads(amount["correction_extracted"]) == G["cost"]["initial"]["amount_yen"]
    assert json.loads(amount["correction_recorded_extracted"]) == G["cost"]["initial"]["amount_yen"]


@pytest.fixture(scope="module")
def site(corrected):
    _, raw, out, _ = corrected
    index = build_report(out, raw, progress="quiet")
    return index, index.parent / "cases"


def _corrected_notes(page: str) -> dict[str, str]:
    return dict(re.findall(r'<p class="corrected" data-field="([^"]+)" data-stale="false">(.*?)</p>', page))


def test_review_site_marks_corrected_fields(site):
    index, cases = site
    page = (cases / f"{CASE}.html").read_text(encoding="utf-8")
    notes = _corrected_notes(page)
    assert set(notes) == {f for f, *_ in FIXES}
    amount = notes["cost.initial.amount_yen"]
    assert f"extracted {G['cost']['initial']['amount_yen']}</span>" in amount and ">31000000</span>" in amount
    assert "checked against the PDF: cost.initial.amount_yen" in amount and f"corrections/{CASE}.toml:3" in amount
    assert 'data-stale="true"' not in page
    for other in golden_volume("2.0-1-"):
        if other != CASE:
            assert 'class="corrected"' not in (cases / f"{other}.html").read_text(encoding="utf-8")
    rows = dict(re.findall(r'<tr data-index="\d+" data-case-id="([^"]+)"([^>]*)>', index.read_text(encoding="utf-8")))
    assert 'data-corrections="5" data-stale-corrections="0"' in rows[CASE]
    assert all("data-corrections" not in attrs for cid, attrs in rows.items() if cid != CASE)
    assert 'id="corrections-filter"' in index.read_text(encoding="utf-8")


def test_review_site_offers_ready_to_paste_entries(site, corrected):
    """Every entry on a case page parses as a correction of the value the record holds."""
    import html
    import tomllib

    from pipeline.corrections import CorrectionSet, load_file

    _, cases = site
    for cid, rec in records(corrected[2]).items():
        page = (cases / f"{cid}.html").read_text(encoding="utf-8")
        entries = re.findall(r'<pre class="paste" data-entry-for="([^"]+)">(.*?)</pre>', page, flags=re.S)
        fields = {f for f, _ in entries}
        assert {"title", "organization", "interview[0].a", "effects[0]", "department.phone"} <= fields
        if cid == CASE:
            assert {"cost.initial.amount_yen", "interview[1].a", "participants", "participants[0]"} <= fields
        assert "case_id" not in fields and not any(f.startswith(("provenance", "source", "warnings")) for f in fields)
        for field, text in entries:
            text = html.unescape(text)
            assert 'by = ""' in text and 'reason = ""' in text  # left for the reviewer to fill in
            text = text.replace('by = ""', 'by = "a reviewer"').replace('reason = ""', 'reason = "checked"')
            folder = corrected[0] / "paste"
            folder.mkdir(exist_ok=True)
            (folder / "e.toml").write_text(text, encoding="utf-8")
            loaded = CorrectionSet(folder="paste")
            load_file(folder / "e.toml", "paste/e.toml", loaded)
            assert not loaded.errors, (field, text, loaded.errors)
            (e,) = loaded.entries
            assert (e.case, e.field) == (cid, field) and e.value == value_at(rec, parse_path(field)), text
            assert tomllib.loads(text)["correction"][0]["reason"] == "checked"
    case_page = (cases / f"{CASE}.html").read_text(encoding="utf-8")
    amount = html.unescape(re.search(r'data-entry-for="cost.initial.amount_yen">(.*?)</pre>', case_page, flags=re.S).group(1))
    assert f"value = 31000000\nextracted = {G['cost']['initial']['amount_yen']}\n" in amount  # the extracted value it replaced


def test_without_corrections_and_another_folder(corrected, env, tmp_path):
    base, raw, _, _ = corrected
    plain = extract(raw, tmp_path / "plain", "--no-corrections", env=env)
    assert plain.returncode == 0, plain.stderr
    rec = records(tmp_path / "plain")[CASE]
    assert rec["cost"]["initial"]["amount_yen"] == G["cost"]["initial"]["amount_yen"]
    assert not [p for p in rec["provenance"] if p["method"] == "corrected"]
    other = good_corrections(tmp_path / "elsewhere")
    moved = extract(raw, tmp_path / "moved", "--no-corrections", env=env)
    assert moved.returncode == 0
    pointed = extract(raw, tmp_path / "pointed", "--corrections", str(other), env=env)
    assert pointed.returncode == 0, pointed.stderr
    assert records(tmp_path / "pointed")[CASE]["participants"] == ["株式会社レビュー"]
    missing = extract(raw, tmp_path / "x", "--corrections", str(tmp_path / "nowhere"), env=env)
    assert missing.returncode == 2 and "--corrections" in missing.stderr and "no such folder" in missing.stderr


def test_a_changed_corrections_file_is_not_replayed_from_the_run_stamp(corrected, env, tmp_path):
    base, raw, _, _ = corrected
    folder = good_corrections(tmp_path / "c")
    assert extract(raw, tmp_path / "o", "--corrections", str(folder), env=env).returncode == 0
    (folder / f"{CASE}.toml").write_text(entry(CASE, "department.phone", '"024-111-1111"', json.dumps(G["department"]["phone"])),
                                         encoding="utf-8")
    again = extract(raw, tmp_path / "o", "--corrections", str(folder), env=env)
    assert again.returncode == 0, again.stderr
    rec = records(tmp_path / "o")[CASE]
    assert rec["department"]["phone"] == "024-111-1111" and rec["participants"] == G["participants"]


BAD = {  # line of the entry's [[correction]] header -> (the entry, words its error must hold)
    1: (entry("2.0-9-999", "title", '"x"', '"y"'), ["unknown case 2.0-9-999"]),
    9: (entry(CASE, "cost.initial.amount", "1", "1"), ["unknown field cost.initial.amount"]),
    17: (entry(CASE, "interview[40].a", '"x"', '"y"'), ["interview[40] does not exist", "4 items"]),
    25: (entry(CASE, "population_band", '"huge"', json.dumps(G["population_band"])), ["contract refuses", "population_band"]),
    33: (entry(CASE, "cost.initial.amount_yen", '"many"', "1"), ["contract refuses", "cost.initial.amount_yen"]),
    41: (entry(CASE, "case_id", '"2.0-1-005"', f'"{CASE}"'), ["case_id cannot be corrected"]),
    49: (entry(CASE, "organization", '"x"', '"y"').replace('by = "test reviewer"\n', ""), ["by is missing"]),
    56: (entry(CASE, "title", '"x"', '"y"').replace("value =", "valeur ="), ["unknown key valeur"]),
    64: (entry(CASE, "department.phone", '"024-000-0000"', json.dumps(G["department"]["phone"])), None),  # valid: applied
    72: (entry(CASE, "department.phone", '"1"', '"2"'), ["second correction of department.phone", "bad.toml:64"]),
}


def test_bad_corrections_are_named_errors_and_the_rest_goes_on(env, tmp_path):
    raw = raw_folder(tmp_path)
    folder = tmp_path / "corrections"
    folder.mkdir()
    text = "".join(e for e, _ in BAD.values())
    assert [n for n, line in enumerate(text.splitlines(), 1) if line == "[[correction]]"] == list(BAD)
    (folder / "bad.toml").write_text(text, encoding="utf-8")
    (folder / "broken.toml").write_text('[[correction]]\ncase = "2.0-1-004\n', encoding="utf-8")
    (folder / "notes.txt").write_text("a stray file\n", encoding="utf-8")
    (folder / "z.toml").write_text(entry(CASE, "participants", '["株式会社レビュー"]', json.dumps(G["participants"], ensure_ascii=False)),
                                   encoding="utf-8")
    proc = extract(raw, tmp_path / "out", env=env)
    assert proc.returncode == 1
    report = json.loads((tmp_path / "out" / "run_report.json").read_text(encoding="utf-8"))
    errors = {e["where"]: e["message"] for e in report["corrections"]["errors"]}
    for line, (_, words) in BAD.items():
        where = f"corrections/bad.toml:{line}"
        if words is None:
            assert where not in errors
            continue
        assert where in errors, where
        assert all(w in errors[where] for w in words), (where, errors[where])
        assert f"error   {where}: " in proc.stderr
    assert "corrections/broken.toml:2" in errors and "not valid TOML" in errors["corrections/broken.toml:2"]
    assert "not read" in errors["corrections/notes.txt"]
    assert len(errors) == 11
    assert all(f"{w}: {m}" in report["errors"] for w, m in errors.items())
    issues = {i["detail"]["where"]: i for i in report["issues"] if i["code"] == "correction_invalid"}
    assert set(issues) == set(errors) and all(i["level"] == "error" for i in issues.values())
    assert issues["corrections/bad.toml:9"]["file"] == "corrections/bad.toml"
    # Nothing else is lost: every case written, the valid entries applied.
    recs = records(tmp_path / "out")
    assert sorted(recs) == sorted(golden_volume("2.0-1-"))
    assert recs[CASE]["department"]["phone"] == "024-000-0000" and recs[CASE]["participants"] == ["株式会社レビュー"]
    assert recs[CASE]["title"] == G["title"] and recs[CASE]["population_band"] == G["population_band"]
    assert sorted(a["where"] for a in report["corrections"]["applied"]) == ["corrections/bad.toml:64", "corrections/z.toml:1"]


def test_stale_after_a_rule_change(env, tmp_path):
    """The correction was made when the pipeline read 税抜 (the golden value); a rule
    edit changes what it reads: the correction is still applied and reported stale."""
    raw = raw_folder(tmp_path)
    folder = tmp_path / "corrections"
    folder.mkdir()
    (folder / "tax.toml").write_text(
        f'[[correction]]\ncase = "{CASE}"\nfield = "cost.initial.tax"\nvalue_json = "null"\n'
        f'extracted = "{G["cost"]["initial"]["tax"]}"\nby = "test reviewer"\nreason = "no tax mark printed"\n', encoding="utf-8")
    before = extract(raw, tmp_path / "before", env=env)
    assert before.returncode == 0, before.stderr
    assert json.loads((tmp_path / "before" / "run_report.json").read_text(encoding="utf-8"))["corrections"]["stale"] == 0
    code = package_with_rule_change(tmp_path, "normalize.json", all_excluded_become_included)
    after = extract(raw, tmp_path / "after", env=env, code=code)
    assert after.returncode == 0, after.stderr
    rec = records(tmp_path / "after")[CASE]
    assert rec["cost"]["initial"]["tax"] is None  # the correction still wins
    assert rec["cost"]["running"]["tax"] == "included"  # the rule change did take effect
    mark = next(p for p in rec["provenance"] if p["field"] == "cost.initial.tax")
    assert mark["correction"]["stale"] is True and mark["correction"]["extracted"] == "included"
    assert any("stale" in w and "cost.initial.tax" in w for w in rec["warnings"])
    # The record's issue of it: the warning as data, on the cost section where the field was read.
    (stale,) = [i for i in rec["issues"] if i["code"] == "correction_stale"]
    assert rec["warnings"][rec["issues"].index(stale)] == stale["message"]
    report = json.loads((tmp_path / "after" / "run_report.json").read_text(encoding="utf-8"))
    assert report["corrections"]["stale"] == 1
    (issue,) = [i for i in report["issues"] if i["code"] == "correction_stale"]
    assert (issue["level"], issue["file"], issue["case_id"]) == ("warning", "corrections/tax.toml", CASE)
    assert issue["page"] in rec["source"]["pages"] and issue["detail"] == {"where": "corrections/tax.toml:1", "field": "cost.initial.tax"}
    assert (stale["section"], stale["page"]) == ("cost", issue["page"])  # the record says where, as the report does
    assert any("stale" in w and "tax.toml:1" in w for w in report["warnings"])
    assert "stale" in after.stderr
    strict = extract(raw, tmp_path / "strict", "--strict", env=env, code=code)
    assert strict.returncode == 1
    index = build_report(tmp_path / "after", raw, progress="quiet")
    page = (index.parent / "cases" / f"{CASE}.html").read_text(encoding="utf-8")
    assert re.search(r'<p class="corrected" data-field="cost.initial.tax" data-stale="true">.*stale: the extraction changed', page)
    assert f'data-case-id="{CASE}" class="has-flags" data-corrections="1" data-stale-corrections="1"' in index.read_text(encoding="utf-8")


def test_field_paths():
    assert parse_path("interview[2].a") == ("interview", 2, "a")
    assert format_path(parse_path("cost.initial.breakdown[0].amount_yen")) == "cost.initial.breakdown[0].amount_yen"
    for bad in ("", "a..b", "a[x]", "a.[0]", "2a"):
        with pytest.raises(ValueError):
            parse_path(bad)
    rec = {"cost": None, "providers": ["a"]}
    with pytest.raises(PathError, match=re.escape("cost is null")):
        value_at(rec, parse_path("cost.initial"))
    with pytest.raises(PathError, match="has 1 item"):
        value_at(rec, parse_path("providers[1]"))


@pytest.mark.parametrize("choice, shown", [("any", [CASE]), ("stale", [])])
def test_index_filters_cases_with_corrections_in_browser(site, tmp_path, choice, shown):
    from test_report import CHROMIUM, chromium

    if CHROMIUM is None:
        pytest.skip("headless Chromium not installed (/usr/bin/chromium): run .ci/setup-browser.sh")
    index, _ = site
    dumped = chromium(index.as_uri() + f"#corrections={choice}", tmp_path, "--dump-dom")
    assert f'data-corrections-filter="{choice}"' in dumped, "the page's JS did not run"
    assert re.search(rf'<span id="shown">{len(shown)}</span>', dumped)


def test_make_extract_applies_corrections_and_make_diff_sees_them(corrected, env, tmp_path):
    """The two make targets a maintainer runs, as the README shows them."""
    import subprocess

    from extraction_runs import ROOT

    base, raw, out, _ = corrected  # base/corrections is beside base/raw: the default folder
    made = subprocess.run(["make", "-s", "extract", f"RAW={raw}", f"OUT={tmp_path / 'new'}", "WORKERS=1"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert made.returncode == 0, made.stderr
    assert records(tmp_path / "new")[CASE]["cost"]["initial"]["amount_yen"] == 31000000
    same = subprocess.run(["make", "-s", "diff", f"OLD={out}", f"NEW={tmp_path / 'new'}"], cwd=ROOT, capture_output=True, text=True)
    assert same.returncode == 0 and "identical" in same.stdout
    assert extract(raw, tmp_path / "plain", "--no-corrections", env=env).returncode == 0
    differs = subprocess.run(["make", "-s", "diff", f"OLD={tmp_path / 'plain'}", f"NEW={tmp_path / 'new'}"], cwd=ROOT,
                             capture_output=True, text=True)
    assert differs.returncode != 0 and "cost.initial.amount_yen (changed)" in differs.stdout


def test_records_kept_from_the_previous_run_keep_their_corrections(env, tmp_path):
    """A volume that fails this run keeps its previous records, corrected as they were
    written; its entries are not applied twice, and the report says so."""
    from extraction_runs import VOLUME

    import shutil

    from extraction_runs import ROOT

    raw = raw_folder(tmp_path)
    other = "jichitai_dx_jirei_v2_2_jinzai.pdf"  # a second volume, so the run has something usable
    shutil.copyfile(ROOT / "raw" / other, raw / other)
    good_corrections(tmp_path / "corrections")
    assert extract(raw, tmp_path / "out", env=env).returncode == 0
    pdf = raw / VOLUME
    pdf.write_bytes(pdf.read_bytes()[: pdf.stat().st_size // 3])  # a download cut short
    again = extract(raw, tmp_path / "out", env=env)
    assert again.returncode == 1
    report = json.loads((tmp_path / "out" / "run_report.json").read_text(encoding="utf-8"))
    assert CASE in report["kept_from_previous_run"]
    rec = records(tmp_path / "out")[CASE]
    assert rec["cost"]["initial"]["amount_yen"] == 31000000
    assert len([p for p in rec["provenance"] if p["method"] == "corrected"]) == len(FIXES)  # not applied a second time
    assert report["corrections"]["applied"] == [] and report["corrections"]["errors"] == []
    assert len(report["corrections"]["not_applied"]) == len(FIXES)
    assert all("kept from the previous run" in w for w in report["corrections"]["not_applied"])


def test_a_field_read_with_no_box_of_its_own_can_be_corrected(env, tmp_path):
    """population is read inside 参考情報 and has no provenance entry of its own: its
    correction takes the box of the section it is printed in. is_new (a mark in the
    header) has no section box at all: its correction has no page or box, and every
    table is still written."""
    raw = raw_folder(tmp_path)
    folder = tmp_path / "corrections"
    folder.mkdir()
    (folder / "a.toml").write_text(entry(CASE, "population", "1800000", str(G["population"]))
                                   + entry(CASE, "is_new", str(not G["is_new"]).lower(), str(G["is_new"]).lower()), encoding="utf-8")
    proc = extract(raw, tmp_path / "out", env=env)
    assert proc.returncode == 0, proc.stderr
    rec = records(tmp_path / "out")[CASE]
    assert (rec["population"], rec["is_new"]) == (1800000, not G["is_new"])
    reference = next(p for p in rec["provenance"] if p["field"] == "reference")
    marks = {p["field"]: p for p in rec["provenance"] if p["method"] == "corrected"}
    assert (marks["population"]["page"], marks["population"]["bbox"]) == (reference["page"], reference["bbox"])
    assert (marks["is_new"]["page"], marks["is_new"]["bbox"]) == (None, None)
    rows = {r["field"]: r for r in pq.read_table(tmp_path / "out" / "provenance.parquet").to_pylist()
            if r["case_id"] == CASE and r["method"] == "corrected"}
    assert [rows["is_new"][k] for k in ("page", "x0", "top", "x1", "bottom")] == [None] * 5
    assert rows["population"]["page"] == reference["page"] and rows["population"]["x0"] == reference["bbox"][0]


def test_a_corrected_url_never_becomes_a_script_link_in_the_review_site(env, tmp_path):
    """A corrections file is reviewers' text, not code: a javascript: (or data:) URL written
    as a correction is shown as text, never as a link that runs when a reviewer clicks it."""
    raw = raw_folder(tmp_path)
    folder = tmp_path / "corrections"
    folder.mkdir()
    urls = ["javascript:alert(document.domain)", "data:text/html,<script>alert(1)</script>", G["urls"][0]]
    (folder / "a.toml").write_text(entry(CASE, "urls", json.dumps(urls), json.dumps(G["urls"])), encoding="utf-8")
    proc = extract(raw, tmp_path / "out", env=env)
    assert proc.returncode == 0, proc.stderr
    page = (build_report(tmp_path / "out", raw, progress="quiet").parent / "cases" / f"{CASE}.html").read_text(encoding="utf-8")
    hrefs = re.findall(r'href="([^"]*)"', page)
    assert not [h for h in hrefs if h.lower().startswith(("javascript:", "data:"))]
    assert G["urls"][0] in hrefs  # an http(s) URL stays a link
    assert "javascript:alert(document.domain)" in page and "&lt;script&gt;" in page  # shown, as text


def test_corrections_in_a_subfolder_are_named_not_silently_skipped(env, tmp_path):
    """The folder is read one level deep: a file put in a subfolder is not applied, and
    the run says so (a reviewer who sorted entries into folders must not think them live)."""
    raw = raw_folder(tmp_path)
    sub = tmp_path / "corrections" / "round2"
    sub.mkdir(parents=True)
    (sub / "a.toml").write_text(entry(CASE, "department.phone", '"024-000-0000"', json.dumps(G["department"]["phone"])),
                                encoding="utf-8")
    (tmp_path / "corrections" / ".hidden").mkdir()  # hidden entries stay unread without a word
    proc = extract(raw, tmp_path / "out", env=env)
    assert proc.returncode == 1
    report = json.loads((tmp_path / "out" / "run_report.json").read_text(encoding="utf-8"))["corrections"]
    assert [e["where"] for e in report["errors"]] == ["corrections/round2"]
    assert "error   corrections/round2: " in proc.stderr
    assert records(tmp_path / "out")[CASE]["department"]["phone"] == G["department"]["phone"]
