"""Runaway inputs and the processes that read them (issue 17, items 2 and 7): every
file has a time and a memory budget, enforced in worker processes that can be killed;
workers die with their parent, Ctrl-C stops a run cleanly, and no more workers start
than the CPUs this process may use. The faults are built from the sample with pikepdf
and raw bytes; the budgets are set small so the tests run fast."""
from __future__ import annotations

import io
import json
import os
import re
import signal
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLE, _pages, output_files

from pipeline.workers import cap_workers, cgroup_cpu_limit, usable_cpus

pikepdf = pytest.importorskip("pikepdf")


# --- faults, built from the sample --------------------------------------------------------


def _small_pdf() -> bytes:
    """The first five pages of the 体制整備 volume, with a classic cross-reference table."""
    buf = io.BytesIO()
    with _pages(SAMPLE["taisei"], [1, 2, 3, 4, 5]) as pdf:
        pdf.save(buf, object_stream_mode=pikepdf.ObjectStreamMode.disable, deterministic_id=True)
    return buf.getvalue()


def _raw_object(data: bytes, num: int) -> bytes:
    return re.search(rb"(?:^|\n)%d 0 obj\s*(.*?)\s*endobj" % num, data, re.S).group(1)


def self_referencing(where: str) -> bytes:
    """The small volume with an incremental update holding `N 0 obj N 0 R endobj`, an
    object that refers to itself, used as the document's /Pages, as page 3's /Resources
    or as the /Length of page 3's content stream. pdfminer loops forever on each."""
    base = _small_pdf()
    with pikepdf.open(io.BytesIO(base)) as pdf:
        n, root, page3 = int(pdf.trailer.Size), pdf.Root.objgen[0], pdf.pages[2].objgen[0]
        contents = pdf.pages[2].obj.get("/Contents").objgen[0]
    loop = b"%d 0 R" % n
    if where == "pages":
        changed = {root: re.sub(rb"/Pages\s+\d+ 0 R", b"/Pages " + loop, _raw_object(base, root))}
    elif where == "resources":
        changed = {page3: re.sub(rb"/Resources\s+\d+ 0 R", b"/Resources " + loop, _raw_object(base, page3))}
    else:
        m = re.search(rb"\n%d 0 obj\s*(<<.*?>>)\s*stream\r?\n" % contents, base, re.S)
        length = int(re.search(rb"/Length\s+(\d+)", m.group(1)).group(1))
        stream = base[m.end():m.end() + length]
        changed = {contents: re.sub(rb"/Length\s+\d+", b"/Length " + loop, m.group(1))
                   + b"\nstream\n" + stream + b"\nendstream"}
    prev = int(re.findall(rb"startxref\s+(\d+)", base)[-1])
    out = bytearray(base if base.endswith(b"\n") else base + b"\n")
    offsets = {}
    for num, body in [(n, loop), *changed.items()]:
        offsets[num] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (num, body)
    xref = len(out)
    out += b"xref\n" + b"".join(b"%d 1\n%010d 00000 n \n" % (k, offsets[k]) for k in sorted(offsets))
    out += b"trailer\n<< /Size %d /Root %d 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (n + 1, root, prev, xref)
    return bytes(out)


def deflate_bomb(mib: int, pattern: bytes = b" ") -> bytes:
    """A zlib stream that inflates to `mib` MiB of `pattern` repeated: one compressed MiB
    (after a full flush, so it stands alone) repeated, about 1 KB per MiB."""
    chunk = pattern * ((1 << 20) // len(pattern))
    block = zlib.compressobj(9, zlib.DEFLATED, -15)
    one = block.compress(chunk) + block.flush(zlib.Z_FULL_FLUSH)
    adler = 1
    for _ in range(mib):
        adler = zlib.adler32(chunk, adler)
    return b"\x78\xda" + one * mib + zlib.compressobj(9, zlib.DEFLATED, -15).flush() + adler.to_bytes(4, "big")


def flate_bomb_pdf(mib: int, pattern: bytes = b" ") -> bytes:
    """The small volume with page 3's content stream replaced by a Flate bomb."""
    with pikepdf.open(io.BytesIO(_small_pdf())) as pdf:
        stream = pikepdf.Stream(pdf, b"")
        stream.write(deflate_bomb(mib, pattern), filter=pikepdf.Name.FlateDecode)
        pdf.pages[2].Contents = stream
        buf = io.BytesIO()
        pdf.save(buf)
    return buf.getvalue()


@pytest.fixture(scope="module")
def good_volume() -> bytes:
    return SAMPLE["jinzai"].read_bytes()


def _raw(folder: Path, files: dict[str, bytes]) -> Path:
    folder.mkdir(parents=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder


def _cli(raw: Path, out: Path, *options: str, env: dict | None = None, **kw):
    env = {**os.environ, **(env or {})}
    env.pop("JICHITAI_DX_CACHE", None)
    return [sys.executable, "-m", "pipeline", "extract", "--raw", str(raw), "--out", str(out), "--no-cache", *options], \
        dict(cwd=ROOT, env=env, **kw)


def run_cli(raw: Path, out: Path, *options: str, env: dict | None = None, timeout: float = 300):
    args, kw = _cli(raw, out, *options, env=env, capture_output=True, text=True, timeout=timeout)
    return subprocess.run(args, **kw)


def _issues(out: Path) -> dict[str, list[tuple[str, str]]]:
    report = json.loads((out / "run_report.json").read_text(encoding="utf-8"))
    return {f["file"]: [(i["code"], i["level"]) for i in f["issues"] if i["level"] == "error"] for f in report["files"]}


# --- time and memory budgets --------------------------------------------------------------


def test_objects_that_refer_to_themselves_blow_the_time_budget_and_the_rest_is_written(tmp_path, good_volume):
    raw = _raw(tmp_path / "raw", {"good.pdf": good_volume, **{f"loop-{w}.pdf": self_referencing(w)
                                                              for w in ("pages", "resources", "length")}})
    started = time.monotonic()
    proc = run_cli(raw, tmp_path / "out", "--workers", "2", "--time-budget", "3")
    took = time.monotonic() - started
    assert proc.returncode == 1, proc.stderr
    issues = _issues(tmp_path / "out")
    assert issues["good.pdf"] == []
    for w in ("pages", "resources", "length"):
        assert issues[f"loop-{w}.pdf"] == [("time_budget", "error")], (w, proc.stderr)
        assert re.search(rf"loop-{w}\.pdf.*took longer than the time budget \(3 s\).*hint: .*--time-budget", proc.stderr)
    assert len(list((tmp_path / "out" / "cases").glob("2.0-2-*.json"))) == 8
    assert took < 120  # three runaways, each stopped after 3 s (generous: the machine is shared)


def test_a_page_of_endless_q_Q_blows_the_time_budget(tmp_path, good_volume):
    """40 MiB of `q Q` (save and restore the graphics state, ten million times) in a
    half-megabyte file: minutes of work for pdfminer, stopped after the budget."""
    raw = _raw(tmp_path / "raw", {"qq.pdf": flate_bomb_pdf(40, b"q Q\n"), "good.pdf": good_volume})
    assert (raw / "qq.pdf").stat().st_size < 1_000_000
    proc = run_cli(raw, tmp_path / "out", "--workers", "1", "--time-budget", "3")
    assert proc.returncode == 1, proc.stderr
    assert _issues(tmp_path / "out") == {"good.pdf": [], "qq.pdf": [("time_budget", "error")]}
    assert "qq.pdf (page 3): laying out page 3 took longer than the time budget (3 s)" in proc.stderr


def test_the_time_budget_from_the_environment(tmp_path):
    raw = _raw(tmp_path / "raw", {"loop.pdf": self_referencing("pages")})
    proc = run_cli(raw, tmp_path / "out", "--workers", "1", env={"JICHITAI_DX_TIME_BUDGET": "2"})
    assert proc.returncode == 2  # nothing usable
    assert "took longer than the time budget (2 s)" in proc.stderr


def test_a_flate_bomb_blows_the_memory_budget_and_the_rest_is_written(tmp_path, good_volume):
    raw = _raw(tmp_path / "raw", {"bomb.pdf": flate_bomb_pdf(1024), "good.pdf": good_volume})
    assert (raw / "bomb.pdf").stat().st_size < 2_000_000  # 1 GiB of content in under 2 MB
    proc = run_cli(raw, tmp_path / "out", "--workers", "2", "--memory-budget", "300")
    assert proc.returncode == 1, proc.stderr
    assert _issues(tmp_path / "out") == {"bomb.pdf": [("memory_budget", "error")], "good.pdf": []}
    assert "bomb.pdf (page 3): laying out page 3 needed more than the memory budget (300 MB)" in proc.stderr
    assert "--memory-budget MB" in proc.stderr
    assert len(list((tmp_path / "out" / "cases").glob("2.0-2-*.json"))) == 8


def test_the_default_memory_budget_leaves_room_for_real_volumes(tmp_path):
    """One worker lays out the whole sample within a tenth of the default budget."""
    proc = run_cli(ROOT / "raw", tmp_path / "out", "--workers", "1", "--memory-budget", "200")
    assert proc.returncode == 0, proc.stderr
    assert len(list((tmp_path / "out" / "cases").glob("*.json"))) == 29


@pytest.mark.parametrize("option", [("--time-budget", "0"), ("--memory-budget", "-5")])
def test_a_budget_that_is_not_positive_is_misuse(tmp_path, option):
    proc = run_cli(ROOT / "raw", tmp_path / "out", *option)
    assert proc.returncode == 2 and "budgets must be positive" in proc.stderr
    assert not (tmp_path / "out").exists()


def test_a_budget_in_the_environment_that_is_not_a_number_is_misuse(tmp_path):
    proc = run_cli(ROOT / "raw", tmp_path / "out", env={"JICHITAI_DX_MEMORY_BUDGET": "lots"})
    assert proc.returncode == 2 and "JICHITAI_DX_MEMORY_BUDGET (MB) must be numbers" in proc.stderr
    assert "Traceback" not in proc.stderr and not (tmp_path / "out").exists()


# --- processes: orphans, Ctrl-C, the worker cap ---------------------------------------------


def children(pid: int) -> set[int]:
    """Live processes whose parent is pid."""
    out = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2:].split()
            if int(fields[1]) == pid and fields[0] != "Z":
                out.add(int(entry.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return state[state.rindex(")") + 2] != "Z"


def _group_report(pgid: int) -> str:
    """Every live process of a process group: pid, parent, state, the kernel call it waits in, its command line."""
    lines = []
    for entry in sorted(Path("/proc").iterdir(), key=lambda e: e.name):
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) != pgid:
                continue
            wchan = (entry / "wchan").read_text().strip()
            cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")[:120]
        except (OSError, IndexError, ValueError):
            continue
        lines.append(f"{entry.name} parent {fields[1]} state {fields[0]} waits in {wchan or '-'}: {cmd}")
    return "\n".join(lines) or "(none left)"


def _wait_for(cond, timeout: float = 60.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = cond()
        if value:
            return value
        time.sleep(0.1)
    return cond()


@pytest.fixture(scope="module")
def looping_raw(tmp_path_factory, good_volume) -> Path:
    """Files that keep their workers busy (until a long time budget) beside a good one."""
    folder = tmp_path_factory.mktemp("looping") / "raw"
    return _raw(folder, {"a-loop.pdf": self_referencing("pages"), "b-loop.pdf": self_referencing("resources"),
                         "c-loop.pdf": self_referencing("length"), "good.pdf": good_volume})


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to find the workers")
def test_workers_die_with_a_killed_parent(looping_raw, tmp_path):
    args, kw = _cli(looping_raw, tmp_path / "out", "--workers", "2", "--time-budget", "120")
    main = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)
    try:
        workers = _wait_for(lambda: children(main.pid) if len(children(main.pid)) >= 2 else None)
        assert workers, "the workers did not start"
        main.kill()  # SIGKILL: the parent has no chance to clean up
        main.wait()
        assert _wait_for(lambda: not any(_alive(w) for w in workers), timeout=10), \
            f"orphaned workers: {[w for w in workers if _alive(w)]}"
    finally:
        main.kill()
        for w in children(main.pid):
            os.kill(w, signal.SIGKILL)


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to find the workers")
def test_ctrl_c_prints_one_line_exits_130_and_leaves_the_old_output(looping_raw, tmp_path):
    out = tmp_path / "out"
    first = run_cli(ROOT / "raw", out, "--workers", "1", "--quiet")
    assert first.returncode == 0
    before = output_files(out)
    # Started as from a terminal, with Ctrl-C's default: a process started in the background by a shell without job
    # control (`cmd &` in a script, as a CI runner may start the suite) inherits SIGINT ignored, and Python then keeps
    # it ignored (in session 11 the fresh-clone CI, started so, timed out here: the run went on, its workers busy).
    args, kw = _cli(looping_raw, out, "--workers", "2", "--time-budget", "120",
                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
                    preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    main = subprocess.Popen(args, **kw)
    try:
        workers = _wait_for(lambda: children(main.pid) if len(children(main.pid)) >= 2 else None)
        assert workers, "the workers did not start"
        os.killpg(main.pid, signal.SIGINT)  # as a terminal's Ctrl-C: the whole process group
        try:
            stdout, stderr = main.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            # Say where every process of the group waits (a run that ignores Ctrl-C waits in poll, its workers busy).
            pytest.fail(f"no exit 60 s after Ctrl-C; the process group:\n{_group_report(main.pid)}")
    finally:
        main.kill()
    assert main.returncode == 130
    assert stderr.splitlines() == ["interrupted: extract stopped before it finished"], stderr
    assert stdout == ""
    assert output_files(out) == before
    assert _wait_for(lambda: not any(_alive(w) for w in workers), timeout=10)


def test_workers_are_capped_at_the_cpus_this_process_may_use(looping_raw, tmp_path):
    """--workers 64 on a process allowed one CPU starts one worker, with a note."""
    if not hasattr(os, "sched_setaffinity"):
        pytest.skip("no CPU affinity on this system")
    cpu = sorted(os.sched_getaffinity(0))[0]
    args, kw = _cli(looping_raw, tmp_path / "out", "--workers", "64", "--time-budget", "2",
                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                    preexec_fn=lambda: os.sched_setaffinity(0, {cpu}))
    main = subprocess.Popen(args, **kw)
    most = 0
    while main.poll() is None:
        most = max(most, len(children(main.pid)))
        time.sleep(0.05)
    stderr = main.stderr.read()
    assert main.returncode == 1, stderr
    assert "note: --workers 64 capped at 1: this process may use 1 CPU (affinity and cgroup quota)" in stderr
    assert most <= 1
    assert len(list((tmp_path / "out" / "cases").glob("*.json"))) == 8


def test_cap_workers():
    n = usable_cpus()
    assert cap_workers(0) == (n, None) and cap_workers(1) == (1, None)
    assert cap_workers(n + 63)[0] == n and f"capped at {n}" in cap_workers(n + 63)[1]


def test_the_cgroup_v2_quota_is_the_smallest_on_the_path(tmp_path):
    root = tmp_path / "cgroup"
    leaf = root / "user.slice" / "job"
    leaf.mkdir(parents=True)
    (root / "cpu.max").write_text("max 100000\n")
    (root / "user.slice" / "cpu.max").write_text("150000 100000\n")  # 1.5 CPUs
    (leaf / "cpu.max").write_text("max 100000\n")
    proc = tmp_path / "cgroup-of-self"
    proc.write_text("0::/user.slice/job\n")
    assert cgroup_cpu_limit(proc, root) == 1.5
    (leaf / "cpu.max").write_text("50000 100000\n")
    assert cgroup_cpu_limit(proc, root) == 0.5
    proc.write_text("4:memory:/x\n")  # cgroup v1 only: no quota known
    assert cgroup_cpu_limit(proc, root) is None


# --- the pool itself, on small tasks ------------------------------------------------------


def _sleep_in_steps(steps: int, seconds: float) -> int:
    from pipeline.workers import step

    for n in range(1, steps + 1):
        step(n)
        time.sleep(seconds)
    return steps


def _allocate(mib: int) -> int:
    return len(bytearray(mib << 20))


def _exit_now(code: int) -> None:
    os._exit(code)


def _raise(text: str) -> None:
    raise ValueError(text)


def test_the_pool_fails_only_the_task_that_blew_its_budget_or_died():
    from pipeline.workers import Budget, TaskFailed, WorkerPool

    tasks = [(_sleep_in_steps, (1, 30)),  # one step longer than the budget
             (_sleep_in_steps, (6, 0.5)),  # many steps, each within it: 3 s in all
             (_allocate, (1024,)),  # more than the memory budget
             (_allocate, (16,)),
             (_exit_now, (3,)),
             (_raise, ("boom",)),
             (_sleep_in_steps, (1, 0))]
    got: dict[int, object] = {}
    started = time.monotonic()
    with WorkerPool(2, Budget(step_seconds=2, memory_mb=256)) as pool:
        pool.run(tasks, got.__setitem__)
    assert time.monotonic() - started < 60
    assert got[0] == TaskFailed("time_budget", "took longer than the time budget (2 s for one step)", 1)
    assert got[1] == 6  # the budget is per step, not per task
    assert isinstance(got[2], TaskFailed) and got[2].code == "memory_budget"
    assert got[3] == 16 << 20
    assert got[4] == TaskFailed("worker_died", "exit code 3", None)
    assert got[5] == TaskFailed("task_error", "ValueError: boom", None)
    assert got[6] == 1
