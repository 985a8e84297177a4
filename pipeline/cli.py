"""Command line: parses arguments, runs a job (job.py for extract), prints what it returns.

    python -m pipeline extract --raw raw --out extracted [--workers N] [--strict]
    python -m pipeline fetch   --sources raw/sources.toml --dest raw
    python -m pipeline bench   --raw raw
    python -m pipeline schema  --out schemas
    python -m pipeline diff    OLD_DIR NEW_DIR [--json]

Exit status of extract: 0 everything extracted; 1 some input failed (the rest is
still written), or any warning with --strict; 2 nothing usable or misuse.
"""
from __future__ import annotations

import argparse
import gc
import json
import logging
import os
import sys
from functools import partial
from pathlib import Path
from collections.abc import Callable
from typing import TYPE_CHECKING

from . import __version__

if TYPE_CHECKING:
    from .correct import CorrectionOutcome
    from .runreport import FileReport


def _n(n: int | None, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _file_line(f: FileReport) -> str:
    from .runreport import printable

    return printable(_file_summary(f))


def _file_summary(f: FileReport) -> str:
    from .runreport import LEDGER_KINDS

    counts = f.ledger_counts()
    pages = ", ".join(f"{k} {counts[k]}" for k in LEDGER_KINDS if counts[k])
    if f.status == "duplicate":
        return (f"duplicate {f.file}: same content as {f.duplicate_of}, not extracted again"
                + (f" ({_n(f.page_count, 'page')})" if f.page_count is not None else ""))
    if f.status == "failed":
        return f"FAILED    {f.file}" + (f": {_n(f.page_count, 'page')} ({pages})" if f.page_count is not None else ": not readable")
    tag = "ok" if f.status == "ok" else "PARTIAL"
    return (f"{tag:<9} {f.file}: {_n(len(f.cases), 'case')} from {_n(f.page_count, 'page')} ({pages})"
            + (f", {len(f.kept)} kept from the previous run" if f.kept else "") + (" [layout cached]" if f.cached else ""))


def cmd_extract(args: argparse.Namespace) -> int:
    from .cache import captured_output, default_cache_dir, replay_run, run_key, save_run

    from .corrections import fingerprint

    raw, out = Path(args.raw), Path(args.out)
    folder = corrections_folder(args)
    if isinstance(folder, str):
        print(f"error: {folder}", file=sys.stderr)
        return 2
    cache_dir = None if args.no_cache else default_cache_dir()
    key = None
    if cache_dir is not None and args.workers >= 0 and raw.is_dir():
        # The budgets decide which files fail, so a run under other budgets is another run.
        budgets = (args.time_budget, args.memory_budget, os.environ.get("JICHITAI_DX_TIME_BUDGET"),
                   os.environ.get("JICHITAI_DX_MEMORY_BUDGET"))
        key = run_key(raw, out, strict=args.strict, quiet=args.quiet, json=args.json, budgets=budgets,
                      corrections=[str(folder), fingerprint(folder)] if folder else None)
    notes: list[str] = []
    hit = replay_run(cache_dir, key, out, notes)
    for note in notes:
        print(f"note: layout cache: {note}", file=sys.stderr)
    if hit is not None:
        # Same PDFs, same code, the outputs of that run still in place: nothing to do.
        sys.stdout.write(hit["stdout"])
        sys.stderr.write(hit["stderr"])
        return int(hit["exit_code"])
    with captured_output() as printed:
        code = _extract(args, folder)
    if code == 0:
        notes = []
        stdout, stderr = printed()
        save_run(cache_dir, key, out, code, stdout, stderr, notes=notes)
        for note in notes:
            print(f"note: layout cache: {note}", file=sys.stderr)
    return code


def corrections_folder(args: argparse.Namespace) -> Path | None | str:
    """The corrections folder this run reads (None: none), or what is wrong with the option."""
    from .corrections import default_folder

    if args.no_corrections:
        return None
    if args.corrections:
        folder = Path(args.corrections)
        return folder if folder.is_dir() else f"--corrections {folder}: no such folder"
    folder = default_folder(Path(args.raw))
    return folder if folder.is_dir() else None


def _extract(args: argparse.Namespace, corrections_dir: Path | None = None) -> int:
    from .cache import default_cache_dir

    # Importing the job builds tens of thousands of objects that live as long as the run
    # (the rules' and records' pydantic models, compiled patterns): collections while
    # they are built free nothing and took 7 % of the import.
    gc.disable()
    try:
        from .job import ExtractRequest, extract_job
        from .write import load_libraries
    finally:
        gc.enable()

    raw, out = Path(args.raw), Path(args.out)
    def say(*a: object) -> None:
        if not args.quiet:
            print(*a, file=sys.stderr)

    if args.workers < 0:
        print(f"error: --workers must be 0 (all cores) or more, not {args.workers}", file=sys.stderr)
        return 2
    if not raw.is_dir():
        print(f"error: {raw}: no such folder of PDFs", file=sys.stderr)
        return 2
    if out.exists() and not out.is_dir():
        print(f"error: {out}: exists and is not a folder", file=sys.stderr)
        return 2
    if not any(p.is_file() and p.suffix.lower() == ".pdf" for p in raw.iterdir()):
        print(f"error: {raw}: no *.pdf files to extract", file=sys.stderr)
        return 2
    from .progress import Progress
    from .runreport import LEDGER_KINDS, failed_for_strict_only, printable, skipped_line
    from .workers import Budget

    try:
        budget = Budget.from_settings(args.time_budget, args.memory_budget)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    done = extract_job(ExtractRequest(raw, out, workers=args.workers,
                                      cache_dir=None if args.no_cache else default_cache_dir(),
                                      progress=Progress.mode_for(args), budget=budget, strict=args.strict,
                                      corrections_dir=corrections_dir),
                       while_waiting=partial(load_libraries, numpy=not args.process_ends))
    result, records, kept, corrected, report = done.result, done.records, done.kept, done.corrected, done.report
    for note in result.notes:
        print(f"note: {note}", file=sys.stderr)
    if done.write_error is not None:
        print(f"error: {done.write_error}", file=sys.stderr)
        return done.exit_code
    if args.json:  # as written, with the outputs' hashes
        print(json.dumps(json.loads((out / "run_report.json").read_text(encoding="utf-8")), ensure_ascii=False, sort_keys=True))
    for f in result.files:
        if f.status in ("failed", "partial"):
            print(_file_line(f), file=sys.stderr)
        else:
            say(_file_line(f))
        for i in f.issues:
            if i.level == "error":
                print(f"  error   {i.line(f.file)}", file=sys.stderr)
            elif not (f.status == "duplicate" and i.code == "duplicate"):
                say(f"  warning {i.line(f.file)}")
    for s in result.skipped:
        say(f"skipped   {skipped_line(s)}")
    _print_corrections(corrected, say)
    ledger = report["page_ledger"]
    say(f"pages: {report['pages']} in {len(result.files)} files: " + ", ".join(f"{k} {ledger[k]}" for k in LEDGER_KINDS)
        + (f"; not readable: {printable(', '.join(report['unread_files']))}" if report["unread_files"] else ""))
    if done.fresh:
        say(f"{len(records)} cases written to {out}" + (f" ({len(kept)} kept from the previous run)" if kept else ""))
    else:
        print(f"error: nothing usable found in {raw}; {out} left as it was (see {out / 'run_report.json'})", file=sys.stderr)
    if failed_for_strict_only(result, done.exit_code, strict=args.strict, correction_errors=bool(corrected.errors)):
        print(f"error: {_n(len(result.warnings) + len(corrected.warning_lines()), 'warning')} and --strict", file=sys.stderr)
    return done.exit_code


def _print_corrections(corrected: CorrectionOutcome, say: Callable[..., None]) -> None:
    if not (corrected.files or corrected.errors):
        return
    say(f"corrections: {_n(len(corrected.applied), 'correction')} applied from {corrected.folder}/"
        + (f" ({len(corrected.stale)} stale)" if corrected.stale else ""))
    for line in corrected.warning_lines():
        say(f"  warning {line}")
    for line in corrected.error_lines():
        print(f"  error   {line}", file=sys.stderr)


def cmd_fetch(args: argparse.Namespace) -> int:
    from .fetch import fetch_main

    try:
        return fetch_main(args.rest)
    except SystemExit as exc:  # its own argparse: --help (0) or a usage error (2)
        return int(exc.code or 0) if exc.code in (0, None) else 2


def cmd_bench(args: argparse.Namespace) -> int:
    from .bench import bench_main

    return bench_main(Path(args.raw), Path(args.out), repeat_to=args.repeat_to, workers=args.workers,
                      rounds=args.rounds, code=Path(args.code) if args.code else None, keep=args.keep)


def cmd_report(args: argparse.Namespace) -> int:
    from .progress import Progress
    from .report import build_report

    try:
        index = build_report(Path(args.out), Path(args.raw), scale=args.scale, progress=Progress.mode_for(args))
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not args.quiet:
        print(index)
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from .diff import DiffInputError, diff_extractions, diff_text

    try:
        d = diff_extractions(Path(args.old), Path(args.new))
    except DiffInputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(d.to_dict(), ensure_ascii=False, indent=1, sort_keys=True))
    else:
        sys.stdout.write(diff_text(d))
    return 0 if d.identical else 1


def cmd_schema(args: argparse.Namespace) -> int:
    from .schemas import write_schemas

    for p in write_schemas(Path(args.out)):
        print(p)
    return 0


def main(argv: list[str] | None = None, *, process_ends: bool = False) -> int:
    """The command line. process_ends: the caller's process ends with this command
    (``python -m pipeline``), so extract may import pyarrow without NumPy (write.load_libraries)."""
    ap = argparse.ArgumentParser(prog="python -m pipeline", description="自治体DX推進参考事例集 PDFs to JSON and Parquet")
    ap.add_argument("--version", action="version", version=__version__)
    sub = ap.add_subparsers(dest="command", required=True)
    commands: dict[str, argparse.ArgumentParser] = {}

    ex = sub.add_parser("extract", help="extract every volume PDF in a folder")
    ex.add_argument("--raw", default="raw", help="folder of volume PDFs (default: raw)")
    ex.add_argument("--out", default="extracted", help="output folder (default: extracted)")
    ex.add_argument("--workers", type=int, default=0, help="parallel layout workers (default 0: all cores)")
    ex.add_argument("--strict", action="store_true", help="treat any warning as a failure (exit 1)")
    ex.add_argument("--no-cache", action="store_true", help="ignore the layout cache")
    ex.add_argument("--time-budget", type=float, metavar="SECONDS",
                    help="longest one step on one file may take: opening it, laying out a page (default: rules/budgets.toml)")
    ex.add_argument("--memory-budget", type=int, metavar="MB",
                    help="memory a worker may take beyond its start, per file (default: rules/budgets.toml)")
    ex.add_argument("--quiet", action="store_true", help="print only failures")
    ex.add_argument("--json", action="store_true", help="print the run report as JSON on stdout")
    ex.add_argument("--corrections", metavar="DIR", help="folder of reviewed corrections (default: corrections/ beside the raw folder)")
    ex.add_argument("--no-corrections", action="store_true", help="write the records as extracted, without corrections")
    ex.set_defaults(func=cmd_extract)
    commands["extract"] = ex

    # Its options (--sources, --dest, --list-links, --retries …) and its --help belong to
    # pipeline.fetch: everything after `fetch` is handed over to it.
    fe = sub.add_parser("fetch", help="download the published volumes listed in raw/sources.toml", add_help=False)
    fe.set_defaults(func=cmd_fetch, rest=[])

    be = sub.add_parser("bench", help="time the pipeline against bare pdfplumber")
    be.add_argument("--raw", default="raw")
    be.add_argument("--out", default="extracted")
    be.add_argument("--repeat-to", type=int, default=0, metavar="PAGES",
                    help="add distinct copies of the PDFs until the corpus has at least PAGES pages")
    be.add_argument("--workers", type=int, default=0, help="workers for stages c-e (default 0: all cores)")
    be.add_argument("--rounds", type=int, default=1, help="run the stages N times, keep each one's fastest")
    be.add_argument("--code", metavar="DIR", help="time the package DIR/pipeline instead of the installed one")
    be.add_argument("--keep", action="store_true", help="keep the scratch folder (logs, outputs, caches)")
    be.set_defaults(func=cmd_bench)
    commands["bench"] = be

    rp = sub.add_parser("report", help="build the review site (<out>/report/index.html)")
    rp.add_argument("--raw", default="raw", help="folder of the volume PDFs the records came from")
    rp.add_argument("--out", default="extracted", help="extracted outputs (default: extracted)")
    rp.add_argument("--scale", type=float, default=1.2, help="page image scale (default 1.2)")
    rp.add_argument("--quiet", action="store_true")
    rp.add_argument("--json", action="store_true", help="progress as JSON lines on stderr")
    rp.set_defaults(func=cmd_report)
    commands["report"] = rp

    di = sub.add_parser("diff", help="compare two extractions record by record and field by field (exit 1 if they differ)")
    di.add_argument("old", metavar="OLD_DIR", help="an extract output folder")
    di.add_argument("new", metavar="NEW_DIR", help="another extract output folder")
    di.add_argument("--json", action="store_true", help="print the differences as JSON")
    di.set_defaults(func=cmd_diff)
    commands["diff"] = di

    sc = sub.add_parser("schema", help="write the JSON Schemas generated from the models")
    sc.add_argument("--out", default="schemas")
    sc.set_defaults(func=cmd_schema)
    commands["schema"] = sc

    try:
        args, extra = ap.parse_known_args(argv)
        if extra and args.command != "fetch":
            # The command's own usage, which lists the flags it does take.
            commands[args.command].error(f"unrecognized arguments: {' '.join(extra)}")
    except SystemExit as exc:
        return int(exc.code or 0) if exc.code in (0, None) else 2
    args.rest = extra
    args.process_ends = process_ends
    # pdfminer warns once per glyph about font details it works around ("Could not get
    # FontBBox…"): hundreds of lines for one odd font. What matters is reported by the
    # pipeline itself, per file and page.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        # The workers die with the pool; outputs are only ever switched in whole, so the
        # previous ones are still in place.
        print(f"interrupted: {args.command} stopped before it finished", file=sys.stderr)
        return 130  # 128 + SIGINT, as shells report a run stopped by Ctrl-C
