"""Provenance per value (pipeline/value_provenance.py): every cost amount, breakdown line,
schedule step, department field and interview item of the sample has its own box, on
one of the case's pages, and the box holds the value's printed text."""
from __future__ import annotations

import json

import pytest

from pipeline.layout import Line
from pipeline.value_provenance import _find


@pytest.fixture(scope="module")
def records(sample_extraction) -> list[dict]:
    return [json.loads(x) for x in (sample_extraction / "cases.jsonl").read_text(encoding="utf-8").splitlines()]


def _wanted(r: dict) -> list[str]:
    fields = []
    for kind in ("initial", "running"):
        item = (r["cost"] or {}).get(kind)
        if item:
            fields += [f"cost.{kind}"] * bool(item["text"])
            fields += [f"cost.{kind}.breakdown[{i}]" for i in range(len(item["breakdown"]))]
    fields += [f"schedule.steps[{i}]" for i, st in enumerate((r["schedule"] or {}).get("steps") or []) if st["when"] or st["what"]]
    fields += [f"department.{k}" for k in ("name", "phone", "email") if (r["department"] or {}).get(k)]
    fields += [f"interview[{i}].{x}" for i in range(len(r["interview"])) for x in ("q", "a")]
    return fields


def test_every_value_has_its_box(records):
    missing = []
    for r in records:
        have = {p["field"]: p for p in r["provenance"]}
        for f in _wanted(r):
            if f not in have:
                missing.append((r["case_id"], f))
            else:
                assert have[f]["page"] in r["source"]["pages"], (r["case_id"], f)
    assert missing == []
    assert sum(len(_wanted(r)) for r in records) > 300  # the sample has values of every kind


def test_value_boxes_lie_inside_their_section_box(records):
    for r in records:
        sections = {}
        for p in r["provenance"]:
            sections.setdefault((p["field"], p["page"]), p["bbox"])
        for p in r["provenance"]:
            key = p["field"].split(".")[0].split("[")[0]
            if key in ("cost", "schedule") and p["field"] != key:
                x0, top, x1, bottom = sections[(key, p["page"])]
                b = p["bbox"]
                assert x0 - 0.5 <= b[0] and top - 0.5 <= b[1] and b[2] <= x1 + 0.5 and b[3] <= bottom + 0.5, (r["case_id"], p)


def _line(text: str, x0: float = 100.0, x1: float = 200.0, top: float = 10.0) -> Line:
    return Line(text=text, x0=x0, top=top, x1=x1, bottom=top + 10, size=10.0, bold=False, page=1)


def test_find_narrows_the_box_to_the_value():
    line = _line("担当課（電話：0868-54-2985）", x0=0.0, x1=200.0)  # 20 characters, 10 pt each
    phone = _find([line], "0868-54-2985", set(), digits=True)
    assert (phone.x0, phone.x1) == (70.0, 190.0)
    name = _find([line], "担当課", set())
    assert (name.x0, name.x1) == (0.0, 30.0)
    # Full-width and spaced prints are found; a line once used is not found twice.
    used: set[int] = set()
    lines = [_line("２６，７００千円"), _line("26,700 千円", top=30.0)]
    assert _find(lines, "26,700千円", used).top == 10.0
    assert _find(lines, "26,700千円", used).top == 30.0
    assert _find(lines, "26,700千円", used) is None
    assert _find(lines, None, set()) is None
