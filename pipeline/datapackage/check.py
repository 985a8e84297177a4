"""Check written outputs against their datapackage.json without any extra library: every
path exists with the declared size and hash, every declared field is in the file with the
declared (Arrow) type, required fields are non-null, enum constraints hold, primary keys
are unique and foreign keys resolve."""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from .describe import PARQUET_FACTS, arrow_type_name, file_facts

NAME_RE = re.compile(r"^[a-z0-9._-]+$")

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


def _json_value_ok(ts_type: str, v: object) -> bool:
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


def _check_descriptor(desc: dict[str, Any]) -> list[str]:
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


def _load_rows(out_dir: Path, r: dict[str, Any], errs: list[str]) -> list[dict[str, Any]] | None:
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
        table_rows: list[dict[str, Any]] = pq.read_table(path).to_pylist()
        return table_rows
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


def _check_values(name: str, fields: list[dict[str, Any]], rows: list[dict[str, Any]], errs: list[str]) -> None:
    for f in fields:
        c = f.get("constraints", {})
        n = f["name"]
        if c.get("required"):
            nulls = sum(1 for row in rows if row.get(n) is None)
            if nulls:
                errs.append(f"{name}.{n}: required, null in {nulls} rows")
        if "enum" in c:
            allowed = set(c["enum"])
            bad = sorted({row[n] for row in rows if row.get(n) is not None} - allowed)
            if bad:
                errs.append(f"{name}.{n}: values {bad} outside {sorted(allowed)}")


def check_datapackage(out_dir: Path, desc: dict[str, Any] | None = None) -> list[str]:
    """Every problem found in out_dir/datapackage.json against the files; [] when valid."""
    out_dir = Path(out_dir)
    if desc is None:
        path = out_dir / "datapackage.json"
        if not path.exists():
            return [f"{path}: missing"]
        desc = json.loads(path.read_text(encoding="utf-8"))
    errs = _check_descriptor(desc)
    rows: dict[str, list[dict[str, Any]]] = {}
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
                    facts = facts or file_facts(out_dir / paths[0])
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

