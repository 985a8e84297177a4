"""`make fuzz`: many seeds through the real pipeline, failure rates per axis value.

    PYTHONPATH=tests python -m docgen.fuzz --seeds 500 --workers 2 --json /tmp/docgen-fuzz.json

Each seed is one generated volume (tests/docgen), extracted by the CLI in its own
subprocess (`python -m pipeline extract`), and each of its cases compared with the
record that was drawn (tests/golden_compare.py). Printed and written as JSON:

- the share of cases golden-exact, overall;
- for each axis value, the share of the cases drawn with it that are not golden-exact;
- for each field, how often it was wrong;
- of the wrong cases (and of the wrong fields), the share that carry a warning naming
  the field or its section, in the record's `warnings` or the run report.

A failure is reproduced with `--seed N --profile P --keep DIR` (the PDF, the drawn
records and the pipeline's output stay in DIR).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE.parent))

from golden_compare import compare, default_role_notes, load_records  # noqa: E402

from docgen import generate  # noqa: E402

# The words a warning uses for each field: the field itself, its section key in the
# parsers, the printed heading. A wrong field counts as warned when a warning about its
# case names one of them.
FIELD_WORDS: dict[str, list[str]] = {
    "title": ["title", "タイトル"], "case_no": ["title"], "organization": ["organisation", "organization", "title"],
    "prefecture": ["organisation", "organization"], "municipality": ["organisation", "organization"],
    "org_type": ["organisation", "organization"], "lg_code": ["organisation", "organization", "code"],
    "population_band": ["population", "人口", "header"], "labels": ["label", "header"], "is_new": ["new", "header"],
    "area": ["area", "toc", "contents"], "section": ["section name", "header", "toc"], "section_no": ["header", "toc"],
    "subsection": ["subsection", "header", "toc"], "volume": ["volume", "cover"], "volume_no": ["volume", "cover"],
    "edition": ["edition", "cover"], "published": ["date", "cover"],
    "point": ["point"], "overview": ["overview", "事業の概要", "概要"], "effects": ["effects", "事業効果"],
    "cost": ["cost", "コスト"], "schedule": ["schedule", "スケジュール"],
    "providers": ["providers", "サービス提供"], "services": ["providers", "services", "サービス"],
    "operation": ["providers", "operation", "運用形態"], "participants": ["providers", "participants", "参画"],
    "department": ["department", "担当部署"], "other_departments": ["department", "担当部署"],
    "interview": ["interview", "question", "インタビュー"], "urls": ["url", "参考情報", "reference"],
    "population": ["population", "人口", "参考情報", "reference"],
    "population_as_of": ["population", "人口", "参考情報", "reference"], "source": ["page"],
}


def _warnings_for(case_id: str, record: dict | None, report: dict, pages: list[int]) -> list[str]:
    """Every warning about one case: its record's, and the run report's issues that name
    the case or one of its pages. The notes on effect rows whose role only the default decided
    are left out: they come on a clean page too and say nothing of how a field was read, and the
    run report's copy names the section `effects`, which would count a wrong effects field as
    warned (a unit or a direction assumed stays: a broken figure can cause it)."""
    derived = set(default_role_notes(record)) if record else set()
    out = [w for w in (record.get("warnings", []) if record else []) if w not in derived]
    for f in report.get("files", []):
        for issue in f.get("issues", []):
            if issue.get("reason") in derived:
                continue
            if issue.get("case_id") == case_id or (issue.get("case_id") is None and issue.get("page") in pages):
                out.append(json.dumps(issue, ensure_ascii=False))
    return out


def _names(field: str, warnings: list[str]) -> bool:
    words = FIELD_WORDS.get(field, [field])
    return any(w.lower() in text.lower() for text in warnings for w in words + [field])


PLAUSIBILITY = re.compile(r"\(plausibility: (\w+)\)")


def _check_of(warning: str) -> str | None:
    m = PLAUSIBILITY.search(warning)
    return m.group(1) if m else None


def _checks_fired(warnings: list[str], wrong: list[str]) -> dict[str, list[str]]:
    """check -> the wrong fields its warnings name (pipeline/plausibility.py tags each
    warning with its check); a check that fired on a golden-exact case names none."""
    fired: dict[str, list[str]] = {}
    for w in warnings:
        m = PLAUSIBILITY.search(w)
        if m:
            named = fired.setdefault(m.group(1), [])
            named += [f for f in wrong if f not in named and _names(f, [w])]
    return fired


def run_seed(seed: int, profile: str, base: Path, cases: int, fixed: dict | None = None,
             producer: str = "reportlab") -> list[dict]:
    """Draw one seed with the painter of `producer`, extract it, and return one result per drawn case."""
    folder = base / f"seed-{seed}"
    raw, out = folder / "raw", folder / "out"
    gen = generate(seed, profile, raw, cases=cases, producer=producer, **(fixed or {}))
    env = dict(os.environ, JICHITAI_DX_CACHE=str(folder / "cache"))
    proc = subprocess.run([sys.executable, "-m", "pipeline", "extract", "--raw", str(raw), "--out", str(out),
                           "--workers", "1", "--quiet"], cwd=ROOT, capture_output=True, text=True, env=env, timeout=600)
    got = load_records(out) if (out / "cases.jsonl").exists() else {}
    report = json.loads((out / "run_report.json").read_text(encoding="utf-8")) if (out / "run_report.json").exists() else {}
    results = []
    for exp in gen.expected:
        cid = exp["case_id"]
        rec = got.get(cid)
        if rec is None:
            wrong = ["(case missing)"]
        else:
            wrong = sorted(compare(exp, rec, ignore_source_sha=True))
        warnings = _warnings_for(cid, rec, report, exp["source"]["pages"])
        named = {f: _names(f, warnings) if f != "(case missing)" else bool(warnings) for f in wrong}
        results.append({"seed": seed, "case_id": cid, "axes": gen.axes_of(cid), "wrong": wrong,
                        "warned": named, "checks": _checks_fired(warnings, wrong), "warnings": warnings[:10], "warnings_all": warnings, "exit_code": proc.returncode,
                        "stderr": proc.stderr[-500:] if proc.returncode not in (0, 1) else ""})
    return results


def summarize(results: list[dict]) -> dict:
    n = len(results)
    exact = sum(1 for r in results if not r["wrong"])
    wrong_cases = [r for r in results if r["wrong"]]
    per_axis: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for r in results:
        for axis, value in r["axes"].items():
            cell = per_axis[axis][value]
            cell[0] += 1
            cell[1] += bool(r["wrong"])
    fields: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # field -> [wrong, warned]
    for r in wrong_cases:
        for f, warned in r["warned"].items():
            fields[f][0] += 1
            fields[f][1] += warned
    wrong_fields = sum(v[0] for v in fields.values())
    checks: dict[str, dict[str, int]] = defaultdict(lambda: {"cases_warned": 0, "wrong_fields_named": 0, "false_alarm_cases": 0,
                                                          "wrong_fields_named_only_by_it": 0})
    for r in results:
        for check, named in r.get("checks", {}).items():
            tally = checks[check]
            tally["cases_warned"] += 1
            tally["wrong_fields_named"] += len(named)
            tally["false_alarm_cases"] += not r["wrong"]
            others = [w for w in r["warnings_all"] if _check_of(w) != check]
            tally["wrong_fields_named_only_by_it"] += sum(1 for f in named if not _names(f, others))
    exact_cases = [r for r in results if not r["wrong"]]
    return {
        "cases": n,
        "seeds": len({r["seed"] for r in results}),
        "golden_exact": exact,
        "golden_exact_share": round(exact / n, 4) if n else None,
        "wrong_cases": len(wrong_cases),
        "wrong_cases_with_warning_naming_a_wrong_field": sum(1 for r in wrong_cases if any(r["warned"].values())),
        "wrong_cases_with_warning_naming_every_wrong_field": sum(1 for r in wrong_cases if all(r["warned"].values())),
        "wrong_cases_with_any_warning": sum(1 for r in wrong_cases if r["warnings"]),
        "wrong_fields": wrong_fields,
        "wrong_fields_warned": sum(v[1] for v in fields.values()),
        "failure_rate_per_axis": {
            axis: {value: {"cases": c[0], "not_exact": c[1], "rate": round(c[1] / c[0], 4)} for value, c in sorted(vals.items())}
            for axis, vals in sorted(per_axis.items())
        },
        "plausibility_checks": dict(sorted(checks.items())),
        "exact_cases_with_a_plausibility_warning": sum(1 for r in exact_cases if r.get("checks")),
        "wrong_per_field": {f: {"wrong": v[0], "warned": v[1]} for f, v in sorted(fields.items(), key=lambda kv: -kv[1][0])},
        "failures": [{k: r[k] for k in ("seed", "case_id", "wrong", "warned", "warnings", "axes")} for r in wrong_cases],
        "results": [{"seed": r["seed"], "case_id": r["case_id"], "exact": not r["wrong"],
                     "several_departments": r["axes"].get("mutation:several_departments") == "True"} for r in results],
    }


def _share(a: int, b: int) -> str:
    return f"{a}/{b} = {a / b:.1%}" if b else f"{a}/0"


def print_summary(s: dict, profile: str) -> None:
    print(f"profile {profile}: {s['seeds']} seeds, {s['cases']} cases")
    print(f"golden-exact cases: {_share(s['golden_exact'], s['cases'])}")
    wc = s["wrong_cases"]
    print(f"wrong cases with a warning naming a wrong field or its section: {_share(s['wrong_cases_with_warning_naming_a_wrong_field'], wc)}")
    print(f"wrong cases with a warning naming every wrong field:            {_share(s['wrong_cases_with_warning_naming_every_wrong_field'], wc)}")
    print(f"wrong cases with any warning:                                   {_share(s['wrong_cases_with_any_warning'], wc)}")
    print(f"wrong fields named by a warning:                                {_share(s['wrong_fields_warned'], s['wrong_fields'])}")
    print("\nfailure rate per axis value (cases not golden-exact / cases drawn with the value):")
    for axis, vals in s["failure_rate_per_axis"].items():
        cells = "  ".join(f"{v}={d['not_exact']}/{d['cases']} ({d['rate']:.0%})" for v, d in vals.items())
        print(f"  {axis:30s} {cells}")
    print("\nwrong fields (times wrong, of which warned):")
    for f, d in s["wrong_per_field"].items():
        print(f"  {f:20s} {d['wrong']:4d}  warned {d['warned']}")
    exact = s["golden_exact"]
    print("\nplausibility checks (pipeline/plausibility.py): wrong fields named (of which no other warning named), "
          "golden-exact cases warned (false alarms)")
    for check, d in s["plausibility_checks"].items():
        print(f"  {check:20s} named {d['wrong_fields_named']:3d} ({d['wrong_fields_named_only_by_it']} only by it)  "
              f"false alarms {d['false_alarm_cases']}/{exact}")
    print(f"  golden-exact cases with any plausibility warning: {_share(s['exact_cases_with_a_plausibility_warning'], exact)}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m docgen.fuzz", description=__doc__.split("\n")[0])
    ap.add_argument("--seeds", type=int, default=40, help="how many seeds (default 40)")
    ap.add_argument("--start", type=int, default=0, help="first seed (default 0)")
    ap.add_argument("--seed", type=int, action="append", help="run only this seed (repeatable)")
    ap.add_argument("--profile", default="wide", choices=["wide", "ci"])
    ap.add_argument("--producer", default="reportlab",
                    help="the painter writing the PDFs: docgen/paint_<producer>.py (reportlab, chromium, ...)")
    ap.add_argument("--cases", type=int, default=3, help="cases per generated volume")
    ap.add_argument("--workers", type=int, default=2, help="seeds extracted at the same time")
    ap.add_argument("--json", type=Path, default=Path("/tmp/docgen-fuzz.json"), help="where to write the figures")
    ap.add_argument("--keep", type=Path, help="keep PDFs, drawn records and outputs in this folder")
    ap.add_argument("--axis", action="append", default=[], metavar="NAME=VALUE",
                    help="pin a layout axis (repeatable), e.g. --axis title_ratio=1.2")
    args = ap.parse_args(argv)
    fixed = {}
    for pin in args.axis:
        name, _, value = pin.partition("=")
        try:
            fixed[name] = json.loads(value)  # 1.2, 3, true
        except ValueError:
            fixed[name] = value  # 16:9, band, ・
    seeds = args.seed or list(range(args.start, args.start + args.seeds))
    tmp = None
    if args.keep:
        base = args.keep
        base.mkdir(parents=True, exist_ok=True)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="docgen-fuzz-")
        base = Path(tmp.name)
    results: list[dict] = []
    with ThreadPoolExecutor(max_workers=max(1, args.workers)) as pool:
        for i, rs in enumerate(pool.map(lambda s: run_seed(s, args.profile, base, args.cases, fixed, args.producer), seeds), 1):
            results += rs
            if i % 10 == 0 or i == len(seeds):
                print(f"  {i}/{len(seeds)} seeds", file=sys.stderr, flush=True)
    summary = summarize(results)
    summary.update(profile=args.profile, fixed_axes=fixed, producer=args.producer)
    print_summary(summary, args.profile)
    args.json.write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"\nfigures written to {args.json}")
    if tmp:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
