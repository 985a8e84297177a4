"""Command line: a thin layer over the library.

    python -m pipeline extract --raw raw --out extracted [--workers N] [--strict]
    python -m pipeline fetch   --sources raw/sources.toml --dest raw
    python -m pipeline bench   --raw raw
    python -m pipeline schema  --out schemas

Exit status of extract: 0 everything extracted; 1 some input failed (the rest is
still written), or any warning with --strict; 2 nothing usable or misuse.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from . import __version__


def _report(result, raw: Path) -> dict:
    from dataclasses import asdict

    files = []
    for f in result.files:
        d = asdict(f)
        d["pages"] = {str(k): v for k, v in sorted(f.pages.items())}
        files.append(d)
    ledger = Counter()
    for f in result.files:
        for v in f.pages.values():
            ledger[v.split(":")[0] if not v[:1].isdigit() else "case"] += 1
    return {
        "pipeline_version": __version__,
        "raw": raw.name,
        "files": files,
        "cases": len(result.records),
        "page_ledger": dict(sorted(ledger.items())),
        "failed": [f.file for f in result.failed],
        "warnings": result.warnings,
    }


def cmd_extract(args) -> int:
    from .cache import default_cache_dir
    from .extract import run
    from .nlp_enrich import enrich
    from .write import write_outputs

    raw, out = Path(args.raw), Path(args.out)
    if not raw.is_dir():
        print(f"error: {raw}: no such folder of PDFs", file=sys.stderr)
        return 2
    result = run(raw, workers=args.workers, cache_dir=None if args.no_cache else default_cache_dir())
    records = [enrich(r) for r in result.records]
    report = _report(result, raw)
    if records or result.files:
        write_outputs(records, report, out)
    say = (lambda *a: None) if args.quiet else (lambda *a: print(*a, file=sys.stderr))
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    for f in result.files:
        if f.status == "ok":
            say(f"ok        {f.file}: {len(f.cases)} cases, {len(f.pages)} pages" + (" (layout cached)" if f.cached else ""))
        elif f.status == "duplicate":
            say(f"duplicate {f.file}: {f.error}")
        else:
            where = f" (page {f.page})" if f.page else ""
            print(f"FAILED    {f.file}{where}: {f.error}" + (f" - hint: {f.hint}" if f.hint else ""), file=sys.stderr)
    for w in result.warnings:
        say(f"warning   {w}")
    say("pages: " + ", ".join(f"{k} {v}" for k, v in report["page_ledger"].items()) + f"; {len(records)} cases written to {out}")
    if not records:
        print("error: nothing usable found" + (f" in {raw}" if not result.files else ""), file=sys.stderr)
        return 2
    if result.failed or (args.strict and result.warnings):
        return 1
    return 0


def cmd_fetch(args) -> int:
    from .fetch import fetch_main

    return fetch_main(args.rest)


def cmd_bench(args) -> int:
    from .bench import bench_main

    return bench_main(Path(args.raw), Path(args.out))


def cmd_schema(args) -> int:
    from .schemas import write_schemas

    for p in write_schemas(Path(args.out)):
        print(p)
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m pipeline", description="自治体DX推進参考事例集 PDFs to JSON and Parquet")
    ap.add_argument("--version", action="version", version=__version__)
    sub = ap.add_subparsers(dest="command", required=True)

    ex = sub.add_parser("extract", help="extract every volume PDF in a folder")
    ex.add_argument("--raw", default="raw", help="folder of volume PDFs (default: raw)")
    ex.add_argument("--out", default="extracted", help="output folder (default: extracted)")
    ex.add_argument("--workers", type=int, default=0, help="parallel layout workers (default 0: all cores)")
    ex.add_argument("--strict", action="store_true", help="treat any warning as a failure (exit 1)")
    ex.add_argument("--no-cache", action="store_true", help="ignore the layout cache")
    ex.add_argument("--quiet", action="store_true", help="print only failures")
    ex.add_argument("--json", action="store_true", help="print the run report as JSON on stdout")
    ex.set_defaults(func=cmd_extract)

    fe = sub.add_parser("fetch", help="download the published volumes listed in raw/sources.toml")
    # Its options (--sources, --dest, --list-links, --retries) belong to pipeline.fetch.
    fe.set_defaults(func=cmd_fetch, rest=[])

    be = sub.add_parser("bench", help="time the pipeline against bare pdfplumber")
    be.add_argument("--raw", default="raw")
    be.add_argument("--out", default="extracted")
    be.set_defaults(func=cmd_bench)

    sc = sub.add_parser("schema", help="write the JSON Schemas generated from the models")
    sc.add_argument("--out", default="schemas")
    sc.set_defaults(func=cmd_schema)

    try:
        args, extra = ap.parse_known_args(argv)
        if extra and args.command != "fetch":
            ap.error(f"unrecognized arguments: {' '.join(extra)}")
    except SystemExit as exc:
        return int(exc.code or 0) if exc.code in (0, None) else 2
    args.rest = extra
    return args.func(args)
