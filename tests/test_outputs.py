"""Issue 5, the outputs: byte-identical for the same input (whatever the order of files on
disk, their mtimes or the number of workers), written atomically (a run killed at any
moment leaves the previous extracted/ complete and readable), and readable."""
from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from conftest import ROOT, cli_env, output_files

TABLES = ["cases", "costs", "schedule_steps", "effects", "interviews", "vendors", "effect_metrics"]


def check_readable(out: Path) -> None:
    """Every output file parses: JSON, JSON lines, Parquet."""
    for p in out.rglob("*"):
        if not p.is_file() or ".staging-" in p.as_posix():
            continue
        if p.suffix == ".json":
            json.loads(p.read_text(encoding="utf-8"))
        elif p.suffix == ".jsonl":
            for line in p.read_text(encoding="utf-8").splitlines():
                json.loads(line)
        elif p.suffix == ".parquet":
            pq.read_table(p)


# --- determinism ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def rerun(mixed_run, tmp_path_factory, extract_cli):
    """The mixed folder again: copied in the reverse order with scrambled mtimes, into another
    folder (of the same name), laid out afresh (--no-cache) by one worker instead of two."""
    base = tmp_path_factory.mktemp("rerun")
    raw = base / "raw"
    raw.mkdir()
    files = sorted(mixed_run.raw.iterdir(), reverse=True)
    rnd = random.Random(5)
    for src in files:
        dst = raw / src.name
        dst.write_bytes(src.read_bytes())
        t = rnd.randint(1_000_000_000, 1_700_000_000)
        os.utime(dst, (t, t))
    return extract_cli(raw, base / "out", "--no-cache", "--workers", "1")


def test_two_runs_give_identical_bytes(mixed_run, rerun):
    assert rerun.code == mixed_run.code == 1
    a, b = output_files(mixed_run.out), output_files(rerun.out)
    assert sorted(a) == sorted(b)
    assert {"run_report.json", "cases.jsonl", *(f"{t}.parquet" for t in TABLES)} <= set(a)
    different = [name for name in a if a[name] != b[name]]
    assert different == []


def test_a_run_from_the_layout_cache_gives_identical_bytes(mixed_run, extract_cli, tmp_path):
    """The mixed folder again, with the layout cache the first run filled: a file that
    opened cleanly is taken from the cache without being opened, a damaged one is opened
    (and repaired) again, and the outputs, report included, are the same bytes."""
    again = extract_cli(mixed_run.raw, tmp_path / "out", "--workers", "2")
    assert again.code == mixed_run.code
    a, b = output_files(mixed_run.out), output_files(again.out)
    assert [name for name in a if a[name] != b.get(name)] == []
    cached = {line.split(":")[0].strip() for line in (again.proc.stdout + again.stderr).splitlines()
              if "[layout cached]" in line}
    assert any("good.pdf" in c for c in cached), cached
    assert not any("xref" in c for c in cached), cached


def test_report_has_no_timestamps_or_paths(mixed_run):
    text = (mixed_run.out / "run_report.json").read_text(encoding="utf-8")
    for path in (str(ROOT), str(mixed_run.raw), str(mixed_run.out), "/tmp", os.path.expanduser("~")):
        assert path not in text
    assert not __import__("re").search(r"\d{4}-\d\d-\d\dT\d\d:\d\d|\b\d{10}(\.\d+)?\b", text)
    assert "cached" not in text  # the layout cache shows on the console only


def test_outputs_are_readable_and_match_the_report(mixed_run):
    import hashlib

    out = mixed_run.out
    check_readable(out)
    report = mixed_run.report
    for name, facts in report["outputs"].items():
        if name == "cases/":
            assert facts["files"] == len(list((out / "cases").glob("*.json"))) == report["cases"]
            continue
        data = (out / name).read_bytes()
        assert facts == {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    ids = [json.loads(line)["case_id"] for line in (out / "cases.jsonl").read_text().splitlines()]
    assert ids == report["case_ids"] == sorted(ids, key=lambda c: tuple(map(float, c.split("-"))))
    assert pq.read_table(out / "cases.parquet").column("case_id").to_pylist() == ids


# --- atomicity ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def interrupted_setup(mixed_run, tmp_path_factory, extract_cli):
    """previous: the mixed run's outputs. next input: five of its files, good.pdf renamed
    taisei.pdf, so that the new outputs differ in every aggregate and in the case files
    (source.file), and a case file goes. `new`: what an uninterrupted run writes."""
    base = tmp_path_factory.mktemp("interrupt")
    raw = base / "raw"
    raw.mkdir()
    for name in ["good.pdf", "sections_missing.pdf", "unknown_heading.pdf", "broken_xref.pdf", "big_pages.pdf"]:
        (raw / ("taisei.pdf" if name == "good.pdf" else name)).write_bytes((mixed_run.raw / name).read_bytes())
    ref = extract_cli(raw, base / "reference")
    assert ref.code == 0, ref.stderr
    return raw, output_files(mixed_run.out), output_files(ref.out)


def check_old_or_new(out: Path, old: dict[str, bytes], new: dict[str, bytes]) -> str:
    """Every file is complete: the previous version or the new one. Returns 'old', 'new' or 'mixed'."""
    now = output_files(out)
    check_readable(out)
    for name, data in now.items():
        assert data in (old.get(name), new.get(name)), f"{name}: neither the old nor the new version"
    for name in old:
        if name in new:
            assert name in now, f"{name} disappeared"
        elif name not in now:
            # Old case files are removed only once every new data file is in place.
            assert all(now.get(n) == new[n] for n in new if n != "run_report.json"), f"{name} removed too early"
    return "old" if now == old else "new" if now == new else "mixed"


def _replaced(path: Path, inode: int) -> bool:
    try:
        return os.stat(path).st_ino != inode
    except FileNotFoundError:
        return True


def test_killed_runs_leave_outputs_complete(interrupted_setup, tmp_path, layout_cache):
    raw, old, new = interrupted_setup
    out = tmp_path / "out"
    env = cli_env(layout_cache)
    cmd = [sys.executable, "-m", "pipeline", "extract", "--raw", str(raw), "--out", str(out), "--workers", "2"]
    first_case, jsonl = out / "cases" / "2.0-1-001.json", out / "cases.jsonl"
    # SIGKILL (no clean-up runs) before writing starts, as the staging folder appears, as
    # the first output file is replaced (case files go first), and as cases.jsonl is.
    moments = ["early", "staging", "first file", "first file", "first file", "cases.jsonl"]
    states = []
    for moment in moments:
        if out.exists():
            subprocess.run(["rm", "-rf", str(out)], check=True)
        for name, data in old.items():
            (out / name).parent.mkdir(parents=True, exist_ok=True)
            (out / name).write_bytes(data)
        watch = {"first file": first_case, "cases.jsonl": jsonl}.get(moment)
        inode = os.stat(watch).st_ino if watch else None
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            if moment == "early":
                time.sleep(0.2)
            else:
                deadline = time.monotonic() + 120
                while proc.poll() is None and time.monotonic() < deadline:
                    if (list(out.glob(".staging-*")) if watch is None else _replaced(watch, inode)):
                        break
                    time.sleep(0.0001)
            proc.send_signal(signal.SIGKILL)
        finally:
            proc.wait()
        states.append((moment, proc.returncode, check_old_or_new(out, old, new)))
    assert all(code == -signal.SIGKILL for _, code, _ in states), states  # every run was really interrupted
    assert [s for m, _, s in states if m in ("early", "staging")] == ["old", "old"], states
    assert all(s != "old" for m, _, s in states if m in ("first file", "cases.jsonl")), states
    # The next run cleans up after the killed one and writes the new outputs.
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert not list(out.glob(".staging-*"))
    assert output_files(out) == new


def test_one_writer_at_a_time(tmp_path, good_run):
    from pipeline.models import CaseRecord
    from pipeline.write import OutputBusy, locked, write_outputs

    recs = [CaseRecord.model_validate(r) for r in good_run.records.values()]
    out = tmp_path / "out"
    with locked(out):
        with pytest.raises(OutputBusy):
            write_outputs(recs, {}, out)
    assert write_outputs(list(reversed(recs)), {}, out)[-1] == "run_report.json"
    assert (out / "cases.jsonl").read_bytes() == (good_run.out / "cases.jsonl").read_bytes()  # order-independent
