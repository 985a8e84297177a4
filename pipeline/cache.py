"""Caches, so that a re-run costs what changed and no more.

Layout cache: the layout stage's output per PDF, keyed by the PDF's sha256 and the
layout code's own fingerprint, so a change to section rules re-runs in seconds while
a change to layout (or its normalization tables) invalidates the cache by itself.

Run stamps: a run that succeeded leaves a stamp keyed by everything its outputs depend
on (the PDFs' names and contents, every file of the pipeline package, the versions of
Python and of the installed libraries, the options) with the sha256 of each output file
and what the run printed. A re-run with the same key, over an output folder still
holding exactly those files, has nothing to do: it replays the messages and exits.

Where and how: in the user's cache folder ($JICHITAI_DX_CACHE, else
$XDG_CACHE_HOME/jichitai-dx-pipeline, else ~/.cache/jichitai-dx-pipeline), created
0700. Entries are data, never code: a JSON header line, then a JSON payload validated
against the layout dataclasses (strict, no unknown keys). The header records the PDF's
sha256, the layout fingerprint, the payload's sha256 and an HMAC-SHA256 under a
per-user secret key kept in the folder (0600), so a planted or edited entry, however
well-formed, is refused with a warning and the file is laid out afresh.

The cache is an optimisation: any problem with it (a folder that cannot be made or
written, a full disk, an entry that does not verify or does not parse) means running
without it, with a warning, never a failed run.

This module imports nothing heavy: the run-stamp check happens before the pipeline
(pydantic, pdfplumber, pyarrow) is imported at all.
"""
from __future__ import annotations

import contextlib
import hashlib
import hmac
import io
import json
import os
import sys
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator, TextIO

if TYPE_CHECKING:
    from pydantic import TypeAdapter

    from .linebuild import PageLayout
    from .settings import LayoutStage

HERE = Path(__file__).resolve().parent
APP = "jichitai-dx-pipeline"
ENTRY_FORMAT = "jichitai-dx-pipeline cache entry 1"
KEY_FILE = "secret.key"
KEY_BYTES = 32

# The code and data of the layout stage: a change to any of them alters PageLayout output.
_LAYOUT_INPUTS = ("layout.py", "linebuild.py", "upright.py", "graphics.py", "pdfadapter.py", "geometry.py", "contentstream.py", "textnorm.py",
                  "data/cjk_radicals_supplement.tsv")


def layout_version(stage: LayoutStage | None = None) -> str:
    """The layout cache's fingerprint: the layout modules' code, pdfplumber's and
    pdfminer's versions, and the values of the settings the layout stage receives
    (`stage`, by default the one settings.layout_stage() gives it). Not the rules
    files' bytes: a rule the layout does not read leaves the cache valid, and a
    threshold moved into the rules is in the fingerprint wherever it is kept."""
    if stage is None:
        from .settings import layout_stage

        stage = layout_stage()
    return _layout_version(stage.model_dump_json())


@lru_cache(maxsize=None)
def _layout_version(settings_json: str) -> str:
    h = hashlib.sha256()
    for name in _LAYOUT_INPUTS:
        h.update(name.encode())
        h.update((HERE / name).read_bytes())
    from importlib.metadata import version  # not an import of pdfplumber itself (0.1 s)

    for dist in ("pdfplumber", "pdfminer.six"):
        h.update(version(dist).encode())
    h.update(b"settings\0" + settings_json.encode())
    return h.hexdigest()[:16]


def cache_root() -> Path:
    """$JICHITAI_DX_CACHE if set, else the user's cache folder (XDG base directories)."""
    explicit = os.environ.get("JICHITAI_DX_CACHE")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    # The XDG spec: a relative path is invalid and must be ignored.
    return (Path(xdg) if xdg and os.path.isabs(xdg) else Path(os.path.expanduser("~")) / ".cache") / APP


def default_cache_dir() -> Path:
    return cache_root() / "layout"


def _why(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return f"{type(exc).__name__}: {exc}".rstrip(": ")


def _canonical(header: dict[str, Any]) -> bytes:
    return json.dumps({k: v for k, v in header.items() if k != "hmac"}, sort_keys=True,
                      separators=(",", ":")).encode()


class CacheFolder:
    """The cache folder as one run uses it: made (0700) and checked on first use, with a
    per-user secret key that signs every entry. Any problem with the folder disables it
    with one note; a bad entry is refused with a note of its own. Nothing here raises."""

    def __init__(self, folder: Path | None):
        self.folder = Path(folder) if folder is not None else None
        self.notes: list[str] = []
        self._key: bytes | None = None
        self._unusable = folder is None
        self._unwritable = folder is None

    def _note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)

    def _give_up(self, what: str, exc: BaseException | str, writes_only: bool = False) -> None:
        if not self._unwritable:
            self._note(f"the cache folder {self.folder} {what}: {exc if isinstance(exc, str) else _why(exc)}; "
                       "running without the cache" + (" for writing" if writes_only else ""))
        self._unwritable = True
        self._unusable = self._unusable or not writes_only

    def _secret(self) -> bytes | None:
        if self._key is None and not self._unusable:
            try:
                self._key = self._open()
            except Exception as exc:  # a folder we cannot use costs the cache, never the run
                self._give_up("cannot be used", exc)
        return self._key

    def _open(self) -> bytes:
        folder = self.folder
        assert folder is not None
        if not folder.is_dir():
            folder.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            folder.mkdir(mode=0o700, exist_ok=True)
        st = os.stat(folder)
        if hasattr(os, "getuid"):
            if st.st_uid != os.getuid():
                raise PermissionError(0, "it belongs to another user")
            if st.st_mode & 0o022:
                raise PermissionError(0, "other users may write to it (it must be private: chmod 700)")
        key_path = folder / KEY_FILE
        try:
            return _read_key(key_path)
        except FileNotFoundError:
            pass
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".key-")  # 0600
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(os.urandom(KEY_BYTES))
            try:
                os.link(tmp, key_path)  # atomic, and never over a key another run just made
            except FileExistsError:
                pass
        finally:
            Path(tmp).unlink(missing_ok=True)
        return _read_key(key_path)

    def _sign(self, header: dict[str, Any], payload: bytes) -> str:
        return hmac.new(self._key or b"", _canonical(header) + b"\n" + payload, hashlib.sha256).hexdigest()

    def read(self, name: str, expect: dict[str, Any]) -> bytes | None:
        """The payload of entry `name` if its header says `expect`, its checksum holds and
        this user's key signed it; else None (with a note when the entry exists)."""
        if self._secret() is None or self.folder is None:
            return None
        path = self.folder / name
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            self._note(f"cache entry {path} cannot be read: {_why(exc)}; ignored")
            return None
        problem = None
        head, _, payload = data.partition(b"\n")
        try:
            header = json.loads(head)
            if not isinstance(header, dict) or header.get("format") != ENTRY_FORMAT:
                problem = "not a cache entry of this pipeline"
            elif any(header.get(k) != v for k, v in expect.items()):
                problem = "its header names another PDF or code version than its file name"
            elif header.get("payload_sha256") != hashlib.sha256(payload).hexdigest():
                problem = "damaged (the checksum does not match)"
            elif not hmac.compare_digest(str(header.get("hmac")), self._sign(header, payload)):
                problem = "not signed with this user's key (edited or planted)"
        except ValueError:
            problem = "not a cache entry of this pipeline"
        if problem:
            self._note(f"cache entry {path} refused: {problem}; ignored")
            return None
        return payload

    def write(self, name: str, fields: dict[str, Any], payload: bytes) -> None:
        if self._unwritable or self._secret() is None or self.folder is None:
            return
        header = {"format": ENTRY_FORMAT, **fields, "payload_sha256": hashlib.sha256(payload).hexdigest()}
        header["hmac"] = self._sign(header, payload)
        try:
            _atomic_write(self.folder / name, json.dumps(header, sort_keys=True, separators=(",", ":")).encode()
                          + b"\n" + payload)
        except Exception as exc:  # read-only or full: the run goes on without writing
            self._give_up("cannot be written", exc, writes_only=True)

    def refused(self, note: str) -> None:
        self._note(note)


def _read_key(path: Path) -> bytes:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fh.fileno())
        if hasattr(os, "getuid") and (st.st_uid != os.getuid() or st.st_mode & 0o077):
            raise PermissionError(0, f"its key {path.name} is not private to this user")
        key = fh.read(KEY_BYTES + 1)
    if len(key) != KEY_BYTES:
        raise ValueError(f"its key {path.name} is damaged")
    return key


@lru_cache(maxsize=None)
def _pages_adapter() -> TypeAdapter[list[PageLayout]]:
    from pydantic import ConfigDict, TypeAdapter

    from .layout import PageLayout

    # Strict and closed: an entry must be exactly what store() wrote.
    return TypeAdapter(list[PageLayout], config=ConfigDict(extra="forbid", strict=True))


class LayoutCache:
    """Laid-out pages by PDF sha256 and layout fingerprint, in a CacheFolder. `stage`:
    the settings the layout stage is run with (settings.layout_stage() by default)."""

    def __init__(self, folder: Path | None, stage: LayoutStage | None = None):
        self.folder = CacheFolder(folder)
        self.version = layout_version(stage)

    @property
    def notes(self) -> list[str]:
        return self.folder.notes

    def _name(self, sha256: str) -> str:
        return f"{sha256}-{self.version}.json"

    def load(self, sha256: str) -> list[PageLayout] | None:
        name = self._name(sha256)
        payload = self.folder.read(name, {"kind": "layout", "pdf_sha256": sha256, "layout_version": self.version})
        if payload is None:
            return None
        try:
            pages: list[PageLayout] = _pages_adapter().validate_json(payload)
            if [p.page for p in pages] != list(range(1, len(pages) + 1)) or any(
                    ln.page != p.page for p in pages for ln in p.lines):
                raise ValueError("its pages are out of order")
            return pages
        except Exception as exc:  # signed by us, yet unreadable: an older format, a bug
            self.folder.refused(f"cache entry {Path(self.folder.folder or '') / name} refused: {_why(exc)[:200]}; ignored")
            return None

    def store(self, sha256: str, pages: list[PageLayout]) -> None:
        if self.folder.folder is None:
            return
        try:
            payload = _pages_adapter().dump_json(pages)
        except Exception as exc:
            self.folder.refused(f"the layout of {sha256[:12]}… cannot be cached: {_why(exc)}")
            return
        self.folder.write(self._name(sha256), {"kind": "layout", "pdf_sha256": sha256,
                                               "layout_version": self.version}, payload)


def _atomic_write(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def clear(folder: Path | None = None) -> None:
    """Remove this pipeline's entries from the cache folder, and then its key; nothing
    else. An entry is this pipeline's when its header verifies under the folder's key
    (a file someone else put there, even one named like an entry, stays); a temporary
    file is when it starts with an entry header (a write cut short)."""
    folder = Path(folder) if folder is not None else default_cache_dir()
    if not folder.is_dir():
        return
    try:
        key: bytes | None = _read_key(folder / KEY_FILE)
    except (OSError, ValueError):
        key = None
    for p in folder.iterdir():
        if not p.is_file() or p.name == KEY_FILE:
            continue
        if p.name.startswith(".key-") or (p.suffix == ".tmp" and _starts_with_header(p)) or (
                p.suffix == ".json" and key is not None and _signed(p, key)):
            p.unlink(missing_ok=True)
    (folder / KEY_FILE).unlink(missing_ok=True)


def _starts_with_header(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except OSError:
        return False
    return head.startswith(b"{") and json.dumps(ENTRY_FORMAT).encode() in head.partition(b"\n")[0]


def _signed(path: Path, key: bytes) -> bool:
    """The file is an entry this key signed (its payload's checksum holds too)."""
    try:
        head, _, payload = path.read_bytes().partition(b"\n")
        header = json.loads(head)
    except (OSError, ValueError):
        return False
    if not isinstance(header, dict) or header.get("format") != ENTRY_FORMAT:
        return False
    if header.get("payload_sha256") != hashlib.sha256(payload).hexdigest():
        return False
    want = hmac.new(key, _canonical(header) + b"\n" + payload, hashlib.sha256).hexdigest()
    return hmac.compare_digest(str(header.get("hmac")), want)


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


def run_key(raw_dir: Path, out_dir: Path, **options: object) -> str | None:
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
            # os.fsencode: a name that is not UTF-8 (CP932 bytes from a Windows ZIP) is still a name.
            h.update(os.fsencode(p.name) + b"\0" + hashlib.sha256(p.read_bytes()).digest())
    except OSError:
        return None
    return h.hexdigest()


def _outputs(out_dir: Path) -> dict[str, str]:
    """sha256 of every file in the output folder (not hidden ones, not bench.json)."""
    from .outdir import visible_files

    return {rel: hashlib.sha256((Path(out_dir) / rel).read_bytes()).hexdigest()
            for rel in visible_files(out_dir) if Path(rel).name != "bench.json"}


def save_run(cache_dir: Path | None, key: str | None, out_dir: Path, exit_code: int, stdout: str, stderr: str,
             notes: list[str] | None = None) -> None:
    """Stamp a finished run (call it only for a run that succeeded)."""
    if cache_dir is None or key is None:
        return
    folder = CacheFolder(cache_dir)
    try:
        stamp = {"exit_code": exit_code, "stdout": stdout, "stderr": stderr, "outputs": _outputs(out_dir)}
        folder.write(f"run-{key}.json", {"kind": "run", "run_key": key}, json.dumps(stamp).encode())
    except Exception as exc:  # no stamp: the next run simply does the work again
        folder.refused(f"the run cannot be stamped: {_why(exc)}")
    if notes is not None:
        notes += folder.notes


def replay_run(cache_dir: Path | None, key: str | None, out_dir: Path, notes: list[str] | None = None) -> dict[str, Any] | None:
    """The stamp of an identical earlier run whose outputs are all still in place, byte for
    byte and with nothing added (a stale case file would be deleted by a real run), or None."""
    if cache_dir is None or key is None:
        return None
    folder = CacheFolder(cache_dir)
    payload = folder.read(f"run-{key}.json", {"kind": "run", "run_key": key})
    if notes is not None:
        notes += folder.notes
    if payload is None:
        return None
    try:
        stamp = json.loads(payload)
        if _outputs(out_dir) != stamp["outputs"] or not stamp["outputs"]:
            return None
        return {"exit_code": int(stamp["exit_code"]), "stdout": str(stamp["stdout"]), "stderr": str(stamp["stderr"])}
    except Exception:  # an output folder that cannot be read, a stamp of another shape: do the work
        return None


class _Tee(io.TextIOBase):
    def __init__(self, stream: TextIO) -> None:
        self.stream, self.buffer_ = stream, io.StringIO()

    def write(self, s: str) -> int:
        self.buffer_.write(s)
        return int(self.stream.write(s))

    def flush(self) -> None:
        self.stream.flush()

    # A terminal stays a terminal behind the tee (the progress bar asks), and what is only
    # for it (a line redrawn in place) goes to `terminal`, not into the replayed copy.
    def isatty(self) -> bool:
        return bool(self.stream.isatty())

    @property
    def terminal(self) -> TextIO:
        return self.stream


@contextlib.contextmanager
def captured_output() -> Iterator[Callable[[], tuple[str, str]]]:
    """Print as usual, and keep a copy: yields a function returning (stdout, stderr)."""
    out, err = _Tee(sys.stdout), _Tee(sys.stderr)
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        yield lambda: (out.buffer_.getvalue(), err.buffer_.getvalue())
