"""The benchmark (issue 6): the pipeline timed against bare pdfplumber, in one run.

    python -m pipeline bench --raw raw --out extracted           (make bench RAW=raw)
    python -m pipeline.bench --raw raw --repeat-to 300           (a corpus of >= 300 pages)
    python -m pipeline.bench --rounds 3 --code /tmp/candidate    (a candidate change, best of 3)

Stages, each in a fresh subprocess (so wall time, CPU time and memory are its own):

(a) bare pdfplumber: open every page of every input PDF and call ``extract_words()``,
    the floor for any design that reads PDFs with pdfplumber;
(b) the full pipeline (``python -m pipeline extract``) with one worker and an empty cache;
(c) the full pipeline with all cores (or ``--workers N``), another empty cache;
(d) (c) again, nothing changed: same input, same code, same cache and output folder;
(e) (c) again after a change that only affects section rules: a copy of the pipeline
    package whose ``rules/layout.toml`` gained a comment line, run from that copy. The
    layout cache is keyed by the layout code's fingerprint, so PDFs are not parsed again.

For each it records the wall time, pages per second, CPU time and peak memory (the
largest total resident set of the stage's process tree, sampled from /proc, and the
largest single process's ``ru_maxrss``), the load average when it started (other work
on the machine skews wall times), and the ratios b/a, c/a, d/b, e/b. The figures are
printed and written to ``<out>/bench.json``. ``--rounds N`` runs the five stages N times
(fresh caches each round) and keeps each stage's fastest; ``--code DIR`` times a
candidate copy of the package (DIR/pipeline) for b-e against the same floor.

The outputs of (b)-(e) are compared byte for byte (the run report without its per-file
``cached`` flag): output must not depend on the number of workers or on the caches.

Stages run with Python's bytecode cache on (as by default; the package is compiled
first), whatever PYTHONDONTWRITEBYTECODE says: otherwise every run would compile the
package from source (~0.5 s), which is no part of the pipeline's cost.

Timing is judged here and only here: the tests check that the bench runs and that its
report is consistent, never how fast anything is.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from collections.abc import Callable
from typing import Any

from . import __version__

TARGETS = {"b/a": 1.1, "c/a": 0.6, "d/b": 0.05, "e/b": 0.25}
PEAK_RSS_TARGET_MB = 1024.0

STAGES = {
    "a": "bare pdfplumber (extract_words)",
    "b": "pipeline, 1 worker, empty cache",
    "c": "pipeline, all cores, empty cache",
    "d": "re-run, nothing changed",
    "e": "re-run after a section-rule change",
}

# Stage (a): what a pdfplumber design cannot avoid.
BARE_SCRIPT = r"""
import sys
import pdfplumber

pages = 0
for path in sys.argv[1:]:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_words()
            page.close()
            pages += 1
print(pages)
"""

RULE_FILE = "rules/layout.toml"
RULE_CHANGE = "\n# bench: a simulated section-rule change (a comment: same rules, new fingerprint)\n"


# --- the corpus -----------------------------------------------------------------------


def _pdfs(folder: Path) -> list[Path]:
    """The files the extract job reads, in its order."""
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() == ".pdf")


def _page_count(path: Path) -> int:
    import pdfplumber

    try:
        with pdfplumber.open(path) as pdf:
            return len(pdf.pages)
    except Exception:  # a broken file: the pipeline reports it, the bench counts no pages
        return 0


def prepare_corpus(raw: Path, work: Path, repeat_to: int = 0) -> tuple[Path, list[Path], int]:
    """The folder to extract, its distinct PDFs and their page count.

    With ``repeat_to``, copies of the input PDFs are added (round-robin, in name order)
    until the corpus holds at least that many pages. Each copy gets a comment line after
    its last ``%%EOF`` so its sha256 differs (identical files are extracted only once) while
    every reader still sees the same document.
    """
    files, seen, pages = [], set(), 0
    counts: dict[Path, int] = {}
    for p in _pdfs(raw):
        sha = hashlib.sha256(p.read_bytes()).hexdigest()
        if sha in seen:
            continue  # the pipeline skips a duplicate by content; so does the bench
        seen.add(sha)
        counts[p] = _page_count(p)
        pages += counts[p]
        files.append(p)
    if repeat_to <= pages or not any(counts.values()):
        return raw, files, pages
    corpus = work / "corpus"
    corpus.mkdir(parents=True)
    out = []
    for p in files:
        shutil.copyfile(p, corpus / p.name)
        out.append(corpus / p.name)
    sources = [p for p in files if counts[p]]
    n = 0
    while pages < repeat_to:
        src = sources[n % len(sources)]
        n += 1
        dst = corpus / f"{src.stem}.copy{n:03d}{src.suffix}"
        dst.write_bytes(src.read_bytes() + f"\n%bench copy {n}\n".encode())
        out.append(dst)
        pages += counts[src]
    return corpus, sorted(out), pages


# --- measuring one subprocess -----------------------------------------------------------


def _tree(pid: int) -> list[int]:
    """pid and all its descendants (Linux /proc; just pid elsewhere)."""
    out, i = [pid], 0
    while i < len(out):
        p = out[i]
        i += 1
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    out += [int(c) for c in fh.read().split()]
        except OSError:
            continue
    return out


_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _tree_rss(pid: int) -> int:
    total = 0
    for p in _tree(pid):
        try:
            with open(f"/proc/{p}/statm") as fh:
                total += int(fh.read().split()[1]) * _PAGE
        except (OSError, IndexError, ValueError):
            continue
    return total


def measure(cmd: list[str], *, env: dict[str, Any], cwd: Path, log: Path, interval: float = 0.02) -> dict[str, Any]:
    """Run cmd to completion; its wall and CPU time, exit code and peak memory.

    ``peak_rss_mb``: the largest sum of resident set sizes over the process and its
    children seen while it ran (an upper bound: forked workers share pages).
    ``max_process_rss_mb``: ru_maxrss of the largest single process of the tree, exact.
    """
    with open(log, "wb") as fh:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=fh, stderr=subprocess.STDOUT)
        peak = 0
        while True:
            pid, status, ru = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            peak = max(peak, _tree_rss(proc.pid))
            time.sleep(interval)
        seconds = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4, not by Popen
    maxrss = ru.ru_maxrss * (1 if sys.platform == "darwin" else 1024)
    return {
        "seconds": round(seconds, 4),
        "cpu_seconds": round(ru.ru_utime + ru.ru_stime, 4),
        "peak_rss_mb": round(max(peak, maxrss) / 2**20, 1),
        "max_process_rss_mb": round(maxrss / 2**20, 1),
        "exit_code": proc.returncode,
    }


# --- comparing outputs ----------------------------------------------------------------------


def output_digest(out_dir: Path) -> dict[str, str]:
    """sha256 of every output file; the run report without the per-file cached flag."""
    digest = {}
    from .outdir import visible_files

    for rel in visible_files(out_dir):
        p = out_dir / rel
        data = p.read_bytes()
        if p.name == "run_report.json":
            report = json.loads(data)
            for f in report.get("files", []):
                f.pop("cached", None)
            data = json.dumps(report, sort_keys=True, ensure_ascii=False).encode()
        digest[str(p.relative_to(out_dir))] = hashlib.sha256(data).hexdigest()
    return digest


# --- the bench ------------------------------------------------------------------------------


def stage_failed(key: str, exit_code: int, log: str) -> bool:
    """Extract exits 1 when some input failed but the rest was written: still a timed
    run. A crash (a traceback) is not."""
    if exit_code == 0:
        return False
    return key == "a" or exit_code != 1 or "Traceback (most recent call last)" in log


def _ratio(x: float, y: float) -> float | None:
    return round(x / y, 4) if y > 0 else None


def _imports_from(py: str, env: dict[str, Any], cwd: Path) -> Path:
    out = subprocess.run([py, "-c", "import pipeline; print(pipeline.__file__)"], env=env, cwd=cwd,
                         capture_output=True, text=True).stdout.strip()
    return Path(out).resolve().parent if out else Path()


def run_bench(raw: Path, work: Path, *, repeat_to: int = 0, workers: int = 0, code: Path | None = None,
              rounds: int = 1, say: Callable[[str], object] = print) -> dict[str, Any]:
    """Run the five stages in ``work`` (a scratch folder) and return the bench report.

    ``code``: a folder holding a ``pipeline`` package to run for stages b-e instead of the
    installed one (to measure a candidate change against the same floor). ``rounds``:
    run the five stages that many times (fresh caches each time) and keep each stage's
    fastest, for a machine where other work comes and goes."""
    import pipeline

    work.mkdir(parents=True, exist_ok=True)
    corpus, files, pages = prepare_corpus(raw, work, repeat_to)
    if not files:
        raise ValueError(f"{raw}: no PDF files")
    say(f"corpus: {len(files)} PDFs, {pages} pages" + (f" ({corpus})" if corpus != raw else ""))

    py = sys.executable
    package = (Path(code) / "pipeline").resolve() if code else Path(pipeline.__file__).resolve().parent
    # Python's bytecode cache on, as it is by default: an environment that turns it off
    # (PYTHONDONTWRITEBYTECODE) would have every run compile the package from source.
    subprocess.run([py, "-m", "compileall", "-q", str(package)], capture_output=True)
    base_env = {k: v for k, v in os.environ.items()
                if k not in ("PYTHONPATH", "JICHITAI_DX_CACHE", "PYTHONDONTWRITEBYTECODE")}
    # The copy for (e): the package under test, with one rule file changed. Its bytecode
    # is copied with it (same sources, same times): only a rule file changed.
    changed = work / "changed"
    shutil.copytree(package, changed / "pipeline")
    with open(changed / "pipeline" / RULE_FILE, "a", encoding="utf-8") as fh:
        fh.write(RULE_CHANGE)
    n_workers = workers or os.cpu_count() or 1

    def plan(r: Path) -> dict[str, tuple[list[str], dict[str, Any]]]:
        """The stages of one round, with their own (empty) caches and output folders under r."""
        def extract(out: str, cache: str, nw: int, code_path: Path | None) -> tuple[list[str], dict[str, Any]]:
            env = dict(base_env, JICHITAI_DX_CACHE=str(r / cache))
            if code_path is not None:
                env["PYTHONPATH"] = str(code_path)
            cmd = [py, "-m", "pipeline", "extract", "--raw", str(corpus.resolve()), "--out", str(r / out),
                   "--workers", str(nw), "--quiet"]
            return cmd, env

        tested = Path(code).resolve() if code else None
        return {
            "a": ([py, "-c", BARE_SCRIPT, *[str(p.resolve()) for p in files]], dict(base_env)),
            "b": extract("out_b", "cache_b", 1, tested),
            "c": extract("out_c", "cache_c", n_workers, tested),
            "d": extract("out_c", "cache_c", n_workers, tested),
            "e": extract("out_c", "cache_c", n_workers, changed.resolve()),
        }

    # Each stage must run the package meant: (e) in particular the changed copy, or it
    # would only be (d) again.
    first = plan(work / "r1")
    for key, want in (("b", package), ("e", (changed / "pipeline").resolve())):
        got = _imports_from(py, first[key][1], work)
        if got != want:
            raise RuntimeError(f"stage {key} would import the pipeline from {got}, not {want}")

    # Untimed warm-up: the inputs and the installed libraries into the OS file cache, so
    # that the first stage does not pay for a cold disk and the others not.
    for p in files:
        p.read_bytes()
    subprocess.run([py, "-c", "import pdfplumber, pipeline.extract, pipeline.write, pipeline.nlp_enrich"],
                   env=first["b"][1], cwd=work, capture_output=True)

    runs: dict[str, list[dict[str, Any]]] = {k: [] for k in STAGES}
    outputs: dict[str, dict[str, str]] = {}
    for n in range(1, max(1, rounds) + 1):
        r = work / f"r{n}"
        r.mkdir(exist_ok=True)
        for key, (cmd, env) in plan(r).items():
            load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
            m = measure(cmd, env=env, cwd=work, log=r / f"stage_{key}.log")
            m["loadavg_before"] = round(load, 2) if load is not None else None
            log = (r / f"stage_{key}.log").read_text(encoding="utf-8", errors="replace")
            m["failed"] = stage_failed(key, m["exit_code"], log)
            if m["failed"]:
                m["log_tail"] = log[-2000:]
            runs[key].append(m)
            if key != "a":
                out_dir = r / ("out_b" if key == "b" else "out_c")
                digest = output_digest(out_dir) if out_dir.is_dir() else {}
                outputs.setdefault(key, digest)
                if digest != outputs[key]:
                    outputs[key] = {}
            say(f"({key}) {STAGES[key]}: {m['seconds']:.2f} s" + (f" (round {n})" if rounds > 1 else ""))

    # With several rounds, each stage's fastest: what the machine does when nothing else
    # runs. Every round's figures are kept.
    stages: dict[str, dict[str, Any]] = {}
    for key, ms in runs.items():
        best = dict(min(ms, key=lambda m: m["seconds"]))
        best["failed"] = any(m["failed"] for m in ms)
        best["exit_code"] = next((m["exit_code"] for m in ms if m["failed"]), best["exit_code"])
        best["peak_rss_mb"] = max(m["peak_rss_mb"] for m in ms)
        best["max_process_rss_mb"] = max(m["max_process_rss_mb"] for m in ms)
        if best["failed"] and "log_tail" not in best:
            best["log_tail"] = next(m["log_tail"] for m in ms if m["failed"])
        best["label"] = STAGES[key]
        best["pages_per_second"] = round(pages / best["seconds"], 2) if best["seconds"] > 0 else None
        best["workers"] = None if key == "a" else (1 if key == "b" else n_workers)
        if rounds > 1:
            best["rounds_seconds"] = [m["seconds"] for m in ms]
        stages[key] = best

    t = {k: v["seconds"] for k, v in stages.items()}
    ratios = {"b/a": _ratio(t["b"], t["a"]), "c/a": _ratio(t["c"], t["a"]),
              "d/b": _ratio(t["d"], t["b"]), "e/b": _ratio(t["e"], t["b"])}
    peak = max(v["peak_rss_mb"] for v in stages.values())
    meets = {k: (v is not None and v <= TARGETS[k]) for k, v in ratios.items()}
    meets["peak_rss_mb"] = peak <= PEAK_RSS_TARGET_MB
    ref = outputs.get("b", {})
    return {
        "pipeline_version": __version__,
        "python": platform.python_version(),
        "machine": {"cpu_count": os.cpu_count(), "platform": platform.platform()},
        "corpus": {"raw": str(raw), "files": len(files), "pages": pages, "repeat_to": repeat_to or None},
        "workers": n_workers,
        "rounds": max(1, rounds),
        "package": str(package),
        "bytecode_cache": True,
        "stages": stages,
        "ratios": ratios,
        "peak_rss_mb": peak,
        "targets": dict(TARGETS, peak_rss_mb=PEAK_RSS_TARGET_MB),
        "meets_targets": meets,
        "outputs_identical": bool(ref) and all(outputs.get(k) == ref for k in "cde"),
        "loadavg_after": round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None,
    }


def format_report(rep: dict[str, Any]) -> str:
    lines = [f"corpus: {rep['corpus']['files']} PDFs, {rep['corpus']['pages']} pages; {rep['workers']} workers for c-e"
             + (f"; fastest of {rep['rounds']} rounds" if rep["rounds"] > 1 else ""),
             f"{'stage':<44}{'wall s':>8}{'pages/s':>9}{'cpu s':>8}{'peak MB':>9}{'exit':>6}{'load':>6}"]
    for k, s in rep["stages"].items():
        load = s.get("loadavg_before")
        lines.append(f"({k}) {s['label']:<40}{s['seconds']:>8.2f}{s['pages_per_second'] or 0:>9.1f}"
                     f"{s['cpu_seconds']:>8.2f}{s['peak_rss_mb']:>9.1f}{s['exit_code']:>6}"
                     f"{load if load is not None else '-':>6}")
    for k, v in rep["ratios"].items():
        ok = "ok" if rep["meets_targets"][k] else "MISSED"
        lines.append(f"{k:<6}{v if v is not None else '-':>8}   target <= {TARGETS[k]:<5} {ok}")
    ok = "ok" if rep["meets_targets"]["peak_rss_mb"] else "MISSED"
    lines.append(f"peak RSS {rep['peak_rss_mb']:.0f} MB   target <= {PEAK_RSS_TARGET_MB:.0f} MB {ok}")
    lines.append("outputs b = c = d = e: " + ("yes" if rep["outputs_identical"] else "NO"))
    return "\n".join(lines)


def write_report(rep: dict[str, Any], out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    path = out / "bench.json"
    fd, tmp = tempfile.mkstemp(dir=out, prefix=".bench-", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(json.dumps(rep, ensure_ascii=False, indent=1) + "\n")
    os.replace(tmp, path)
    return path


def bench_main(raw: Path, out: Path, *, repeat_to: int = 0, workers: int = 0, keep: bool = False,
               code: Path | None = None, rounds: int = 1) -> int:
    """Run the bench over the PDFs in ``raw``; write ``out/bench.json``. Exit status 0, or
    1 if a stage failed or the outputs differ (missed speed targets are reported, not fatal),
    2 for an unusable input folder."""
    raw, out = Path(raw), Path(out)
    if not raw.is_dir() or not _pdfs(raw):
        print(f"error: {raw}: no folder of PDFs", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="jichitai-bench-"))
    try:
        rep = run_bench(raw, work, repeat_to=repeat_to, workers=workers, code=code, rounds=rounds)
        path = write_report(rep, out)
        print(format_report(rep))
        print(f"written to {path}" + (f"; stage folders kept in {work}" if keep else ""))
        failed = [k for k, s in rep["stages"].items() if s["failed"]]
        for k in failed:
            print(f"error: stage {k} exited {rep['stages'][k]['exit_code']}:\n{rep['stages'][k].get('log_tail', '')}",
                  file=sys.stderr)
        if not rep["outputs_identical"]:
            print("error: the outputs of stages b-e differ", file=sys.stderr)
        return 1 if failed or not rep["outputs_identical"] else 0
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m pipeline.bench", description=__doc__.split("\n")[0])
    ap.add_argument("--raw", default="raw", help="folder of volume PDFs (default: raw)")
    ap.add_argument("--out", default="extracted", help="where bench.json goes (default: extracted)")
    ap.add_argument("--repeat-to", type=int, default=0, metavar="PAGES",
                    help="add distinct copies of the PDFs until the corpus has at least PAGES pages")
    ap.add_argument("--workers", type=int, default=0, help="workers for stages c-e (default 0: all cores)")
    ap.add_argument("--keep", action="store_true", help="keep the scratch folder (logs, outputs, caches)")
    ap.add_argument("--code", metavar="DIR", help="run stages b-e from the pipeline package in DIR/pipeline "
                    "(a candidate change) instead of the installed one")
    ap.add_argument("--rounds", type=int, default=1, help="run the stages N times and keep each one's fastest "
                    "(default 1)")
    args = ap.parse_args(argv)
    return bench_main(Path(args.raw), Path(args.out), repeat_to=args.repeat_to, workers=args.workers, keep=args.keep,
                      code=Path(args.code) if args.code else None, rounds=args.rounds)


if __name__ == "__main__":
    sys.exit(main())
