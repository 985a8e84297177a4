"""The committed JSON Schemas in schemas/ are generated from the models; they must
not drift apart. Regenerate with `python -m pipeline schema --out schemas`."""
from __future__ import annotations

import json
from pathlib import Path

from pipeline.models import CaseRecord
from pipeline.schemas import rendered

SCHEMA_DIR = Path(__file__).resolve().parents[1] / "schemas"


def test_committed_schemas_match_models():
    expected = rendered()
    committed = {p.name: p.read_text(encoding="utf-8") for p in SCHEMA_DIR.glob("*.schema.json")}
    assert sorted(committed) == sorted(expected), "schemas/ holds other files than the models generate"
    stale = [name for name, text in expected.items() if committed[name] != text]
    assert not stale, f"schemas drifted from the models: {stale}; run `python -m pipeline schema --out schemas`"


def test_case_schema_names_every_contract_field():
    contract = ["case_id", "edition", "published", "volume_no", "volume", "area", "section_no", "section",
                "subsection", "case_no", "title", "organization", "prefecture", "municipality", "org_type",
                "lg_code", "population_band", "population", "population_as_of", "is_new", "labels", "point",
                "overview", "effects", "cost", "schedule", "providers", "services", "operation", "participants",
                "department", "interview", "urls", "source"]
    props = json.loads(rendered()["case.schema.json"])["properties"]
    assert [f for f in contract if f not in props] == []
    assert set(contract) <= set(CaseRecord.model_fields)
