"""Write stage: records to JSON, JSONL and Parquet, plus the run report.

Everything is first written (and flushed to disk) in a new generation folder inside the
output folder, then published in one rename (`outdir.py`): a run killed at any instant
leaves the outputs wholly old or wholly new to a reader; the next run removes what it
left behind. One run at a time writes to an output folder (an exclusive lock on it).

Outputs are byte-identical for the same records, whatever order they come in: records
are sorted by case, keys where order is free, no timestamps anywhere. Records are
validated against the pydantic models first; an invalid record is never written.
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

if TYPE_CHECKING:  # imported late at run time (load_libraries)
    import pyarrow as pa

from .models import CaseRecord, validate_record, validation_problem
from .outdir import (  # noqa: F401 (OutputBusy, locked: API)
    OutputBusy,
    fsync_path,
    link_previous,
    locked,
    new_generation,
    publish,
)

DATAPACKAGE = "datapackage.json"
REPORT = "run_report.json"


class InvalidRecords(ValueError):
    """Records that do not validate against the models: nothing is written."""

    def __init__(self, problems: list[dict[str, Any]]):
        super().__init__("; ".join(f"{p['case_id']}: field {p['field']} = {p['value']}: {p['message']}" for p in problems))
        self.problems = problems


# pydantic's serializer writes UTF-8 JSON (no \u escapes) ten times faster than json.dumps.
def record_json(rec: CaseRecord) -> str:
    return rec.model_dump_json(indent=1) + "\n"


def record_line(rec: CaseRecord) -> str:
    return rec.model_dump_json() + "\n"


def report_json(report: dict[str, Any]) -> str:
    return json.dumps(report, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def sort_key(rec: CaseRecord) -> tuple[str, int, int, str]:
    return (rec.edition, rec.volume_no, rec.case_no, rec.case_id)


def validate_records(records: list[CaseRecord]) -> tuple[list[CaseRecord], list[dict[str, Any]]]:
    """(valid records, problems): each problem names the case, the field and its value."""
    valid, problems = [], []
    for rec in records:
        try:
            valid.append(validate_record(rec))
        except ValidationError as exc:
            problems.append(validation_problem(rec.case_id, exc))
    return valid, problems


def load_libraries(*, numpy: bool = True) -> None:
    """Load now what writing will need (pyarrow: 0.1 s). Left out of this module's
    imports so that `extract.run` can call this while worker processes build records.

    numpy=False is for a process that ends with its run (``python -m pipeline extract``):
    pyarrow imports NumPy whenever it is installed, which took longer than pyarrow itself
    (0.1-0.3 s, the main process's longest wait in a re-run), although Parquet written from
    Arrow's JSON reader never passes through NumPy. pyarrow runs without NumPy (optional
    since pyarrow 16), so NumPy is made unimportable for the rest of the process: a later
    ``import numpy`` fails cleanly, where a NumPy imported after pyarrow would crash
    pyarrow's first conversion to pandas. A process that may convert tables later (tests,
    a notebook calling the CLI's main) keeps numpy=True."""
    if not numpy and "pyarrow" not in sys.modules and "numpy" not in sys.modules:
        sys.modules["numpy"] = None  # type: ignore[assignment]  # import numpy -> ImportError
    import pyarrow.parquet  # noqa: F401

    from . import tables  # noqa: F401


def _parquet_bytes(table: pa.Table) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    # Fixed writer options: same records, same bytes.
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd", use_dictionary=True, write_statistics=True, store_schema=True)
    data: bytes = sink.getvalue().to_pybytes()
    return data


def _write_synced(path: Path, data: bytes) -> None:
    with open(path, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def previous_records(out_dir: Path) -> list[dict[str, Any]]:
    """The records of the last complete run in out_dir (lines that do not parse are skipped)."""
    jl = Path(out_dir) / "cases.jsonl"
    try:
        text = jl.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    out = []
    for line in text.splitlines():
        try:
            d = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(d, dict) and d.get("case_id"):
            out.append(d)
    return out


def write_outputs(records: list[CaseRecord], report: dict[str, Any], out_dir: Path) -> list[str]:
    """Write all outputs atomically; returns the names written (case files as cases/…).

    Raises InvalidRecords, before touching anything, if a record does not validate."""
    from .tables import TABLES, build_tables

    valid, problems = validate_records(list(records))
    if problems:
        raise InvalidRecords(problems)
    valid.sort(key=sort_key)
    out_dir = Path(out_dir)
    with locked(out_dir):
        gen = new_generation(out_dir)
        (gen / "cases").mkdir()
        case_json = {f"{rec.case_id}.json": record_json(rec).encode("utf-8") for rec in valid}
        for name, data in case_json.items():
            _write_synced(gen / "cases" / name, data)
        fsync_path(gen / "cases")
        blobs = {"cases.jsonl": "".join(record_line(r) for r in valid).encode("utf-8")}
        for name, table in build_tables(valid).items():
            blobs[f"{name}.parquet"] = _parquet_bytes(table)
        for name, data in blobs.items():
            _write_synced(gen / name, data)
        report = dict(report)
        case_files = {name: hashlib.sha256(data).hexdigest() for name, data in case_json.items()}
        report["outputs"] = {
            **{name: {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()} for name, data in blobs.items()},
            "cases/": {"files": len(case_files),
                       "sha256": hashlib.sha256("".join(f"{k} {v}\n" for k, v in sorted(case_files.items())).encode()).hexdigest()},
        }
        _write_synced(gen / REPORT, report_json(report).encode("utf-8"))
        # The data package hashes every output, the report included: built last.
        from .datapackage import write_datapackage

        write_datapackage(gen)
        if (gen / DATAPACKAGE).exists():
            fsync_path(gen / DATAPACKAGE)
        # One rename makes the whole generation the folder's outputs.
        publish(out_dir, gen)
        return ([f"cases/{rec.case_id}.json" for rec in valid] + ["cases.jsonl"] + [f"{t}.parquet" for t in TABLES]
                + ([DATAPACKAGE] if (gen / DATAPACKAGE).exists() else []) + [REPORT])


def write_report(report: dict[str, Any], out_dir: Path) -> None:
    """Write only the run report, leaving every data file as it is (a new generation
    holding links to the current one's files): for a run that found nothing usable."""
    out_dir = Path(out_dir)
    with locked(out_dir):
        gen = new_generation(out_dir)
        link_previous(out_dir, gen, skip={REPORT})
        _write_synced(gen / REPORT, report_json(report).encode("utf-8"))
        publish(out_dir, gen)
