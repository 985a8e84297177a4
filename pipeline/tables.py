"""The Parquet tables of the contract, with explicit Arrow schemas (dates as date32,
yen as int64, lists as list<string>), built from validated records.

`seq` is the 0-based position in the record's JSON list, so effects.seq joins
effect_metrics.effect_seq; in costs, seq 0 is the total (is_total) and 1.. the breakdown
lines; in departments, seq 0 is `department` and 1.. `other_departments` (the only place
the further departments are written: cases.parquet keeps the first one's columns).

Every field of the record is in some table (test_tables checks it); the columns an
analyst needs to count right are derived here: a vendor's canonical `company`
(vendors.py), a product per row (`services`), a cost line's `approx` and `is_total`,
a schedule step's `start_date`/`end_date`/`precision`, the population band's rank.
Each column's description (pipeline/rules/field_docs.json) is written into the Parquet
field metadata."""
from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import pyarrow as pa
import pyarrow.json as pa_json

from .models import CaseRecord, CorrectionNote
from .normalize import NormalizeError, is_approximate, parse_amount
from . import settings
from .vendors import products, vendor_name

S, I64, I32, F64, B, D = pa.string(), pa.int64(), pa.int32(), pa.float64(), pa.bool_(), pa.date32()
LS = pa.list_(pa.string())

SCHEMAS: dict[str, pa.Schema] = {
    "cases": pa.schema([
        ("case_id", S), ("edition", S), ("published", D), ("volume_no", I32), ("volume", S), ("area", S),
        ("section_no", I32), ("section", S), ("subsection", S), ("case_no", I32), ("title", S),
        ("organization", S), ("prefecture", S), ("municipality", S), ("org_type", S), ("lg_code", S),
        ("population_band", S), ("population_band_rank", I32), ("population", I64), ("population_as_of", D), ("is_new", B),
        ("labels", LS), ("point", S), ("overview", LS), ("effects", LS),
        ("cost_initial_text", S), ("cost_initial_status", S), ("cost_initial_yen", I64), ("cost_initial_tax", S),
        ("cost_running_text", S), ("cost_running_status", S), ("cost_running_yen", I64), ("cost_running_tax", S),
        ("lead_time_text", S), ("lead_time_months", F64),
        ("providers", LS), ("services", LS), ("operation", S), ("participants", LS),
        ("department_name", S), ("department_phone", S), ("department_email", S), ("department_units", LS),
        ("urls", LS), ("source_file", S), ("source_sha256", S), ("source_pages", pa.list_(I32)),
    ]),
    "costs": pa.schema([("case_id", S), ("kind", S), ("seq", I32), ("is_total", B), ("item", S), ("text", S),
                        ("amount_yen", I64), ("status", S), ("approx", B), ("tax", S), ("note", S)]),
    "schedule_steps": pa.schema([("case_id", S), ("seq", I32), ("when", S), ("start", S), ("end", S),
                                 ("start_date", D), ("end_date", D), ("precision", S), ("what", S)]),
    "effects": pa.schema([("case_id", S), ("seq", I32), ("text", S)]),
    "interviews": pa.schema([("case_id", S), ("seq", I32), ("q", S), ("a", S), ("topic", S), ("topics", LS)]),
    "vendors": pa.schema([("case_id", S), ("role", S), ("seq", I32), ("name", S), ("company", S), ("role_note", S)]),
    "services": pa.schema([("case_id", S), ("seq", I32), ("part", I32), ("name", S), ("product_name", S), ("note", S)]),
    "departments": pa.schema([("case_id", S), ("seq", I32), ("name", S), ("phone", S), ("email", S), ("units", LS)]),
    "warnings": pa.schema([("case_id", S), ("seq", I32), ("text", S), ("level", S), ("code", S), ("section", S),
                            ("page", I32)]),
    "provenance": pa.schema([("case_id", S), ("seq", I32), ("field", S), ("page", I32),
                             ("x0", F64), ("top", F64), ("x1", F64), ("bottom", F64), ("method", S),
                             ("correction_reason", S), ("correction_by", S), ("correction_entry", S),
                             ("correction_extracted", S), ("correction_recorded_extracted", S), ("correction_stale", B)]),
    "effect_metrics": pa.schema([
        ("case_id", S), ("effect_seq", I32), ("span", S), ("value", F64), ("value_before", F64), ("value_min", F64), ("value_max", F64),
        ("unit", S), ("per", S), ("direction", S), ("subject", S), ("role", S), ("role_basis", S), ("approx", B), ("bound", S),
        ("assumption", S),
    ]),
}
TABLES = list(SCHEMAS)


def line_status(text: str | None, yen: int | None) -> str | None:
    """A breakdown line's status, read with the same words as a total's (rules/normalize.json:
    none_words, undisclosed_words, blank_words). None when the text is not an amount the
    normalizer reads (a per-month figure, 27千円/月): the text stays, the amount is null,
    and the review site flags the line."""
    if yen is not None:
        return "none" if yen == 0 else "amount"
    try:
        return parse_amount(text).status
    except NormalizeError:
        return None


def band_rank(band: str | None) -> int | None:
    return settings.tables().population_band_rank.get(band) if band else None


_PRECISION = {1: "year", 2: "month", 3: "day"}
_PRECISION_ORDER = ("year", "month", "day")


def period(value: str | None) -> tuple[dt.date, dt.date, str] | None:
    """'2023' -> (2023-01-01, 2023-12-31, 'year'); '2023-02' -> (2023-02-01, 2023-02-28,
    'month'); '2023-02-10' -> that day twice, 'day'. The contract's start/end strings."""
    if value is None:
        return None
    parts = [int(p) for p in value.split("-")]
    year = parts[0]
    if len(parts) >= 3:
        d = dt.date(year, parts[1], parts[2])
        return d, d, "day"
    if len(parts) == 2:
        month = parts[1]
        nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
        return dt.date(year, month, 1), nxt - dt.timedelta(days=1), "month"
    return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"


def _step_dates(start: str | None, end: str | None) -> dict[str, Any]:
    first, last = period(start), period(end)
    precisions = [p[2] for p in (first, last) if p]
    return {"start_date": first[0] if first else None, "end_date": last[1] if last else None,
            # The coarser of the two: a step printed 'H27～H28.3' is known to the year.
            "precision": min(precisions, key=_PRECISION_ORDER.index) if precisions else None}


def rows(records: list[CaseRecord]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {name: [] for name in SCHEMAS}
    for r in records:
        c, s, d = r.cost, r.schedule, r.department
        out["cases"].append({
            **{k: getattr(r, k) for k in (
                "case_id", "edition", "published", "volume_no", "volume", "area", "section_no", "section",
                "subsection", "case_no", "title", "organization", "prefecture", "municipality", "org_type",
                "lg_code", "population_band", "population", "population_as_of", "is_new", "labels", "point",
                "overview", "effects", "providers", "services", "operation", "participants", "urls")},
            "population_band_rank": band_rank(r.population_band),
            **{f"cost_{k}_{f}": (getattr(getattr(c, k), f) if c else None)
               for k in ("initial", "running") for f in ("text", "status", "tax")},
            "cost_initial_yen": c.initial.amount_yen if c else None,
            "cost_running_yen": c.running.amount_yen if c else None,
            "lead_time_text": s.lead_time_text if s else None,
            "lead_time_months": s.lead_time_months if s else None,
            "department_name": d.name if d else None,
            "department_phone": d.phone if d else None,
            "department_email": d.email if d else None,
            "department_units": d.units if d else [],
            "source_file": r.source.file, "source_sha256": r.source.sha256, "source_pages": r.source.pages,
        })
        if c:
            for kind in ("initial", "running"):
                item = getattr(c, kind)
                out["costs"].append({"case_id": r.case_id, "kind": kind, "seq": 0, "is_total": True, "item": None,
                                     "text": item.text, "amount_yen": item.amount_yen, "status": item.status,
                                     "approx": is_approximate(item.text), "tax": item.tax, "note": item.note})
                for i, b in enumerate(item.breakdown, 1):
                    out["costs"].append({"case_id": r.case_id, "kind": kind, "seq": i, "is_total": False, "item": b.item,
                                         "text": b.text, "amount_yen": b.amount_yen,
                                         "status": line_status(b.text, b.amount_yen), "approx": is_approximate(b.text),
                                         "tax": None, "note": None})
        if s:
            for i, st in enumerate(s.steps):
                out["schedule_steps"].append({"case_id": r.case_id, "seq": i, **st.model_dump(),
                                              **_step_dates(st.start, st.end)})
        for i, e in enumerate(r.effects):
            out["effects"].append({"case_id": r.case_id, "seq": i, "text": e})
        for i, qa in enumerate(r.interview):
            out["interviews"].append({"case_id": r.case_id, "seq": i, "q": qa.q, "a": qa.a, "topic": qa.topic,
                                      "topics": qa.topics})
        for role, names in (("provider", r.providers), ("participant", r.participants)):
            for i, n in enumerate(names):
                v = vendor_name(n)
                out["vendors"].append({"case_id": r.case_id, "role": role, "seq": i, "name": n,
                                       "company": v.company, "role_note": v.role_note})
        for i, cell in enumerate(r.services):
            for j, prod in enumerate(products(cell)):
                out["services"].append({"case_id": r.case_id, "seq": i, "part": j, "name": cell,
                                        "product_name": prod.product, "note": prod.note})
        for i, dep in enumerate(([d] if d else []) + list(r.other_departments)):
            out["departments"].append({"case_id": r.case_id, "seq": i, **dep.model_dump()})
        # The record's issues are its warnings as data (one each, same order, message = text).
        for i, issue in enumerate(r.issues):
            out["warnings"].append({"case_id": r.case_id, "seq": i, "text": issue.message, "level": str(issue.level),
                                    "code": None if issue.code is None else str(issue.code),
                                    "section": None if issue.section is None else str(issue.section), "page": issue.page})
        for i, p in enumerate(r.provenance):
            # A corrected field whose section was not found has no page or box.
            x0, top, x1, bottom = p.bbox if p.bbox is not None else (None, None, None, None)
            out["provenance"].append({"case_id": r.case_id, "seq": i, "field": p.field, "page": p.page,
                                      "x0": x0, "top": top, "x1": x1, "bottom": bottom, "method": p.method,
                                      **_correction_columns(p.correction)})
        for m in r.effect_metrics:
            out["effect_metrics"].append({"case_id": r.case_id, **m.model_dump()})
    return out


def _correction_columns(note: CorrectionNote | None) -> dict[str, Any]:
    """A correction's note as flat columns; the two values as JSON text, since a corrected
    field may hold any type (a number, a text, a list)."""
    if note is None:
        return {f"correction_{k}": None for k in ("reason", "by", "entry", "extracted", "recorded_extracted", "stale")}
    return {"correction_reason": note.reason, "correction_by": note.by, "correction_entry": note.entry,
            "correction_extracted": json.dumps(note.extracted, ensure_ascii=False, sort_keys=True),
            "correction_recorded_extracted": json.dumps(note.recorded_extracted, ensure_ascii=False, sort_keys=True),
            "correction_stale": note.stale}


_EPOCH = dt.date(1970, 1, 1)


def _json_value(value: object) -> int:
    if isinstance(value, dt.date):
        return (value - _EPOCH).days  # date32 is days since 1970-01-01
    raise TypeError(f"{type(value).__name__} in a table row")


def table_from_rows(rows: list[dict[str, Any]], schema: pa.Schema) -> pa.Table:
    """Rows to an Arrow table of exactly `schema`, every value checked against it.

    The same table as `pa.Table.from_pylist(rows, schema=schema)`, but through Arrow's
    JSON reader (C++): pyarrow imports pandas the first time it converts Python
    objects, 0.2 s that were a third of a re-run after a rule change."""
    if not rows:
        return pa.Table.from_batches([], schema=schema)  # schema.empty_table() imports pandas
    data = "".join(json.dumps(r, ensure_ascii=False, default=_json_value) + "\n" for r in rows).encode("utf-8")
    options = pa_json.ParseOptions(explicit_schema=schema, unexpected_field_behavior="error")
    # One block for the whole input: a row longer than a block would not parse.
    reading = pa_json.ReadOptions(block_size=max(1 << 20, len(data) + 1))
    table = pa_json.read_json(io.BytesIO(data), read_options=reading, parse_options=options).combine_chunks()
    return table.select(schema.names)


def described_schema(name: str) -> pa.Schema:
    """SCHEMAS[name] with each column's description (field_docs.json) as field metadata,
    so a reader of the bare Parquet file (pq.read_schema(...).field(c).metadata) finds it."""
    from .field_docs import doc

    fields = []
    for f in SCHEMAS[name]:
        d = doc(name, f.name)
        fields.append(f.with_metadata({"description": d["en"], "description_ja": d["ja"]}))
    return pa.schema(fields)


def build_tables(records: list[CaseRecord]) -> dict[str, pa.Table]:
    out = {}
    for name, rs in rows(records).items():
        table = table_from_rows(rs, SCHEMAS[name])
        out[name] = pa.Table.from_arrays(table.columns, schema=described_schema(name))
    return out
