"""The Japanese and English descriptions of every output field and resource, from the one
data file pipeline/rules/field_docs.json: the Parquet files carry them as field metadata
(pipeline.tables) and the data package as descriptions (pipeline.datapackage)."""
from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from .ruleset import RULES_DIR


@lru_cache(maxsize=None)
def field_docs() -> dict[str, Any]:
    with open(RULES_DIR / "field_docs.json", encoding="utf-8") as fh:
        docs: dict[str, Any] = json.load(fh)
    return docs


def doc(table: str, field: str) -> dict[str, str]:
    """{"ja", "en"} for a field of a resource; KeyError when undocumented."""
    d = field_docs()
    over: dict[str, dict[str, str]] = d.get("overrides", {}).get(table, {})
    if field in over:
        return over[field]
    fields: dict[str, dict[str, str]] = d["fields"]
    return fields[field]
