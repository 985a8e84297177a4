"""The Japanese and English descriptions of every output field and resource, from the one
data file pipeline/rules/field_docs.json: the Parquet files carry them as field metadata
(pipeline.tables) and the data package as descriptions (pipeline.datapackage)."""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from . import settings


@lru_cache(maxsize=None)
def field_docs() -> dict[str, Any]:
    """The validated settings.field_docs() as plain dicts: the data package copies them into JSON."""
    return settings.field_docs().model_dump()


def doc(table: str, field: str) -> dict[str, str]:
    """{"ja", "en"} for a field of a resource; KeyError when undocumented."""
    d = field_docs()
    over: dict[str, dict[str, str]] = d.get("overrides", {}).get(table, {})
    if field in over:
        return over[field]
    fields: dict[str, dict[str, str]] = d["fields"]
    return fields[field]
