"""Write stage: records to JSON, JSONL and Parquet, plus the run report.

Everything is first written to a staging folder inside the output folder, then moved
into place file by file with os.replace, so an interrupted run leaves each output
file either old and complete or new and complete. Outputs are byte-identical for the
same records: sorted keys where order is free, no timestamps in data files.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .models import CaseRecord
from .tables import TABLES, build_tables


def record_json(rec: CaseRecord) -> str:
    return json.dumps(rec.model_dump(mode="json"), ensure_ascii=False, indent=1) + "\n"


def _write_parquet(table: pa.Table, path: Path) -> None:
    # Fixed writer options: same records, same bytes.
    pq.write_table(table, path, compression="zstd", use_dictionary=True, write_statistics=True,
                   store_schema=True)


def previous_records(out_dir: Path) -> list[dict]:
    jl = out_dir / "cases.jsonl"
    if not jl.exists():
        return []
    out = []
    for line in jl.read_text(encoding="utf-8").splitlines():
        try:
            out.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    return out


def write_outputs(records: list[CaseRecord], report: dict, out_dir: Path) -> list[str]:
    """Write all outputs atomically; returns the names written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=".staging-", dir=out_dir))
    try:
        (stage / "cases").mkdir()
        for rec in records:
            (stage / "cases" / f"{rec.case_id}.json").write_text(record_json(rec), encoding="utf-8")
        with open(stage / "cases.jsonl", "w", encoding="utf-8") as fh:
            for rec in records:
                fh.write(json.dumps(rec.model_dump(mode="json"), ensure_ascii=False) + "\n")
        for name, table in build_tables(records).items():
            _write_parquet(table, stage / f"{name}.parquet")
        (stage / "run_report.json").write_text(json.dumps(report, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        # Move into place: case files first, then the aggregates, the report last.
        (out_dir / "cases").mkdir(exist_ok=True)
        wanted = {f"{r.case_id}.json" for r in records}
        for f in sorted((stage / "cases").iterdir()):
            os.replace(f, out_dir / "cases" / f.name)
        for old in (out_dir / "cases").glob("*.json"):
            if old.name not in wanted:
                old.unlink()
        written = []
        for name in ["cases.jsonl"] + [f"{t}.parquet" for t in TABLES] + ["run_report.json"]:
            os.replace(stage / name, out_dir / name)
            written.append(name)
        return written
    finally:
        shutil.rmtree(stage, ignore_errors=True)
