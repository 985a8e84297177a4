"""Build extracted/datapackage.json from the table schemas, the record model and the field
docs (package doc); deterministic, written only when its text changes."""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from .. import __version__
from ..field_docs import doc, field_docs
from ..models import CaseRecord
from ..tables import SCHEMAS
from .describe import (
    COLUMN_ENUMS,
    EXTRA_FOREIGN_KEYS,
    PANDAS_NULL,
    PARQUET_FACTS,
    PRIMARY_KEYS,
    arrow_field_type,
    arrow_type_name,
    file_facts,
    model_field_type,
    strip_none,
)

PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
RESOURCE_PROFILE = "https://datapackage.org/profiles/2.0/dataresource.json"
TABLE_PROFILE = "https://datapackage.org/profiles/2.0/tableschema.json"


def _field(table: str, name: str, typ: dict[str, Any], *, required: bool = False, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    d = doc(table, name)
    f: dict[str, Any] = {"name": name, **{k: v for k, v in typ.items() if k != "constraints"}}
    f["description"] = d["en"]
    f["description_ja"] = d["ja"]
    if extra:
        f.update(extra)
    constraints = dict(typ.get("constraints", {}))
    if required:
        constraints = {"required": True, **constraints}
    if constraints:
        f["constraints"] = constraints
    return f


def _res_doc(name: str) -> dict[str, Any]:
    d = field_docs()["resources"][name]
    return {"description": d["en"], "description_ja": d["ja"]}


def _foreign_keys(table: str) -> list[dict[str, Any]]:
    fks = []
    if table != "cases":
        fks.append({"fields": ["case_id"], "reference": {"resource": "cases", "fields": ["case_id"]}})
    for t, fields, ref, ref_fields in EXTRA_FOREIGN_KEYS:
        if t == table:
            fks.append({"fields": fields, "reference": {"resource": ref, "fields": ref_fields}})
    return fks


def _parquet_resource(out_dir: Path, table: str) -> dict[str, Any]:
    pk = PRIMARY_KEYS.get(table, [])
    fields = []
    for f in SCHEMAS[table]:
        typ = arrow_field_type(f.type)
        enum = COLUMN_ENUMS.get((table, f.name)) or COLUMN_ENUMS.get((None, f.name))
        if enum:
            typ = {**typ, "constraints": {**typ.get("constraints", {}), "enum": enum}}
        extra: dict[str, Any] = {"arrowType": arrow_type_name(f.type)}
        if typ["type"] in ("integer", "number") and f.nullable:
            extra["missingValues"] = ["", PANDAS_NULL]
        fields.append(_field(table, f.name, typ, required=f.name in pk or f.name == "case_id", extra=extra))
    schema: dict[str, Any] = {"$schema": TABLE_PROFILE, "fields": fields}
    if pk:
        schema["primaryKey"] = pk
    fks = _foreign_keys(table)
    if fks:
        schema["foreignKeys"] = fks
    path = out_dir / f"{table}.parquet"
    return {
        "name": table, "type": "table", "path": f"{table}.parquet", "format": "parquet",
        "mediatype": "application/vnd.apache.parquet", **_res_doc(table),
        **({PARQUET_FACTS[k]: v for k, v in file_facts(path).items()} if path.exists() else {}),
        "schema": schema,
    }


def _record_fields() -> list[dict[str, Any]]:
    fields = []
    for name, info in CaseRecord.model_fields.items():
        _, nullable = strip_none(info.annotation)
        fields.append(_field("cases-jsonl", name, model_field_type(info.annotation), required=not nullable))
    return fields


def _case_files(out_dir: Path) -> list[str]:
    d = out_dir / "cases"
    return sorted(f"cases/{p.name}" for p in d.glob("*.json")) if d.is_dir() else []


def build_datapackage(out_dir: Path) -> dict[str, Any]:
    """The descriptor for the outputs in out_dir (paths relative to out_dir)."""
    out_dir = Path(out_dir)
    p = field_docs()["package"]
    editions = _editions(out_dir)
    desc: dict[str, Any] = {
        "$schema": PROFILE,
        "name": p["name"],
        "title": p["title"]["ja"] + " / " + p["title"]["en"],
        "description": p["description"]["en"],
        "description_ja": p["description"]["ja"],
        "version": __version__,
        "keywords": p["keywords"],
        "sources": p["sources"],
    }
    if editions:
        desc["editions"] = editions
    resources = [_parquet_resource(out_dir, t) for t in SCHEMAS]
    jl = out_dir / "cases.jsonl"
    resources.append({
        "name": "cases-jsonl", "type": "table", "path": "cases.jsonl", "format": "jsonl",
        "mediatype": "application/jsonl", "encoding": "utf-8", **_res_doc("cases-jsonl"),
        **(file_facts(jl) if jl.exists() else {}),
        "schema": {"$schema": TABLE_PROFILE, "fields": _record_fields(), "primaryKey": ["case_id"],
                   "foreignKeys": [{"fields": ["case_id"], "reference": {"resource": "cases", "fields": ["case_id"]}}]},
    })
    files = _case_files(out_dir)
    if files:
        resources.append({
            "name": "case-files", "type": "json", "path": files, "format": "json", "mediatype": "application/json",
            "encoding": "utf-8", **_res_doc("case-files"),
            "recordSchema": "cases-jsonl",
        })
    rr = out_dir / "run_report.json"
    if rr.exists():
        resources.append({
            "name": "run-report", "type": "json", "path": "run_report.json", "format": "json", "mediatype": "application/json",
            "encoding": "utf-8", **_res_doc("run-report"), **file_facts(rr),
        })
    desc["resources"] = resources
    return desc


def _editions(out_dir: Path) -> list[str]:
    path = out_dir / "cases.parquet"
    if not path.exists():
        return []
    # ParquetFile, not pq.read_table: the dataset layer behind read_table imports pandas.
    with pq.ParquetFile(path) as pf:
        col = pf.read(columns=["edition"]).column("edition").to_pylist()
    return sorted({e for e in col if e})


def render(desc: dict[str, Any]) -> str:
    return json.dumps(desc, ensure_ascii=False, indent=1) + "\n"


def write_datapackage(out_dir: Path) -> Path | None:
    """Write out_dir/datapackage.json (atomically); call it after every output, the run
    report included, is written. None, and nothing written, when out_dir holds no tables."""
    out_dir = Path(out_dir)
    target = out_dir / "datapackage.json"
    if not (out_dir / "cases.parquet").exists():
        return None
    text = render(build_datapackage(out_dir))
    if target.exists() and target.read_text(encoding="utf-8") == text:
        return target
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, target)
    return target

