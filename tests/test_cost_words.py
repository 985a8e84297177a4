"""One list of the words that mean 'not given' (rules/normalize.json undisclosed_words):
a cost breakdown line printed 算定不可 is `undisclosed` in costs.parquet, exactly as the
same word on a total is. Run through the real pipeline on a real page of the 内部DX
volume whose breakdown line `その他 60,000千円` is reprinted `その他 算定不可`."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pandas as pd
import pikepdf
import pytest

from conftest import SAMPLE, make_raw

sys.path.insert(0, str(Path(__file__).parent))
import pdfvariants as pv  # noqa: E402

CASE = "2.0-3-028"
GOLDEN = Path(__file__).parent / "golden" / f"{CASE}.json"


@pytest.fixture(scope="module")
def run(tmp_path_factory, extract_cli):
    base = tmp_path_factory.mktemp("santei")
    src = base / SAMPLE["naibu"].name
    with pikepdf.open(SAMPLE["naibu"]) as pdf:
        # p.34: the case's コスト box; 60,000千円 is the amount of its (内訳) line その他.
        assert pv.replace_text(pdf, 33, "60,000千円", "算定不可")
        pdf.save(src)
    done = extract_cli(make_raw(base / "raw", [src]), base / "out", "--quiet")
    assert done.code == 0, done.stderr
    return done


def test_a_breakdown_line_printed_santei_fuka_is_undisclosed(run):
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))["cost"]
    want = [dict(b) for b in golden["initial"]["breakdown"]]
    assert want[-1] == {"item": "その他", "text": "60,000千円", "amount_yen": 60000000}
    want[-1].update(text="算定不可", amount_yen=None)
    rec = run.records[CASE]
    assert rec["cost"]["initial"]["breakdown"] == want
    # The totals read as before: the running total printed (算定不可) is undisclosed.
    assert rec["cost"]["initial"]["status"] == golden["initial"]["status"] == "amount"
    assert rec["cost"]["running"]["status"] == golden["running"]["status"] == "undisclosed"

    costs = pd.read_parquet(run.out / "costs.parquet")
    rows = costs[(costs.case_id == CASE) & (costs.kind == "initial")].sort_values("seq")
    line = rows[rows.item == "その他"].iloc[0]
    assert (line.text, line.status, line.is_total) == ("算定不可", "undisclosed", False)
    assert pd.isna(line.amount_yen)
    running_total = costs[(costs.case_id == CASE) & (costs.kind == "running") & costs.is_total].iloc[0]
    assert running_total.status == line.status  # one word, one status, line or total
    others = rows[~rows.is_total & (rows.item != "その他")]
    assert set(others.status) == {"amount"}
