"""Every file of pipeline/rules/ goes through the one loader (pipeline/settings.py) into a
closed model: a new rules file without a model, or a misspelt key in any of them, fails
here instead of being read by a module of its own or silently ignored."""
from __future__ import annotations

import json
import re
import typing
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from pipeline import settings

RULE_FILES = sorted(p.name for p in settings.RULES_DIR.iterdir() if p.is_file() and p.suffix in (".toml", ".json"))


def test_every_rules_file_has_a_model_and_nothing_else_does():
    assert set(RULE_FILES) == set(settings.MODELS), (
        "a rules file needs a closed model in pipeline/settings.py MODELS")
    assert all(not p.name.startswith(".") for p in settings.RULES_DIR.iterdir())


@pytest.mark.parametrize("name", sorted(settings.MODELS))
def test_every_rules_file_loads_through_the_loader(name):
    rules = settings.load(name, settings.MODELS[name])
    assert rules.model_fields_set, name  # not an empty model that accepts nothing


def _open_maps(model: type[settings.Rules]) -> set[str]:
    """Names of the fields, down the nested models, that are open maps (word -> value,
    such as [headings]): any key is accepted there."""
    names = set()
    for name, f in model.model_fields.items():
        if typing.get_origin(f.annotation) is dict:
            names.add(name)
        elif isinstance(f.annotation, type) and issubclass(f.annotation, settings.Rules):
            names |= _open_maps(f.annotation)
    return names


def _first_key_misspelt(path: Path, model: type[settings.Rules]) -> tuple[str, str]:
    """The file's text with its first key of a closed model (a TOML assignment outside an
    open map, a JSON key that is not a comment) misspelt, and that key."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".toml":
        open_maps, table = _open_maps(model), ""
        for m in re.finditer(r"^(?:\[([A-Za-z_.]+)\]|([A-Za-z_][A-Za-z0-9_]*)\s*=)", text, re.M):
            if m.group(1):
                table = m.group(1)
            elif table not in open_maps:
                return text[:m.start(2)] + m.group(2) + "x" + text[m.end(2):], m.group(2)
        raise AssertionError(f"{path.name}: no key of a closed table")
    data: dict[str, Any] = json.loads(text)
    key = next(k for k in data if not k.startswith("_"))
    renamed = {(k + "x" if k == key else k): v for k, v in data.items()}
    return json.dumps(renamed, ensure_ascii=False), key


def _nested_key_added(path: Path) -> str:
    """The file's text with an unknown key inside its last TOML table / first JSON object value."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".toml":
        return text + "\nunknown_threshold = 1\n"
    data: dict[str, Any] = json.loads(text)
    key = next(k for k, v in data.items() if not k.startswith("_") and isinstance(v, dict))
    data[key] = {**data[key], "unknown_threshold": 1}
    return json.dumps(data, ensure_ascii=False)


@pytest.mark.parametrize("name", sorted(settings.MODELS))
def test_a_misspelt_key_in_any_rules_file_fails_at_load(name, tmp_path):
    model = settings.MODELS[name]
    text, key = _first_key_misspelt(settings.RULES_DIR / name, model)
    (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(ValidationError, match=f"{key}x"):
        settings.load(name, model, tmp_path)


# Files whose last TOML table / first JSON object is a closed model (the others' nested
# objects are open maps: word -> value, where any key is a word).
NESTED_CLOSED = ["budgets.toml", "checks.toml", "fetch.toml", "field_docs.json", "layout.toml", "review.json"]


@pytest.mark.parametrize("name", NESTED_CLOSED)
def test_an_unknown_key_in_a_nested_table_fails_at_load(name, tmp_path):
    (tmp_path / name).write_text(_nested_key_added(settings.RULES_DIR / name), encoding="utf-8")
    with pytest.raises(ValidationError, match="unknown_threshold"):
        settings.load(name, settings.MODELS[name], tmp_path)


def test_every_number_of_every_model_says_its_unit_and_reason():
    def fields(model: type[settings.Rules]):
        for name, f in model.model_fields.items():
            sub = f.annotation
            if isinstance(sub, type) and issubclass(sub, settings.Rules):
                yield from fields(sub)
            else:
                yield f"{model.__name__}.{name}", f.annotation, f.description or ""

    for model in settings.MODELS.values():
        for name, annotation, description in fields(model):
            if annotation in (int, float):
                assert description.startswith("unit: ") and len(description) > 30, (name, description)
