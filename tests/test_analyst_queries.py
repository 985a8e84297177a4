"""The README's five analyst questions, run as printed in pandas, DuckDB and polars on
the sample's output, each answer checked against one computed here from the golden
records (tests/golden), without the pipeline's own code."""
from __future__ import annotations

import re
import statistics
import unicodedata
from pathlib import Path

import pytest

from golden_compare import golden_records

ROOT = Path(__file__).resolve().parents[1]
BAND_ORDER = ["under_10k", "10k_50k", "50k_100k", "100k_300k", "over_300k", "prefecture"]  # contract order


@pytest.fixture(scope="module")
def out(sample_extraction) -> Path:
    return sample_extraction


def readme_blocks() -> dict[str, str]:
    """The README's ```python blocks under 'Five questions', by their first-line label."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Five questions", 1)[1].split("\n## ", 1)[0]
    blocks = {}
    for code in re.findall(r"```python\n(.*?)```", section, re.S):
        label = code.splitlines()[0].lstrip("# ").strip()
        blocks[label] = code
    return blocks


def _rows(answer) -> list[tuple]:
    """A pandas frame, a polars frame or a DuckDB relation as a list of row tuples."""
    if hasattr(answer, "fetchall"):
        return [tuple(r) for r in answer.fetchall()]
    if hasattr(answer, "rows"):
        return [tuple(r) for r in answer.rows()]
    return [tuple(r) for r in answer.itertuples(index=False)]


@pytest.fixture(scope="module", params=["pandas", "duckdb", "polars"])
def answers(request, out) -> dict[str, list[tuple]]:
    code = readme_blocks()[request.param].replace("extracted/", f"{out}/")
    ns: dict = {}
    exec(compile(code, f"README.md ({request.param})", "exec"), ns)
    return {q: _rows(ns[q]) for q in ("median_cost", "top_vendors", "quick", "hours", "found")}


def test_readme_has_the_three_blocks():
    assert set(readme_blocks()) == {"pandas", "duckdb", "polars"}


def test_median_initial_cost_by_band(answers):
    by_band: dict[str, list[int]] = {}
    for g in golden_records().values():
        if g["cost"] and g["cost"]["initial"]["status"] == "amount":
            by_band.setdefault(g["population_band"], []).append(g["cost"]["initial"]["amount_yen"])
    want = [(b, statistics.median(by_band[b])) for b in BAND_ORDER if b in by_band]
    assert [(b, float(v)) for b, v in answers["median_cost"]] == [(b, float(v)) for b, v in want]


def _cases_printing(pattern: str) -> set[str]:
    return {cid for cid, g in golden_records().items()
            if any(re.search(pattern, unicodedata.normalize("NFKC", n)) for n in g["providers"] + g["participants"])}


def test_vendors_in_most_cases(answers):
    # The spellings each company is printed under in the sample, read off the golden records.
    counts = {"Microsoft": len(_cases_printing("Microsoft|マイクロソフト")),
              "日立システムズ": len(_cases_printing("日立システムズ")),
              "サイボウズ": len(_cases_printing("^サイボウズ")),
              "NTT東日本": len(_cases_printing("NTT東日本|東日本電信電話"))}
    assert counts == {"Microsoft": 3, "日立システムズ": 2, "サイボウズ": 2, "NTT東日本": 2}
    want = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    got = answers["top_vendors"]
    assert [(c, int(n)) for c, n in got[:4]] == want
    assert int(got[4][1]) == 1  # no other company appears in two cases of the sample


def test_lead_time_under_six_months(answers):
    want = sorted((cid, g["organization"], float(g["schedule"]["lead_time_months"])) for cid, g in golden_records().items()
                  if g["schedule"] and g["schedule"]["lead_time_months"] is not None and g["schedule"]["lead_time_months"] < 6)
    assert want and sorted((c, o, float(m)) for c, o, m in answers["quick"]) == want


def test_hours_saved_joined_to_cases(answers):
    golden = golden_records()
    stating = {cid for cid, g in golden.items()
               if any(re.search(r"[\d,]+時間", e) and ("削減" in e or "短縮" in e) for e in g["effects"])}
    got = answers["hours"]
    assert {c for c, _, _ in got} == stating
    for cid, org, value in got:
        assert org == golden[cid]["organization"]
        figures = {float(f.replace(",", "")) for e in golden[cid]["effects"] for f in re.findall(r"([\d,]+)時間", e)}
        assert float(value) in figures, (cid, value)


def test_full_text_search_of_interviews(answers):
    want = sorted((cid, i) for cid, g in golden_records().items() for i, qa in enumerate(g["interview"])
                  if "RPA" in qa["q"] + qa["a"])
    assert want and sorted((c, int(s)) for c, s in answers["found"]) == want
