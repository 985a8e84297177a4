"""Field-by-field comparison of extracted records with golden records.

Values are compared after folding (NFKC, spaces and tabs removed, dashes and tildes
unified, leading bullet marks dropped), so a difference reported here is a real one.
Unlike the project's scorer, line breaks are kept: the contract gives them meaning
(Point bullets and answer paragraphs are joined with "\n"), so a break the golden
record does not have (one inside a word or a cell) is a difference, and so is a
missing one. Fields the contract adds on top of the
golden records (provenance, warnings, effect metrics, topics, units) are not compared.
"""
from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

GOLDEN_DIR = Path(__file__).with_name("golden")
DASHES = dict.fromkeys(map(ord, "‐‑‒–—―−－ｰ"), "-")
TILDES = dict.fromkeys(map(ord, "〜～∼〰"), "~")
BULLETS = re.compile(r"^[・○●◯■□◆◇▶▷➤►\-\*•※]+")
EXTRA = {"provenance", "warnings", "effect_metrics"}
EXTRA_NESTED = {"units", "topic", "topics"}


def fold(v):
    if isinstance(v, str):
        s = unicodedata.normalize("NFKC", v).translate(DASHES).translate(TILDES)
        lines = (re.sub(r"\s+", "", BULLETS.sub("", line.strip())) for line in s.splitlines())
        return "\n".join(line for line in lines if line)
    if isinstance(v, list):
        return [fold(x) for x in v]
    if isinstance(v, dict):
        return {k: fold(x) for k, x in v.items() if k not in EXTRA_NESTED}
    return v


def golden_records() -> dict[str, dict]:
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(GOLDEN_DIR.glob("*.json"))}


def load_records(out_dir: Path) -> dict[str, dict]:
    recs = {}
    for line in (out_dir / "cases.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            r = json.loads(line)
            recs[r["case_id"]] = r
    return recs


def default_role_notes(record: dict) -> list[str]:
    """The record's notes on effect rows whose role only a default decided (role_basis
    unclaimed_default, or unlisted_counter for a counter no list names): about the text's
    reading, present on a clean page too. A unit or a direction assumed is noted as well, but
    stays a sign that a variant broke a figure."""
    from pipeline.nlp.effects import DEFAULT_ROLE_NOTE, UNLISTED_COUNTER_MARK

    return [i["message"] for i in record.get("issues", [])
            if i.get("code") == "derived_value" and (DEFAULT_ROLE_NOTE in i["message"]
                                                     or UNLISTED_COUNTER_MARK in i["message"])]


def read_warnings(record: dict) -> list[str]:
    """The record's warnings but its default-role notes: a clean page gives none."""
    notes = set(default_role_notes(record))
    return [w for w in record["warnings"] if w not in notes]


def compare(golden: dict, got: dict, *, ignore_source_sha: bool = False) -> dict[str, tuple]:
    """field -> (golden, got) for every top-level field that differs."""
    diffs = {}
    for field, gv in golden.items():
        if field in EXTRA:
            continue
        pv = got.get(field)
        if field == "source" and ignore_source_sha and isinstance(pv, dict):
            gv = {k: v for k, v in gv.items() if k != "sha256"}
            pv = {k: v for k, v in pv.items() if k != "sha256"}
        if fold(gv) != fold(pv):
            diffs[field] = (gv, pv)
    return diffs


def drawn_problems(expected: list[dict], got: dict[str, dict]) -> dict[str, dict]:
    """case id -> {field: {"drawn", "read"}} for every drawn record (tests/docgen) read back
    otherwise; a case missing from `got` fails the caller's own check of the case ids."""
    problems = {}
    for exp in expected:
        diffs = compare(exp, got[exp["case_id"]])
        if diffs:
            problems[exp["case_id"]] = {f: {"drawn": d, "read": r} for f, (d, r) in diffs.items()}
    return problems


def assert_read_back(expected: list[dict], got: dict[str, dict], what: str) -> None:
    """Every drawn record (tests/docgen) read back exactly: the same case ids, no field otherwise."""
    assert sorted(got) == sorted(r["case_id"] for r in expected), what
    problems = drawn_problems(expected, got)
    assert not problems, f"{what}:\n" + json.dumps(problems, ensure_ascii=False, indent=1)[:4000]


def field_report(golden: dict[str, dict], got: dict[str, dict], **kw) -> tuple[str, dict[str, list[str]]]:
    """A printable per-field table (cases matching / total) and the failing cases per field."""
    fields = [f for f in next(iter(golden.values())) if f not in EXTRA]
    failing: dict[str, list[str]] = {f: [] for f in fields}
    for cid, g in golden.items():
        p = got.get(cid)
        bad = set(fields) if p is None else set(compare(g, p, **kw))
        for f in bad:
            failing[f].append(cid)
    n = len(golden)
    lines = [f"{'field':20s} match"] + [f"{f:20s} {n - len(failing[f])}/{n}" + (f"  {failing[f][:5]}" if failing[f] else "") for f in fields]
    return "\n".join(lines), {f: c for f, c in failing.items() if c}
