"""extracted/datapackage.json: generated from the models, valid against the files it
describes, deterministic, and its check catches what it should."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.cli import main as cli_main
from pipeline.datapackage import (
    PRIMARY_KEYS,
    arrow_field_type,
    arrow_type_name,
    build_datapackage,
    check_datapackage,
    missing_docs,
    write_datapackage,
)
from pipeline.models import CaseRecord
from pipeline.outdir import visible_files
from pipeline.tables import SCHEMAS

ROOT = Path(__file__).resolve().parents[1]
VOLUME = "jichitai_dx_jirei_v2_1_taisei.pdf"


def _extract(raw: Path, out: Path) -> None:
    rc = cli_main(["extract", "--raw", str(raw), "--out", str(out), "--no-cache", "--quiet", "--workers", "1"])
    assert rc == 0


@pytest.fixture(scope="module")
def raw_one(tmp_path_factory) -> Path:
    raw = tmp_path_factory.mktemp("raw")
    shutil.copyfile(ROOT / "raw" / VOLUME, raw / VOLUME)
    return raw


@pytest.fixture(scope="module")
def out(tmp_path_factory, raw_one) -> Path:
    out = tmp_path_factory.mktemp("out")
    _extract(raw_one, out)
    write_datapackage(out)
    return out


def _copy(out: Path, tmp_path: Path) -> Path:
    dst = tmp_path / "copy"
    shutil.copytree(out, dst)
    return dst


def test_every_field_has_japanese_and_english_docs():
    assert missing_docs() == []


def test_package_is_valid(out):
    assert check_datapackage(out) == []


def test_package_describes_every_output(out):
    desc = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    declared = set()
    for r in desc["resources"]:
        declared.update(r["path"] if isinstance(r["path"], list) else [r["path"]])
    outputs = {rel for rel in visible_files(out)
               if Path(rel).suffix in {".parquet", ".json", ".jsonl"} and Path(rel).name != "datapackage.json"
               and Path(rel).parts[0] != "report"}
    assert outputs and outputs == declared
    by_name = {r["name"]: r for r in desc["resources"]}
    for table, schema in SCHEMAS.items():
        r = by_name[table]
        assert r["path"] == f"{table}.parquet"
        assert [f["name"] for f in r["schema"]["fields"]] == schema.names
        assert r["schema"].get("primaryKey", []) == PRIMARY_KEYS.get(table, [])
        if table != "cases":
            assert {"fields": ["case_id"], "reference": {"resource": "cases", "fields": ["case_id"]}} in r["schema"]["foreignKeys"]
        for f in r["schema"]["fields"]:
            assert f["description"] and f["description_ja"], (table, f["name"])
    jl = by_name["cases-jsonl"]["schema"]
    assert [f["name"] for f in jl["fields"]] == list(CaseRecord.model_fields)
    assert jl["primaryKey"] == ["case_id"]
    types = {f["name"]: f["type"] for f in jl["fields"]}
    assert types["published"] == "date" and types["cost"] == "object" and types["interview"] == "array"
    enum = {f["name"]: f.get("constraints", {}).get("enum") for f in by_name["cases"]["schema"]["fields"]}
    assert enum["population_band"] == ["under_10k", "10k_50k", "50k_100k", "100k_300k", "over_300k", "prefecture"]
    fk = by_name["effect_metrics"]["schema"]["foreignKeys"]
    assert {"fields": ["case_id", "effect_seq"], "reference": {"resource": "effects", "fields": ["case_id", "seq"]}} in fk


def test_arrow_types_map_to_table_schema_types():
    assert arrow_field_type(pa.int64()) == {"type": "integer"}
    assert arrow_field_type(pa.date32()) == {"type": "date"}
    # A list column is "any" for frictionless's pandas-based Parquet reader; arrowType says list<string>.
    assert arrow_field_type(pa.list_(pa.string())) == {"type": "any"}
    # Parquet reads list<item: ...> back as list<element: ...>: the declared name ignores it.
    assert arrow_type_name(pa.list_(pa.field("element", pa.int32()))) == arrow_type_name(pa.list_(pa.int32())) == "list<int32>"


def test_write_is_deterministic(out, raw_one, tmp_path):
    first = (out / "datapackage.json").read_bytes()
    write_datapackage(out)
    assert (out / "datapackage.json").read_bytes() == first
    # A second extraction of the same input into another folder gives the same package.
    other = tmp_path / "again"
    _extract(raw_one, other)
    write_datapackage(other)
    assert (other / "datapackage.json").read_bytes() == first
    assert b"T00:00" not in first and b"created" not in first


def _rewrite(path: Path, fn) -> None:
    t = pq.read_table(path)
    pq.write_table(fn(t), path)


def test_check_finds_a_wrong_type(out, tmp_path):
    o = _copy(out, tmp_path)
    _rewrite(o / "effects.parquet", lambda t: t.set_column(1, "seq", t.column("seq").cast(pa.string())))
    errs = check_datapackage(o, build_datapackage(o))
    assert any("effects.seq" in e and "string" in e for e in errs), errs


def test_check_finds_a_missing_column(out, tmp_path):
    o = _copy(out, tmp_path)
    _rewrite(o / "vendors.parquet", lambda t: t.drop_columns(["role"]))
    errs = check_datapackage(o, build_datapackage(o))
    assert any("vendors" in e and "missing ['role']" in e for e in errs), errs


def test_check_finds_duplicate_primary_keys_and_dangling_foreign_keys(out, tmp_path):
    o = _copy(out, tmp_path)
    orphan = {"case_id": "9.9-9-999", "seq": 0, "text": "x"}

    def tamper(t):
        rows = t.to_pylist()
        return pa.Table.from_pylist(rows + rows[:1] + [orphan], schema=t.schema)

    _rewrite(o / "effects.parquet", tamper)
    errs = check_datapackage(o, build_datapackage(o))
    assert any("effects: primary key" in e and "not unique" in e for e in errs), errs
    assert any("effects: foreign key ['case_id']" in e and "9.9-9-999" in e for e in errs), errs


def test_check_finds_enum_violations_and_nulls_in_keys(out, tmp_path):
    o = _copy(out, tmp_path)

    def tamper(t):
        rows = t.to_pylist()
        rows[0]["kind"] = "monthly"
        rows[1]["case_id"] = None
        return pa.Table.from_pylist(rows, schema=t.schema)

    _rewrite(o / "costs.parquet", tamper)
    errs = check_datapackage(o, build_datapackage(o))
    assert any("costs.kind" in e and "monthly" in e for e in errs), errs
    assert any("costs.case_id: required" in e for e in errs), errs


def test_check_finds_changed_and_missing_files(out, tmp_path):
    o = _copy(out, tmp_path)
    desc = build_datapackage(o)
    with open(o / "run_report.json", "a", encoding="utf-8") as fh:
        fh.write(" ")
    case_file = sorted((o / "cases").glob("*.json"))[0]
    case_file.unlink()
    errs = check_datapackage(o, desc)
    assert any(e.startswith("run-report: hash") for e in errs), errs
    assert any(e.startswith("case-files: missing files") and case_file.name in e for e in errs), errs


def test_nothing_written_without_tables(tmp_path):
    assert write_datapackage(tmp_path) is None and not (tmp_path / "datapackage.json").exists()
    assert check_datapackage(tmp_path) == [f"{tmp_path / 'datapackage.json'}: missing"]


def test_check_finds_a_case_file_that_differs_from_the_jsonl(out, tmp_path):
    o = _copy(out, tmp_path)
    f = sorted((o / "cases").glob("*.json"))[0]
    rec = json.loads(f.read_text(encoding="utf-8"))
    rec["title"] = "changed"
    f.write_text(json.dumps(rec, ensure_ascii=False), encoding="utf-8")
    errs = check_datapackage(o, build_datapackage(o))
    assert any("differs from its line in cases-jsonl" in e for e in errs), errs


def test_check_finds_bad_values_in_the_jsonl(out, tmp_path):
    o = _copy(out, tmp_path)
    lines = (o / "cases.jsonl").read_text(encoding="utf-8").splitlines()
    rec = json.loads(lines[0])
    rec["published"] = "24 April 2024"
    rec["case_no"] = "1"
    lines[0] = json.dumps(rec, ensure_ascii=False)
    (o / "cases.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    errs = check_datapackage(o, build_datapackage(o))
    assert any("published=" in e and "not of type date" in e for e in errs), errs
    assert any("case_no=" in e and "not of type integer" in e for e in errs), errs


# --- the official validator ----------------------------------------------------------


def _frictionless(folder: Path) -> tuple[int, str]:
    import subprocess
    import sys

    # The validator's own command line, as an analyst runs it.
    proc = subprocess.run([sys.executable, "-m", "frictionless", "validate", "--json", "datapackage.json"],
                          cwd=folder, capture_output=True, text=True, timeout=600)
    return proc.returncode, proc.stdout + proc.stderr


def test_frictionless_validate_passes_on_the_whole_sample(tmp_path):
    out = tmp_path / "out"
    _extract(ROOT / "raw", out)
    code, printed = _frictionless(out)
    report = json.loads(printed[printed.index("{"):])
    errors = [(t["name"], e["type"], e.get("note", "")[:80]) for t in report["tasks"] for e in t["errors"]]
    assert code == 0 and report["valid"] and errors == [], errors[:10]
    # Every resource was read, the Parquet tables row by row.
    stats = {t["name"]: t["stats"] for t in report["tasks"]}
    assert stats["cases"]["rows"] == 29 and stats["costs"]["rows"] > 29


def test_frictionless_validate_finds_a_data_error(out, tmp_path):
    """The validator is not passing for want of reading the data: a value outside its
    enum and a cost with a non-integer amount are reported."""
    o = _copy(out, tmp_path)

    def tamper(t):
        rows = t.to_pylist()
        rows[0]["kind"] = "monthly"
        return pa.Table.from_pylist(rows, schema=t.schema)

    _rewrite(o / "costs.parquet", tamper)
    write_datapackage(o)  # fresh hashes: only the data is wrong
    code, printed = _frictionless(o)
    assert code != 0
    report = json.loads(printed[printed.index("{"):])
    costs = next(t for t in report["tasks"] if t["name"] == "costs")
    assert any(e["type"] == "constraint-error" and e.get("fieldName") == "kind" for e in costs["errors"]), costs["errors"][:3]


def test_check_command_exits_1_on_a_problem_and_0_on_a_valid_package(out, tmp_path):
    """`python -m pipeline.datapackage --check` is what a shell script or CI trusts: its
    exit code, not only its messages, says whether the files match the descriptor."""
    import subprocess
    import sys

    def check(folder: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "pipeline.datapackage", "--out", str(folder), "--check"],
                              cwd=ROOT, capture_output=True, text=True, timeout=120)

    ok = check(out)
    assert (ok.returncode, ok.stderr) == (0, "")
    o = _copy(out, tmp_path)
    (o / "warnings.parquet").unlink()
    bad = check(o)
    assert bad.returncode == 1
    assert "datapackage: warnings: missing files ['warnings.parquet']" in bad.stderr
