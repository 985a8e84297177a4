"""Caches, so that a re-run costs what changed and no more.

Layout cache: the layout stage's output per PDF, keyed by the PDF's sha256 and the
layout code's own fingerprint, so a change to section rules re-runs in seconds while
a change to layout (or its normalization tables) invalidates the cache by itself.

Run stamps: a run that succeeded leaves a stamp keyed by everything its outputs depend
on (the PDFs' names and contents, every file of the pipeline package, the versions of
Python and of the installed libraries, the options) with the sha256 of each output file
and what the run printed. A re-run with the same key, over an output folder still
holding exactly those files, has nothing to do: it replays the messages and exits.

This module imports nothing heavy: the run-stamp check happens before the pipeline
(pydantic, pdfplumber, pyarrow) is imported at all.
"""
from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import pickle
import sys
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .layout import PageLayout

HERE = Path(__file__).resolve().parent

# Modules and data whose change alters PageLayout output.
_LAYOUT_INPUTS = ("layout.py", "contentstream.py", "textnorm.py", "data/cjk_radicals_supplement.tsv")


@lru_cache(maxsize=None)
def layout_version() -> str:
    h = hashlib.sha256()
    for name in _LAYOUT_INPUTS:
        h.update(name.encode())
        h.update((HERE / name).read_bytes())
    from importlib.metadata import version  # not an import of pdfplumber itself (0.1 s)

    for dist in ("pdfplumber", "pdfminer.six"):
        h.update(version(dist).encode())
    return h.hexdigest()[:16]


def default_cache_dir() -> Path:
    return Path(os.environ.get("JICHITAI_DX_CACHE", ".cache")) / "layout"


def _path(cache_dir: Path, sha256: str) -> Path:
    return cache_dir / f"{sha256}-{layout_version()}.pkl"


def load(cache_dir: Path | None, sha256: str) -> list[PageLayout] | None:
    if cache_dir is None:
        return None
    p = _path(cache_dir, sha256)
    try:
        with open(p, "rb") as fh:
            return pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None  # a missing or stale cache entry is simply recomputed


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def store(cache_dir: Path | None, sha256: str, pages: list[PageLayout]) -> None:
    if cache_dir is None:
        return
    _atomic_write(_path(cache_dir, sha256), pickle.dumps(pages, protocol=pickle.HIGHEST_PROTOCOL))


# --- run stamps -----------------------------------------------------------------------


def _installed() -> list[str]:
    """Names of the installed distributions with their versions (the *.dist-info folder
    names: one directory listing, no metadata parsing)."""
    out = []
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        out += [f"{entry}/{n}" for n in names if n.endswith((".dist-info", ".egg-info"))]
    return sorted(out)


@lru_cache(maxsize=None)
def code_version() -> str:
    """Fingerprint of everything besides the PDFs that decides the outputs: every file of
    the pipeline package (code, rules, data), the Python version and Unicode tables, and
    the installed libraries' versions."""
    import unicodedata

    h = hashlib.sha256()
    for p in sorted(HERE.rglob("*")):
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc":
            h.update(str(p.relative_to(HERE)).encode() + b"\0")
            h.update(hashlib.sha256(p.read_bytes()).digest())
    h.update(sys.version.encode() + unicodedata.unidata_version.encode())
    h.update("\n".join(_installed()).encode())
    return h.hexdigest()[:16]


def run_key(raw_dir: Path, out_dir: Path, **options) -> str | None:
    """The key of an extract run: its inputs (every *.pdf in raw_dir, the way the extract
    job picks them, by name and content), the output folder, the options that change
    what is written or printed, and code_version(). None if an input cannot be read
    (then the run is not stamped: it reports that file)."""
    h = hashlib.sha256(code_version().encode())
    h.update(json.dumps({"raw": str(Path(raw_dir).resolve()), "out": str(Path(out_dir).resolve()), **options},
                        sort_keys=True, default=str).encode())
    try:
        for p in sorted((p for p in Path(raw_dir).iterdir() if p.is_file() and p.suffix.lower() == ".pdf"),
                        key=lambda p: p.name):
            h.update(p.name.encode() + b"\0" + hashlib.sha256(p.read_bytes()).digest())
    except OSError:
        return None
    return h.hexdigest()


def _outputs(out_dir: Path) -> dict[str, str]:
    """sha256 of every file in the output folder (not hidden ones, not bench.json)."""
    from .outdir import visible_files

    return {rel: hashlib.sha256((Path(out_dir) / rel).read_bytes()).hexdigest()
            for rel in visible_files(out_dir) if Path(rel).name != "bench.json"}


def _stamp_path(cache_dir: Path, key: str) -> Path:
    return Path(cache_dir) / f"run-{key}.json"


def save_run(cache_dir: Path | None, key: str | None, out_dir: Path, exit_code: int, stdout: str, stderr: str) -> None:
    """Stamp a finished run (call it only for a run that succeeded)."""
    if cache_dir is None or key is None:
        return
    stamp = {"exit_code": exit_code, "stdout": stdout, "stderr": stderr, "outputs": _outputs(out_dir)}
    try:
        _atomic_write(_stamp_path(cache_dir, key), json.dumps(stamp, ensure_ascii=False).encode())
    except OSError:
        pass  # no stamp: the next run simply does the work again


def replay_run(cache_dir: Path | None, key: str | None, out_dir: Path) -> dict | None:
    """The stamp of an identical earlier run whose outputs are all still in place, byte for
    byte and with nothing added (a stale case file would be deleted by a real run), or None."""
    if cache_dir is None or key is None:
        return None
    try:
        stamp = json.loads(_stamp_path(cache_dir, key).read_bytes())
        if _outputs(out_dir) != stamp["outputs"] or not stamp["outputs"]:
            return None
        return {"exit_code": int(stamp["exit_code"]), "stdout": str(stamp["stdout"]), "stderr": str(stamp["stderr"])}
    except (OSError, ValueError, KeyError, TypeError):
        return None


class _Tee(io.TextIOBase):
    def __init__(self, stream):
        self.stream, self.buffer_ = stream, io.StringIO()

    def write(self, s: str) -> int:
        self.buffer_.write(s)
        return self.stream.write(s)

    def flush(self) -> None:
        self.stream.flush()


@contextlib.contextmanager
def captured_output():
    """Print as usual, and keep a copy: yields a function returning (stdout, stderr)."""
    out, err = _Tee(sys.stdout), _Tee(sys.stderr)
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        yield lambda: (out.buffer_.getvalue(), err.buffer_.getvalue())
