"""The command line as a person meets it: a real terminal (pseudo-terminal), --help and
mistyped flags of each command, and what `fetch` says about the sources file."""
from __future__ import annotations

import os
import pty
import select
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VOLUME = "jichitai_dx_jirei_v2_1_taisei.pdf"


def _in_terminal(args: list[str], env: dict) -> tuple[int, str]:
    """Run `python -m pipeline ARGS` with stdin/stdout/stderr on a pseudo-terminal."""
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", *args], cwd=ROOT, env=env,
                            stdin=slave, stdout=slave, stderr=slave, close_fds=True)
    os.close(slave)
    printed = b""
    while True:
        ready, _, _ = select.select([master], [], [], 120)
        if not ready:
            proc.kill()
            break
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        printed += chunk
    os.close(master)
    return proc.wait(timeout=60), printed.decode("utf-8", "replace")


def test_extract_shows_its_progress_bar_in_a_terminal_and_nowhere_else(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    shutil.copyfile(ROOT / "raw" / VOLUME, raw / VOLUME)
    env = {**os.environ, "JICHITAI_DX_CACHE": str(tmp_path / "cache")}
    code, printed = _in_terminal(["extract", "--raw", str(raw), "--out", str(out), "--workers", "1"], env)
    assert code == 0, printed
    # Redrawn in place (\r), then the final line with the time taken.
    assert "\rlayout 17/17 pages, " in printed and " pages/s in " in printed, printed[:400]
    assert "5 cases written" in printed
    # The same run again, off a terminal: replayed from the cache, without the bar.
    again = subprocess.run([sys.executable, "-m", "pipeline", "extract", "--raw", str(raw), "--out", str(out),
                            "--workers", "1"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert again.returncode == 0 and "5 cases written" in again.stderr
    assert "\r" not in again.stderr and "pages/s" not in again.stderr, again.stderr


def _run(*args: str, module: str = "pipeline") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", module, *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_fetch_help_lists_fetchs_options():
    for module, args in (("pipeline", ("fetch", "--help")), ("pipeline.fetch", ("--help",))):
        proc = _run(*args, module=module)
        assert proc.returncode == 0, proc.stderr
        for flag in ("--sources", "--dest", "--list-links", "--retries", "--timeout"):
            assert flag in proc.stdout, (module, flag)


def test_python_m_pipeline_fetch_runs_fetch(tmp_path):
    """`python -m pipeline.fetch` is fetch, not a module that exits 0 doing nothing."""
    proc = _run("--sources", str(ROOT / "raw" / "sources.toml"), "--dest", str(tmp_path), "--retries", "0",
                module="pipeline.fetch")
    assert proc.returncode == 1  # every URL of the shipped sources file is a placeholder
    assert "URL is still a placeholder" in proc.stdout


def test_fetch_says_the_urls_are_unconfirmed_every_time(tmp_path):
    shutil.copyfile(ROOT / "raw" / VOLUME, tmp_path / VOLUME)
    for _ in range(2):
        proc = _run("fetch", "--sources", str(ROOT / "raw" / "sources.toml"), "--dest", str(tmp_path), "--retries", "0")
        assert "WARNING: 3 of 3 volume URLs" in proc.stderr and "UNCONFIRMED" in proc.stderr
        assert "NOT checked to be the published volume" in proc.stderr
        # The sample file in place is not called valid.
        line = next(x for x in proc.stdout.splitlines() if VOLUME in x)
        assert "NOT verified" in line and "valid PDF" not in line


def test_a_mistyped_flag_gets_the_commands_usage():
    for command, flag in (("extract", "--workrs"), ("report", "--scael"), ("bench", "--roudns")):
        proc = _run(command, flag, "2")
        assert proc.returncode == 2
        assert f"usage: python -m pipeline {command}" in proc.stderr, proc.stderr
        assert f"unrecognized arguments: {flag}" in proc.stderr
    proc = _run("fetch", "--sorces", "x.toml")
    assert proc.returncode == 2 and "usage: python -m pipeline fetch" in proc.stderr


def test_a_mistyped_flag_of_diff_and_schema_gets_their_usage(tmp_path):
    """Every command, not only the ones listed above: diff once crashed with a traceback
    (KeyError) on an unknown flag, its parser missing from the table of usages."""
    for args, flag in ((("diff", str(tmp_path), str(tmp_path), "--jsno"), "--jsno"), (("schema", "--ot", "x"), "--ot")):
        proc = _run(*args)
        assert proc.returncode == 2, proc.stderr
        assert f"usage: python -m pipeline {args[0]}" in proc.stderr and "Traceback" not in proc.stderr, proc.stderr
        assert f"unrecognized arguments: {flag}" in proc.stderr


def _one_volume(tmp_path: Path) -> tuple[Path, Path]:
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copyfile(ROOT / "raw" / VOLUME, raw / VOLUME)
    return raw, tmp_path / "out"


def test_python_m_pipeline_extract_writes_parquet_without_numpy(tmp_path):
    """The command's own process imports pyarrow with NumPy kept out (write.load_libraries):
    it writes the same Parquet, and NumPy, had anything asked for it, fails cleanly."""
    raw, out = _one_volume(tmp_path)
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "pipeline", "extract", "--raw", str(raw),
                           "--out", str(out), "--workers", "1", "--no-cache", "--quiet"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    imported = {line.rsplit("|", 1)[-1].strip() for line in proc.stderr.splitlines() if line.startswith("import time:")}
    assert "pyarrow.parquet" in imported and "numpy" not in imported


def test_main_called_in_a_process_that_goes_on_leaves_pandas_working(tmp_path):
    """cli.main called as a function (a test, a notebook) must not leave a pyarrow without
    NumPy behind: pandas reading the Parquet afterwards would crash the process."""
    raw, out = _one_volume(tmp_path)
    code = ("import sys; from pipeline.cli import main; "
            f"rc = main(['extract', '--raw', {str(raw)!r}, '--out', {str(out)!r}, '--workers', '1', '--no-cache', '--quiet']); "
            "import pandas as pd; "
            f"print(rc, len(pd.read_parquet({str(out / 'cases.parquet')!r})))")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.split() == ["0", "5"]
