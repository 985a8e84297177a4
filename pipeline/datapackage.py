"""extracted/datapackage.json: a Frictionless Data Package (v2) describing every output.

Generated, never hand-written: the Parquet resources from the Arrow schemas of
pipeline.tables.SCHEMAS, the JSON resources from the pydantic model CaseRecord, and every
description (Japanese and English) from the one data file pipeline/rules/field_docs.json.
Each field carries ``description`` (English), ``description_ja`` (Japanese) and, for
Parquet columns, ``arrowType`` (the exact Arrow type in the file).

The descriptor is deterministic: no timestamps, fixed key order, and file hashes that
depend only on the file contents; writing it twice over the same outputs gives the same
bytes.

``check_datapackage(out_dir)`` validates a written package without any extra library:
every path exists with the declared size and hash, every declared field is in the file
with the declared (Arrow) type, required fields are non-null, enum constraints hold,
primary keys are unique and foreign keys resolve.

The descriptor also passes the official validator (``frictionless validate``, tested).
frictionless reads Parquet through pandas, so the Parquet resources are described the
way that reader sees them, each with its exact ``arrowType`` beside:
- a list column is Table Schema ``any`` (pandas hands over numpy arrays, which the
  ``array`` type, a JSON array, rejects);
- a nullable integer or number column lists ``nan`` among its missing values (pandas
  turns a null int64 into NaN);
- a Parquet file's size and hash are ``fileBytes``/``fileHash``, not ``bytes``/``hash``:
  that reader does not stream the file's bytes, so it cannot count them;
- JSON resources that are not tables say ``type: json``: frictionless takes any JSON
  with an ``errors`` key for one of its own reports (as it did run_report.json).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import types
import typing
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import pyarrow as pa
import pyarrow.parquet as pq
from pydantic import BaseModel

from . import __version__
from .models import CaseRecord, CostStatus, EffectMetric, OrgType, PopulationBand, Tax
from .ruleset import RULES_DIR
from .tables import SCHEMAS

PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
RESOURCE_PROFILE = "https://datapackage.org/profiles/2.0/dataresource.json"
TABLE_PROFILE = "https://datapackage.org/profiles/2.0/tableschema.json"
NAME_RE = re.compile(r"^[a-z0-9._-]+$")

# Keys. Tables without a key that is unique by construction (effect_metrics) get none.
PRIMARY_KEYS: dict[str, list[str]] = {
    "cases": ["case_id"],
    "costs": ["case_id", "kind", "seq"],
    "schedule_steps": ["case_id", "seq"],
    "effects": ["case_id", "seq"],
    "interviews": ["case_id", "seq"],
    "vendors": ["case_id", "role", "seq"],
    "services": ["case_id", "seq", "part"],
    "departments": ["case_id", "seq"],
    "warnings": ["case_id", "seq"],
    "provenance": ["case_id", "seq"],
}
# (table, fields, referenced resource, referenced fields); every table's case_id refers to cases.
EXTRA_FOREIGN_KEYS: list[tuple[str, list[str], str, list[str]]] = [
    ("effect_metrics", ["case_id", "effect_seq"], "effects", ["case_id", "seq"]),
]


def _literal_values(annotation) -> list | None:
    """The values of a Literal (possibly inside `X | None`), else None."""
    if typing.get_origin(annotation) is Literal:
        return list(typing.get_args(annotation))
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        for a in typing.get_args(annotation):
            vals = _literal_values(a)
            if vals is not None:
                return vals
    return None


# Enum constraints for Parquet columns, from the models' Literal types (one source of truth).
COLUMN_ENUMS: dict[tuple[str | None, str], list] = {
    (None, "org_type"): _literal_values(OrgType),
    (None, "population_band"): _literal_values(PopulationBand),
    (None, "cost_initial_status"): _literal_values(CostStatus),
    (None, "cost_running_status"): _literal_values(CostStatus),
    (None, "cost_initial_tax"): _literal_values(Tax),
    (None, "cost_running_tax"): _literal_values(Tax),
    ("costs", "status"): _literal_values(CostStatus),
    ("costs", "kind"): ["initial", "running"],
    ("vendors", "role"): ["provider", "participant"],
    ("schedule_steps", "precision"): ["year", "month", "day"],
    ("effect_metrics", "direction"): _literal_values(EffectMetric.model_fields["direction"].annotation),
    ("effect_metrics", "role"): _literal_values(EffectMetric.model_fields["role"].annotation),
    ("effect_metrics", "bound"): _literal_values(EffectMetric.model_fields["bound"].annotation),
}


@lru_cache(maxsize=None)
def field_docs() -> dict:
    with open(RULES_DIR / "field_docs.json", encoding="utf-8") as fh:
        return json.load(fh)


def doc(table: str, field: str) -> dict[str, str]:
    """{"ja", "en"} for a field of a resource; KeyError when undocumented."""
    d = field_docs()
    over = d.get("overrides", {}).get(table, {})
    if field in over:
        return over[field]
    return d["fields"][field]


def missing_docs() -> list[str]:
    """Fields of the outputs with no ja+en description in field_docs.json."""
    out = []
    for table, schema in SCHEMAS.items():
        for f in schema:
            try:
                d = doc(table, f.name)
            except KeyError:
                out.append(f"{table}.{f.name}")
                continue
            if not (d.get("ja") and d.get("en")):
                out.append(f"{table}.{f.name}")
    for name in CaseRecord.model_fields:
        d = field_docs()["fields"].get(name, {})
        if not (d.get("ja") and d.get("en")):
            out.append(f"record.{name}")
    for r in _resource_order():
        d = field_docs()["resources"].get(r, {})
        if not (d.get("ja") and d.get("en")):
            out.append(f"resource {r}")
    return out


# --- types --------------------------------------------------------------------------


# How a reader going through pandas sees a null int64 or float64 (see the module doc).
PANDAS_NULL = "nan"


def arrow_field_type(t: pa.DataType) -> dict:
    """Table Schema type (and constraints) for an Arrow type."""
    if pa.types.is_list(t) or pa.types.is_large_list(t):
        return {"type": "any"}
    if pa.types.is_date32(t) or pa.types.is_date64(t):
        return {"type": "date"}
    if pa.types.is_integer(t):
        return {"type": "integer"}
    if pa.types.is_floating(t):
        return {"type": "number"}
    if pa.types.is_boolean(t):
        return {"type": "boolean"}
    if pa.types.is_string(t) or pa.types.is_large_string(t):
        return {"type": "string"}
    raise TypeError(f"no Table Schema type for Arrow type {t}")


def arrow_type_name(t: pa.DataType) -> str:
    """The Arrow type as written in the descriptor: list item names left out, since
    Parquet renames them (list<item: string> is read back as list<element: string>)."""
    if pa.types.is_list(t):
        return f"list<{arrow_type_name(t.value_type)}>"
    if pa.types.is_large_list(t):
        return f"large_list<{arrow_type_name(t.value_type)}>"
    return str(t)


def _strip_none(annotation) -> tuple[Any, bool]:
    """(annotation without None, whether None was allowed)."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        nullable = len(args) < len(typing.get_args(annotation))
        return (args[0] if len(args) == 1 else typing.Union[tuple(args)]), nullable
    return annotation, False


def model_field_type(annotation) -> dict:
    """Table Schema type (and constraints) for a pydantic field annotation."""
    a, _ = _strip_none(annotation)
    origin = typing.get_origin(a)
    if origin is Literal:
        vals = list(typing.get_args(a))
        return {"type": "string", "constraints": {"enum": vals}}
    if origin in (list, tuple):
        return {"type": "array"}
    if isinstance(a, type) and issubclass(a, BaseModel):
        return {"type": "object"}
    if a is bool:
        return {"type": "boolean"}
    if a is int:
        return {"type": "integer"}
    if a is float:
        return {"type": "number"}
    if a is dt.date:
        return {"type": "date"}
    if a is str:
        return {"type": "string"}
    raise TypeError(f"no Table Schema type for {annotation!r}")


def _field(table: str, name: str, typ: dict, *, required: bool = False, extra: dict | None = None) -> dict:
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


# --- the descriptor -----------------------------------------------------------------


def _resource_order() -> list[str]:
    return list(SCHEMAS) + ["cases-jsonl", "case-files", "run-report"]


# A Parquet resource's size and hash, under names the validator leaves alone (module doc).
PARQUET_FACTS = {"bytes": "fileBytes", "hash": "fileHash"}


def _file_facts(path: Path) -> dict:
    data = path.read_bytes()
    return {"bytes": len(data), "hash": "sha256:" + hashlib.sha256(data).hexdigest()}


def _res_doc(name: str) -> dict:
    d = field_docs()["resources"][name]
    return {"description": d["en"], "description_ja": d["ja"]}


def _foreign_keys(table: str) -> list[dict]:
    fks = []
    if table != "cases":
        fks.append({"fields": ["case_id"], "reference": {"resource": "cases", "fields": ["case_id"]}})
    for t, fields, ref, ref_fields in EXTRA_FOREIGN_KEYS:
        if t == table:
            fks.append({"fields": fields, "reference": {"resource": ref, "fields": ref_fields}})
    return fks


def _parquet_resource(out_dir: Path, table: str) -> dict:
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
        **({PARQUET_FACTS[k]: v for k, v in _file_facts(path).items()} if path.exists() else {}),
        "schema": schema,
    }


def _record_fields() -> list[dict]:
    fields = []
    for name, info in CaseRecord.model_fields.items():
        _, nullable = _strip_none(info.annotation)
        fields.append(_field("cases-jsonl", name, model_field_type(info.annotation), required=not nullable))
    return fields


def _case_files(out_dir: Path) -> list[str]:
    d = out_dir / "cases"
    return sorted(f"cases/{p.name}" for p in d.glob("*.json")) if d.is_dir() else []


def build_datapackage(out_dir: Path) -> dict:
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
        **(_file_facts(jl) if jl.exists() else {}),
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
            "encoding": "utf-8", **_res_doc("run-report"), **_file_facts(rr),
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


def render(desc: dict) -> str:
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


# --- the check ----------------------------------------------------------------------

_ARROW_OK = {
    "string": lambda t: pa.types.is_string(t) or pa.types.is_large_string(t),
    "integer": pa.types.is_integer,
    "number": pa.types.is_floating,
    "boolean": pa.types.is_boolean,
    "date": lambda t: pa.types.is_date32(t) or pa.types.is_date64(t),
    "array": lambda t: pa.types.is_list(t) or pa.types.is_large_list(t),
    "any": lambda t: True,  # the arrowType says what it is
}
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _json_value_ok(ts_type: str, v) -> bool:
    if ts_type == "string":
        return isinstance(v, str)
    if ts_type == "integer":
        return isinstance(v, int) and not isinstance(v, bool)
    if ts_type == "number":
        return isinstance(v, (int, float)) and not isinstance(v, bool)
    if ts_type == "boolean":
        return isinstance(v, bool)
    if ts_type == "date":
        if not (isinstance(v, str) and _DATE_RE.match(v)):
            return False
        try:
            dt.date.fromisoformat(v)
        except ValueError:
            return False
        return True
    if ts_type == "array":
        return isinstance(v, list)
    if ts_type == "object":
        return isinstance(v, dict)
    return True


def _check_descriptor(desc: dict) -> list[str]:
    errs = []
    if not NAME_RE.match(desc.get("name", "")):
        errs.append(f"package name {desc.get('name')!r} is not lower-case [a-z0-9._-]")
    names = [r.get("name", "") for r in desc.get("resources", [])]
    if len(names) != len(set(names)):
        errs.append(f"duplicate resource names: {names}")
    if not names:
        errs.append("no resources")
    for r in desc.get("resources", []):
        name = r.get("name", "")
        if not NAME_RE.match(name):
            errs.append(f"resource name {name!r} is not lower-case [a-z0-9._-]")
        paths = r.get("path")
        paths = paths if isinstance(paths, list) else [paths]
        for p in paths:
            if not isinstance(p, str) or not p or p.startswith(("/", ".", "~")) or ".." in p:
                errs.append(f"{name}: path {p!r} must be relative, inside the package")
        if not r.get("description") or not r.get("description_ja"):
            errs.append(f"{name}: description (en, ja) missing")
        schema = r.get("schema")
        if schema is None:
            continue
        fnames = [f.get("name") for f in schema.get("fields", [])]
        if not fnames or len(fnames) != len(set(fnames)):
            errs.append(f"{name}: empty or duplicate field names")
        for f in schema.get("fields", []):
            if f.get("type") not in {"string", "integer", "number", "boolean", "date", "array", "object", "any"}:
                errs.append(f"{name}.{f.get('name')}: unknown type {f.get('type')!r}")
            if not f.get("description") or not f.get("description_ja"):
                errs.append(f"{name}.{f.get('name')}: description (en, ja) missing")
        for k in schema.get("primaryKey", []):
            if k not in fnames:
                errs.append(f"{name}: primary key field {k!r} not declared")
        for fk in schema.get("foreignKeys", []):
            ref = fk["reference"]
            if ref["resource"] not in names:
                errs.append(f"{name}: foreign key refers to unknown resource {ref['resource']!r}")
            if len(fk["fields"]) != len(ref["fields"]):
                errs.append(f"{name}: foreign key {fk['fields']} and reference {ref['fields']} differ in length")
            for k in fk["fields"]:
                if k not in fnames:
                    errs.append(f"{name}: foreign key field {k!r} not declared")
    return errs


def _load_rows(out_dir: Path, r: dict, errs: list[str]) -> list[dict] | None:
    """The rows of a tabular resource, after checking its columns and their types."""
    name, path = r["name"], out_dir / r["path"]
    fields = r["schema"]["fields"]
    if r.get("format") == "parquet":
        try:
            schema = pq.read_schema(path)
        except Exception as exc:  # a damaged file
            errs.append(f"{name}: cannot read {r['path']}: {exc}")
            return None
        have = {f.name: f.type for f in schema}
        declared = [f["name"] for f in fields]
        if list(have) != declared:
            missing = [n for n in declared if n not in have]
            extra = [n for n in have if n not in declared]
            errs.append(f"{name}: columns differ from the schema (missing {missing}, undeclared {extra}"
                        + ("" if missing or extra else ", order differs") + ")")
        for f in fields:
            t = have.get(f["name"])
            if t is None:
                continue
            if f.get("arrowType") and arrow_type_name(t) != f["arrowType"]:
                errs.append(f"{name}.{f['name']}: Arrow type {t}, declared {f['arrowType']}")
            elif not _ARROW_OK[f["type"]](t):
                errs.append(f"{name}.{f['name']}: Arrow type {t} is not a Table Schema {f['type']}")
        return pq.read_table(path).to_pylist()
    if r.get("format") == "jsonl":
        rows = []
        declared = [f["name"] for f in fields]
        types_ = {f["name"]: f["type"] for f in fields}
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                errs.append(f"{name}: line {i} is not JSON: {exc}")
                continue
            if not isinstance(row, dict):
                errs.append(f"{name}: line {i} is not an object")
                continue
            if set(row) != set(declared):
                errs.append(f"{name}: line {i}: keys differ (missing {sorted(set(declared) - set(row))}, "
                            f"undeclared {sorted(set(row) - set(declared))})")
            for k, v in row.items():
                if v is not None and k in types_ and not _json_value_ok(types_[k], v):
                    errs.append(f"{name}: line {i}: {k}={v!r:.60} is not of type {types_[k]}")
            rows.append(row)
        return rows
    errs.append(f"{name}: cannot check format {r.get('format')!r}")
    return None


def _check_values(name: str, fields: list[dict], rows: list[dict], errs: list[str]) -> None:
    for f in fields:
        c = f.get("constraints", {})
        n = f["name"]
        if c.get("required"):
            bad = sum(1 for row in rows if row.get(n) is None)
            if bad:
                errs.append(f"{name}.{n}: required, null in {bad} rows")
        if "enum" in c:
            allowed = set(c["enum"])
            bad = sorted({row.get(n) for row in rows if row.get(n) is not None} - allowed)
            if bad:
                errs.append(f"{name}.{n}: values {bad} outside {sorted(allowed)}")


def check_datapackage(out_dir: Path, desc: dict | None = None) -> list[str]:
    """Every problem found in out_dir/datapackage.json against the files; [] when valid."""
    out_dir = Path(out_dir)
    if desc is None:
        path = out_dir / "datapackage.json"
        if not path.exists():
            return [f"{path}: missing"]
        desc = json.loads(path.read_text(encoding="utf-8"))
    errs = _check_descriptor(desc)
    rows: dict[str, list[dict]] = {}
    for r in desc.get("resources", []):
        name = r.get("name")
        paths = r["path"] if isinstance(r.get("path"), list) else [r.get("path")]
        missing = [p for p in paths if isinstance(p, str) and not (out_dir / p).is_file()]
        if missing:
            errs.append(f"{name}: missing files {missing[:5]}")
            continue
        facts = None
        for k in ("bytes", "hash"):
            for key in (k, PARQUET_FACTS[k]):
                if key in r:
                    facts = facts or _file_facts(out_dir / paths[0])
                    if r[key] != facts[k]:
                        errs.append(f"{name}: {key} {r[key]} declared, file has {facts[k]}")
        if r.get("format") == "json":
            for p in paths:
                try:
                    json.loads((out_dir / p).read_text(encoding="utf-8"))
                except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                    errs.append(f"{name}: {p} is not JSON: {exc}")
        if "schema" not in r:
            continue
        got = _load_rows(out_dir, r, errs)
        if got is None:
            continue
        rows[name] = got
        schema = r["schema"]
        _check_values(name, schema["fields"], got, errs)
        pk = schema.get("primaryKey")
        if pk:
            keys = [tuple(row.get(k) for k in pk) for row in got]
            dup = len(keys) - len(set(keys))
            if dup:
                errs.append(f"{name}: primary key {pk} not unique ({dup} duplicates)")
    for r in desc.get("resources", []):
        for fk in r.get("schema", {}).get("foreignKeys", []):
            ref = fk["reference"]
            if r["name"] not in rows or ref["resource"] not in rows:
                continue
            have = {tuple(row.get(k) for k in ref["fields"]) for row in rows[ref["resource"]]}
            dangling = sorted({tuple(row.get(k) for k in fk["fields"]) for row in rows[r["name"]]} - have, key=str)
            if dangling:
                errs.append(f"{r['name']}: foreign key {fk['fields']} -> {ref['resource']}{ref['fields']} "
                            f"does not resolve for {dangling[:5]}")
    # The case files hold the same records as cases.jsonl, one per file, named by case_id.
    for r in desc.get("resources", []):
        if r.get("recordSchema") and r["recordSchema"] in rows:
            by_id = {row["case_id"]: row for row in rows[r["recordSchema"]]}
            seen = set()
            for p in r["path"]:
                if not (out_dir / p).is_file():
                    continue
                try:
                    rec = json.loads((out_dir / p).read_text(encoding="utf-8"))
                except (json.JSONDecodeError, UnicodeDecodeError):
                    continue
                cid = rec.get("case_id") if isinstance(rec, dict) else None
                if Path(p).stem != cid:
                    errs.append(f"{r['name']}: {p} holds case {cid!r}")
                elif by_id.get(cid) != rec:
                    errs.append(f"{r['name']}: {p} differs from its line in {r['recordSchema']}")
                seen.add(cid)
            if seen != set(by_id):
                errs.append(f"{r['name']}: cases without a file {sorted(set(by_id) - seen)[:5]}")
    return errs


def main(argv: list[str] | None = None) -> int:
    import argparse
    import sys

    ap = argparse.ArgumentParser(prog="python -m pipeline.datapackage")
    ap.add_argument("--out", default="extracted")
    ap.add_argument("--check", action="store_true", help="only check the existing datapackage.json")
    args = ap.parse_args(argv)
    out = Path(args.out)
    if not args.check:
        print(write_datapackage(out))
    errs = check_datapackage(out)
    for e in errs:
        print(f"datapackage: {e}", file=sys.stderr)
    return 1 if errs else 0


if __name__ == "__main__":
    raise SystemExit(main())
