"""JSON Schemas generated from the models: the committed files in schemas/ must equal
what the models produce (a test checks for drift)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .models import CaseRecord
from .tables import SCHEMAS


def case_schema() -> dict[str, Any]:
    return CaseRecord.model_json_schema()


def table_schema(name: str) -> dict[str, Any]:
    """A JSON Schema for one row of a Parquet table, from its Arrow schema."""
    import pyarrow as pa

    def js(t: pa.DataType) -> dict[str, Any]:
        if pa.types.is_list(t):
            return {"type": ["array", "null"], "items": js(t.value_type)}
        if pa.types.is_date32(t):
            return {"type": ["string", "null"], "format": "date"}
        if pa.types.is_integer(t):
            return {"type": ["integer", "null"]}
        if pa.types.is_floating(t):
            return {"type": ["number", "null"]}
        if pa.types.is_boolean(t):
            return {"type": ["boolean", "null"]}
        return {"type": ["string", "null"]}

    schema = SCHEMAS[name]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"{name} table row",
        "type": "object",
        "properties": {f.name: js(f.type) for f in schema},
        "required": [f.name for f in schema],
    }


def rendered() -> dict[str, str]:
    out = {"case.schema.json": case_schema()}
    out.update({f"{name}.schema.json": table_schema(name) for name in SCHEMAS})
    return {k: json.dumps(v, ensure_ascii=False, indent=2, sort_keys=True) + "\n" for k, v in out.items()}


def write_schemas(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in rendered().items():
        p = out_dir / name
        p.write_text(text, encoding="utf-8")
        paths.append(p)
    return paths
