"""What building and checking the data package share: keys, enum constraints, the
mapping from Arrow and pydantic types to Table Schema types, and the facts (size, hash)
recorded for each file. See the package doc for why Parquet columns are typed as they are."""
from __future__ import annotations

import datetime as dt
import hashlib
import types
import typing
from pathlib import Path
from typing import Any, Literal

import pyarrow as pa
from pydantic import BaseModel

from ..field_docs import doc, field_docs
from ..models import CaseRecord, CostStatus, EffectMetric, OrgType, PopulationBand, Tax
from ..tables import SCHEMAS

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


def _literal_values(annotation: Any) -> list[str] | None:
    """The values of a Literal (possibly inside `X | None`), else None."""
    if typing.get_origin(annotation) is Literal:
        return [str(v) for v in typing.get_args(annotation)]  # the models' Literals are all of strings
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        for a in typing.get_args(annotation):
            vals = _literal_values(a)
            if vals is not None:
                return vals
    return None


# Enum constraints for Parquet columns, from the models' Literal types (one source of truth).
COLUMN_ENUMS: dict[tuple[str | None, str], list[str] | None] = {
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
    for r in resource_order():
        d = field_docs()["resources"].get(r, {})
        if not (d.get("ja") and d.get("en")):
            out.append(f"resource {r}")
    return out


# --- types --------------------------------------------------------------------------


# How a reader going through pandas sees a null int64 or float64 (see the module doc).
PANDAS_NULL = "nan"


def arrow_field_type(t: pa.DataType) -> dict[str, Any]:
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


def strip_none(annotation: Any) -> tuple[Any, bool]:
    """(annotation without None, whether None was allowed)."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        nullable = len(args) < len(typing.get_args(annotation))
        return (args[0] if len(args) == 1 else typing.Union[tuple(args)]), nullable
    return annotation, False


def model_field_type(annotation: Any) -> dict[str, Any]:
    """Table Schema type (and constraints) for a pydantic field annotation."""
    a, _ = strip_none(annotation)
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


def resource_order() -> list[str]:
    return list(SCHEMAS) + ["cases-jsonl", "case-files", "run-report"]


# A Parquet resource's size and hash, under names the validator leaves alone (module doc).
PARQUET_FACTS = {"bytes": "fileBytes", "hash": "fileHash"}


def file_facts(path: Path) -> dict[str, Any]:
    data = path.read_bytes()
    return {"bytes": len(data), "hash": "sha256:" + hashlib.sha256(data).hexdigest()}

