"""Golden checks: the real pipeline (CLI, pdfplumber, Sudachi) on the sample PDFs in
raw/ must reproduce every golden record, field by field."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from golden_compare import compare, field_report, golden_records, load_records

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = golden_records()


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> dict[str, dict]:
    out = tmp_path_factory.mktemp("golden-out")
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline", "extract", "--raw", str(ROOT / "raw"), "--out", str(out), "--no-cache", "--quiet"],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert proc.returncode == 0, proc.stderr
    return load_records(out)


def test_every_sample_case_found_no_extra(extracted):
    assert sorted(extracted) == sorted(GOLDEN)


def test_per_field_report(extracted):
    table, failing = field_report(GOLDEN, extracted)
    print("\n" + table)
    assert not failing, f"fields differing from golden records:\n{table}"


@pytest.mark.parametrize("case_id", sorted(GOLDEN))
def test_case_matches_golden(extracted, case_id):
    diffs = compare(GOLDEN[case_id], extracted[case_id])
    assert not diffs, "\n".join(f"{f}:\n  golden {g!r}\n  got    {p!r}" for f, (g, p) in diffs.items())


def test_records_carry_provenance(extracted):
    """Every record says where its title and sections were read (page + bbox)."""
    for cid, rec in extracted.items():
        fields = {p["field"] for p in rec["provenance"]}
        assert "title" in fields, cid
        pages = set(rec["source"]["pages"])
        assert all(p["page"] in pages for p in rec["provenance"]), cid


def test_comparison_keeps_line_breaks_and_folds_spaces():
    """Spaces are folded away (PDF text spacing is not content); line breaks are not:
    the contract joins Point bullets and answer paragraphs with "\\n", and a break the
    golden record lacks (inside a word or a cell) is a defect."""
    from golden_compare import fold

    assert fold("パッケージ製品を ク ラウド") == fold("パッケージ製品をクラウド")
    assert fold("パッケージ製品をク\nラウド環境") != fold("パッケージ製品をクラウド環境")
    assert fold("伺います\n教えてください。") != fold("伺います教えてください。")
    assert fold("・一つ目 \n ・二つ目") == fold("一つ目\n二つ目")
