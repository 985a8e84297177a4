"""Write stage: records to JSON, JSONL and Parquet, plus the run report.

Everything is first written (and flushed to disk) in a staging folder inside the output
folder, then moved into place file by file with os.replace, the run report last. An
interrupted run therefore leaves every output file either old and complete or new and
complete, never half-written; the next run removes the staging folder it left behind.
One run at a time writes to an output folder (an exclusive lock on the folder).

Outputs are byte-identical for the same records, whatever order they come in: records
are sorted by case, keys where order is free, no timestamps anywhere. Records are
validated against the pydantic models first; an invalid record is never written.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

from pydantic import ValidationError

from .models import CaseRecord, validate_record, validation_problem

STAGING_PREFIX = ".staging-"
DATAPACKAGE = "datapackage.json"
REPORT = "run_report.json"


class InvalidRecords(ValueError):
    """Records that do not validate against the models: nothing is written."""

    def __init__(self, problems: list[dict]):
        super().__init__("; ".join(f"{p['case_id']}: field {p['field']} = {p['value']}: {p['message']}" for p in problems))
        self.problems = problems


class OutputBusy(RuntimeError):
    """Another run is writing to the same output folder."""


# pydantic's serializer writes UTF-8 JSON (no \u escapes) ten times faster than json.dumps.
def record_json(rec: CaseRecord) -> str:
    return rec.model_dump_json(indent=1) + "\n"


def record_line(rec: CaseRecord) -> str:
    return rec.model_dump_json() + "\n"


def report_json(report: dict) -> str:
    return json.dumps(report, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def sort_key(rec: CaseRecord) -> tuple:
    return (rec.edition, rec.volume_no, rec.case_no, rec.case_id)


def validate_records(records: list[CaseRecord]) -> tuple[list[CaseRecord], list[dict]]:
    """(valid records, problems): each problem names the case, the field and its value."""
    valid, problems = [], []
    for rec in records:
        try:
            valid.append(validate_record(rec))
        except ValidationError as exc:
            problems.append(validation_problem(rec.case_id, exc))
    return valid, problems


def load_libraries() -> None:
    """Load now what writing will need (pyarrow: 0.1 s). Left out of this module's
    imports so that `extract.run` can call this while worker processes build records."""
    import pyarrow.parquet  # noqa: F401

    from . import tables  # noqa: F401


def _parquet_bytes(table) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    # Fixed writer options: same records, same bytes.
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd", use_dictionary=True, write_statistics=True, store_schema=True)
    return sink.getvalue().to_pybytes()


def _write_synced(path: Path, data: bytes) -> None:
    with open(path, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def previous_records(out_dir: Path) -> list[dict]:
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


@contextmanager
def locked(out_dir: Path):
    """Hold the output folder for one run; leftovers of an interrupted run are removed."""
    out_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(out_dir, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise OutputBusy(f"{out_dir}: another run is writing there") from exc
        for old in out_dir.glob(STAGING_PREFIX + "*"):
            shutil.rmtree(old, ignore_errors=True)
        yield
    finally:
        os.close(fd)  # releases the lock


def _stage(out_dir: Path) -> Path:
    return Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out_dir))


def write_outputs(records: list[CaseRecord], report: dict, out_dir: Path) -> list[str]:
    """Write all outputs atomically; returns the names written (case files as cases/…).

    Raises InvalidRecords, before touching anything, if a record does not validate."""
    from .tables import TABLES, build_tables

    valid, problems = validate_records(list(records))
    if problems:
        raise InvalidRecords(problems)
    valid.sort(key=sort_key)
    out_dir = Path(out_dir)
    with locked(out_dir):
        stage = _stage(out_dir)
        try:
            (stage / "cases").mkdir()
            case_json = {f"{rec.case_id}.json": record_json(rec).encode("utf-8") for rec in valid}
            for name, data in case_json.items():
                _write_synced(stage / "cases" / name, data)
            blobs = {"cases.jsonl": "".join(record_line(r) for r in valid).encode("utf-8")}
            for name, table in build_tables(valid).items():
                blobs[f"{name}.parquet"] = _parquet_bytes(table)
            for name, data in blobs.items():
                _write_synced(stage / name, data)
            report = dict(report)
            case_files = {name: hashlib.sha256(data).hexdigest() for name, data in case_json.items()}
            report["outputs"] = {
                **{name: {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()} for name, data in blobs.items()},
                "cases/": {"files": len(case_files),
                           "sha256": hashlib.sha256("".join(f"{k} {v}\n" for k, v in sorted(case_files.items())).encode()).hexdigest()},
            }
            _write_synced(stage / REPORT, report_json(report).encode("utf-8"))
            # The data package hashes every output, the report included: built last in
            # the staging folder, moved into place with the tables.
            from .datapackage import write_datapackage

            write_datapackage(stage)
            _fsync_dir(stage)
            # Move into place: case files first, then the tables, the report last.
            (out_dir / "cases").mkdir(exist_ok=True)
            written = []
            for rec in valid:
                os.replace(stage / "cases" / f"{rec.case_id}.json", out_dir / "cases" / f"{rec.case_id}.json")
                written.append(f"cases/{rec.case_id}.json")
            for name in ["cases.jsonl"] + [f"{t}.parquet" for t in TABLES] + [DATAPACKAGE]:
                os.replace(stage / name, out_dir / name)
                written.append(name)
            for old in (out_dir / "cases").glob("*.json"):
                if old.name not in case_files:
                    old.unlink()
            os.replace(stage / REPORT, out_dir / REPORT)
            written.append(REPORT)
            _fsync_dir(out_dir)
            return written
        finally:
            shutil.rmtree(stage, ignore_errors=True)


def write_report(report: dict, out_dir: Path) -> None:
    """Write only the run report (atomically), leaving every data file as it is: for a
    run that found nothing usable."""
    out_dir = Path(out_dir)
    with locked(out_dir):
        stage = _stage(out_dir)
        try:
            _write_synced(stage / REPORT, report_json(report).encode("utf-8"))
            os.replace(stage / REPORT, out_dir / REPORT)
            _fsync_dir(out_dir)
        finally:
            shutil.rmtree(stage, ignore_errors=True)
