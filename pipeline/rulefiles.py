"""The rule files under pipeline/rules/ as parsed TOML or JSON, before validation.

The first half of the one loader (settings.load validates what this reads). It imports
no pydantic, so the re-run that finds nothing changed (the run cache's replay, about
80 ms in all) can read the one rule it needs without paying 70 ms for pydantic."""
from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

RULES_DIR = Path(__file__).with_name("rules")


def _drop_comments(node: Any) -> Any:
    """JSON keys starting with '_' are documentation only (JSON has no comments)."""
    if isinstance(node, dict):
        return {k: _drop_comments(v) for k, v in node.items() if not k.startswith("_")}
    return node


def read(name: str, rules_dir: Path | None = None) -> Any:
    path = (rules_dir or RULES_DIR) / name
    if path.suffix == ".toml":
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    with open(path, encoding="utf-8") as fh:
        return _drop_comments(json.load(fh))
