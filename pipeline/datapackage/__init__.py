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

The package is split by job: ``describe`` holds what building and checking share (keys,
enum constraints, the Arrow and pydantic to Table Schema type mapping), ``build`` writes
the descriptor, ``check`` validates written outputs against it, ``__main__`` is the CLI.
"""
from __future__ import annotations

from ..field_docs import doc, field_docs
from .build import build_datapackage, render, write_datapackage
from .check import check_datapackage
from .describe import (
    COLUMN_ENUMS,
    EXTRA_FOREIGN_KEYS,
    PANDAS_NULL,
    PRIMARY_KEYS,
    arrow_field_type,
    arrow_type_name,
    missing_docs,
    model_field_type,
)
from .main import main

__all__ = [
    "COLUMN_ENUMS", "EXTRA_FOREIGN_KEYS", "PANDAS_NULL", "PRIMARY_KEYS", "arrow_field_type", "arrow_type_name",
    "build_datapackage", "check_datapackage", "doc", "field_docs", "main", "missing_docs", "model_field_type",
    "render", "write_datapackage",
]
