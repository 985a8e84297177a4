"""Issue 5, the outputs: byte-identical for the same input (whatever the order of files on
disk, their mtimes or the number of workers), written atomically (a run killed at any
moment leaves the previous extracted/ complete and readable), and readable."""
from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from conftest import ROOT, cli_env, output_files
from pipeline.outdir import visible_files

TABLES = ["cases", "costs", "schedule_steps", "effects", "interviews", "vendors", "effect_metrics"]


def check_readable(out: Path) -> None:
    """Every output file parses: JSON, JSON lines, Parquet."""
    for rel in visible_files(out):
        p = out / rel
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
    """previous: the mixed run's outputs. next input: its good.pdf renamed taisei.pdf, so
    that the new outputs differ in every aggregate and in the case files (source.file),
    and case files go. `new`: what an uninterrupted run writes."""
    base = tmp_path_factory.mktemp("interrupt")
    raw = base / "raw"
    raw.mkdir()
    # (The full volume only: the bad inputs are excerpts, whose missing cases are errors.)
    (raw / "taisei.pdf").write_bytes((mixed_run.raw / "good.pdf").read_bytes())
    ref = extract_cli(raw, base / "reference")
    assert ref.code == 0, ref.stderr
    # The previous folder also has an output the new run does not write, lacks one it
    # does write (links to remove after the switch, to add before it), and holds the
    # generation a killed run left behind.
    old = base / "old"
    shutil.copytree(mixed_run.out, old, symlinks=True)
    gen = old / os.readlink(old / ".current")
    (gen / "datapackage.json").unlink()
    (old / "datapackage.json").unlink()
    (gen / "obsolete.parquet").write_bytes((gen / "costs.parquet").read_bytes())
    os.symlink(".current/obsolete.parquet", old / "obsolete.parquet")
    (old / ".generations" / "0badc0ffee00" / "cases").mkdir(parents=True)
    (old / ".generations" / "0badc0ffee00" / "cases.jsonl").write_text("left by a killed run\n")
    return raw, old, output_files(old), output_files(ref.out)


def check_old_or_new(out: Path, old: dict[str, bytes], new: dict[str, bytes]) -> str:
    """What a reader sees is wholly the previous outputs or wholly the new ones, every file
    complete and readable. Returns 'old' or 'new'."""
    now = output_files(out)
    check_readable(out)
    if now == old:
        return "old"
    assert now == new, (f"neither old nor new: {sorted(n for n in now if now[n] != old.get(n))} differ from the old, "
                        f"{sorted(n for n in now if now[n] != new.get(n))} from the new, "
                        f"missing {sorted(set(old) - set(now))} / {sorted(set(new) - set(now))}")
    return "new"


def _fill(out: Path, template: Path) -> None:
    """out becomes a copy of a finished run's output folder, links and all."""
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(template, out, symlinks=True)


def test_killed_runs_leave_outputs_complete(interrupted_setup, tmp_path, layout_cache):
    """SIGKILL (no clean-up runs) at moments seen from outside: before writing starts, as
    the new generation folder appears, as the switch happens. The strace campaign below
    kills at every rename and every file-system change instead."""
    raw, old_dir, old, new = interrupted_setup
    out = tmp_path / "out"
    env = cli_env(layout_cache)
    cmd = [sys.executable, "-m", "pipeline", "extract", "--raw", str(raw), "--out", str(out), "--workers", "2"]
    states = []
    for moment in ["early", "generation", "generation", "switch", "switch"]:
        _fill(out, old_dir)
        current = os.readlink(out / ".current")
        gens = set(os.listdir(out / ".generations"))
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            if moment == "early":
                time.sleep(0.2)
            else:
                deadline = time.monotonic() + 120
                while proc.poll() is None and time.monotonic() < deadline:
                    if moment == "generation" and set(os.listdir(out / ".generations")) - gens:
                        break
                    if moment == "switch" and os.readlink(out / ".current") != current:
                        break
                    time.sleep(0.0001)
            proc.send_signal(signal.SIGKILL)
        finally:
            proc.wait()
        states.append((moment, proc.returncode, check_old_or_new(out, old, new)))
    assert all(code == -signal.SIGKILL for _, code, _ in states), states  # every run was really interrupted
    assert [s for m, _, s in states if m in ("early", "generation")] == ["old"] * 3, states
    assert all(s == "new" for m, _, s in states if m == "switch"), states
    # The next run cleans up after the killed one and writes the new outputs.
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert output_files(out) == new
    assert len(list((out / ".generations").iterdir())) == 2  # the new one and the one readers may still hold
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp") or p.name.startswith(".staging-")]


STRACE = shutil.which("strace")
RENAMES = "rename,renameat,renameat2"
# The other system calls that change the output folder: each is a moment a kill may land.
# (strace counts each call by itself: `when=N` is the Nth call of that one.)
FOLDER_CALLS = ["symlink,symlinkat", "unlink", "unlinkat", "rmdir", "mkdir,mkdirat"]


def _kill_campaign(interrupted_setup, tmp_path, calls: str, code: int = 0) -> list[tuple[int, str]]:
    """Run the CLI under strace, killed (SIGKILL injected) at the Nth call of `calls`, for
    N = 1, 2, … until a run finishes (exit `code`); after each kill the folder must read
    wholly old or wholly new. Returns (N, state) for each kill."""
    tmp_path = tmp_path / calls.split(",")[0]
    raw, old_dir, old, new = interrupted_setup
    cache = tmp_path / "cache"
    warm = subprocess.run([sys.executable, "-m", "pipeline", "extract", "--raw", str(raw), "--out", str(tmp_path / "warm")],
                          cwd=ROOT, env=cli_env(cache), capture_output=True, text=True)
    assert warm.returncode == code, warm.stderr  # the layouts are cached: every run below makes the same calls
    out = tmp_path / "out"
    env = {**cli_env(cache), "PYTHONDONTWRITEBYTECODE": "1"}  # no .pyc renames from imports
    states = []
    for n in range(1, 400):
        _fill(out, old_dir)
        proc = subprocess.run([STRACE, "-f", "-qq", "-o", "/dev/null", "-e", f"trace={calls}",
                               "-e", f"inject={calls}:signal=KILL:when={n}",
                               sys.executable, "-m", "pipeline", "extract", "--raw", str(raw), "--out", str(out), "--workers", "1"],
                              cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
        if proc.returncode == code:
            assert check_old_or_new(out, old, new) == "new"
            break
        assert proc.returncode in (-signal.SIGKILL, 128 + signal.SIGKILL), (n, proc.returncode, proc.stderr[-2000:])
        states.append((n, check_old_or_new(out, old, new)))
    else:
        pytest.fail("the run never finished")
    # The run after a kill tidies up and writes the new outputs.
    again = subprocess.run([sys.executable, "-m", "pipeline", "extract", "--raw", str(raw), "--out", str(out)],
                           cwd=ROOT, env=env, capture_output=True, text=True)
    assert again.returncode == code and output_files(out) == new, again.stderr
    return states


@pytest.mark.skipif(STRACE is None, reason="strace is not installed (.ci/run installs it with apt-get)")
def test_a_kill_at_any_rename_leaves_the_folder_old_or_new(interrupted_setup, tmp_path):
    states = _kill_campaign(interrupted_setup, tmp_path, RENAMES)
    # Kills before the switch leave the old folder (the data package's rename, the switch
    # itself); a kill after it (the run stamp in the cache) leaves the new one.
    assert [s for _, s in states][:2] == ["old", "old"], states


@pytest.mark.skipif(STRACE is None, reason="strace is not installed (.ci/run installs it with apt-get)")
def test_a_run_that_finds_nothing_usable_replaces_only_the_report_atomically(interrupted_setup, tmp_path, extract_cli):
    """Exit 2: the new state is the old data files with the new run report."""
    _, old_dir, old, _ = interrupted_setup
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "page.pdf").write_bytes(b"<html><title>404 Not Found</title></html>")
    ref = tmp_path / "reference"
    shutil.copytree(old_dir, ref, symlinks=True)
    assert extract_cli(raw, ref).code == 2
    new = output_files(ref)
    assert [n for n in new if new[n] != old.get(n)] == ["run_report.json"] and new.keys() == old.keys()
    states = _kill_campaign((raw, old_dir, old, new), tmp_path, RENAMES, code=2)
    assert [s for _, s in states][:1] == ["old"], states


@pytest.mark.skipif(STRACE is None, reason="strace is not installed (.ci/run installs it with apt-get)")
@pytest.mark.skipif(not os.environ.get("FAULT_CAMPAIGN"), reason="the long campaign (about a minute): run it with `make faults`")
def test_a_kill_at_any_folder_change_leaves_the_folder_old_or_new(interrupted_setup, tmp_path):
    states = {calls: _kill_campaign(interrupted_setup, tmp_path, calls) for calls in FOLDER_CALLS}
    # Kills before the switch (stale generation removed, folders made, links added)
    # leave the old outputs; after it (a dropped output's link removed), the new ones.
    assert {s for run in states.values() for _, s in run} == {"old", "new"}, states
    assert all(states[c] for c in ("symlink,symlinkat", "unlink", "unlinkat", "rmdir", "mkdir,mkdirat")), states


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


def test_a_folder_of_plain_files_is_converted_and_other_files_kept(tmp_path, good_run, extract_cli):
    """A folder written by an earlier version (plain files, .gitkeep, a review site) or
    copied with its links followed: the run publishes its generation and leaves the
    files that are not outputs alone."""
    for name, follow in (("plain", True), ("links", False)):
        out = tmp_path / name
        shutil.copytree(good_run.out, out, symlinks=not follow)
        (out / ".gitkeep").write_text("")
        (out / "report").mkdir()
        (out / "report" / "index.html").write_text("<html></html>")
        run = extract_cli(good_run.raw, out)
        assert run.code == 0, run.stderr
        assert output_files(out) == {**output_files(good_run.out), "report/index.html": b"<html></html>"}
        assert (out / ".gitkeep").is_file() and not (out / "report").is_symlink()
        assert all((out / n).is_symlink() for n in ("cases", "cases.jsonl", "run_report.json")), name
        assert [p.name for p in out.iterdir() if p.name.startswith(".staging-")] == []
