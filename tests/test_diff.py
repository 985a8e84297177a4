"""`python -m pipeline diff` (issue 16) between real extractions of one sample volume:
one with a correction applied, one made by a pipeline whose rule file was edited. The
fields expected to change are worked out from the golden records and the change made,
not from a run of diff."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from extraction_runs import ROOT, all_excluded_become_included, extract, golden_volume, package_with_rule_change, raw_folder, records
from pipeline.diff import short_diff

CASE = "2.0-1-004"


def diff(old: Path, new: Path, *options: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", "diff", str(old), str(new), *options], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def changed_fields(old: Path, new: Path) -> set[tuple[str, str]]:
    proc = diff(old, new, "--json")
    assert proc.returncode == 1, proc.stderr
    d = json.loads(proc.stdout)
    return {(cid, c["field"]) for cid, cs in d["changed_cases"].items() for c in cs}


@pytest.fixture(scope="module")
def runs(tmp_path_factory, layout_cache):
    from conftest import cli_env

    env = cli_env(layout_cache)
    base = tmp_path_factory.mktemp("diff")
    raw = raw_folder(base)
    assert extract(raw, base / "plain", env=env).returncode == 0
    folder = base / "corrections"
    folder.mkdir()
    amount = golden_volume(CASE)[CASE]["cost"]["initial"]["amount_yen"]
    (folder / "one.toml").write_text(f'[[correction]]\ncase = "{CASE}"\nfield = "cost.initial.amount_yen"\nvalue = 1\n'
                                     f'extracted = {amount}\nby = "t"\nreason = "r"\n', encoding="utf-8")
    proc = extract(raw, base / "corrected", env=env)
    assert proc.returncode == 0, proc.stderr
    code = package_with_rule_change(base, "normalize.json", all_excluded_become_included)
    proc = extract(raw, base / "rules", "--no-corrections", env=env, code=code)
    assert proc.returncode == 0, proc.stderr
    return base


def test_identical_extractions(runs, tmp_path):
    shutil.copytree(runs / "plain", tmp_path / "copy")
    proc = diff(runs / "plain", tmp_path / "copy")
    assert proc.returncode == 0 and "identical" in proc.stdout
    d = json.loads(diff(runs / "plain", tmp_path / "copy", "--json").stdout)
    assert d["identical"] is True and d["changed_cases"] == {} and d["old_cases"] == 5


def test_a_correction_changes_exactly_its_field(runs):
    provenance_entries = len(records(runs / "plain")[CASE]["provenance"])
    assert changed_fields(runs / "plain", runs / "corrected") == {
        (CASE, "cost.initial.amount_yen"), (CASE, f"provenance[{provenance_entries}]")}
    text = diff(runs / "plain", runs / "corrected").stdout
    assert f"cost.initial.amount_yen (changed): {golden_volume(CASE)[CASE]['cost']['initial']['amount_yen']} → 1" in text
    assert "cases added: none" in text and "cases removed: none" in text


def test_a_rule_change_changes_exactly_the_fields_it_governs(runs):
    expected = {(cid, f"cost.{kind}.tax") for cid, g in golden_volume("2.0-1-").items() if g["cost"]
                for kind in ("initial", "running") if g["cost"][kind]["tax"] == "excluded"}
    assert expected  # the sample has 税抜 costs for the edit to change
    assert changed_fields(runs / "plain", runs / "rules") == expected
    d = json.loads(diff(runs / "plain", runs / "rules", "--json").stdout)
    assert d["counts_per_field"] == {"cost.initial.tax": len({c for c, f in expected if f == "cost.initial.tax"}),
                                     "cost.running.tax": len({c for c, f in expected if f == "cost.running.tax"})}
    assert all(c["old"] == "excluded" and c["new"] == "included" for cs in d["changed_cases"].values() for c in cs)


def test_cases_added_and_removed(runs, tmp_path):
    fewer = tmp_path / "fewer"
    fewer.mkdir()
    lines = (runs / "plain" / "cases.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    gone = json.loads(lines[0])["case_id"]
    (fewer / "cases.jsonl").write_text("".join(lines[1:]), encoding="utf-8")
    d = json.loads(diff(runs / "plain", fewer, "--json").stdout)
    assert d["removed_cases"] == [gone] and d["added_cases"] == [] and d["changed_cases"] == {}
    back = diff(fewer, runs / "plain")
    assert back.returncode == 1 and f"cases added: {gone}" in back.stdout


def test_unreadable_input_and_misuse_exit_2(runs, tmp_path):
    assert diff(runs / "plain", tmp_path / "nowhere").returncode == 2
    (tmp_path / "empty").mkdir()
    proc = diff(tmp_path / "empty", runs / "plain")
    assert proc.returncode == 2 and "cases.jsonl" in proc.stderr
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "cases.jsonl").write_text('{"case_id": "a"}\n{not json\n', encoding="utf-8")
    proc = diff(tmp_path / "bad", runs / "plain")
    assert proc.returncode == 2 and "cases.jsonl:2" in proc.stderr
    assert subprocess.run([sys.executable, "-m", "pipeline", "diff", str(runs / "plain")], cwd=ROOT,
                          capture_output=True).returncode == 2


def test_long_text_gets_a_character_diff():
    old = "庁内の申請手続きをオンライン化し、窓口での待ち時間を平均30分から10分に短縮した。職員の入力作業も減った。"
    new = old.replace("10分", "5分")
    # 12 characters of context (pipeline.diff.CONTEXT) either side of the change.
    assert short_diff(old, new) == "…待ち時間を平均30分から[-10-]{+5+}分に短縮した。職員の入力…"
    assert short_diff("abc", "abd") == "ab[-c-]{+d+}"


def test_a_case_listed_twice_is_named_not_silently_dropped(runs, tmp_path):
    """Two lines with one case_id (a hand-edited or concatenated file): diff cannot know
    which one is the extraction, so it says so instead of comparing the last one only."""
    (tmp_path / "twice").mkdir()
    line = (runs / "plain" / "cases.jsonl").read_text(encoding="utf-8").splitlines()[0]
    (tmp_path / "twice" / "cases.jsonl").write_text(line + "\n" + line + "\n", encoding="utf-8")
    proc = diff(tmp_path / "twice", runs / "plain")
    assert proc.returncode == 2 and "cases.jsonl:2" in proc.stderr and "listed a second time (line 1)" in proc.stderr, proc.stderr
