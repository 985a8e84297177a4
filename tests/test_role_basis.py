"""role_basis through the real `extract` of the sample corpus: every effect_metrics row, in the
records (cases.jsonl) and in effect_metrics.parquet, names the reading of the role table
(pipeline/nlp/governing/roles.READINGS) that decided its role."""
from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq

from pipeline.nlp.governing.roles import READINGS


def test_role_basis_names_a_reading_of_the_table_on_every_row(sample_extraction: Path) -> None:
    records = [json.loads(line) for line in (sample_extraction / "cases.jsonl").read_text(encoding="utf-8").splitlines()]
    in_records = [m["role_basis"] for r in records for m in r["effect_metrics"]]
    in_table = pq.read_table(sample_extraction / "effect_metrics.parquet").column("role_basis").to_pylist()
    assert in_records, "the sample has effect metrics"
    assert sorted(in_table) == sorted(in_records)  # the table carries the records' values, row for row
    assert set(in_records) <= set(READINGS), set(in_records) - set(READINGS)
    assert len(set(in_records)) > 1  # more than one reading decides on the sample (not a constant)


def test_the_default_is_the_last_reading_and_answers_every_figure() -> None:
    names = list(READINGS)
    assert names[-1] == "unclaimed_default" and len(names) == len(set(names))


def test_each_rows_assumption_is_its_warnings(sample_extraction: Path) -> None:
    """`assumption` carries, row by row, the notes the record's warnings give for that row's span (and only those), so
    an analyst filters the Parquet table without joining the warnings; rows resting on no weak decision have none."""
    records = [json.loads(line) for line in (sample_extraction / "cases.jsonl").read_text(encoding="utf-8").splitlines()]
    rows = [(r, m) for r in records for m in r["effect_metrics"]]
    assert any(m["assumption"] for _, m in rows) and any(m["assumption"] is None for _, m in rows)
    for record, m in rows:
        prefix = f"effect {m['effect_seq'] + 1} '{m['span']}': "
        notes = [w.split(prefix, 1)[1].split(" (page")[0] for w in record["warnings"] if w.startswith(prefix)]
        assert (m["assumption"] or None) == (" | ".join(notes) or None), (record["case_id"], m["span"])
    in_table = pq.read_table(sample_extraction / "effect_metrics.parquet").column("assumption").to_pylist()
    assert sorted(x or "" for x in in_table) == sorted(m["assumption"] or "" for _, m in rows)
